/** SIGKILL `npm run import` at random moments; see kill-harness.ts for what is compared. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/import/importer';
import { CORPUS, PROJECT, RUNS, compareAfterKill, isTempFile, randomIn, report, runAndKill, tree, type Figures } from '../../support/kill-harness';

const base = mkdtempSync(join(tmpdir(), 'jiedu-kill-import-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a killed npm run import', () => {
  const inputs = { old: [join(base, 'old-docs.jsonl'), join(base, 'old-interps.jsonl')], new: [join(base, 'docs.jsonl'), join(base, 'interps.jsonl')] };
  const start = join(base, 'import-start');
  const complete = join(base, 'import-complete');
  let before: Map<string, Buffer>;
  let after: Map<string, Buffer>;
  let writeSpan = 0;
  let eventSpan = 0;
  let runTime = 0;

  beforeAll(async () => {
    // A realistic export, small enough for many runs: the 30 shortest documents of the corpus and their
    // interpretations. The "old" export lacks the last 5 documents and words one character differently in
    // every body, so a run both updates and creates files.
    const docs = readFileSync(join(CORPUS, 'documents.jsonl'), 'utf8').trim().split('\n').sort((a, b) => a.length - b.length).slice(0, 30);
    const ids = new Set(docs.map((l) => (JSON.parse(l) as { id: string }).id));
    const interps = readFileSync(join(CORPUS, 'interpretations.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter((l) => ((JSON.parse(l) as { interprets?: { doc_id: string }[] }).interprets ?? []).every((r) => ids.has(r.doc_id)));
    writeFileSync(inputs.new[0]!, `${docs.join('\n')}\n`);
    writeFileSync(inputs.new[1]!, `${interps.join('\n')}\n`);
    const older = (l: string) => l.replaceAll('的', '之');
    const oldDocs = docs.slice(0, -5);
    const oldIds = new Set(oldDocs.map((l) => (JSON.parse(l) as { id: string }).id));
    const oldInterps = interps.filter((l) => ((JSON.parse(l) as { interprets?: { doc_id: string }[] }).interprets ?? []).every((r) => oldIds.has(r.doc_id)));
    writeFileSync(inputs.old[0]!, `${oldDocs.map(older).join('\n')}\n`);
    writeFileSync(inputs.old[1]!, `${oldInterps.map(older).join('\n')}\n`);
    expect(runImport({ root: start, inputs: inputs.old }).ok).toBe(true);
    cpSync(start, complete, { recursive: true });
    // The complete run goes through the same command, timed, to place the kills.
    const t0 = Date.now();
    // The batched writer writes temporary files first and renames them later, so the files' mtimes cover only the
    // temporary writes; the span of content/'s events covers the renames too (the kills below are timed from the
    // first event, as runAndKill does).
    let firstEvent = 0;
    let lastEvent = 0;
    const watcher = watch(join(complete, 'content'), { recursive: true }, () => {
      lastEvent = Date.now();
      if (!firstEvent) firstEvent = lastEvent;
    });
    await runAndKill([join(PROJECT, 'scripts', 'import.ts'), ...inputs.new], complete, join(complete, 'content'), 1e9, false);
    watcher.close();
    runTime = Date.now() - t0;
    eventSpan = lastEvent - firstEvent;
    before = tree(start);
    after = tree(complete);
    const mtimes = [...after.keys()].filter((p) => !before.get(p)?.equals(after.get(p)!)).map((p) => statSync(join(complete, p)).mtimeMs);
    writeSpan = Math.max(...mtimes) - Math.min(...mtimes);
  }, 60_000);

  it('the complete run updates and creates files, so a kill has something to cut', () => {
    const changed = [...after.keys()].filter((p) => !before.get(p)?.equals(after.get(p)!));
    expect(changed.length).toBeGreaterThan(30);
    expect(changed.some((p) => !before.has(p))).toBe(true);
  });

  it('leaves every file its old or its complete new bytes, and a re-import finishes the job', async () => {
    const figures: Figures = { runs: 0, killed: 0, midWrite: 0, filesCompared: 0, tempFilesLeft: 0, failures: [] };
    // Until a kill has landed between two renames, up to 3 × RUNS: the write phase lasts a few milliseconds on a quiet
    // machine, and the test must show it was hit.
    for (let i = 0; i < RUNS || (figures.midWrite === 0 && i < RUNS * 3); i++) {
      const run = join(base, `import-run-${i}`);
      cpSync(start, run, { recursive: true });
      // Three runs in four are killed during the write phase (timed from the first change in content/), the others at
      // any moment of the whole run. One run in four of the write phase is timed from the first rename of a batch
      // (a content file appearing under its own name): the next batches are still to come, so the kill lands between
      // two renames even where the whole write phase takes a few milliseconds (random delays missed it in CI).
      const duringWrites = i % 4 !== 3;
      const fromFirstRename = i % 4 === 1;
      const delay = fromFirstRename ? randomIn(0, 2) : duringWrites ? randomIn(0, Math.max(writeSpan, eventSpan)) : randomIn(0, runTime);
      const renamed = (path: string) => /\.mdx?$/.test(path);
      const { killed } = await runAndKill([join(PROJECT, 'scripts', 'import.ts'), ...inputs.new], run, join(run, 'content'), delay, duringWrites, fromFirstRename ? renamed : undefined);
      figures.runs++;
      if (killed) figures.killed++;
      compareAfterKill(run, before, after, figures, `import run ${i} (delay ${delay} ms)`, isTempFile);
      // The re-import (in process) completes the job exactly: content files and manifest as after a complete run.
      const again = runImport({ root: run, inputs: inputs.new });
      if (!again.ok || again.outcomes.some((o) => o.status === 'skipped')) figures.failures.push(`import run ${i}: re-import skipped files or failed`);
      const redone = tree(run);
      for (const [path, bytes] of after) {
        if (!redone.get(path)?.equals(bytes)) figures.failures.push(`import run ${i}: after re-import ${path} differs from the complete run`);
      }
      rmSync(run, { recursive: true, force: true });
    }
    report('npm run import', figures);
    expect(figures.failures).toEqual([]);
    expect(figures.killed).toBeGreaterThan(RUNS / 2);
    expect(figures.midWrite).toBeGreaterThan(0);
  }, 240_000);
});

