/**
 * `npm run bench:scale -- --documents 5000 --interpretations 1000 --infographics 50 [--runs 3]`: how the build
 * scales. Generates a site of that size from the corpus (tests/support/scale-site.ts) in a temporary folder, builds
 * it cold and once more after one document changed, and prints for each build:
 *   - wall time;
 *   - peak memory summed over the whole process tree (the build's Node process and every descendant, Pagefind
 *     included), sampled from /proc every 200 ms, with the largest Node and Pagefind process seen;
 *   - the time of each stage: check (with Astro's start-up), infographics and search index (the times their
 *     integrations log), pages (the rest: content sync, Vite, rendering, sitemap);
 *   - the CPU time (user + system, all threads) of the whole build and of each stage, from /proc: every process of
 *     the tree's utime + stime + the times of its children that ended (cutime + cstime), sampled with the memory.
 *     On a shared machine the load moves the CPU time far less than the wall time, so compare those.
 * Medians over the runs; the load average at start says how busy the machine was. Linux only (/proc).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { productionBuildEnv } from '../src/release/build-env';
import { changeOneDocument, prepareScaleSite, type ScaleOptions } from '../tests/support/scale-site';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run bench:scale -- --documents 5000 --interpretations 1000 --infographics 50 [--runs 3]

Builds a generated site of that size cold and once more after one change; prints wall time, peak memory summed
over every process of the build, and the time of each stage (medians of the runs).
生成指定规模的网站，冷构建一次、改动一个文件后再构建一次，列出用时、全部构建进程合计的内存峰值和各阶段用时（取中位数）。

  --documents <n>        documents（原文件数，默认 1000）
  --interpretations <n>  interpretations（解读数，默认 200）
  --infographics <n>     infographics（图解数，默认 10）
  --runs <n>             runs, each a cold build and a rebuild (default 1)（运行次数）
  --dir <dir>            where the site is generated (default a folder in the system temp dir)（生成位置）
  --uncached-rebuild     also rebuild once more without the page and search caches (.cache/astro/dist,
                         .cache/search-shards; images and the content store stay), as the build did before
                         them: the baseline of the rebuild in the same run（另做一次不用页面和搜索缓存的重建作对照）
  --cold-only            only the cold build, no rebuild (a 5,000-document figure costs less)（只做冷构建）
  --keep                 keep the generated site（保留生成的网站）
  --json <file>          also write the figures as JSON（另存为 JSON）
  --stop-above <GiB>     stop a build whose summed memory passes this (default 12, on a shared machine)
                         （合计内存超过此值即停止构建，默认 12）
  -h, --help             this text（显示本说明）`;

const { values } = readCommandLine({
  name: 'npm run bench:scale',
  audience: 'operator',
  usage: USAGE,
  options: {
    documents: { type: 'string', default: '1000' },
    interpretations: { type: 'string', default: '200' },
    infographics: { type: 'string', default: '10' },
    runs: { type: 'string', default: '1' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'cold-only': { type: 'boolean', default: false },
    'uncached-rebuild': { type: 'boolean', default: false },
    json: { type: 'string' },
    'stop-above': { type: 'string', default: '12' },
  },
});

function count(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not "${text}".`);
    process.exit(2);
  }
  return n;
}

const options: ScaleOptions = {
  documents: count('documents', values.documents),
  interpretations: count('interpretations', values.interpretations),
  infographics: count('infographics', values.infographics),
};
const RUNS = Math.max(1, count('runs', values.runs));
const PROJECT = resolve('.');
const SITE = resolve(values.dir ?? join(tmpdir(), `jiedu-scale-${options.documents}-${options.interpretations}-${options.infographics}`));
const SAMPLE_MS = 200;
/** A build whose summed memory passes this many bytes is stopped: the machine is shared. */
const STOP_ABOVE = Number(values['stop-above']) * 1024 ** 3;
if (!(STOP_ABOVE > 0)) {
  console.error(`--stop-above must be a number of GiB above 0, not "${values['stop-above']}".`);
  process.exit(2);
}
const PAGE_SIZE = 4096;

/** Peak memory of a process tree, in bytes. */
interface MemoryPeak {
  /** Largest sum of resident memory over the tree at one sample. */
  total: number;
  /** Largest resident memory of one Node process. */
  node: number;
  /** Largest resident memory of one Pagefind process. */
  pagefind: number;
}

/** One build's figures; times in milliseconds. */
interface BuildFigures {
  wallMs: number;
  memory: MemoryPeak;
  stages: { check: number; pages: number; infographics: number; search: number };
  /** CPU time (user + system) of the whole build and of each stage, in milliseconds. */
  cpuMs: number;
  cpuStages: { check: number; pages: number; infographics: number; search: number };
  /** One-minute load average when the build started and when it ended. */
  load: [number, number];
}

