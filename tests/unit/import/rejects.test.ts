// The rejects file of a table export is in the export's own format (issue 12): an .xlsx export's rejected rows go to
// <input>.rejects.xlsx, which an editor corrects in Excel and imports again with the same result as the CSV path.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { type ImportResult, runImport } from '../../../src/import/importer';
import { loadWorkbook } from '../../../src/import/read-input';
import { xlsxOfRows } from '../../../src/import/rejects';
import { MANIFEST_FILE } from '../../../src/import/write';
import { tempDirs } from '../../support/temp-dirs';

const temp = tempDirs();

/** Three corpus documents (tests/fixtures/corpus/documents.jsonl), first paragraph of the body only. */
const CORPUS = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'corpus', 'documents.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, string | null>);
const record = (id: string) => CORPUS.find((r) => r.id === id)!;
const row = (id: string, change: Partial<Record<'编号' | '标题' | '发布日期', string>> = {}) => {
  const r = record(id);
  const cells = { 编号: r.id!, 标题: r.title!, 文号: r.doc_number!, 发文机关: r.issuer!, 发布日期: r.date!, 正文: r.body!.split('\n')[0]!, ...change };
  return HEADER.map((h) => cells[h]);
};
const HEADER = ['编号', '标题', '文号', '发文机关', '发布日期', '正文'] as const;

/** The export: one good row, then one without a title, one with the date 2026-13-45 and one repeating that row's id (both rejected). */
const ROWS = [
  [...HEADER],
  row('govcn-5355837'),
  row('govcn-5350734', { 标题: '' }),
  row('govcn-5347465', { 发布日期: '2026-13-45' }),
  row('govcn-5343832', { 编号: 'govcn-5347465' }),
];

async function writeXlsx(path: string, rows: string[][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('目录');
  for (const r of rows) sheet.addRow(r);
  await workbook.xlsx.writeFile(path);
}

/** An editor's corrections, made in the sheet as Excel would: the title written, the date and the repeated id fixed. */
const FIXES: [line: number, header: string, value: string][] = [
  [3, '标题', record('govcn-5350734').title!],
  [4, '发布日期', '2018-12-10'],
  [5, '编号', 'govcn-5343832'],
];

/**
 * Every file under content/ but the manifest (it names the rejects files), with its text; the input's name
 * (importedFrom.source: export.rejects.xlsx) written as the CSV's.
 */
function content(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(root, 'content'), { recursive: true, withFileTypes: true })) {
    const path = relative(root, join(entry.parentPath, entry.name)).split('\\').join('/');
    if (entry.isFile() && path !== MANIFEST_FILE) files.set(path, readFileSync(join(entry.parentPath, entry.name), 'utf8').replaceAll('.xlsx', '.csv'));
  }
  return files;
}

