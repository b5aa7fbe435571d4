/**
 * `npm run bench:import`: importing a large catalogue export, as an office moving in would.
 *   1. Generates an export of N records (default 20,000: 70% documents, 30% interpretations) from the corpus bodies
 *      (tests/fixtures/corpus), each record's text varied so no two are alike, HTML and plain-text bodies, and the
 *      dirt of real exports: 文号 with other brackets and full-width digits, invisible characters in titles,
 *      documents without an issuer, interpretations that name their document only in 《》, link-only ones, rejects.
 *   2. Runs `npm run import` on it into an empty project, --runs times (default 3): wall time, and peak memory summed
 *      over the process tree (tsx starts node as a child), sampled every 50 ms from /proc/<pid>/status (VmRSS).
 *   3. Runs the import once more on the last project: every file must be unchanged (idempotence).
 * With --baseline <commit>, the import of that commit (extracted with git archive into a temporary folder, sharing
 * node_modules, or a hard-linked copy of it patched as that commit's patches/ say) runs on the same export before
 * each timed run, so the ratio is measured under the same load. Each run prints its stages (JIEDU_IMPORT_TIMES).
 * Prints the load average next to every run and the medians; exits 1 when the median is over the budget (60 s,
 * 2 GB) or the re-run changed anything.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run bench:import [-- --records 20000] [--runs 3] [--baseline <commit>] [--baseline-runs n] [--keep]

Imports a generated export of --records records into an empty project --runs times: wall time and peak memory of
the process tree (median), then a re-run that must change nothing. Budget: 60 s and 2 GB for 20,000 records.
导入大批记录的耗时和内存峰值（进程树合计，取中位数），以及重新导入不改变任何文件。

  --records <n>   records in the generated export (default 20000)（生成的记录数）
  --runs <n>      timed runs (default 3)（计时次数）
  --baseline <c>  also time the import of commit <c> before each run, on the same export（同时测量某个提交的导入作对照）
  --baseline-runs <n>  baseline runs (default: --runs; the first n runs get one)（对照的次数）
  --keep          keep the generated export and projects (printed)（保留生成的文件）
  -h, --help      this text（显示本说明）`;

const { values } = readCommandLine({
  name: 'npm run bench:import',
  audience: 'operator',
  usage: USAGE,
  options: {
    records: { type: 'string' },
    runs: { type: 'string' },
    baseline: { type: 'string' },
    'baseline-runs': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const RECORDS = Number(values.records) || 20_000;
const RUNS = Number(values.runs) || 3;
const BASELINE_RUNS = values['baseline-runs'] === undefined ? RUNS : Number(values['baseline-runs']);
const TIME_BUDGET_S = 60;
const MEMORY_BUDGET_MB = 2048;
const PROJECT = resolve(import.meta.dirname, '..');
const CORPUS = join(PROJECT, 'tests', 'fixtures', 'corpus');

/** A corpus body (plain text and HTML) of moderate length, to vary per record. */
interface Body {
  text: string;
  html?: string;
}

