/**
 * `npm run bench:check`: how long an editor waits for `npm run check -- <one file>` on the sample site (issue 14:
 * under 1 s). Works on a copy of the project's content/ (src/, scripts/ and node_modules/ linked, so the check and
 * its cached bundle are the project's own) and, before every run, changes the named file's text, as an editor
 * who just typed would: nothing about that file is cached.
 *
 * Each round runs, in turn (so a change in the machine's load hits every variant alike):
 *   npm      `npm run check -- <file>` end to end, npm's own start included (what the editor types)
 *   node     `node scripts/check.mjs <file>` (the same check without npm)
 *   source   `node --import tsx scripts/check.ts <file>` (the check run from source: `npm run check` before the bundle)
 *   npm-only `npm run` of a script that runs `node -e 0` (what npm and Node's start cost by themselves)
 * and prints, per variant, the median and the fastest wall time, the median CPU time (user + system, from
 * /usr/bin/time when it exists: less sensitive to other processes than wall time), the median 1-minute load average
 * at the start of the runs, and the ratio to `source`. Then the time of one bundle build (after any source change).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCommandLine } from './cli';
import { ensureBundle } from '../src/check/bundle.mjs';

const USAGE = `Usage: npm run bench:check [-- --runs 7] [--file content/interpretations/guofa-2019-5-shili-wenzi.mdx]

Times npm run check -- <file> on a copy of the sample site, the file changed before every run: median and fastest
wall time, median CPU time and load average, against the check run from source.
计时 npm run check -- <文件>（每次运行前改动该文件），取中位数，并与从源码运行的检查对比。

  --runs <n>      rounds (default 7, at least 5)（轮数）
  --file <path>   the file to check, under content/（要检查的文件）
  -h, --help      this text（显示本说明）`;

const { values } = readCommandLine({
  name: 'npm run bench:check',
  audience: 'operator',
  usage: USAGE,
  options: { runs: { type: 'string' }, file: { type: 'string' } },
});
const RUNS = Math.max(5, Number(values.runs) || 7);
const FILE = values.file ?? 'content/interpretations/guofa-2019-5-shili-wenzi.mdx';
const PROJECT = resolve(import.meta.dirname, '..');
const NODE = join(PROJECT, 'node_modules', '.bin', 'node');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

// The copy: content/ copied (it is changed), the code linked (the check resolves to the project's own files, so
// it uses the project's bundle cache).
const work = mkdtempSync(join(tmpdir(), 'jiedu-bench-check-'));
cpSync(join(PROJECT, 'content'), join(work, 'content'), { recursive: true });
for (const linked of ['src', 'scripts', 'node_modules', 'public', 'tsconfig.json']) {
  if (existsSync(join(PROJECT, linked))) symlinkSync(join(PROJECT, linked), join(work, linked));
}
const pkg = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
pkg.scripts['bench-npm-only'] = 'node -e 0';
writeFileSync(join(work, 'package.json'), JSON.stringify(pkg, null, 2));
const target = join(work, FILE);
if (!existsSync(target)) {
  console.error(`No such file: ${FILE}（找不到文件）`);
  process.exit(2);
}
const original = readFileSync(target, 'utf8');

interface Variant {
  name: string;
  command: string[];
}
const variants: Variant[] = [
  { name: 'npm', command: ['npm', 'run', '--silent', 'check', '--', FILE] },
  { name: 'node', command: [NODE, 'scripts/check.mjs', FILE] },
  { name: 'source', command: [NODE, '--import', 'tsx', 'scripts/check.ts', FILE] },
  { name: 'npm-only', command: ['npm', 'run', '--silent', 'bench-npm-only'] },
];
interface Sample {
  wall: number;
  cpu?: number;
  load: number;
}
const samples = new Map<string, Sample[]>(variants.map((v) => [v.name, []]));

// The editor's environment: npm puts the project's node_modules/.bin (Node 22) first, as it does for them.
const env = { ...process.env, PATH: `${join(work, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
let edit = 0;
const runOnce = (variant: Variant): Sample => {
  // The editor just typed: the named file is different in every run.
  writeFileSync(target, `${original}\n基准测试第 ${++edit} 次修改。\n`);
  const load = loadavg()[0]!;
  const [cmd, ...args] = TIME ? [TIME, '-f', '%U %S', ...variant.command] : variant.command;
  const started = performance.now();
  const r = spawnSync(cmd!, args, { cwd: work, env, encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${variant.name} exited ${r.status}: ${r.stderr}`);
  const times = TIME ? /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr) : null;
  return { wall, cpu: times ? Number(times[1]) + Number(times[2]) : undefined, load };
};

// One untimed round first: the bundle and Node's compile cache are made once after any source change.
for (const v of variants) runOnce(v);
for (let round = 0; round < RUNS; round++) for (const v of variants) samples.get(v.name)!.push(runOnce(v));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sourceWall = median(samples.get('source')!.map((s) => s.wall));
const sourceCpu = TIME ? median(samples.get('source')!.map((s) => s.cpu!)) : undefined;
console.log(`npm run check -- ${FILE}, ${RUNS} rounds, the file changed before every run (cores: ${(await import('node:os')).cpus().length})`);
console.log('variant    median wall  fastest   median CPU  load (1 min, median)  wall vs source  CPU vs source');
for (const v of variants) {
  const list = samples.get(v.name)!;
  const wall = median(list.map((s) => s.wall));
  const cpu = TIME ? median(list.map((s) => s.cpu!)) : undefined;
  console.log(
    `${v.name.padEnd(10)} ${wall.toFixed(2).padStart(8)} s  ${Math.min(...list.map((s) => s.wall)).toFixed(2).padStart(6)} s  ` +
      `${cpu === undefined ? '     –' : `${cpu.toFixed(2).padStart(6)} s`}     ${median(list.map((s) => s.load)).toFixed(2).padStart(6)}           ` +
      `${(wall / sourceWall).toFixed(2).padStart(5)}×        ${cpu === undefined || !sourceCpu ? '–' : `${(cpu / sourceCpu).toFixed(2)}×`}`,
  );
}

// A bundle build, as after any change to the check's sources (into a scratch cache, so the project's is kept).
const scratch = join(work, 'bundle-cache');
const buildStarted = performance.now();
const built = await ensureBundle({ root: PROJECT, entry: 'scripts/check.ts', cacheDir: scratch });
console.log(
  `bundle build after a source change: ${((performance.now() - buildStarted) / 1000).toFixed(2)} s (${built.inputs} project files; load ${loadavg()[0]!.toFixed(2)}), once`,
);
rmSync(work, { recursive: true, force: true });
