/**
 * The rejects file: the records an import could not turn into content entries, in the input's own format,
 * each with its line, id and reason in Chinese, so an editor can correct them and import that file again.
 * `x.jsonl` gives `x.rejects.jsonl` (the record's fields after `_行`, `_id`, `_原因`; a line that was not JSON
 * is kept whole in `_原文`); `x.csv` and `x.xlsx` give `x.rejects.csv` (UTF-8 with a BOM, so Excel opens it;
 * columns `_行`, `_id`, `_原因`, then the input's own columns). The importer ignores fields starting with `_`.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Problem } from '../lib/problems';
import { writeFileAtomicSync } from '../lib/write-atomic';
import type { InputTable, RecordSource } from './read-input';
import { readRejectsHashes, textHash } from './write';

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
 * Where the rejects of an input go: beside it (or in `dir` when given), `.rejects` before the extension
 * (.xlsx gives .csv); the rejects of `x.rejects.csv` or `x.rejects-2.csv` go to `x.rejects.csv` again.
 */
export function rejectsPath(input: string, dir?: string): string {
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(input)!;
  const ext = (m[2] ?? '.jsonl').toLowerCase();
  // A rejects file imported again gives rejects of the same name, not x.rejects.rejects.csv (writeRejects never
  // overwrites one an editor corrected: that goes on to -2, -3 …).
  const stem = m[1]!.replace(/\.rejects(?:-\d+)?$/, '');
  const path = `${stem}.rejects${ext === '.xlsx' || ext === '.csv' ? '.csv' : ext}`;
  return dir === undefined ? path : join(dir, basename(path));
}

/** The text of one input's rejects file. */
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
  const header = (table.header ?? []).filter((h) => !['_行', '_id', '_原因'].includes(h));
  const rows = sorted.map((r) => {
    const cells = typeof r.original === 'string' ? {} : r.original;
    return [String(r.at.line), r.recordId ?? '', rejectReason(r), ...header.map((h) => String(cells[h] ?? ''))];
  });
  return `\ufeff${stringify([['_行', '_id', '_原因', ...header], ...rows])}`;
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
    const text = renderRejects(table, list);
    const usual = rejectsPath(table.file, dir);
    // The usual name when it is free, unchanged since the importer wrote it, or already this text; else -2, -3 …
    const usable = (path: string) => {
      if (!existsSync(path)) return true;
      const current = readFileSync(path, 'utf8');
      return current === text || last[keyOf(path)] === textHash(current);
    };
    let path = usual;
    for (let n = 2; !usable(path); n++) path = usual.replace(/\.rejects(\.[^.]+)$/, `.rejects-${n}$1`);
    if (path !== usual) renamed.push({ kept: usual, written: path });
    writeFileAtomicSync(path, text);
    hashes[keyOf(path)] = textHash(text);
    written.push(path);
  }
  return { paths: written, hashes };
}
