/**
 * Reading one export file into raw records, whatever its format: JSON Lines, CSV (UTF-8, UTF-8 with a BOM, or
 * GB18030/GBK as Excel saves it on a Chinese system; the encoding is detected and reported) and .xlsx (read
 * ahead of the import with exceljs, see loadWorkbook). Column headers may be Chinese (标题, 文号, 发文机关…):
 * they are mapped to the record fields by COLUMN_ALIASES and by an optional mapping file. Nothing is thrown:
 * a line that is not a record is kept, with its reason, for the rejects file.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../lib/problems';

/** Where a record was read: the input file as the user named it and the 1-based line it starts on. */
export interface RecordSource {
  /** Input file path as given on the command line. */
  file: string;
  /** 1-based line where the record starts (for .xlsx: the row number in the sheet). */
  line: number;
}

/** A record as read, before it is checked. */
export interface RawRecord {
  /** Where it was read. */
  at: RecordSource;
  /** Its fields by record field name (headers already mapped). */
  fields: Record<string, unknown>;
  /**
   * The row's cells by original header (CSV, .xlsx), for the rejects file; absent for JSON Lines, whose record is
   * `fields` itself (not kept twice: a 20,000-record export would hold every body twice).
   */
  original?: Record<string, string>;
  /** Reads the record's fields again from the input (JSON Lines), for a record whose body was dropped to save memory. */
  reload?: () => Record<string, unknown>;
}

/** A line of the input that is not a record at all (not JSON, not an object), with the reason. */
export interface UnreadableLine {
  at: RecordSource;
  /** The line as it was. */
  text: string;
  /** Why, in Chinese (file, line and fix included). */
  problem: Problem;
}

/** Format of an input file. */
export type InputFormat = 'jsonl' | 'csv' | 'xlsx';

/** Everything read from one input file. */
export interface InputTable {
  file: string;
  format: InputFormat;
  /** The encoding used to read a CSV file, as reported to the editor (UTF-8, UTF-8（带 BOM）, GB18030). */
  encoding?: string;
  /** The header row as written (CSV and .xlsx), for the rejects file. */
  header?: string[];
  /**
   * The input's own name of a record field where it is not the field's (编号 for id, 文号 for doc_number): the
   * first header (CSV, .xlsx) or key (JSON Lines) read as that field, so that messages use the editor's words.
   */
  names?: Record<string, string>;
  records: RawRecord[];
  unreadable: UnreadableLine[];
  /** Problems of the whole file (cannot be read, bad CSV, unknown columns). */
  problems: Problem[];
}

/**
 * Column headers of Chinese catalogue exports, mapped to record fields (the names of tests/fixtures/corpus).
 * The catalogue's own words (GB/T 21063 style 政府信息公开目录 fields and what CMS exports call them).
 */
export const COLUMN_ALIASES: Readonly<Record<string, string>> = {
  编号: 'id',
  记录编号: 'id',
  记录id: 'id',
  标识: 'id',
  类型: 'type',
  记录类型: 'type',
  类别: 'type',
  标题: 'title',
  名称: 'title',
  文件标题: 'title',
  文号: 'doc_number',
  发文字号: 'doc_number',
  索引号: 'index_number',
  发文机关: 'issuer',
  发布机构: 'issuer',
  发文单位: 'issuer',
  解读机关: 'issuer',
  成文日期: 'written_date',
  发布日期: 'date',
  发文日期: 'date',
  主题分类: 'topic',
  文种: 'kind',
  文件类型: 'kind',
  解读形式: 'interp_kind',
  解读类型: 'interp_kind',
  正文: 'body',
  内容: 'body',
  正文html: 'body_html',
  正文格式: 'body_format',
  链接: 'url',
  原文链接: 'url',
  网址: 'url',
  页面地址: 'url',
  所解读文件: 'interprets',
  解读对象: 'interprets',
  所解读的原文件: 'interprets',
  原文件编号: 'interprets',
  原文件标题: 'original_title',
  原文件文号: 'original_doc_number',
  原文件发文机关: 'original_issuer',
  原文件链接: 'original_url',
  来源: 'collection',
};

