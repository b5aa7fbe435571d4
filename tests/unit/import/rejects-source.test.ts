// A record corrected in a rejects file and imported again is filed as coming from the export it was rejected from
// (importedFrom.source: export.csv, not export.rejects.csv), so that the next import of that export updates the
// same file instead of making a second one.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/import/importer';
import { exportName } from '../../../src/import/records';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const HEADER = '编号,标题,文号,发文机关,发布日期,正文';

describe('a record imported from a corrected rejects file', () => {
  it('keeps the name of the export it came from in importedFrom.source, and the export imported later updates the same file', () => {
    const root = mkdtempSync(join(tmpdir(), 'jiedu-rejects-source-'));
    roots.push(root);
    const input = join(root, 'export.csv');
    writeFileSync(input, `${HEADER}\na-1,示例市关于甲的通知,示府办〔2024〕1号,示例市人民政府办公厅,2024-13-45,甲的正文。\n`);
    const first = runImport({ root, inputs: [input] });
    expect(first.rejectsFiles).toEqual([join(root, 'export.rejects.csv')]);
    const rejects = first.rejectsFiles[0]!;
    writeFileSync(rejects, readFileSync(rejects, 'utf8').replace(',2024-13-45,', ',2024-01-05,'));

    const again = runImport({ root, inputs: [rejects] });
    expect(again.imported).toBe(1);
    const file = join(root, 'content', 'documents', 'shifuban-2024-1.md');
    expect(readFileSync(file, 'utf8')).toContain('importedFrom:\n  source: export.csv\n  id: a-1\n');

    // The office's next export, with the date corrected at the source and a changed body, updates that file.
    writeFileSync(input, `${HEADER}\na-1,示例市关于甲的通知,示府办〔2024〕1号,示例市人民政府办公厅,2024-01-05,甲的正文（修订）。\n`);
    const next = runImport({ root, inputs: [input] });
    expect(next.rejected).toEqual([]);
    expect(readdirSync(join(root, 'content', 'documents'))).toEqual(['shifuban-2024-1.md']);
    expect(readFileSync(file, 'utf8')).toContain('甲的正文（修订）。');
  });

  it('a rejects file under any of its names stands for its export; other names are kept as they are', () => {
    expect(['x.rejects.csv', 'dir/x.rejects-2.xlsx', 'x.rejects.jsonl', 'x.csv', 'fixed.jsonl', 'rejects.csv'].map(exportName)).toEqual([
      'x.csv',
      'x.xlsx',
      'x.jsonl',
      'x.csv',
      'fixed.jsonl',
      'rejects.csv',
    ]);
  });
});
