/**
 * The rejects file: the records an import could not turn into content entries, in the input's own format,
 * each with its line, id and reason in Chinese, so an editor can correct them and import that file again.
 * `x.jsonl` gives `x.rejects.jsonl` (the record's fields after `_行`, `_id`, `_原因`; a line that was not JSON
 * is kept whole in `_原文`); `x.csv` gives `x.rejects.csv` (UTF-8 with a BOM, so Excel opens it) and `x.xlsx` gives
 * `x.rejects.xlsx` (one sheet, every cell text), both with the columns `_行`, `_id`, `_原因`, then the input's own
 * columns with each cell as it was read. The importer ignores fields starting with `_`, so a corrected rejects file
 * imports like the input it came from.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve, sep } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Problem } from '../lib/problems';
import { writeFileAtomicSync } from '../lib/write-atomic';
import type { InputTable, RecordSource } from './read-input';
import { readRejectsHashes } from './write';

/** A record that was not imported, and why. */
export interface RejectedRecord {
  /** The input it came from. */
  table: InputTable;
  /** File and line. */
  at: RecordSource;
  /** The record as written: a line that was not JSON, the record's fields (JSON Lines), or the row's cells by header. */
  original: string | Record<string, unknown>;
  /** Its id as written, when it has one. */
  recordId?: string;
  /** Why, as problems (message and fix in Chinese). */
  reasons: Problem[];
}

/** The reason of a rejected record in one line of Chinese: field, what is wrong, the fix. */
export function rejectReason(record: RejectedRecord): string {
  return record.reasons.map((p) => `${p.label ? `${p.label}（${p.field}）：` : p.field ? `${p.field}：` : ''}${p.message}${p.fix}`).join('；');
}

/**
 * Where the rejects of an input go: beside it (or in `dir` when given), `.rejects` before the extension, in the
 * input's format (x.xlsx gives x.rejects.xlsx); the rejects of `x.rejects.csv` or `x.rejects-2.csv` go to
 * `x.rejects.csv` again.
 */
export function rejectsPath(input: string, dir?: string): string {
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(input)!;
  const ext = (m[2] ?? '.jsonl').toLowerCase();
  // A rejects file imported again gives rejects of the same name, not x.rejects.rejects.csv (writeRejects never
  // overwrites one an editor corrected: that goes on to -2, -3 …).
  const stem = m[1]!.replace(/\.rejects(?:-\d+)?$/, '');
  const path = `${stem}.rejects${ext}`;
  return dir === undefined ? path : join(dir, basename(path));
}

/**
 * The bytes of one input's rejects file: JSON Lines or CSV text (renderRejects), or for an .xlsx input a workbook
 * of rejectsRows written by exceljs (xlsxOfRows).
 */
export function renderRejectsFile(table: InputTable, records: RejectedRecord[]): Buffer {
  if (table.format === 'xlsx') return xlsxOfRows(rejectsRows(table, records));
  return Buffer.from(renderRejects(table, records), 'utf8');
}

/**
 * The rows of a table input's rejects file (CSV, .xlsx): the header `_行`, `_id`, `_原因` and the input's own
 * columns, then one row per record in line order with each cell as it was read (a line that could not be read as a
 * record has empty cells).
 */
export function rejectsRows(table: InputTable, records: RejectedRecord[]): string[][] {
  const sorted = [...records].sort((a, b) => a.at.line - b.at.line);
  const header = (table.header ?? []).filter((h) => !['_行', '_id', '_原因'].includes(h));
  const rows = sorted.map((r) => {
    const cells = typeof r.original === 'string' ? {} : r.original;
    return [String(r.at.line), r.recordId ?? '', rejectReason(r), ...header.map((h) => String(cells[h] ?? ''))];
  });
  return [['_行', '_id', '_原因', ...header], ...rows];
}

/** The text of one JSON Lines or CSV input's rejects file (an .xlsx input's is binary: renderRejectsFile). */
export function renderRejects(table: InputTable, records: RejectedRecord[]): string {
  const sorted = [...records].sort((a, b) => a.at.line - b.at.line);
  if (table.format === 'jsonl') {
    return sorted
      .map((r) => {
        const head = { _行: r.at.line, _id: r.recordId ?? null, _原因: rejectReason(r) };
        // A line that was not JSON is kept whole; a record's fields as they were read.
        const fields = typeof r.original === 'string' ? { _原文: r.original } : r.original;
        // The head first, so the reason is what an editor sees at the start of the line.
        const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !['_行', '_id', '_原因'].includes(k)));
        return JSON.stringify({ ...head, ...rest });
      })
      .map((line) => `${line}\n`)
      .join('');
  }
  return `\ufeff${stringify(rejectsRows(table, records))}`;
}

/** The time written into a rejects workbook (its properties and zip entries), so that the same rows give the same bytes. */
const XLSX_TIME = '2000-01-01T00:00:00Z';

