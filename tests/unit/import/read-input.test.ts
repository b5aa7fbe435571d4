// Reading an .xlsx export (loadWorkbook): what catalogue systems and Excel put in a cell comes in as the editor saw it.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runImport } from '../../../src/import/importer';
import { loadWorkbook } from '../../../src/import/read-input';

const temps: string[] = [];
function temp(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `jiedu-${name}-`));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

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