/** Record fields a column may map to (the corpus names and those the importer adds). */
export const RECORD_FIELDS = new Set([
  'id',
  'type',
  'collection',
  'kind',
  'title',
  'doc_number',
  'index_number',
  'issuer',
  'written_date',
  'date',
  'topic',
  'interp_kind',
  'body',
  'body_html',
  'body_format',
  'url',
  'interprets',
  'original_title',
  'original_doc_number',
  'original_issuer',
  'original_url',
]);

/**
 * Reads a column-mapping file: YAML or JSON, one `表头: 字段` pair a line (e.g. `文件名称: title`), field names
 * from RECORD_FIELDS. Problems name the file and the pair.
 */
export function readColumnMapping(path: string, problems: Problem[]): Record<string, string> {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push({
      severity: 'error',
      file: path,
      message: `列名对照文件无法读取（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）。`,
      fix: '每行写一个对照，形如 “文件名称: title”；运行 npm run import -- --template <文件夹> 可得到样例。',
    });
    return {};
  }
  const mapping: Record<string, string> = {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({ severity: 'error', file: path, message: '列名对照文件应为 “表头: 字段” 的列表。', fix: '每行写一个对照，形如 “文件名称: title”。' });
    return mapping;
  }
  for (const [header, field] of Object.entries(data)) {
    if (typeof field !== 'string' || !RECORD_FIELDS.has(field)) {
      problems.push({
        severity: 'error',
        file: path,
        field: header,
        message: `表头 “${header}” 对应的字段 ${JSON.stringify(field)} 不是导入程序认识的字段。`,
        fix: `改为以下之一：${[...RECORD_FIELDS].join('、')}。`,
      });
      continue;
    }
    mapping[header.trim()] = field;
  }
  return mapping;
}

/** The record field a column header stands for: the mapping file first, then the field name itself, then COLUMN_ALIASES. */
function fieldOfHeader(header: string, mapping: Readonly<Record<string, string>>): string | undefined {
  const h = header.trim();
  if (mapping[h]) return mapping[h];
  if (RECORD_FIELDS.has(h)) return h;
  return COLUMN_ALIASES[h.replace(/\s+/g, '').toLowerCase()] ?? COLUMN_ALIASES[h.replace(/\s+/g, '')];
}

/** Options for reading an input. */
export interface ReadOptions {
  /** Header → field pairs from a column-mapping file. */
  columns?: Readonly<Record<string, string>>;
  /** Rows of .xlsx inputs, read ahead by loadWorkbook (exceljs reads asynchronously), by input path. */
  workbooks?: ReadonlyMap<string, string[][]>;
}

/** Reads one input file; the format follows the extension (.csv, .xlsx, otherwise JSON Lines). */
export function readInput(path: string, options: ReadOptions = {}): InputTable {
  const mapping = options.columns ?? {};
  if (/\.xlsx$/i.test(path)) {
    const rows = options.workbooks?.get(path);
    const table: InputTable = { file: path, format: 'xlsx', records: [], unreadable: [], problems: [] };
    if (!rows) {
      table.problems.push({ severity: 'error', file: path, message: '无法读取这个 Excel 文件。', fix: '确认文件是 .xlsx 格式（不是旧的 .xls），用 Excel 另存为 .xlsx 后重试。' });
      return table;
    }
    return rowsToTable(table, rows, mapping);
  }
  if (!/\.csv$/i.test(path)) {
    const other = otherFileProblem(path);
    if (other) return { file: path, format: /\.(xls|et|ods|numbers)$/i.test(path) ? 'xlsx' : 'jsonl', records: [], unreadable: [], problems: [other] };
    try {
      return readJsonLines(path, mapping);
    } catch (error) {
      return unreadableFile(path, 'jsonl', error);
    }
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return unreadableFile(path, 'csv', error);
  }
  const { text, encoding } = decodeCsv(bytes);
  const table: InputTable = { file: path, format: 'csv', encoding, records: [], unreadable: [], problems: [] };
  return readCsv(table, text, mapping);
}

