// Kill and concurrency tests: `npm run deploy` (scripts/deploy.ts) SIGKILLed at random points and started
// several at once, against a directory and a loopback S3 server; after each run the live site is checked file by
// file against the live manifest, the way readers get it (dir: through the current symlink; S3: through the
// pointer, as the nginx proxy reads it), and the next deploy must complete.
//
// Where the kills land: every killed run deploys a release that is not on the target yet (directory: the deploy
// before keeps only the live release; S3: the release's prefix is removed first), so each does the same whole work. Directory: an uninterrupted deploy is timed first (twice, the shorter counts, and every run that
// finishes shortens it further) and each kill comes at a uniformly drawn moment within it. S3: an uninterrupted
// deploy's requests are counted first and each kill comes at a uniformly drawn request, either before the server
// handles it or after (before the answer reaches the deploy). At least 80% of the runs must be killed before the
// deploy finished, so the test cannot quietly turn into one that lets deploys finish.
// JIEDU_KILL_RUNS sets the runs per target (default 8).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployToDirectory, liveEntry, readHistory } from '../../../src/release/deploy-dir';
import { deployToS3 } from '../../../src/release/deploy-s3';
import { releaseId, s3Keys } from '../../../src/release/s3-pointer';
import { loadRelease, type LoadedRelease } from '../../../src/release/load-release';
import { parseManifest, type ReleaseManifest } from '../../../src/release/manifest';
import { listSiteFiles, sha256Hex } from '../../../src/release/site-files';
import { copySite, makeSiteV2, makeSiteV3, release, startS3, tempDir, type S3Request } from './helpers';

const RUNS = Number(process.env.JIEDU_KILL_RUNS ?? 8);
/** Per test: each run starts a node process, on a machine that may be busy. */
const TIMEOUT = 150_000;
/** Share of runs that must be killed before the deploy finished. */
const MIN_KILLED = 0.8;
const figures: string[] = [];

/** Releases 1.0.0, 2.0.0 and 3.0.0 of the fixture with `bulk` more files each, all different between versions. */
async function releasesWithBulk(bulk: number): Promise<{ root: string; loaded: LoadedRelease[] }> {
  const root = join(tempDir(), 'release');
  const site = copySite();
  const addBulk = (n: number) => {
    mkdirSync(join(site, 'bulk'), { recursive: true });
    for (let i = 0; i < bulk; i++) writeFileSync(join(site, 'bulk', `${i}.txt`), `第 ${n} 版 文件 ${i}\n`);
  };
  addBulk(1);
  await release(site, root, '1.0.0', '2026-11-27T01:00:00Z');
  makeSiteV2(site);
  addBulk(2);
  await release(site, root, '2.0.0', '2026-11-27T02:00:00Z');
  makeSiteV3(site);
  addBulk(3);
  await release(site, root, '3.0.0', '2026-11-27T03:00:00Z');
  return { root, loaded: await Promise.all(['1.0.0', '2.0.0', '3.0.0'].map((v) => loadRelease(join(root, v)))) };
}