describe('the rejects file of an .xlsx export', () => {
  let dir: string;
  let xlsx: string;
  let csv: string;
  let xlsxRoot: string;
  let csvRoot: string;
  let fromXlsx: ImportResult;
  let fromCsv: ImportResult;
  const importXlsx = async (root: string, input: string) => runImport({ root, inputs: [input], workbooks: new Map([[input, await loadWorkbook(input)]]) });

  beforeAll(async () => {
    dir = temp('xlsx-rejects');
    xlsx = join(dir, 'export.xlsx');
    csv = join(dir, 'export.csv');
    await writeXlsx(xlsx, ROWS);
    writeFileSync(csv, `\ufeff${ROWS.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n')}\r\n`);
    xlsxRoot = temp('xlsx-root');
    csvRoot = temp('csv-root');
    fromXlsx = await importXlsx(xlsxRoot, xlsx);
    fromCsv = runImport({ root: csvRoot, inputs: [csv] });
  });

  it('goes to <input>.rejects.xlsx, with the same rows as the CSV path: 行, id, 原因 and every cell as it was', async () => {
    expect(fromXlsx.rejectsFiles).toEqual([join(dir, 'export.rejects.xlsx')]);
    expect(fromCsv.rejectsFiles).toEqual([join(dir, 'export.rejects.csv')]);
    const rows = await loadWorkbook(join(dir, 'export.rejects.xlsx'));
    const csvRows = parseCsv(readFileSync(join(dir, 'export.rejects.csv'), 'utf8').replace(/^\ufeff/, '')) as string[][];
    // The same rows; a reason that names another record names it in its own export (export.xlsx:2, export.csv:2).
    expect(rows.map((r) => r.map((c) => c.replaceAll('export.xlsx', 'export.csv')))).toEqual(csvRows);
    expect(rows[0]).toEqual(['_行', '_id', '_原因', ...HEADER]);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([['_行', '_id'], ['3', 'govcn-5350734'], ['4', 'govcn-5347465'], ['5', 'govcn-5347465']]);
    expect(rows.slice(1).map((r) => r.slice(3))).toEqual(ROWS.slice(2));
    // Each reason is Chinese and names the field by the export's own header.
    expect(rows[1]![2]).toMatch(/^标题（title）：|^标题：/);
    expect(rows[2]![2]).toContain('2026-13-45');
    expect(rows[2]![2]).toContain('记录编号 "govcn-5347465" 与第 5 行');
    expect(rows[3]![2]).toContain('记录编号 "govcn-5347465" 与第 4 行');
  });

  it('corrected in the sheet and imported again, brings in the same entries as the CSV path corrected the same way', async () => {
    const rejectsXlsx = join(dir, 'export.rejects.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(rejectsXlsx);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rejectsCsv = join(dir, 'export.rejects.csv');
    const csvRows = parseCsv(readFileSync(rejectsCsv, 'utf8').replace(/^\ufeff/, '')) as string[][];
    for (const [line, name, value] of FIXES) {
      // Column 1 is _行, the record's line in the export.
      const sheetRow = sheet.getColumn(1).values.findIndex((v) => String(v) === String(line));
      sheet.getRow(sheetRow).getCell(header.indexOf(name) + 1).value = value;
      csvRows.find((r) => r[0] === String(line))![csvRows[0]!.indexOf(name)] = value;
    }
    await workbook.xlsx.writeFile(rejectsXlsx);
    writeFileSync(rejectsCsv, `\ufeff${csvRows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n')}\n`);

    const againXlsx = await importXlsx(xlsxRoot, rejectsXlsx);
    const againCsv = runImport({ root: csvRoot, inputs: [rejectsCsv] });
    expect([againXlsx.imported, againXlsx.rejected.length]).toEqual([3, 0]);
    expect([againCsv.imported, againCsv.rejected.length]).toEqual([3, 0]);
    const entries = content(xlsxRoot);
    expect([...entries.keys()].filter((p) => p.startsWith('content/documents/'))).toHaveLength(4);
    expect(entries).toEqual(content(csvRoot));
  });
});

describe('a second run and an editor-changed .xlsx rejects file', () => {
  it('the same import again leaves the rejects workbook as it was (same bytes, not rewritten)', async () => {
    const dir = temp('xlsx-again');
    const input = join(dir, 'export.xlsx');
    await writeXlsx(input, ROWS);
    const root = temp('xlsx-again-root');
    const workbooks = new Map([[input, await loadWorkbook(input)]]);
    runImport({ root, inputs: [input], workbooks });
    const rejects = join(dir, 'export.rejects.xlsx');
    const before = { bytes: readFileSync(rejects), mtime: statSync(rejects).mtimeMs };
    const again = runImport({ root, inputs: [input], workbooks });
    expect(again.rejectsFiles).toEqual([rejects]);
    expect(again.rejectsRenamed).toEqual([]);
    expect(readFileSync(rejects).equals(before.bytes)).toBe(true);
    expect(statSync(rejects).mtimeMs).toBe(before.mtime);
  });

  it('one an editor changed is never overwritten: this run writes <input>.rejects-2.xlsx and says so', async () => {
    const dir = temp('xlsx-kept');
    const input = join(dir, 'export.xlsx');
    await writeXlsx(input, ROWS);
    const root = temp('xlsx-kept-root');
    const workbooks = new Map([[input, await loadWorkbook(input)]]);
    runImport({ root, inputs: [input], workbooks });
    const rejects = join(dir, 'export.rejects.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(rejects);
    workbook.worksheets[0]!.getCell('E2').value = '编辑补写的标题';
    await workbook.xlsx.writeFile(rejects);
    const edited = readFileSync(rejects);

    const again = runImport({ root, inputs: [input], workbooks });
    expect(readFileSync(rejects).equals(edited)).toBe(true);
    expect(again.rejectsRenamed).toEqual([{ kept: rejects, written: join(dir, 'export.rejects-2.xlsx') }]);
    expect((await loadWorkbook(join(dir, 'export.rejects-2.xlsx'))).map((r) => r[1])).toEqual(['_id', 'govcn-5350734', 'govcn-5347465', 'govcn-5347465']);
  });
});

describe('a rejects workbook keeps each cell as it was read', () => {
  it('a CR LF inside a cell, control characters and text that looks like an Excel escape (_x0041_) come back unchanged', async () => {
    const path = join(temp('xlsx-cells'), 'cells.xlsx');
    // As exceljs reads an Excel cell with CR LF (Excel stores it as _x000D_ and a line end), and a title with BEL.
    const rows = [
      ['编号', '标题', '正文'],
      ['x-1', '示例市\x07关于_x0041_的通知\x7F', '第一段\r\n第二段\r\n\t第三段\x0B'],
    ];
    writeFileSync(path, xlsxOfRows(rows));
    expect(await loadWorkbook(path)).toEqual(rows);
  });
});