/** The first bytes of an old Office file (OLE2 compound document: .xls, .et, .doc) and of a zip (.xlsx, .ods, .numbers). */
const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The problem of an input that is neither JSON Lines nor CSV nor .xlsx, found by its name or first bytes before it
 * is read line by line as JSON Lines (which turned an old .xls into dozens of "不是有效的 JSON" rejects and a rejects
 * file of binary lines): old Excel and WPS workbooks (.xls, .et), OpenDocument and Numbers sheets, and an .xlsx saved
 * under another name. Undefined for anything else, which is read as JSON Lines.
 */
function otherFileProblem(path: string): Problem | undefined {
  const head = Buffer.alloc(8);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 8, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    // readJsonLines reports a file that cannot be opened, with its fix.
    return undefined;
  }
  const base = { severity: 'error' as const, file: path };
  const saveAs = '用 Excel 或 WPS 打开它，“另存为” Excel 工作簿（.xlsx）或 CSV（逗号分隔），再导入另存的文件。';
  const old = { ...base, message: '这是旧版 Excel（.xls）或 WPS 表格（.et）文件，导入程序读不了这种格式，文件未导入。', fix: saveAs };
  if (head.equals(OLE2_SIGNATURE)) return old;
  if (/\.(ods|numbers)$/i.test(path)) {
    return { ...base, message: '这是 OpenDocument 或 Numbers 表格文件，导入程序读不了这种格式，文件未导入。', fix: saveAs };
  }
  if (head.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    return {
      ...base,
      message: '这个文件是压缩格式（Excel 工作簿 .xlsx 就是这种格式），但文件名不以 .xlsx 结尾，所以没有按 Excel 读取，文件未导入。',
      fix: `如果它是 Excel 工作簿，把文件名改为以 .xlsx 结尾（例如 ${path.replace(/(\.[^./\\]*)?$/, '.xlsx')}）再导入；否则导出为 JSON Lines、CSV 或 .xlsx。`,
    };
  }
  if (/\.(xls|et)$/i.test(path)) return old;
  return undefined;
}

function unreadableFile(path: string, format: InputFormat, error: unknown): InputTable {
  return {
    file: path,
    format,
    records: [],
    unreadable: [],
    problems: [
      {
        severity: 'error',
        file: path,
        message: `无法读取输入文件（${(error as NodeJS.ErrnoException).code ?? String(error)}）。`,
        fix: '检查文件路径是否写对、文件是否存在。',
      },
    ],
  };
}

/**
 * A CSV file's text and the encoding it was read in: UTF-8 when it starts with a BOM or is valid UTF-8,
 * otherwise GB18030 (the superset of GBK and GB2312 that Excel on a Chinese system writes), decoded by the
 * WHATWG TextDecoder of Node's ICU. Valid UTF-8 is almost never also meaningful GB18030, so the first test decides.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8（带 BOM）' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

/**
 * Reads a JSON Lines file a megabyte at a time, line by line on the bytes, so that a large export is never in
 * memory as one string; each record knows where its line is (`reload`), so its body can be dropped after the check
 * and read again when its file is written. A byte-order mark at the start is not part of the first record.
 */
function readJsonLines(file: string, mapping: Readonly<Record<string, string>> = {}): InputTable {
  const table: InputTable = { file, format: 'jsonl', records: [], unreadable: [], problems: [] };
  for (const record of jsonLineRecords(table, openSync(file, 'r'), mapping)) table.records.push(record);
  return table;
}

/**
 * The records of a JSON Lines file one at a time, as they are read (see {@link readJsonLines}); lines that are not
 * records go to `table.unreadable` as they are met, and the unknown keys to `table.problems` at the end. Closes `fd`.
 */
