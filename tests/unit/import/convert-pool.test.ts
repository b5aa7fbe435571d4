/**
 * A large import (importCatalogue) converts bodies on worker threads and writes files in parallel batches: the files,
 * the manifest and everything reported must be those of the one-thread import (runImport), whatever the number of
 * threads; and the temporary files a killed run leaves are removed by the next run, never an editor's file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type ImportResult, MANIFEST_FILE, importCatalogue, runImport } from '../../../src/import/importer';

const PROJECT = join(import.meta.dirname, '..', '..', '..');
const CORPUS = join(PROJECT, 'tests', 'fixtures', 'corpus');
const work = mkdtempSync(join(tmpdir(), 'jiedu-import-pool-inputs-'));

/**
 * The inputs: the 25 shortest corpus documents with HTML bodies (scripts, styles and layout tables for the
 * sanitiser), the interpretations of them, and the office export (records of every kind). One set of paths for
 * every run, so that messages are the same.
 */
const INPUTS = (() => {
  const lines = (name: string) => readFileSync(join(CORPUS, name), 'utf8').trim().split('\n');
  const docs = lines('documents.jsonl')
    .filter((l) => (JSON.parse(l) as { body_html?: string }).body_html)
    .sort((a, b) => a.length - b.length)
    .slice(0, 25);
  const ids = new Set(docs.map((l) => (JSON.parse(l) as { id: string }).id));
  const interps = lines('interpretations.jsonl').filter((l) => ((JSON.parse(l) as { interprets?: { doc_id: string }[] }).interprets ?? []).some((r) => ids.has(r.doc_id)));
  writeFileSync(join(work, 'documents.jsonl'), `${docs.join('\n')}\n`);
  writeFileSync(join(work, 'interpretations.jsonl'), `${interps.join('\n')}\n`);
  return [join(work, 'documents.jsonl'), join(work, 'interpretations.jsonl'), relative(process.cwd(), join(PROJECT, 'tests/fixtures/import/office-export.jsonl'))];
})();

const roots: string[] = [work];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-import-pool-'));
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Every file under the root (content and rejects), bytes as text, by relative path. */
function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(relative(root, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8'));
  }
  return out;
}

/** What a run reported, without the objects that hold the input tables and the root's own path. */
function reported(result: ImportResult, root: string) {
  return {
    ok: result.ok,
    problems: result.problems,
    outcomes: result.outcomes,
    inputs: result.inputs,
    removals: result.removals,
    imported: result.imported,
    drafts: result.drafts,
    rejected: result.rejected.map((r) => ({ at: r.at, recordId: r.recordId, reasons: r.reasons })),
    rejectsFiles: result.rejectsFiles.map((p) => relative(root, p)),
    links: result.links,
    ambiguous: result.ambiguous,
    external: result.external,
  };
}

describe('importing on worker threads', () => {
  it('writes the same bytes and reports the same as the one-thread import, with 1 and 2 threads', async () => {
    const inline = tempRoot();
    const expected = runImport({ root: inline, inputs: INPUTS, rejectsDir: join(inline, 'rejects') });
    // The export has bodies the sanitiser changes and records of every kind: something for the threads to get wrong.
    expect(expected.removals.length).toBeGreaterThan(0);
    expect(expected.rejected.length).toBeGreaterThan(0);
    expect(expected.drafts.length).toBeGreaterThan(0);
    expect(expected.outcomes.length).toBeGreaterThan(40);
    for (const workers of [1, 2]) {
      const root = tempRoot();
      const result = await importCatalogue({ root, inputs: INPUTS, rejectsDir: join(root, 'rejects'), workers });
      expect(reported(result, root)).toEqual(reported(expected, inline));
      expect(files(root)).toEqual(files(inline));
    }
  }, 120_000);

  it('a re-run on threads changes nothing', async () => {
    const root = tempRoot();
    await importCatalogue({ root, inputs: INPUTS, rejectsDir: join(root, 'rejects'), workers: 2 });
    const before = files(root);
    const again = await importCatalogue({ root, inputs: INPUTS, rejectsDir: join(root, 'rejects'), workers: 2 });
    expect(again.outcomes.every((o) => o.status === 'unchanged')).toBe(true);
    expect(files(root)).toEqual(before);
  }, 120_000);
});

describe('temporary files of a killed run', () => {
  it('are removed by the next run, and a file of an editor with a similar name is kept', () => {
    const root = tempRoot();
    const inputs = INPUTS.slice(2);
    runImport({ root, inputs, rejectsDir: join(root, 'rejects') });
    const manifest = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as { files: Record<string, string> };
    const path = Object.keys(manifest.files).find((p) => p.startsWith('content/documents/'))!;
    // As a run killed between writing its temporary files and renaming them leaves it (see write.ts).
    writeFileSync(join(root, MANIFEST_FILE), JSON.stringify({ ...manifest, pending: { [path]: manifest.files[path] }, temp: '123456789' }));
    writeFileSync(join(root, `${path}.123456789`), 'cut');
    mkdirSync(join(root, 'content/documents'), { recursive: true });
    writeFileSync(join(root, 'content/documents/notes.md.2'), 'an editor’s');
    const again = runImport({ root, inputs, rejectsDir: join(root, 'rejects') });
    expect(again.outcomes.every((o) => o.status === 'unchanged')).toBe(true);
    expect(existsSync(join(root, `${path}.123456789`))).toBe(false);
    expect(readFileSync(join(root, 'content/documents/notes.md.2'), 'utf8')).toBe('an editor’s');
    const final = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as { pending?: unknown; temp?: unknown };
    expect(final.pending).toBeUndefined();
    expect(final.temp).toBeUndefined();
  });
});
