/** SIGKILL `npm run check -- --fix` at random moments; see kill-harness.ts for what is compared. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readContentTree } from '../../../src/content/files';
import { fixCopy } from '../../../src/check/lint/copy-lint';
import { COPY_FIXTURE, PROJECT, RUNS, compareAfterKill, isTempFile, randomIn, report, runAndKill, tree, type Figures } from '../../support/kill-harness';

const base = mkdtempSync(join(tmpdir(), 'jiedu-kill-fix-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a killed npm run check -- --fix', () => {
  const start = join(base, 'fix-start');
  const complete = join(base, 'fix-complete');
  let before: Map<string, Buffer>;
  let after: Map<string, Buffer>;
  let writeSpan = 0;

  beforeAll(async () => {
    // The editor's copy fixture, its interpretation repeated 20 times with a longer body, so --fix writes 20 files.
    cpSync(COPY_FIXTURE, start, { recursive: true });
    const wenda = readFileSync(join(start, 'content', 'interpretations', 'wenda.mdx'), 'utf8');
    const [, frontmatter, body] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(wenda)!;
    for (let i = 1; i <= 20; i++) writeFileSync(join(start, 'content', 'interpretations', `wenda-${i}.mdx`), frontmatter + Array(3).fill(body).join('\n'));
    cpSync(start, complete, { recursive: true });
    await runAndKill([join(PROJECT, 'scripts', 'check.ts'), '--fix'], complete, join(complete, 'content'), 1e9, false);
    before = tree(start);
    after = tree(complete);
    const changed = [...after.keys()].filter((p) => !before.get(p)?.equals(after.get(p)!));
    const mtimes = changed.map((p) => statSync(join(complete, p)).mtimeMs);
    writeSpan = Math.max(...mtimes) - Math.min(...mtimes);
  }, 60_000);

  it('the complete run fixes the 20 copies, so a kill has something to cut', () => {
    const changed = [...after.keys()].filter((p) => !before.get(p)?.equals(after.get(p)!));
    expect(changed.length).toBeGreaterThanOrEqual(20);
  });

  it('leaves every editor file its old or its complete fixed bytes, and a re-run finishes the job', async () => {
    const figures: Figures = { runs: 0, killed: 0, midWrite: 0, filesCompared: 0, tempFilesLeft: 0, failures: [] };
    for (let i = 0; i < RUNS; i++) {
      const run = join(base, `fix-run-${i}`);
      cpSync(start, run, { recursive: true });
      const duringWrites = i % 4 !== 3;
      const delay = duringWrites ? randomIn(0, Math.ceil(writeSpan * 1.2)) : randomIn(0, 2500);
      const { killed } = await runAndKill([join(PROJECT, 'scripts', 'check.ts'), '--fix'], run, join(run, 'content'), delay, duringWrites);
      figures.runs++;
      if (killed) figures.killed++;
      compareAfterKill(run, before, after, figures, `fix run ${i} (delay ${delay} ms)`, isTempFile);
      fixCopy(run, readContentTree(run).files);
      const redone = tree(run);
      for (const [path, bytes] of after) {
        if (!redone.get(path)?.equals(bytes)) figures.failures.push(`fix run ${i}: after re-run ${path} differs from the complete run`);
      }
      rmSync(run, { recursive: true, force: true });
    }
    report('npm run check -- --fix', figures);
    expect(figures.failures).toEqual([]);
    expect(figures.killed).toBeGreaterThan(RUNS / 2);
    expect(figures.midWrite).toBeGreaterThan(0);
  }, 240_000);
});