/**
 * Writes rows of cell texts into an .xlsx workbook (one sheet 拒收记录, every cell a text, the header row bold and
 * frozen) with exceljs, and returns its bytes. exceljs writes only asynchronously and the import writes its files
 * synchronously, so a child Node process does the writing (about a third of a second; only a run with rejected
 * .xlsx rows pays it). The workbook's dates and the zip entries' times are fixed (and no folder entries, which JSZip dates now), so the same rows always give the
 * same bytes and a second run of the same import changes nothing. Each cell is written as cellToXlsxText says, so
 * that exceljs (loadWorkbook) and Excel read back exactly the text read from the input. Throws when the child fails.
 */
export function xlsxOfRows(rows: string[][]): Buffer {
  const require = createRequire(import.meta.url);
  const exceljs = require.resolve('exceljs');
  const jszip = require.resolve('jszip', { paths: [exceljs] });
  const program = `
const ExcelJS = require(${JSON.stringify(exceljs)});
const JSZip = require(${JSON.stringify(jszip)});
const time = new Date(${JSON.stringify(XLSX_TIME)});
const file = JSZip.prototype.file;
JSZip.prototype.file = function (name, data, options) {
  return arguments.length < 2 ? file.apply(this, arguments) : file.call(this, name, data, { ...options, date: time, createFolders: false });
};
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const rows = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = workbook.lastModifiedBy = 'npm run import';
  workbook.created = workbook.modified = time;
  const sheet = workbook.addWorksheet('拒收记录', { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(3).width = 60;
  sheet.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  process.stdout.write(Buffer.from(await workbook.xlsx.writeBuffer()));
});`;
  return execFileSync(process.execPath, ['-e', program], {
    input: JSON.stringify(rows.map((row) => row.map(cellToXlsxText))),
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 2 ** 31 - 1,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * A cell's text in the escapes of an .xlsx string (ST_Xstring, ECMA-376 Part 1 §22.9.2.19), which Excel and exceljs
 * decode when they read it: a carriage return (XML would read it as a line end only) and the control characters XML
 * cannot hold (exceljs would drop them) become `_x000D_`, `_x0007_` …; text that already looks like such an escape
 * (`_x0041_`) gets its underscore escaped (`_x005F_x0041_`), so that it is not read as "A".
 */
export function cellToXlsxText(text: string): string {
  return text
    .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_')
    .replace(/[\x00-\x08\x0B\x0C\x0D\x0E-\x1F\x7F]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

function bytesHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A rejects file written under another name because the usual one held an editor's changes. */
export interface RejectsRenamed {
  /** The file left as it was (it differs from what the importer last wrote there). */
  kept: string;
  /** Where this run's rejects went instead. */
  written: string;
}

/**
 * Writes one rejects file per input that had rejected records (atomically, beside the input or in `dir`); returns
 * their paths and hashes (by path relative to `root`, for the manifest: writePlanned records them). A rejects file whose bytes differ from what the importer last wrote there (its hash is kept in the
 * manifest under `rejects`) holds an editor's corrections, or is not the importer's at all: it is never overwritten,
 * and this run's rejects go to `x.rejects-2.csv` (the first name free or the importer's own), listed in `renamed`.
 */
export function writeRejects(
  records: RejectedRecord[],
  dir: string | undefined,
  root: string,
  renamed: RejectsRenamed[] = [],
): { paths: string[]; hashes: Record<string, string> } {
  const byTable = new Map<InputTable, RejectedRecord[]>();
  for (const r of records) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  const written: string[] = [];
  const hashes: Record<string, string> = {};
  if (byTable.size === 0) return { paths: written, hashes };
  if (dir !== undefined) mkdirSync(dir, { recursive: true });
  const last = readRejectsHashes(root);
  const keyOf = (path: string) => relative(root, resolve(path)).split(sep).join('/');
  for (const [table, list] of byTable) {
    const bytes = renderRejectsFile(table, list);
    const usual = rejectsPath(table.file, dir);
    // The usual name when it is free, unchanged since the importer wrote it, or already these bytes; else -2, -3 …
    const usable = (path: string) => {
      if (!existsSync(path)) return true;
      const current = readFileSync(path);
      return current.equals(bytes) || last[keyOf(path)] === bytesHash(current);
    };
    let path = usual;
    for (let n = 2; !usable(path); n++) path = usual.replace(/\.rejects(\.[^.]+)$/, `.rejects-${n}$1`);
    if (path !== usual) renamed.push({ kept: usual, written: path });
    // A second run of the same import leaves the file alone (same bytes): it changes nothing.
    if (!existsSync(path) || !readFileSync(path).equals(bytes)) writeFileAtomicSync(path, bytes);
    hashes[keyOf(path)] = bytesHash(bytes);
    written.push(path);
  }
  return { paths: written, hashes };
}