function* jsonLineRecords(table: InputTable, fd: number, mapping: Readonly<Record<string, string>>): Generator<RawRecord, void> {
  const { file } = table;
  const keys = new KeyMapper(mapping);
  const chunk = Buffer.alloc(1 << 20);
  let pending: Buffer[] = [];
  let lineStart = 0;
  let position = 0;
  let lineNumber = 0;
  const handle = (bytes: Buffer, offset: number) => {
    const text = bytes.toString('utf8').replace(/\r$/, '');
    return readJsonLine(table, text, ++lineNumber, keys, () => keys.map(JSON.parse(readSlice(file, offset, bytes.length)) as Record<string, unknown>));
  };
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) {
        if (pending.length) {
          const record = handle(Buffer.concat(pending), lineStart);
          if (record) yield record;
        }
        break;
      }
      let from = 0;
      for (let i = chunk.indexOf(10); i !== -1 && i < n; i = chunk.indexOf(10, i + 1)) {
        const part = chunk.subarray(from, i);
        const record = handle(pending.length ? Buffer.concat([...pending, part]) : part, lineStart);
        pending = [];
        from = i + 1;
        lineStart = position + from;
        // The chunk is only read again after the loop, so a consumer may take its time with each record.
        if (record) yield record;
      }
      // The chunk is reused: the unfinished line is copied.
      if (from < n) pending.push(Buffer.from(chunk.subarray(from, n)));
      position += n;
    }
  } finally {
    closeSync(fd);
  }
  table.names = keys.names();
  const unknown = [...keys.unknown];
  if (unknown.length > 0) {
    table.problems.push({
      severity: 'warning',
      file,
      line: keys.firstLine,
      message: `记录中有 ${unknown.length} 个键导入程序不认识，这些键的内容没有导入：${unknown.map((k) => `“${k}”`).join('、')}。`,
      fix: `如这些键有要导入的内容，写一个列名对照文件（每行 “键: 字段”，字段如 title、doc_number、issuer、date、body、url），用 --columns <文件> 指定后重新导入。`,
    });
  }
}

/**
 * An input opened for reading record by record: `records` gives each record as it is read (a JSON Lines file is
 * read as they are taken, so a consumer can start on the first records before the last are read); the table gets
 * the unreadable lines and problems as reading goes and is complete once `records` is exhausted. `table.records`
 * stays empty for JSON Lines; for CSV and .xlsx (read whole, as {@link readInput} does) `records` is that array.
 */
export function openInput(path: string, options: ReadOptions = {}): { table: InputTable; records: Iterable<RawRecord> } {
  if (/\.(xlsx|csv)$/i.test(path) || otherFileProblem(path)) {
    const table = readInput(path, options);
    return { table, records: table.records };
  }
  const table: InputTable = { file: path, format: 'jsonl', records: [], unreadable: [], problems: [] };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { table: unreadableFile(path, 'jsonl', error), records: [] };
  }
  return { table, records: jsonLineRecords(table, fd, options.columns ?? {}) };
}

/**
 * Maps the keys of a JSON Lines record to record fields as CSV headers are (fieldOfHeader: --columns, the field
 * name, COLUMN_ALIASES such as 编号 and 标题), and collects the keys it does not know (those starting with `_`, the
 * rejects file's own, excepted). Unknown keys are kept in the record, so a rejects file still has them.
 */
class KeyMapper {
  readonly unknown = new Set<string>();
  /** The first line with an unknown key. */
  firstLine?: number;
  private readonly cache = new Map<string, string | undefined>();
  constructor(private readonly mapping: Readonly<Record<string, string>>) {}

  /** The first key read as each field where the key is not the field's name (see InputTable.names). */
  names(): Record<string, string> {
    const names: Record<string, string> = {};
    for (const [key, field] of this.cache) if (field !== undefined && field !== key && !(field in names)) names[field] = key;
    return names;
  }

