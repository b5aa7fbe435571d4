// Kill and concurrency tests: `npm run deploy` (scripts/deploy.ts) SIGKILLed at random points and started
// several at once, against a directory and a loopback S3 server; after each run the live site is checked file by
// file against the live manifest, the way readers get it (dir: through the current symlink; S3: through the
// pointer, as the nginx proxy reads it), and the next deploy must complete.
// JIEDU_KILL_RUNS sets the runs per target (default 20).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployToDirectory } from '../../../src/release/deploy-dir';
import { deployToS3, releaseId, s3Keys } from '../../../src/release/deploy-s3';
import { loadRelease, type LoadedRelease } from '../../../src/release/load-release';
import { parseManifest, type ReleaseManifest } from '../../../src/release/manifest';
import { listSiteFiles, sha256Hex } from '../../../src/release/site-files';
import { copySite, makeSiteV2, makeSiteV3, release, startS3, tempDir } from './helpers';

const RUNS = Number(process.env.JIEDU_KILL_RUNS ?? 20);
const figures: string[] = [];

/** A small site with some bulk, so a deploy takes long enough to be killed at many different points. */
async function releasesWithBulk(): Promise<{ root: string; loaded: LoadedRelease[] }> {
  const root = join(tempDir(), 'release');
  const site = copySite();
  const bulk = (n: number) => {
    mkdirSync(join(site, 'bulk'), { recursive: true });
    for (let i = 0; i < 150; i++) writeFileSync(join(site, 'bulk', `${i}.txt`), `第 ${n} 版 文件 ${i}\n`);
  };
  bulk(1);
  await release(site, root, '1.0.0', '2026-11-27T01:00:00Z');
  makeSiteV2(site);
  bulk(2);
  await release(site, root, '2.0.0', '2026-11-27T02:00:00Z');
  makeSiteV3(site);
  bulk(3);
  await release(site, root, '3.0.0', '2026-11-27T03:00:00Z');
  return { root, loaded: await Promise.all(['1.0.0', '2.0.0', '3.0.0'].map((v) => loadRelease(join(root, v)))) };
}

interface Run {
  /** Milliseconds from its first line of output to its exit. */
  workMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts scripts/deploy.ts; kills it `killAfterMs` after it prints its first line (undefined: let it finish). */
function deploy(args: string[], env: Record<string, string> = {}, killAfterMs?: number): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy.ts', ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  let first = 0;
  child.stdout.on('data', (d: Buffer) => {
    if (stdout === '') first = performance.now();
    if (killAfterMs !== undefined && !timer) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ workMs: first ? performance.now() - first : 0, code, signal, stdout, stderr });
    }),
  );
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
async function s3LiveProblems(s3: Awaited<ReturnType<typeof startS3>>): Promise<{ problems: string[]; files: number }> {
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
  return { problems, files: manifest.files.length };
}

let rel: Awaited<ReturnType<typeof releasesWithBulk>>;
beforeAll(async () => {
  rel = await releasesWithBulk();
});
afterAll(() => {
  if (figures.length) console.log(figures.join('\n'));
});

describe('deploys killed at random points', () => {
  it(`a directory deploy SIGKILLed at ${RUNS} random points never leaves the live site broken, and the next deploy completes`, async () => {
    const root = tempDir();
    await deployToDirectory(root, rel.loaded[0]!);
    // How long a whole deploy runs after its first line, to spread the kills over it.
    const whole = await deploy(['--target', 'dir', '--dir', root, '--version', '2.0.0', '--release-dir', rel.root]);
    expect(whole.code, whole.stderr).toBe(0);
    const span = Math.max(20, whole.workMs);
    let kills = 0;
    let failures = 0;
    let verified = 0;
    for (let i = 0; i < RUNS; i++) {
      const version = ['1.0.0', '3.0.0', '2.0.0'][i % 3]!;
      const run = await deploy(['--target', 'dir', '--dir', root, '--version', version, '--release-dir', rel.root], {}, Math.random() * span);
      if (run.signal === 'SIGKILL') kills++;
      else expect(run.code, run.stderr).toBe(0);
      const live = dirLiveProblems(root);
      verified += live.files;
      if (live.problems.length) failures++;
      expect(live.problems, `run ${i} (${version})`).toEqual([]);
      // The next deploy takes over the dead process's lock, removes its staging and completes.
      const next = await deployToDirectory(root, rel.loaded[(i + 1) % 3]!);
      expect(next.version).toBe(rel.loaded[(i + 1) % 3]!.manifest.version);
      const after = dirLiveProblems(root);
      verified += after.files;
      expect(after.problems).toEqual([]);
      expect(readdirSync(join(root, 'releases')).filter((d) => d.startsWith('.'))).toEqual([]);
    }
    figures.push(`directory kill test: ${RUNS} runs, ${kills} killed, ${failures} failures, ${verified} files verified`);
  });

  it(`an S3 deploy SIGKILLed at ${RUNS} random points never changes what readers get before the switch, and the next deploy completes`, async () => {
    const s3 = await startS3();
    try {
      await deployToS3(s3.store, rel.loaded[0]!);
      const args = (v: string) => ['--target', 's3', '--version', v, '--release-dir', rel.root, '--concurrency', '2'];
      const whole = await deploy([...args('2.0.0'), '--force'], s3.env);
      expect(whole.code, whole.stderr).toBe(0);
      const span = Math.max(20, whole.workMs);
      let kills = 0;
      let failures = 0;
      let verified = 0;
      for (let i = 0; i < RUNS; i++) {
        const version = ['1.0.0', '3.0.0', '2.0.0'][i % 3]!;
        // Each release again under a fresh id now and then, so kills land in uploads and not only in copies.
        const run = await deploy([...args(version), ...(i % 4 === 0 ? ['--force'] : [])], s3.env, Math.random() * span);
        if (run.signal === 'SIGKILL') kills++;
        else expect(run.code, run.stderr).toBe(0);
        const live = await s3LiveProblems(s3);
        verified += live.files;
        if (live.problems.length) failures++;
        expect(live.problems, `run ${i} (${version})`).toEqual([]);
        const next = await deployToS3(s3.store, rel.loaded[(i + 1) % 3]!);
        expect(next.id).toBe(releaseId(next.version, rel.loaded[(i + 1) % 3]!.extras.get('manifest.json')!));
        const after = await s3LiveProblems(s3);
        verified += after.files;
        expect(after.problems).toEqual([]);
      }
      figures.push(`S3 kill test: ${RUNS} runs, ${kills} killed, ${failures} failures, ${verified} files verified`);
    } finally {
      await s3.close();
    }
  });
});

