/**
 * `npm run import -- --template [文件夹]`: empty export templates an office can fill in, one per input format
 * (JSON Lines, CSV with Chinese headers, .xlsx with Chinese headers) and a column-mapping file, all with the
 * same columns the importer reads (COLUMN_ALIASES in read-input.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as csvStringify } from 'csv-stringify/sync';
import { writeFileAtomicSync } from '../lib/write-atomic';

/** The template's columns: Chinese header, record field, and what to write (shown in the mapping file). */
export const TEMPLATE_COLUMNS: readonly { header: string; field: string; note: string }[] = [
  { header: '编号', field: 'id', note: '每条记录唯一，重新导入时靠它认出已导入的条目' },
  { header: '类型', field: 'type', note: '原文件、解读 或 图解' },
  { header: '标题', field: 'title', note: '必填' },
  { header: '文号', field: 'doc_number', note: '如 国发〔2019〕5号，括号写法不限' },
  { header: '索引号', field: 'index_number', note: '如 000014349/2019-00007' },
  { header: '发文机关', field: 'issuer', note: '原文件的发文机关，解读的解读机关；联合发文用顿号分隔' },
  { header: '成文日期', field: 'written_date', note: 'YYYY-MM-DD' },
  { header: '发布日期', field: 'date', note: 'YYYY-MM-DD；原文件必填' },
  { header: '主题分类', field: 'topic', note: '如 科技、教育\\教育' },
  { header: '文种', field: 'kind', note: '如 规范性文件' },
  { header: '解读形式', field: 'interp_kind', note: '如 文字解读、图解、问答' },
  { header: '所解读文件', field: 'interprets', note: '解读所解读的原文件的编号，多个用 ; 分隔' },
  { header: '原文件标题', field: 'original_title', note: '原文件不在本导出中时：它的标题' },
  { header: '原文件文号', field: 'original_doc_number', note: '原文件不在本导出中时：它的文号' },
  { header: '原文件发文机关', field: 'original_issuer', note: '原文件不在本导出中时：它的发文机关' },
  { header: '原文件链接', field: 'original_url', note: '原文件不在本导出中时：它的网址' },
  { header: '正文', field: 'body', note: '纯文本，每段一行' },
  { header: '链接', field: 'url', note: '原网页地址；只有链接的解读写这一项即可' },
];

/** The kinds of record the 类型 column takes (offered as a drop-down list in the .xlsx template). */
export const TEMPLATE_TYPES = ['原文件', '解读', '图解'] as const;

/**
 * Writes the templates into `dir` (created when missing); returns the paths written. In the .xlsx template every
 * column is formatted as text, so that Excel keeps what is typed (编号 000123 is not turned into 123, nor 2024-1-8
 * into a date serial); each header carries its note (what to write) as a cell comment, and 类型 offers a drop-down.
 */
export async function writeTemplates(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const headers = TEMPLATE_COLUMNS.map((c) => c.header);
  const jsonl = join(dir, 'import-template.jsonl');
  writeFileAtomicSync(jsonl, `${JSON.stringify(Object.fromEntries(TEMPLATE_COLUMNS.map((c) => [c.field, null])))}\n`);
  const csv = join(dir, 'import-template.csv');
  // A BOM so that Excel opens the Chinese headers as UTF-8.
  writeFileAtomicSync(csv, `\ufeff${csvStringify([headers])}`);
  const mapping = join(dir, 'import-columns.yaml');
  writeFileAtomicSync(
    mapping,
    [
      '# 列名对照：导出文件的表头: 导入程序的字段。表头与下列不同时，改左边的表头，用 --columns 指定这个文件。',
      ...TEMPLATE_COLUMNS.map((c) => `${c.header}: ${c.field}  # ${c.note}`),
      '',
    ].join('\n'),
  );
  const xlsx = join(dir, 'import-template.xlsx');
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('目录', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(headers);
  sheet.getRow(1).font = { bold: true };
  TEMPLATE_COLUMNS.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    // '@' is Excel's text format: a value typed in the column stays the text that was typed.
    column.numFmt = '@';
    column.width = c.field === 'title' || c.field === 'body' ? 40 : 16;
    sheet.getRow(1).getCell(i + 1).note = c.note;
  });
  const typeColumn = sheet.getColumn(TEMPLATE_COLUMNS.findIndex((c) => c.field === 'type') + 1).letter;
  // exceljs keeps a range's validation in worksheet.dataValidations (its reader and writer use it; its typings list
  // only the per-cell one, which would write one entry per cell).
  const validations = (sheet as unknown as { dataValidations: { add(range: string, validation: import('exceljs').DataValidation): void } }).dataValidations;
  validations.add(`${typeColumn}2:${typeColumn}100000`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${TEMPLATE_TYPES.join(',')}"`],
    showErrorMessage: true,
    errorTitle: '类型',
    error: `类型只能是 ${TEMPLATE_TYPES.join('、')} 之一。`,
  });
  await workbook.xlsx.writeFile(xlsx);
  return [jsonl, csv, xlsx, mapping];
}