  map(value: Record<string, unknown>, line?: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!this.cache.has(key)) this.cache.set(key, key.startsWith('_') ? key : fieldOfHeader(key, this.mapping));
      const field = this.cache.get(key);
      if (field === undefined) {
        if (!this.unknown.has(key) && line !== undefined) this.firstLine ??= line;
        if (line !== undefined) this.unknown.add(key);
        if (!(key in out)) out[key] = v;
        continue;
      }
      // The first non-empty value wins when two keys map to one field (as with CSV columns).
      if (!(field in out) || out[field] === null || out[field] === '') out[field] = v;
    }
    return out;
  }
}

/** The text of `length` bytes at `offset` of a file. */
function readSlice(file: string, offset: number, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(length);
    readSync(fd, bytes, 0, length, offset);
    return bytes.toString('utf8').replace(/^\ufeff/, '').replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}

function readJsonLine(table: InputTable, raw: string, line: number, keys: KeyMapper, reload: () => Record<string, unknown>): RawRecord | undefined {
  const lineText = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (lineText.trim() === '') return;
  const at = { file: table.file, line };
  let value: unknown;
  try {
    value = JSON.parse(lineText);
  } catch (error) {
    // The engine's message is English and varies between versions; editors get the column only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const near = position === undefined ? '' : `，约在第 ${Number(position) + 1} 个字符处`;
    table.unreadable.push({
      at,
      text: lineText,
      problem: {
        severity: 'error',
        ...at,
        message: `这一行不是有效的 JSON${near}。`,
        fix: 'JSON Lines 文件每行写一条完整的记录，形如 {"id": "…", "title": "…"}；检查引号、逗号和括号是否成对。',
      },
    });
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    table.unreadable.push({
      at,
      text: lineText,
      problem: { severity: 'error', ...at, message: '这一行不是一条记录（应为一个 JSON 对象 {…}）。', fix: '每行写一个以 { 开头、以 } 结尾的对象。' },
    });
    return;
  }
  // A record with every field empty (the JSON Lines template's line) is no record.
  if (Object.values(value).every((v) => v === null || v === '')) return;
  return { at, fields: keys.map(value as Record<string, unknown>, line), reload };
}

function readCsv(table: InputTable, text: string, mapping: Readonly<Record<string, string>>): InputTable {
  let rows: { record: string[]; info: { bytes: number } }[];
  const lines = new LineCounter(Buffer.from(text, 'utf8'));
  try {
    rows = parseCsv(text, { columns: false, info: true, skip_empty_lines: true, relax_quotes: false, relax_column_count: true }) as unknown as typeof rows;
  } catch (error) {
    table.problems.push(csvProblem(table, error as CsvError, lines));
    return table;
  }
  // csv-parse counts a CR LF inside a quoted value as two lines, so its info.lines drifts after such a cell: the line
  // a record starts on is counted here from the byte where the previous record ended (info.bytes).
  let end = 0;
  const located = rows.map((row) => {
    const line = lines.lineOfRecordAt(end);
    end = row.info.bytes;
    return { line, cells: row.record };
  });
  return withHeaderRow(table, located, mapping);
}

/** Line numbers of byte offsets in a CSV text (CR LF, LF or a lone CR each end one line), read forward only. */
class LineCounter {
  private position = 0;
  private line = 1;
  constructor(private readonly bytes: Buffer) {}

  /** The 1-based line of `offset` (not before an offset asked earlier). */
  lineAt(offset: number): number {
    const b = this.bytes;
    for (; this.position < offset && this.position < b.length; this.position++) {
      const c = b[this.position];
      if (c === 0x0a || (c === 0x0d && b[this.position + 1] !== 0x0a)) this.line++;
    }
    return this.line;
  }

  /** The line a record starting at `offset` begins on, past the empty lines csv-parse skips. */
  lineOfRecordAt(offset: number): number {
    let at = offset;
    while (this.bytes[at] === 0x0a || this.bytes[at] === 0x0d) at++;
    return this.lineAt(at);
  }
}