/** Every process in /proc with its parent, name and resident memory. */
function processTable(): { pid: number; ppid: number; comm: string; rss: number; cpuTicks: number }[] {
  const out: { pid: number; ppid: number; comm: string; rss: number; cpuTicks: number }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      // Fields 14–17 of /proc/<pid>/stat (utime, stime, cutime, cstime), counted here from field 3 (state).
      const cpuTicks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      const resident = Number(readFileSync(`/proc/${name}/statm`, 'utf8').split(' ')[1]) * PAGE_SIZE;
      out.push({ pid: Number(name), ppid, comm, rss: resident, cpuTicks });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * Resident memory of root and all its descendants now, in bytes; the peaks are raised to it. `cpu` gets the tree's
 * CPU time in milliseconds (the processes' own and that of their children that ended).
 */
function treeMemory(root: number, peak: MemoryPeak, cpu?: { ms: number }): number {
  const table = processTable();
  const children = new Map<number, typeof table>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let total = 0;
  let ticks = 0;
  const stack = table.filter((p) => p.pid === root);
  while (stack.length) {
    const p = stack.pop()!;
    total += p.rss;
    ticks += p.cpuTicks;
    if (p.comm.startsWith('node')) peak.node = Math.max(peak.node, p.rss);
    if (p.comm.startsWith('pagefind')) peak.pagefind = Math.max(peak.pagefind, p.rss);
    stack.push(...(children.get(p.pid) ?? []));
  }
  peak.total = Math.max(peak.total, total);
  // A child that ended between two samples moves its time into its parent's cutime, so the sum never goes back.
  if (cpu && table.some((p) => p.pid === root)) cpu.ms = Math.max(cpu.ms, (ticks * 1000) / TICKS_PER_SECOND);
  return total;
}

/** root and every process below it, root first. */
function descendants(root: number): number[] {
  const table = processTable();
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const p of table) if (p.ppid === out[i]) out.push(p.pid);
  return out;
}

/** Milliseconds an integration reports in its log line (用时 8 ms / 用时 1.9 秒), summed over the matching lines. */
function reportedMs(lines: string[], label: string): number {
  let ms = 0;
  for (const line of lines) {
    if (!line.includes(`[${label}]`)) continue;
    const m = /用时 ([\d.]+) (ms|秒)/u.exec(line);
    if (m) ms += Number(m[1]) * (m[2] === '秒' ? 1000 : 1);
  }
  return ms;
}

/** Runs `astro build` in the generated site, sampling the memory of its process tree. */
function build(logFile: string): Promise<BuildFigures> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const loadBefore = loadavg()[0]!;
    const env = productionBuildEnv();
    // The project's own Node (node_modules/.bin/node, Node 22), as npm run would find it.
    env.PATH = `${join(PROJECT, 'node_modules', '.bin')}:${env.PATH ?? ''}`;
    const child = spawn(join(SITE, 'node_modules', '.bin', 'astro'), ['build'], { cwd: SITE, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const peak: MemoryPeak = { total: 0, node: 0, pagefind: 0 };
    /** The tree's CPU time (ms) at each sample, with the sample's time since the start (ms). */
    const cpu = { ms: 0 };
    const cpuAt: { t: number; ms: number }[] = [{ t: 0, ms: 0 }];
    /** The tree's CPU time at `t` ms after the start, read from the samples before and after it. */
    const cpuAtTime = (t: number) => {
      const after = cpuAt.findIndex((s) => s.t >= t);
      if (after < 0) return cpuAt.at(-1)!.ms;
      if (after === 0) return cpuAt[0]!.ms;
      const a = cpuAt[after - 1]!;
      const b = cpuAt[after]!;
      return a.ms + ((b.ms - a.ms) * (t - a.t)) / Math.max(1, b.t - a.t);
    };
    /** When each integration's timed line arrived (ms since the start), with the time it reports. */
    const stageEnds: { label: string; at: number; ms: number }[] = [];
    let stopped = false;
    const timer = setInterval(() => {
      const memory = treeMemory(child.pid!, peak, cpu);
      cpuAt.push({ t: Date.now() - started, ms: cpu.ms });
      if (memory > STOP_ABOVE && !stopped) {
        stopped = true;
        // The build's own tree only: astro and the processes it started.
        for (const pid of descendants(child.pid!)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
    }, SAMPLE_MS);
    const lines: string[] = [];
    /** When the first line not from the content check arrived: the check is over. */
    let checkDone: number | undefined;
    let buffered = '';
    const read = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
        lines.push(plain);
        for (const label of ['jiedu-infographics', 'jiedu-search-index']) {
          const ms = reportedMs([plain], label);
          if (ms > 0) stageEnds.push({ label, at: Date.now() - started, ms });
        }
        if (checkDone === undefined && /^\d\d:\d\d:\d\d /.test(plain) && !plain.includes('[jiedu-content-check]')) checkDone = Date.now() - started;
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(timer);
      writeFileSync(logFile, lines.join('\n'));
      if (stopped) return fail(new Error(`stopped: the build's processes passed ${gib(STOP_ABOVE)} together (--stop-above); the log is in ${logFile}`));
      if (code !== 0) return fail(new Error(`astro build failed (exit ${code}); the log is in ${logFile}`));
      const wallMs = Date.now() - started;
      const check = checkDone ?? 0;
      const infographics = reportedMs(lines, 'jiedu-infographics');
      const search = reportedMs(lines, 'jiedu-search-index');
      // The last sample is the tree just before it ended (the root's own time is then no longer in /proc).
      const cpuMs = cpu.ms;
      const stageCpu = (label: string) => {
        let ms = 0;
        for (const end of stageEnds.filter((e) => e.label === label)) ms += cpuAtTime(end.at) - cpuAtTime(end.at - end.ms);
        return ms;
      };
      const cpuCheck = cpuAtTime(check);
      const cpuInfographics = stageCpu('jiedu-infographics');
      const cpuSearch = stageCpu('jiedu-search-index');
      done({
        wallMs,
        memory: peak,
        load: [loadBefore, loadavg()[0]!],
        stages: { check, infographics, search, pages: Math.max(0, wallMs - check - infographics - search) },
        cpuMs,
        cpuStages: { check: cpuCheck, infographics: cpuInfographics, search: cpuSearch, pages: Math.max(0, cpuMs - cpuCheck - cpuInfographics - cpuSearch) },
      });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function medianFigures(runs: BuildFigures[]): BuildFigures {
  const m = (f: (b: BuildFigures) => number) => median(runs.map(f));
  return {
    wallMs: m((b) => b.wallMs),
    memory: { total: m((b) => b.memory.total), node: m((b) => b.memory.node), pagefind: m((b) => b.memory.pagefind) },
    stages: { check: m((b) => b.stages.check), pages: m((b) => b.stages.pages), infographics: m((b) => b.stages.infographics), search: m((b) => b.stages.search) },
    cpuMs: m((b) => b.cpuMs),
    cpuStages: { check: m((b) => b.cpuStages.check), pages: m((b) => b.cpuStages.pages), infographics: m((b) => b.cpuStages.infographics), search: m((b) => b.cpuStages.search) },
    load: [m((b) => b.load[0]), m((b) => b.load[1])],
  };
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function describe(label: string, f: BuildFigures): string {
  return [
    `${label}: ${sec(f.wallMs)} (load ${f.load[0].toFixed(1)} at start, ${f.load[1].toFixed(1)} at end), peak ${gib(f.memory.total)} summed over the build's processes (largest Node ${gib(f.memory.node)}, largest Pagefind ${gib(f.memory.pagefind)})`,
    `  stages: check ${sec(f.stages.check)}, pages ${sec(f.stages.pages)}, infographics ${sec(f.stages.infographics)}, search index ${sec(f.stages.search)}`,
    `  CPU time (user + system, all processes): ${sec(f.cpuMs)}; check ${sec(f.cpuStages.check)}, pages ${sec(f.cpuStages.pages)}, infographics ${sec(f.cpuStages.infographics)}, search index ${sec(f.cpuStages.search)}`,
  ].join('\n');
}

const load = loadavg();
console.log(`Site: ${options.documents} documents, ${options.interpretations} interpretations, ${options.infographics} infographics in ${SITE}`);
console.log(`Load average at start: ${load.map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);
const cold: BuildFigures[] = [];
const rebuild: BuildFigures[] = [];
const uncached: BuildFigures[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const generated = Date.now();
    const summary = prepareScaleSite(PROJECT, SITE, options);
    console.log(`Run ${run}/${RUNS}: generated ${summary.documents + summary.interpretations + summary.infographics} files, ${(summary.bodyChars / 1e6).toFixed(1)} M characters, in ${sec(Date.now() - generated)}`);
    cold.push(await build(join(SITE, `build-cold-${run}.log`)));
    console.log(describe(`  cold build`, cold.at(-1)!));
    if (values['cold-only']) continue;
    changeOneDocument(SITE);
    rebuild.push(await build(join(SITE, `build-rebuild-${run}.log`)));
    console.log(describe(`  rebuild after one change`, rebuild.at(-1)!));
    if (values['uncached-rebuild']) {
      changeOneDocument(SITE);
      for (const cache of [join('.cache', 'astro', 'dist'), join('.cache', 'astro', 'incremental-build.json'), join('.cache', 'search-shards')]) {
        rmSync(join(SITE, cache), { recursive: true, force: true });
      }
      uncached.push(await build(join(SITE, `build-uncached-${run}.log`)));
      console.log(describe(`  rebuild after one change without page and search caches`, uncached.at(-1)!));
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
console.log(`\nMedians of ${RUNS} run(s):`);
console.log(describe('cold build', medianFigures(cold)));
if (rebuild.length) console.log(describe('rebuild after one change', medianFigures(rebuild)));
if (uncached.length) {
  console.log(describe('rebuild without page and search caches', medianFigures(uncached)));
  console.log(`rebuild / rebuild without caches: ${(medianFigures(rebuild).wallMs / medianFigures(uncached).wallMs).toFixed(2)} (wall time)`);
}
const medians = { cold: medianFigures(cold), ...(rebuild.length ? { rebuild: medianFigures(rebuild) } : {}), ...(uncached.length ? { uncached: medianFigures(uncached) } : {}) };
if (values.json) writeFileSync(values.json, JSON.stringify({ options, runs: RUNS, loadAverage: load, cold, rebuild, uncached, median: medians }, null, 2));
if (!values.keep) rmSync(SITE, { recursive: true, force: true });