interface Run {
  /** Milliseconds from its first line of output (after it loaded the release) to its line 完成 (0 when none). */
  workMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

interface Started {
  child: ChildProcess;
  /** Resolves when the child has exited. */
  done: Promise<Run>;
  /** SIGKILLs the child and waits until it has exited. */
  kill: () => Promise<void>;
  /** Resolves at the first line of output. */
  firstLine: Promise<void>;
}

/** Starts scripts/deploy.ts (or, with `atSignal`, deploy-at-signal.ts, which starts it on SIGUSR1). */
function startDeploy(args: string[], env: Record<string, string> = {}, atSignal = false): Started {
  const script = atSignal ? 'tests/unit/release/deploy-at-signal.ts' : 'scripts/deploy.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let first = 0;
  let finished = 0;
  let firstLine!: () => void;
  const firstLinePromise = new Promise<void>((resolve) => (firstLine = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    const work = stdout.replace('JIEDU_READY\n', '');
    if (!first && work !== '') {
      first = performance.now();
      firstLine();
    }
    if (!finished && work.includes('完成（')) finished = performance.now();
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => resolve({ workMs: first && finished ? finished - first : 0, code, signal, stdout, stderr, pid: child.pid! })),
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    done,
    firstLine: firstLinePromise,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Files of the directory's live release that differ from its manifest (through current, as nginx reads them). */
function dirLiveProblems(root: string): { problems: string[]; files: number } {
  // Resolve the link once: each request nginx serves resolves it once, so one reader sees one release.
  if (!existsSync(join(root, 'current'))) return { problems: ['没有 current'], files: 0 };
  const current = join(root, readlinkSync(join(root, 'current')));
  const manifest = parseManifest(JSON.parse(readFileSync(join(current, 'manifest.json'), 'utf8')), 'current/manifest.json');
  const problems: string[] = [];
  for (const f of manifest.files) {
    const file = join(current, 'site', f.path);
    if (!existsSync(file) || sha256Hex(readFileSync(file)) !== f.sha256) problems.push(f.path);
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const path of listSiteFiles(join(current, 'site'))) if (!listed.has(path)) problems.push(`多出 ${path}`);
  return { problems, files: manifest.files.length };
}

/** Files of the bucket's live release that differ from its manifest, read through the pointer. */
async function s3LiveProblems(s3: Awaited<ReturnType<typeof startS3>>): Promise<{ problems: string[]; files: number; id?: string }> {
  const pointer = await s3.getKey(s3Keys.pointer, { method: 'HEAD' });
  const id = pointer.headers.get('x-amz-meta-release');
  if (!id) return { problems: ['没有线上指针'], files: 0 };
  const manifest: ReleaseManifest = parseManifest(await (await s3.getKey(s3Keys.manifest(id))).json(), id);
  const problems: string[] = [];
  // One reading of the pointer, then the files of the release it names (what a request through the proxy gets).
  await Promise.all(
    manifest.files.map(async (f) => {
      const r = await s3.getKey(s3Keys.file(id, f.path));
      const body = Buffer.from(await r.arrayBuffer());
      if (r.status !== 200 || sha256Hex(body) !== f.sha256) problems.push(f.path);
    }),
  );
  return { problems, files: manifest.files.length, id };
}

/** "a 3, b 1" from counts. */
const tally = (counts: Map<string, number>) => [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** Dir: enough files that a deploy takes a few hundred milliseconds; S3: fewer, each is a request. */
let dirRel: Awaited<ReturnType<typeof releasesWithBulk>>;
let s3Rel: Awaited<ReturnType<typeof releasesWithBulk>>;
beforeAll(async () => {
  [dirRel, s3Rel] = [await releasesWithBulk(500), await releasesWithBulk(60)];
}, 60_000);
afterAll(() => {
  if (figures.length) console.log(figures.join('\n'));
});

describe('deploys killed at random points', () => {
  it(`a directory deploy SIGKILLed at ${RUNS} moments drawn over its real duration never leaves the live site broken, and the next deploy completes`, async () => {
    const { loaded } = dirRel;
    const root = tempDir();
    const args = (i: number) => ['--target', 'dir', '--dir', root, '--version', loaded[i]!.manifest.version, '--release-dir', dirRel.root];
    // Each run deploys a version not unpacked yet (the deploy that puts the target right keeps only the live one).
    let live = 0;
    await deployToDirectory(root, loaded[live]!, { keep: 1 });
    const spans: number[] = [];
    for (let m = 0; m < 2; m++) {
      const target = (live + 1) % 3;
      const whole = await startDeploy(args(target)).done;
      expect(whole.code, whole.stderr).toBe(0);
      spans.push(whole.workMs);
      await deployToDirectory(root, loaded[target]!, { keep: 1 });
      live = target;
    }
    let killed = 0;
    let midDeploy = 0;
    let failures = 0;
    let verified = 0;
    const phases = new Map<string, number>();
    const delays: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const target = (live + 1) % 3;
      const version = loaded[target]!.manifest.version;
      const span = Math.min(...spans);
      const delay = Math.random() * span;
      delays.push(delay);
      const run = startDeploy(args(target));
      await run.firstLine;
      const timer = setTimeout(() => void run.kill(), delay);
      const result = await run.done;
      clearTimeout(timer);
      // Where the kill landed, from what it left.
      const releases = readdirSync(join(root, 'releases'));
      let phase: string;
      if (liveEntry(root) === version) phase = readHistory(root).at(-1) === version && !existsSync(join(root, '.deploy.lock')) ? 'finished' : 'switched, not finished';
      else if (releases.includes(version)) phase = 'unpacked, not switched';
      else if (releases.some((d) => d.startsWith('.staging-'))) phase = 'unpacking';
      else phase = 'before unpacking';
      if (result.signal === 'SIGKILL') {
        killed++;
        if (phase !== 'finished') midDeploy++;
        count(phases, phase);
      } else {
        expect(result.code, result.stderr).toBe(0);
        expect(phase).toBe('finished');
        // It finished before the drawn moment: the span was too long for this machine now; draw within this run next.
        spans.push(result.workMs);
        count(phases, 'not killed (finished first)');
      }
      const check = dirLiveProblems(root);
      verified += check.files;
      if (check.problems.length) failures++;
      expect(check.problems, `run ${i} (${version}, ${phase})`).toEqual([]);
      // The next deploy takes over the dead process's lock, removes its staging and completes.
      const next = await deployToDirectory(root, loaded[target]!, { keep: 1 });
      expect(next.version).toBe(version);
      live = target;
      const after = dirLiveProblems(root);
      verified += after.files;
      expect(after.problems).toEqual([]);
      expect(readdirSync(join(root, 'releases')).filter((d) => d.startsWith('.'))).toEqual([]);
    }
    figures.push(
      `directory kill test: ${RUNS} runs, ${killed} killed (${midDeploy} before the deploy finished), ${failures} failures, ${verified} files verified; ` +
        `deploy measured at ${spans.slice(0, 2).map((s) => Math.round(s)).join(' and ')} ms, kills at ${delays.map((d) => Math.round(d)).join(', ')} ms; where: ${tally(phases)}`,
    );
    expect(midDeploy).toBeGreaterThanOrEqual(Math.ceil(MIN_KILLED * RUNS));
  }, TIMEOUT);

  it(`an S3 deploy SIGKILLed at ${RUNS} requests drawn over its whole run never changes what readers get before the switch, and the next deploy completes`, async () => {
    const { loaded } = s3Rel;
    const s3 = await startS3();
    try {
      const args = (i: number) => ['--target', 's3', '--version', loaded[i]!.manifest.version, '--release-dir', s3Rel.root, '--concurrency', '2'];
      const idOf = (i: number) => releaseId(loaded[i]!.manifest.version, loaded[i]!.extras.get('manifest.json')!);
      // Each run deploys a release whose prefix is not in the bucket: a run killed after its switch keeps older
      // prefixes for rollbacks, so the one about to be deployed is removed first.
      const clear = async (i: number) => {
        for (const o of await s3.store.list(s3Keys.releasePrefix(idOf(i)))) await s3.store.delete(o.key);
      };
      let live = 0;
      await deployToS3(s3.store, loaded[live]!, { keep: 1 });
      const requests: number[] = [];
      for (let m = 0; m < 2; m++) {
        const target = (live + 1) % 3;
        await clear(target);
        let n = 0;
        s3.hooks.before = () => void n++;
        const whole = await startDeploy(args(target), s3.env).done;
        s3.hooks.before = undefined;
        expect(whole.code, whole.stderr).toBe(0);
        requests.push(n);
        await deployToS3(s3.store, loaded[target]!, { keep: 1 });
        live = target;
      }
      const total = Math.min(...requests);
      let killed = 0;
      let midDeploy = 0;
      let failures = 0;
      let verified = 0;
      const phases = new Map<string, number>();
      const points: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        const target = (live + 1) % 3;
        const version = loaded[target]!.manifest.version;
        await clear(target);
        const k = 1 + Math.floor(Math.random() * total);
        const when = Math.random() < 0.5 ? 'before' : 'after';
        const run = startDeploy(args(target), s3.env);
        const index = new WeakMap<S3Request, number>();
        let n = 0;
        let at: S3Request | undefined;
        s3.hooks.before = async (r) => {
          index.set(r, ++n);
          if (n !== k || when !== 'before') return;
          at = r;
          await run.kill();
          // The request never reaches the store: the deploy died before sending it whole.
          throw new Error('killed before this request was handled');
        };
        s3.hooks.after = async (r) => {
          if (index.get(r) !== k || when !== 'after') return;
          at = r;
          // Handled, and the deploy dies before it reads the answer.
          await run.kill();
        };
        const result = await run.done;
        s3.hooks.before = undefined;
        s3.hooks.after = undefined;
        const check = await s3LiveProblems(s3);
        const lockLeft = (await s3.getKey(s3Keys.lock, { method: 'HEAD' })).status === 200;
        const phase = check.id === idOf(target) ? (lockLeft ? 'switched, not finished' : 'finished') : 'before the switch';
        if (result.signal === 'SIGKILL') {
          killed++;
          if (phase !== 'finished') midDeploy++;
          count(phases, phase);
          points.push(`${k}/${total} ${when} ${at?.method ?? '?'} ${at?.key.replace(/^releases\/[^/]+\//, 'releases/…/') || '(bucket)'}`);
        } else {
          expect(result.code, result.stderr).toBe(0);
          count(phases, 'not killed (finished first)');
        }
        verified += check.files;
        if (check.problems.length) failures++;
        expect(check.problems, `run ${i} (${version}, killed at request ${k} ${when})`).toEqual([]);
        const next = await deployToS3(s3.store, loaded[target]!, { keep: 1 });
        expect(next.id).toBe(idOf(target));
        live = target;
        const after = await s3LiveProblems(s3);
        verified += after.files;
        expect(after.problems).toEqual([]);
      }
      figures.push(
        `S3 kill test: ${RUNS} runs, ${killed} killed (${midDeploy} before the deploy finished), ${failures} failures, ${verified} files verified; ` +
          `a whole deploy made ${requests.join(' and ')} requests; where: ${tally(phases)}; killed at request: ${points.join('; ')}`,
      );
      expect(midDeploy).toBeGreaterThanOrEqual(Math.ceil(MIN_KILLED * RUNS));
    } finally {
      await s3.close();
    }
  }, TIMEOUT);
});

describe('deploys started together', () => {
  const ROUNDS = 2;
  const N = 4;

  /**
   * Starts N deploys held at a barrier (deploy-at-signal.ts), releases them with one SIGUSR1 each once all are
   * ready, and checks the live site over and over until all have exited.
   */
  async function together(args: (i: number) => string[], env: Record<string, string>, check: () => Promise<{ problems: string[]; files: number }>) {
    const started = Array.from({ length: N }, (_, i) => startDeploy(args(i), env, true));
    await Promise.all(
      started.map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            const onData = (d: Buffer) => d.toString().includes('JIEDU_READY') && resolve();
            s.child.stdout!.on('data', onData);
            s.child.on('exit', () => reject(new Error('a deploy exited before it was ready')));
          }),
      ),
    );
    let running = true;
    let samples = 0;
    let verified = 0;
    const seen: string[][] = [];
    for (const s of started) s.child.kill('SIGUSR1');
    const sampler = (async () => {
      while (running) {
        const live = await check();
        samples++;
        verified += live.files;
        if (live.problems.length) seen.push(live.problems);
        // Let the children's output and exits through (a synchronous check never yields on its own).
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const runs = await Promise.all(started.map((s) => s.done));
    running = false;
    await sampler;
    return { runs, samples, verified, broken: seen };
  }

  /** Checks every refused deploy named a holder; returns how many completed, were refused, and were refused naming another of the N. */
  function judge(runs: Run[]): { won: number; refused: number; namedSibling: number } {
    const won = runs.filter((r) => r.code === 0).length;
    let namedSibling = 0;
    const pids = runs.map((r) => r.pid);
    for (const r of runs.filter((r) => r.code !== 0)) {
      expect(r.stderr).toMatch(/另一个部署(正在使用|同时取得了)/);
      const holder = /主机 \S+ 上的进程 (\d+)（部署 /.exec(r.stderr);
      expect(holder, r.stderr).not.toBeNull();
      if (pids.includes(Number(holder![1])) && Number(holder![1]) !== r.pid) namedSibling++;
    }
    expect(won).toBeGreaterThanOrEqual(1);
    return { won, refused: runs.length - won, namedSibling };
  }

  it(`${N} directory deploys released at once, ${ROUNDS} times: they overlap, the losers stop naming the holder, and the live site is whole at every moment`, async () => {
    const { loaded } = dirRel;
    const root = tempDir();
    await deployToDirectory(root, loaded[0]!);
    let totals = { runs: 0, won: 0, refused: 0, named: 0, samples: 0, verified: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const r = await together(
        (i) => ['--target', 'dir', '--dir', root, '--version', ['2.0.0', '3.0.0'][i % 2]!, '--release-dir', dirRel.root],
        {},
        async () => {
          try {
            return dirLiveProblems(root);
          } catch (e) {
            return { problems: [String(e)], files: 0 };
          }
        },
      );
      expect(r.broken).toEqual([]);
      const { won, refused, namedSibling } = judge(r.runs);
      // They ran together: at least one found the lock held by another of the four, and said which process.
      expect(namedSibling, r.runs.map((x) => x.stderr).join('\n')).toBeGreaterThanOrEqual(1);
      totals = { runs: totals.runs + N, won: totals.won + won, refused: totals.refused + refused, named: totals.named + namedSibling, samples: totals.samples + r.samples, verified: totals.verified + r.verified };
      const live = dirLiveProblems(root);
      expect(live.problems).toEqual([]);
      totals.verified += live.files;
      expect(readlinkSync(join(root, 'current'))).toMatch(/^releases\/[23]\.0\.0$/);
      await deployToDirectory(root, loaded[0]!);
    }
    figures.push(
      `directory concurrency: ${ROUNDS} rounds of ${N} released at once, ${totals.runs} deploys, ${totals.won} completed, ${totals.refused} refused (${totals.named} naming another of the ${N} as holder), ${totals.samples} live checks, 0 broken, ${totals.verified} files verified`,
    );
  }, TIMEOUT);

  it(`${N} S3 deploys released at once, ${ROUNDS} times: exactly one holds the lock at a time and readers always get a whole release`, async () => {
    const { loaded } = s3Rel;
    const s3 = await startS3();
    try {
      await deployToS3(s3.store, loaded[0]!);
      let totals = { runs: 0, won: 0, refused: 0, named: 0, samples: 0, verified: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const r = await together((i) => ['--target', 's3', '--version', ['2.0.0', '3.0.0'][i % 2]!, '--release-dir', s3Rel.root, ...(i < 2 ? ['--force'] : [])], s3.env, () => s3LiveProblems(s3));
        expect(r.broken).toEqual([]);
        const { won, refused, namedSibling } = judge(r.runs);
        expect(namedSibling, r.runs.map((x) => x.stderr).join('\n')).toBeGreaterThanOrEqual(1);
        totals = { runs: totals.runs + N, won: totals.won + won, refused: totals.refused + refused, named: totals.named + namedSibling, samples: totals.samples + r.samples, verified: totals.verified + r.verified };
        const live = await s3LiveProblems(s3);
        expect(live.problems).toEqual([]);
        totals.verified += live.files;
        await deployToS3(s3.store, loaded[0]!);
      }
      figures.push(
        `S3 concurrency: ${ROUNDS} rounds of ${N} released at once, ${totals.runs} deploys, ${totals.won} completed, ${totals.refused} refused (${totals.named} naming another of the ${N} as holder), ${totals.samples} live checks, 0 broken, ${totals.verified} files verified`,
      );
    } finally {
      await s3.close();
    }
  }, TIMEOUT);
});