/** What csv-parse puts on the errors it throws (CsvError). */
interface CsvError extends Error {
  code?: string;
  bytes?: number;
  lines?: number;
  column?: number | string;
  header?: boolean;
}

/**
 * A CSV syntax error in the editors' words: the line (counted by LineCounter, since csv-parse's own count drifts
 * after a CR LF in a quoted value), what was found and the fix. csv-parse's English message is never shown.
 */
function csvProblem(table: InputTable, e: CsvError, lines: LineCounter): Problem {
  const line = e.bytes !== undefined ? lines.lineAt(e.bytes) : e.lines;
  const column = typeof e.column === 'number' ? `第 ${e.column + 1} 列` : '';
  const quoteFix = '值里要有英文双引号 " 时，把整个值用英文双引号括起来，并把值里的每个 " 写成两个 ""（例如 "关于""放管服""的意见"）；或把它改成中文引号 “”。';
  const base = { severity: 'error' as const, file: table.file, line };
  switch (e.code) {
    case 'INVALID_OPENING_QUOTE':
      return { ...base, message: `CSV 格式有误，文件未导入：第 ${line} 行${column}的值中间有英文双引号 "，而这个值没有用双引号括起来。`, fix: quoteFix };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { ...base, message: `CSV 格式有误，文件未导入：第 ${line} 行一个用双引号括起来的值，收尾的双引号后面还有别的字符（应紧跟逗号或换行）。`, fix: quoteFix };
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        ...base,
        message: `CSV 格式有误，文件未导入：有一个值以英文双引号开头却没有收尾的双引号，一直读到文件末尾（第 ${line} 行）。`,
        fix: `找到以 " 开头的那个值（在最后一条读对的记录之后），在值的末尾补上 "；${quoteFix}`,
      };
    default:
      return {
        ...base,
        message: `CSV 格式有误，文件未导入：第 ${line ?? '?'} 行无法按 CSV 读取（${e.code ?? '未知错误'}）。`,
        fix: '每行的值用英文逗号分隔；含逗号、引号或换行的值用英文双引号括起来，值里的双引号写成两个 ""。第一行是列名。',
      };
  }
}

function rowsToTable(table: InputTable, rows: string[][], mapping: Readonly<Record<string, string>>): InputTable {
  return withHeaderRow(
    table,
    rows.map((cells, index) => ({ line: index + 1, cells })),
    mapping,
  );
}

/** How many rows from the top of a sheet or CSV file the header row is looked for in. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Finds the header row and reads the rows below it (withHeader). Exports often open with a title row (示例市政府信息
 * 公开目录（导出时间：…）, merged across the columns) or a blank line: the header is the first of the top
 * HEADER_SEARCH_ROWS rows with at least two cells that name record fields (标题, 文号, id …); the rows above it are
 * skipped with a warning that quotes them. Without such a row, the first row is the header, as before.
 */
function withHeaderRow(table: InputTable, rows: { line: number; cells: string[] }[], mapping: Readonly<Record<string, string>>): InputTable {
  const filled = (row: { cells: string[] }) => row.cells.some((c) => c.trim() !== '');
  const names = (row: { cells: string[] }) => new Set(row.cells.map((c) => fieldOfHeader(c, mapping)).filter((f) => f !== undefined)).size;
  const found = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => names(row) >= 2);
  const at = found === -1 ? 0 : found;
  const head = rows[at];
  if (!head) return table;
  const above = rows.slice(0, at).filter(filled);
  if (above.length > 0) {
    const quoted = above.map((row) => `第 ${row.line} 行“${[...new Set(row.cells.map((c) => c.trim()).filter((c) => c !== ''))].join(' ').slice(0, 60)}”`);
    table.problems.push({
      severity: 'warning',
      file: table.file,
      line: above[0]!.line,
      message: `表头在第 ${head.line} 行；它上面的${quoted.join('、')}不是表头也不是记录，已跳过。`,
      fix: `无需处理。如果这些行其实是记录，把表头（第 ${head.line} 行）移到第一行后重新导入。`,
    });
  }
  return withHeader(table, head.cells, rows.slice(at + 1).filter(filled), mapping);
}

