// Two clean builds of the same sources give byte-identical sites. Each build runs in its own copy of the
// project (different absolute paths, no caches: no .astro/, node_modules/.astro or .cache/), so a date, a
// random id, a file-system order or an absolute path in the output shows up as a difference. In CI the
// sources are the commit; locally they include uncommitted changes, so a fix can be checked before committing.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { productionBuildEnv } from '../../src/release/build-env';
import { listSiteFiles, sha256Hex } from '../../src/release/site-files';

const ROOT = process.cwd();
/** Caches a clean build must not see. */
const CACHES = new Set(['.astro', '.vite', '.cache']);
const work = mkdtempSync(join(tmpdir(), 'jiedu-determinism-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The project's sources (tracked and new files, not ignored ones) as they are now, copied into dir. */
function copySources(dir: string): void {
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (files.status !== 0) throw new Error(`git ls-files failed: ${files.stderr}`);
  for (const file of files.stdout.split('\0').filter(Boolean)) {
    try {
      cpSync(join(ROOT, file), join(dir, file));
    } catch (e) {
      // Deleted in the work tree but still in the index: not part of the sources being built.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** Links the packages one by one, so each copy gets its own (empty) node_modules/.astro cache. */
function linkPackages(dir: string): void {
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (!CACHES.has(entry)) symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
}

function build(dir: string): string {
  const result = spawnSync('npx', ['astro', 'build'], { cwd: dir, encoding: 'utf8', env: productionBuildEnv() });
  if (result.status !== 0) throw new Error(`astro build in ${dir} failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  return join(dir, 'dist');
}

function hashes(dist: string): Map<string, string> {
  return new Map(listSiteFiles(dist).map((f) => [f, sha256Hex(readFileSync(join(dist, f)))]));
}

/** Where two texts first differ, with some context, to find the cause quickly. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 80), i + 80)}…\n  vs\n…${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

describe('builds are reproducible', () => {
  it('two clean builds of the same sources in different directories give byte-identical files', () => {
    // One snapshot of the sources for both builds, so an edit made meanwhile cannot differ between them.
    const [dirA, dirB] = [join(work, 'a'), join(work, 'b')];
    copySources(dirA);
    cpSync(dirA, dirB, { recursive: true });
    linkPackages(dirA);
    linkPackages(dirB);
    const a = build(dirA);
    const b = build(dirB);
    const ha = hashes(a);
    const hb = hashes(b);
    expect([...hb.keys()]).toEqual([...ha.keys()]);
    const differing = [...ha].filter(([f, h]) => hb.get(f) !== h).map(([f]) => f);
    const details = differing.slice(0, 3).map((f) => `${f}:\n${firstDifference(readFileSync(join(a, f), 'latin1'), readFileSync(join(b, f), 'latin1'))}`);
    expect(differing, details.join('\n\n')).toEqual([]);
    expect(ha.size).toBeGreaterThan(10);
  });
});