describe('deploys started together', () => {
  const ROUNDS = 2;
  const N = 4;

  /** Starts N deploys at once while checking the live site over and over until all have exited. */
  async function together(start: (i: number) => Promise<Run>, check: () => Promise<{ problems: string[]; files: number }>) {
    let running = true;
    let samples = 0;
    let verified = 0;
    const seen: string[][] = [];
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
    const runs = await Promise.all(Array.from({ length: N }, (_, i) => start(i)));
    running = false;
    await sampler;
    return { runs, samples, verified, broken: seen };
  }

  function judge(runs: Run[]): { won: number } {
    const won = runs.filter((r) => r.code === 0).length;
    for (const r of runs.filter((r) => r.code !== 0)) expect(r.stderr).toMatch(/另一个部署(正在使用|同时取得了)/);
    expect(won).toBeGreaterThanOrEqual(1);
    return { won };
  }

  it(`${N} directory deploys at once, ${ROUNDS} times: the losers stop naming the holder and the live site is whole at every moment`, async () => {
    const root = tempDir();
    await deployToDirectory(root, rel.loaded[0]!);
    let totals = { runs: 0, won: 0, samples: 0, verified: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const r = await together(
        (i) => deploy(['--target', 'dir', '--dir', root, '--version', ['2.0.0', '3.0.0'][i % 2]!, '--release-dir', rel.root]),
        async () => {
          try {
            return dirLiveProblems(root);
          } catch (e) {
            return { problems: [String(e)], files: 0 };
          }
        },
      );
      expect(r.broken).toEqual([]);
      const { won } = judge(r.runs);
      totals = { runs: totals.runs + N, won: totals.won + won, samples: totals.samples + r.samples, verified: totals.verified + r.verified };
      expect(dirLiveProblems(root).problems).toEqual([]);
      expect(readlinkSync(join(root, 'current'))).toMatch(/^releases\/[23]\.0\.0$/);
      await deployToDirectory(root, rel.loaded[0]!);
    }
    figures.push(`directory concurrency: ${ROUNDS} rounds of ${N}, ${totals.runs} deploys, ${totals.won} completed, ${totals.runs - totals.won} refused, ${totals.samples} live checks, 0 broken, ${totals.verified} files verified`);
  });

  it(`${N} S3 deploys at once, ${ROUNDS} times: exactly one holds the lock at a time and readers always get a whole release`, async () => {
    const s3 = await startS3();
    try {
      await deployToS3(s3.store, rel.loaded[0]!);
      let totals = { runs: 0, won: 0, samples: 0, verified: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const r = await together((i) => deploy(['--target', 's3', '--version', ['2.0.0', '3.0.0'][i % 2]!, '--release-dir', rel.root, ...(i < 2 ? ['--force'] : [])], s3.env), () => s3LiveProblems(s3));
        expect(r.broken).toEqual([]);
        const { won } = judge(r.runs);
        totals = { runs: totals.runs + N, won: totals.won + won, samples: totals.samples + r.samples, verified: totals.verified + r.verified };
        expect((await s3LiveProblems(s3)).problems).toEqual([]);
        await deployToS3(s3.store, rel.loaded[0]!);
      }
      figures.push(`S3 concurrency: ${ROUNDS} rounds of ${N}, ${totals.runs} deploys, ${totals.won} completed, ${totals.runs - totals.won} refused, ${totals.samples} live checks, 0 broken, ${totals.verified} files verified`);
    } finally {
      await s3.close();
    }
  });
});