/** Turns header + rows into records with mapped field names; unknown headers are reported once, their values kept in the rejects only. */
function withHeader(
  table: InputTable,
  header: string[],
  rows: { line: number; cells: string[] }[],
  mapping: Readonly<Record<string, string>>,
): InputTable {
  table.header = header.map((h) => h.trim());
  const fields = table.header.map((h) => fieldOfHeader(h, mapping));
  table.header.forEach((h, i) => {
    const field = fields[i];
    if (field && h !== field && !(field in (table.names ??= {}))) table.names![field] = h;
  });
  const unknown = table.header.filter((h, i) => h !== '' && !h.startsWith('_') && fields[i] === undefined);
  if (unknown.length > 0) {
    table.problems.push({
      severity: 'warning',
      file: table.file,
      line: 1,
      message: `表头中有 ${unknown.length} 列导入程序不认识，这些列的内容没有导入：${unknown.map((h) => `“${h}”`).join('、')}。`,
      fix: `如这些列有要导入的内容，写一个列名对照文件（每行 “表头: 字段”，字段如 title、doc_number、issuer、date、body、url），用 --columns <文件> 指定后重新导入。`,
    });
  }
  for (const { line, cells } of rows) {
    const record: Record<string, unknown> = {};
    const original: Record<string, string> = {};
    table.header.forEach((h, i) => {
      const value = cells[i] ?? '';
      original[h] = value;
      const field = fields[i];
      if (field && !(field in record && record[field] !== null)) record[field] = value === '' ? null : value;
    });
    table.records.push({ at: { file: table.file, line }, fields: record, original });
  }
  return table;
}

/** Record fields that hold a web address: a hyperlink cell in their column gives its address, not its text. */
const ADDRESS_FIELDS = new Set(['url', 'original_url']);

/**
 * Reads the first worksheet of an .xlsx file into rows of cell texts (dates as YYYY-MM-DD, rich text and
 * formulas as their text), with exceljs. In a column whose header (mapped by `columns`, the field names and
 * COLUMN_ALIASES, as readInput maps it) is a web address (链接, 原文链接, 原文件链接…), a hyperlink cell gives its
 * address: catalogue exports show "查看原文" and link the page. Rejects when the file is not a readable workbook.
 */
export async function loadWorkbook(path: string, columns: Readonly<Record<string, string>> = {}): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  const width = sheet.columnCount;
  const addresses = new Set<number>();
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const value = row.getCell(c).value;
      const link = addresses.has(c) && typeof value === 'object' && value !== null ? (value as { hyperlink?: unknown }).hyperlink : undefined;
      cells.push(typeof link === 'string' && link !== '' ? link : cellText(value));
    }
    // The header row (the first, as rowsToTable reads it) says which columns are addresses.
    if (r === 1) {
      cells.forEach((h, i) => {
        const field = fieldOfHeader(h, columns);
        if (field !== undefined && ADDRESS_FIELDS.has(field)) addresses.add(i + 1);
      });
    }
    rows.push(cells);
  }
  return rows;
}

/**
 * A cell's text: dates as YYYY-MM-DD, rich text and formulas as their text, a hyperlink cell as its text (its address
 * in an address column, loadWorkbook). A formula error is its Excel error value (#REF!, which checkRecord rejects), as
 * is a date cell whose number is no date (exceljs gives an invalid Date: #VALUE!), never "[object Object]" nor a
 * thrown RangeError that made the whole workbook unreadable.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '#VALUE!' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; hyperlink?: string; error?: unknown };
    if (typeof v.error === 'string') return v.error;
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.hyperlink) return v.hyperlink;
  }
  return String(value);
}
