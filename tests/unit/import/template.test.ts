// The .xlsx template an office fills in by hand (npm run import -- --template): Excel must keep what is typed.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { TEMPLATE_COLUMNS, writeTemplates } from '../../../src/import/template';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function template(): Promise<ExcelJS.Worksheet> {
  const dir = mkdtempSync(join(tmpdir(), 'jiedu-template-'));
  temps.push(dir);
  const written = await writeTemplates(dir);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(written.find((p) => p.endsWith('.xlsx'))!);
  return workbook.worksheets[0]!;
}

describe('the .xlsx import template', () => {
  it('formats every column as text, so Excel keeps 编号 000123 and 2024-1-8 as typed', async () => {
    const sheet = await template();
    expect(TEMPLATE_COLUMNS.map((_, i) => sheet.getColumn(i + 1).numFmt)).toEqual(TEMPLATE_COLUMNS.map(() => '@'));
  });

  it('tells what to write in each column as a note on its header', async () => {
    const sheet = await template();
    const notes = TEMPLATE_COLUMNS.map((_, i) => {
      const note = sheet.getRow(1).getCell(i + 1).note;
      return typeof note === 'string' ? note : note?.texts?.map((t) => t.text).join('');
    });
    expect(notes).toEqual(TEMPLATE_COLUMNS.map((c) => c.note));
  });

  it('offers 原文件, 解读 and 图解 as the only values of 类型', async () => {
    const sheet = await template();
    const column = sheet.getColumn(TEMPLATE_COLUMNS.findIndex((c) => c.header === '类型') + 1).letter;
    expect(sheet.getCell(`${column}2`).dataValidation).toMatchObject({ type: 'list', formulae: ['"原文件,解读,图解"'] });
    expect(sheet.getCell(`${column}5000`).dataValidation).toMatchObject({ type: 'list' });
  });
});
