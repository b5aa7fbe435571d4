// Reading an .xlsx export (loadWorkbook): what catalogue systems and Excel put in a cell comes in as the editor saw it.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runImport } from '../../../src/import/importer';
import { readInput } from '../../../src/import/read-input';
import { loadWorkbook } from '../../../src/import/read-input';
import { tempDirs } from '../../support/temp-dirs';

const temp = tempDirs();

const PAGE = 'http://www.gov.cn/zhengce/content/2019-01/08/content_5355837.htm';

async function workbook(header: string[], row: unknown[]): Promise<string> {
  const path = join(temp('xlsx-links'), 'export.xlsx');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('目录');
  sheet.addRow(header);
  sheet.addRow(row);
  await book.xlsx.writeFile(path);
  return path;
}

describe('hyperlink cells of an .xlsx export', () => {
  it('in an address column (原文链接) give the address the cell links to, not its text (查看原文); elsewhere their text', async () => {
    const path = await workbook(
      ['编号', '标题', '发文机关', '发布日期', '原文链接'],
      ['x-1', { text: '国务院办公厅关于推广第二批支持创新相关改革举措的通知', hyperlink: PAGE }, '国务院办公厅', '2019-01-08', { text: '查看原文', hyperlink: PAGE }],
    );
    const rows = await loadWorkbook(path);
    expect(rows[1]).toEqual(['x-1', '国务院办公厅关于推广第二批支持创新相关改革举措的通知', '国务院办公厅', '2019-01-08', PAGE]);
    const result = runImport({ root: temp('xlsx-links-root'), inputs: [path], workbooks: new Map([[path, rows]]) });
    expect([result.imported, result.rejected.length]).toEqual([1, 0]);
  });

  it('in a column the mapping file (--columns) maps to an address field', async () => {
    const path = await workbook(['编号', '标题', '网页'], ['x-2', '示例', { text: '点击打开', hyperlink: PAGE }]);
    expect((await loadWorkbook(path, { 网页: 'url' }))[1]).toEqual(['x-2', '示例', PAGE]);
    expect((await loadWorkbook(path))[1]).toEqual(['x-2', '示例', '点击打开']);
  });
});

describe('a spreadsheet the importer cannot read', () => {
  it('an old Excel .xls is refused as a whole, in Chinese, with the fix (save as .xlsx or CSV), not read as lines of JSON', () => {
    const dir = temp('xls');
    const path = join(dir, '目录导出.xls');
    // The first bytes of every OLE2 file (.xls, .et), then binary.
    writeFileSync(path, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.from('\x00\x01binary\nstuff\n')]));
    const result = runImport({ root: temp('xls-root'), inputs: [path] });
    expect(result.rejected).toEqual([]);
    expect(result.problems).toEqual([
      {
        severity: 'error',
        file: path,
        message: '这是旧版 Excel（.xls）或 WPS 表格（.et）文件，导入程序读不了这种格式，文件未导入。',
        fix: '用 Excel 或 WPS 打开它，“另存为” Excel 工作簿（.xlsx）或 CSV（逗号分隔），再导入另存的文件。',
      },
    ]);
    expect(readdirSync(dir)).toEqual(['目录导出.xls']);
  });

  it('an .xlsx saved under another name is refused with the name to give it', async () => {
    const xlsx = await workbook(['编号', '标题'], ['x-3', '示例']);
    const path = join(temp('renamed'), 'export.xls');
    copyFileSync(xlsx, path);
    const result = runImport({ root: temp('renamed-root'), inputs: [path] });
    expect(result.rejected).toEqual([]);
    expect(result.problems.map((p) => [p.severity, p.file, p.fix])).toEqual([
      ['error', path, `如果它是 Excel 工作簿，把文件名改为以 .xlsx 结尾（例如 ${path.replace(/\.xls$/, '.xlsx')}）再导入；否则导出为 JSON Lines、CSV 或 .xlsx。`],
    ]);
    expect(existsSync(path.replace(/\.xls$/, '.rejects.xls'))).toBe(false);
  });
});