function corpusBodies(): Body[] {
  const bodies: Body[] = [];
  for (const line of readFileSync(join(CORPUS, 'documents.jsonl'), 'utf8').trim().split('\n')) {
    const r = JSON.parse(line) as { body?: string; body_html?: string; body_format?: string };
    // Real exports are mostly pages of a few thousand characters; the longest laws would only slow every run alike.
    if (!r.body || r.body.length > 6000) continue;
    bodies.push({ text: r.body, html: r.body_format?.startsWith('html') ? r.body_html : undefined });
  }
  return bodies;
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Writes the export: documents first, then interpretations; about 1% of each kind of dirt. */
function generateExport(dir: string, count: number): string {
  const bodies = corpusBodies();
  const documents = Math.round(count * 0.7);
  const lines: string[] = [];
  const issuers = ['示例市人民政府', '示例市人民政府办公厅', '示例市发展和改革委员会', '示例市教育局', '示例市卫生健康委员会', '示例市财政局'];
  const prefixes = ['示府', '示府办', '示发改', '示教', '示卫', '示财'];
  for (let n = 0; n < documents; n++) {
    const body = bodies[n % bodies.length]!;
    const k = n % issuers.length;
    const year = 2000 + (n % 25);
    const serial = Math.floor(n / 25) + 1;
    // Every record differs: its serial is part of its title and of the first line of its body.
    const title = `${issuers[k]}关于第${n + 1}号测试事项的通知`;
    let docNumber = `${prefixes[k]}〔${year}〕${serial}号`;
    if (n % 50 === 1) docNumber = `${prefixes[k]}〖${FULL_WIDTH(String(year))}〗 ${serial} 号`;
    const record: Record<string, unknown> = {
      id: `bench-d${n}`,
      collection: 'bench',
      kind: '规范性文件',
      title: n % 100 === 2 ? `${title}\u200b` : title,
      doc_number: docNumber,
      issuer: n % 100 === 3 ? null : issuers[k],
      date: `${year}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
      body: `第${n + 1}号。\n${body.text}`,
      body_html: body.html ? `<p>第${n + 1}号。</p>${body.html}` : undefined,
      body_format: body.html ? 'html' : undefined,
    };
    if (n % 500 === 4) record.date = '2026-13-45';
    lines.push(JSON.stringify(record));
  }
  for (let n = 0; n < count - documents; n++) {
    const d = (n * 7) % documents;
    const k = d % issuers.length;
    const record: Record<string, unknown> = {
      id: `bench-j${n}`,
      collection: 'bench',
      interp_kind: '政策解读',
      title: `《${issuers[k]}关于第${d + 1}号测试事项的通知》解读之${n + 1}`,
      date: `2025-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
      issuer: issuers[k],
      body: `一、背景\n第${n + 1}篇解读。${bodies[n % bodies.length]!.text.slice(0, 800)}`,
    };
    // Most name their document by id; some only in 《》 (linked by title); some are links only.
    if (n % 10 !== 0) record.interprets = [{ doc_id: `bench-d${d}` }];
    if (n % 20 === 5) {
      record.body = null;
      record.url = `https://example.gov.cn/jd/${n}.html`;
    }
    lines.push(JSON.stringify(record));
  }
  const file = join(dir, 'export.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * Resident memory (kB) of a process and all its descendants, read from /proc; `cpu` gets each process's CPU time
 * so far (user + system, clock ticks of 1/100 s), so the run's CPU seconds can be told from a busy machine's wait.
 */
function treeRssKb(root: number, cpu: Map<number, number>): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // The process ended while the list was read.
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat, 12th and 13th after the command name.
      cpu.set(pid, Number(after[11]) + Number(after[12]));
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      total += Number(rss ?? 0);
    } catch {
      // Gone.
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

interface Run {
  seconds: number;
  /** CPU seconds of the process tree (sampled, so the last 50 ms of each process may be missing). */
  cpuSeconds: number;
  peakMb: number;
  exitCode: number | null;
  output: string;
}

/** Runs `npm run import`'s script (of the project at `code`) on the export in `project`, sampling the tree's memory. */
function runImport(project: string, input: string, code = PROJECT): Promise<Run> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(join(PROJECT, 'node_modules', '.bin', 'tsx'), [join(code, 'scripts', 'import.ts'), input, '--rejects', join(project, 'rejects')], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Each stage's wall and CPU time (src/import/importer.ts, stageTimer), printed under the run.
      env: { ...process.env, JIEDU_IMPORT_TIMES: '1' },
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    let peak = 0;
    const cpu = new Map<number, number>();
    const timer = setInterval(() => {
      peak = Math.max(peak, treeRssKb(child.pid!, cpu));
    }, 50);
    child.on('close', (code) => {
      clearInterval(timer);
      const cpuSeconds = [...cpu.values()].reduce((a, b) => a + b, 0) / 100;
      done({ seconds: (performance.now() - started) / 1000, cpuSeconds, peakMb: peak / 1024, exitCode: code, output });
    });
  });
}

function treeHash(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(relative(dir, join(e.parentPath, e.name)), createHash('sha256').update(readFileSync(join(e.parentPath, e.name))).digest('hex'));
  }
  return files;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The load average (1, 5, 15 min) of the machine, 2 cores shared: a figure means little without it. */
const load = () => `load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

const work = mkdtempSync(join(tmpdir(), 'jiedu-bench-import-'));
const input = generateExport(work, RECORDS);
console.log(`export: ${RECORDS} records, ${(readFileSync(input).length / 1e6).toFixed(1)} MB (${input})`);
let baselineCode: string | undefined;
if (values.baseline) {
  baselineCode = join(work, 'baseline-code');
  mkdirSync(baselineCode);
  // The commit's files only; node_modules is this project's (the dependencies of the two must be the same).
  execFileSync('sh', ['-c', `git -C "${PROJECT}" archive "${values.baseline}" | tar -x -C "${baselineCode}"`]);
  const patches = (dir: string) => new Map((existsSync(join(dir, 'patches')) ? readdirSync(join(dir, 'patches')) : []).map((f) => [f, readFileSync(join(dir, 'patches', f), 'utf8')]));
  const ours = patches(PROJECT);
  const theirs = patches(baselineCode);
  const differ = [...new Set([...ours.keys(), ...theirs.keys()])].filter((f) => ours.get(f) !== theirs.get(f));
  if (differ.length === 0) symlinkSync(join(PROJECT, 'node_modules'), join(baselineCode, 'node_modules'));
  else {
    // The dependencies are patched differently (patch-package, patches/): the baseline gets a hard-linked copy of
    // node_modules with this tree's patches taken out and its own put in (patch writes a new file, so the shared
    // node_modules is untouched).
    execFileSync('cp', ['-al', join(PROJECT, 'node_modules'), join(baselineCode, 'node_modules')]);
    for (const f of differ) {
      if (ours.has(f)) execFileSync('patch', ['-R', '-s', '-p1', '-d', baselineCode, '-i', join(PROJECT, 'patches', f)]);
      if (theirs.has(f)) execFileSync('patch', ['-s', '-p1', '-d', baselineCode, '-i', join(baselineCode, 'patches', f)]);
    }
    console.log(`baseline node_modules: hard-linked copy with its own patches (${differ.join(', ')})`);
  }
  console.log(`baseline: ${values.baseline} (${execFileSync('git', ['-C', PROJECT, 'rev-parse', '--short', values.baseline], { encoding: 'utf8' }).trim()})`);
}
const runs: Run[] = [];
const baselineRuns: Run[] = [];
let project = '';
const newProject = (name: string) => {
  const dir = join(work, name);
  mkdirSync(join(dir, 'content'), { recursive: true });
  cpSync(join(PROJECT, 'content', 'site.yaml'), join(dir, 'content', 'site.yaml'));
  return dir;
};
const stages = (run: Run) =>
  run.output
    .split('\n')
    .filter((l) => l.startsWith('import stage '))
    .map((l) => `\n    ${l.slice('import stage '.length)}`)
    .join('');
const describeRun = (run: Run) => `${run.seconds.toFixed(1)} s (CPU ${run.cpuSeconds.toFixed(1)} s), peak ${run.peakMb.toFixed(0)} MB (exit ${run.exitCode})`;
for (let i = 0; i < RUNS; i++) {
  if (baselineCode && i < BASELINE_RUNS) {
    const before = load();
    const run = await runImport(newProject(`baseline-${i}`), input, baselineCode);
    baselineRuns.push(run);
    console.log(`baseline run ${i + 1}: ${describeRun(run)}; ${before} before, ${load()} after${stages(run)}`);
    rmSync(join(work, `baseline-${i}`), { recursive: true, force: true });
  }
  project = newProject(`project-${i}`);
  const before = load();
  const run = await runImport(project, input);
  runs.push(run);
  console.log(`run ${i + 1}: ${describeRun(run)}; ${before} before, ${load()} after${stages(run)}`);
}
const summary = runs[0]!.output.split('\n').filter((l) => l.startsWith('记录：') || l.startsWith('合计：'));
console.log(summary.join('\n'));

const before = treeHash(join(project, 'content'));
const again = await runImport(project, input);
const after = treeHash(join(project, 'content'));
const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
// A re-run converts no body again (src/import/reuse.ts): its CPU is reading, checking and comparing.
console.log(`re-run: ${again.seconds.toFixed(1)} s (CPU ${again.cpuSeconds.toFixed(1)} s), peak ${again.peakMb.toFixed(0)} MB, ${changed.length} files changed of ${after.size}; ${load()}`);

const seconds = median(runs.map((r) => r.seconds));
const cpuSeconds = median(runs.map((r) => r.cpuSeconds));
const peakMb = median(runs.map((r) => r.peakMb));
console.log(
  `\nmedian of ${RUNS}: ${seconds.toFixed(1)} s (budget ${TIME_BUDGET_S} s; CPU ${cpuSeconds.toFixed(1)} s, ${((cpuSeconds / RECORDS) * 1000).toFixed(1)} ms a record), peak memory ${peakMb.toFixed(0)} MB (budget ${MEMORY_BUDGET_MB} MB); ${load()}`,
);
// A loaded machine stretches the wall time, not the work: on 2 idle cores the run cannot take less than half its CPU.
console.log(`CPU ${cpuSeconds.toFixed(1)} s: at least ${(cpuSeconds / 2).toFixed(1)} s of wall time on 2 idle cores (budget ${TIME_BUDGET_S} s)`);
if (baselineRuns.length > 0) {
  const b = { seconds: median(baselineRuns.map((r) => r.seconds)), cpu: median(baselineRuns.map((r) => r.cpuSeconds)), peak: median(baselineRuns.map((r) => r.peakMb)) };
  console.log(
    `baseline ${values.baseline}, median of ${baselineRuns.length}: ${b.seconds.toFixed(1)} s (CPU ${b.cpu.toFixed(1)} s), peak ${b.peak.toFixed(0)} MB; ` +
      `this tree / baseline: wall ${(seconds / b.seconds).toFixed(2)}, CPU ${(cpuSeconds / b.cpu).toFixed(2)}, peak memory ${(peakMb / b.peak).toFixed(2)}`,
  );
}
if (values.keep) console.log(`kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
const ok = seconds <= TIME_BUDGET_S && peakMb <= MEMORY_BUDGET_MB && changed.length === 0;
if (!ok) console.log('over budget or not idempotent');
process.exitCode = ok ? 0 : 1;
