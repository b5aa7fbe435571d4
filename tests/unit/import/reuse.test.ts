import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { MANIFEST_FILE, SKIP_EDITED, importCatalogue, runImport } from '../../../src/import/importer';
import { formatImportReport } from '../../../src/import/report';

// A re-run takes an unchanged record's body from its file instead of converting it again (src/import/reuse.ts).

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'import');
const fixture = (name: string) => relative(process.cwd(), join(FIXTURES, name));
const JSONL_FIXTURES = [fixture('documents.jsonl'), fixture('interpretations.jsonl')];

const tempRoots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-import-reuse-'));
  tempRoots.push(root);
  return root;
}
afterAll(() => {
  for (const root of tempRoots) rmSync(root, { recursive: true, force: true });
});

/** Every file under content/ except the manifest, with its bytes, by path. */
function contentFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(root, 'content'), { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    if (entry.isFile() && relative(root, full) !== MANIFEST_FILE) files.set(relative(root, full), readFileSync(full, 'utf8'));
  }
  return files;
}

interface ManifestBodies {
  files: Record<string, string>;
  bodies: Record<string, { path: string; input: string; body: string }>;
}
const readManifest = (root: string) => JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as ManifestBodies;

/** The files of documents and interpretations a run wrote (the bodies the converter made). */
const bodyFiles = (root: string) => [...contentFiles(root).keys()].filter((p) => !p.startsWith('content/organizations/'));

describe('a re-run with nothing changed', () => {
  it('converts no body again, changes no byte and says so in the report', () => {
    const root = tempRoot();
    const first = runImport({ root, inputs: JSONL_FIXTURES });
    expect(first.ok).toBe(true);
    expect(first.reused).toBe(0);
    const written = bodyFiles(root);
    expect(written.length).toBeGreaterThan(3);
    // Every document and interpretation file has its record's hashes in the manifest.
    expect(Object.values(readManifest(root).bodies).map((b) => b.path).sort()).toEqual(written.sort());
    const before = contentFiles(root);

    const second = runImport({ root, inputs: JSONL_FIXTURES });
    expect(second.reused).toBe(written.length);
    expect(second.outcomes.every((o) => o.status === 'unchanged')).toBe(true);
    expect(contentFiles(root)).toEqual(before);
    expect(formatImportReport(second)).toContain(`${written.length} 条记录的正文与上次导入时相同`);
  });

  it('on threads (npm run import) as well', async () => {
    const root = tempRoot();
    await importCatalogue({ root, inputs: JSONL_FIXTURES, workers: 1 });
    const before = contentFiles(root);
    const second = await importCatalogue({ root, inputs: JSONL_FIXTURES, workers: 1 });
    expect(second.reused).toBe(bodyFiles(root).length);
    expect(contentFiles(root)).toEqual(before);
  });
});

describe('a body is converted again', () => {
  it('when an editor changed its file, which is then left as the editor wrote it', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const path = bodyFiles(root).find((p) => p.startsWith('content/documents/'))!;
    const edited = `${readFileSync(join(root, path), 'utf8')}\n编辑补充的一段。\n`;
    writeFileSync(join(root, path), edited);

    const again = runImport({ root, inputs: JSONL_FIXTURES });
    expect(again.reused).toBe(bodyFiles(root).length - 1);
    expect(again.outcomes.find((o) => o.path === path)).toMatchObject({ status: 'skipped', reason: SKIP_EDITED });
    expect(readFileSync(join(root, path), 'utf8')).toBe(edited);
  });

  it('when the body in the export changed: the file gets exactly what a first import of it would write', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    // The same export with one document's plain-text body changed (fx-2 has no HTML body).
    const lines = readFileSync(JSONL_FIXTURES[0]!, 'utf8').trim().split('\n');
    const changed = lines.map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record.id === 'fx-2') record.body = `${String(record.body)}\n新增的一段正文。`;
      return JSON.stringify(record);
    });
    const input = join(root, 'documents.jsonl');
    writeFileSync(input, `${changed.join('\n')}\n`);

    const again = runImport({ root, inputs: [input, JSONL_FIXTURES[1]!] });
    const updated = again.outcomes.filter((o) => o.status === 'updated');
    expect(updated).toHaveLength(1);
    expect(again.reused).toBe(bodyFiles(root).length - 1);
    expect(readFileSync(join(root, updated[0]!.path), 'utf8')).toContain('新增的一段正文。');

    const fresh = tempRoot();
    runImport({ root: fresh, inputs: [input, JSONL_FIXTURES[1]!] });
    expect(readFileSync(join(root, updated[0]!.path), 'utf8')).toBe(readFileSync(join(fresh, updated[0]!.path), 'utf8'));
  });

  it('when the manifest holds another input hash (as after a change of the converter), and nothing changes', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const before = contentFiles(root);
    const manifest = readManifest(root);
    const [key, entry] = Object.entries(manifest.bodies)[0]!;
    manifest.bodies[key] = { ...entry, input: '0'.repeat(64) };
    writeFileSync(join(root, MANIFEST_FILE), JSON.stringify(manifest));

    const again = runImport({ root, inputs: JSONL_FIXTURES });
    expect(again.reused).toBe(bodyFiles(root).length - 1);
    expect(contentFiles(root)).toEqual(before);
    // The re-converted record's hashes are recorded again: the next run reuses every body.
    expect(readManifest(root).bodies[key]!.input).toBe(entry.input);
    expect(runImport({ root, inputs: JSONL_FIXTURES }).reused).toBe(bodyFiles(root).length);
  });

  it('when the manifest records a body hash the file does not hold', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const manifest = readManifest(root);
    const [key, entry] = Object.entries(manifest.bodies)[0]!;
    manifest.bodies[key] = { ...entry, body: '0'.repeat(64) };
    writeFileSync(join(root, MANIFEST_FILE), JSON.stringify(manifest));
    const again = runImport({ root, inputs: JSONL_FIXTURES });
    expect(again.reused).toBe(bodyFiles(root).length - 1);
    expect(existsSync(join(root, entry.path))).toBe(true);
  });
});