describe('an export that opens with a title row above the header', () => {
  const TITLE = '示例市政府信息公开目录（导出时间：2024-05-01）';
  const HEADER = ['编号', '标题', '文号', '发文机关', '发布日期'];
  const RECORD = ['t-1', '国务院办公厅关于推广第二批支持创新相关改革举措的通知', '国办发〔2018〕126号', '国务院办公厅', '2019-01-08'];
  const WARNING = {
    severity: 'warning',
    line: 1,
    message: `表头在第 2 行；它上面的第 1 行“${TITLE}”不是表头也不是记录，已跳过。`,
    fix: '无需处理。如果这些行其实是记录，把表头（第 2 行）移到第一行后重新导入。',
  };

  it('in .xlsx (the title merged across the columns) reads the header below it, keeps each record\'s line, and says so', async () => {
    const path = join(temp('title-xlsx'), 'export.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('目录');
    sheet.addRow([TITLE]);
    sheet.mergeCells('A1:E1');
    sheet.addRow(HEADER);
    sheet.addRow(RECORD);
    await book.xlsx.writeFile(path);
    const table = readInput(path, { workbooks: new Map([[path, await loadWorkbook(path)]]) });
    expect(table.header).toEqual(HEADER);
    expect(table.records.map((r) => [r.at.line, r.fields.id, r.fields.title])).toEqual([[3, 't-1', RECORD[1]]]);
    expect(table.problems).toEqual([{ ...WARNING, file: path }]);
  });

  it('in CSV reads the header below it the same way', () => {
    const path = join(temp('title-csv'), 'export.csv');
    writeFileSync(path, `${TITLE},,,,\r\n${HEADER.join(',')}\r\n${RECORD.join(',')}\r\n`);
    const table = readInput(path);
    expect(table.header).toEqual(HEADER);
    expect(table.records.map((r) => [r.at.line, r.fields.id, r.fields.doc_number])).toEqual([[3, 't-1', RECORD[2]]]);
    expect(table.problems).toEqual([{ ...WARNING, file: path }]);
  });
});

describe('Excel error values and invalid dates (tester findings 2026-11-30)', () => {
  it('a formula error cell rejects its record, naming the value, where it was published as "[object Object]"; an invalid date cell rejects only its record', async () => {
    const path = join(temp('xlsx-errors'), 'export.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('目录');
    sheet.addRow(['编号', '标题', '发文机关', '发布日期', '正文']);
    sheet.addRow(['e-1', '示例市关于好记录的通知', '示例市人民政府', '2019-01-08', '这是正文。']);
    sheet.addRow(['e-2', '示例市关于错误单元格的通知', '示例市人民政府', '2019-01-08', { error: '#REF!' }]);
    sheet.addRow(['e-3', '示例市关于无效日期的通知', '示例市人民政府', new Date(Number.NaN), '这是正文。']);
    await book.xlsx.writeFile(path);
    const rows = await loadWorkbook(path);
    expect(rows[2]?.[4]).toBe('#REF!');
    expect(rows[3]?.[3]).toBe('#VALUE!');
    const result = runImport({ root: temp('xlsx-errors-root'), inputs: [path], workbooks: new Map([[path, rows]]) });
    expect(result.imported).toBe(1);
    expect(result.rejected.map((r) => r.reasons.map((p) => p.message).join(' '))).toEqual([
      expect.stringContaining('Excel 的错误值 #REF!'),
      expect.stringContaining('Excel 的错误值 #VALUE!'),
    ]);
  });

  it('a CSV saved by Excel with an error value in a cell rejects that record too', () => {
    const dir = temp('csv-errors');
    const path = join(dir, 'export.csv');
    writeFileSync(path, '编号,标题,发文机关,发布日期,正文\nc-1,示例市关于好记录的通知,示例市人民政府,2019-01-08,正文。\nc-2,示例市关于坏记录的通知,示例市人民政府,2019-01-08,#N/A\n');
    const result = runImport({ root: temp('csv-errors-root'), inputs: [path] });
    expect(result.imported).toBe(1);
    expect(result.rejected.map((r) => r.reasons.map((p) => p.message).join(' '))).toEqual([expect.stringContaining('#N/A')]);
  });
});
