/**
 * Reading a catalogue export (JSON Lines or CSV, in the shape of tests/fixtures/corpus/*.jsonl) into checked
 * records. Every problem names the input file and line; nothing is thrown at the first one.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { normalizeDocNumber } from '../lib/doc-number';
import type { Problem } from '../lib/problems';

/** Where a record was read: the input file as the user named it and the 1-based line it starts on. */
export interface RecordSource {
  /** Input file path as given on the command line. */
  file: string;
  /** 1-based line where the record starts. */
  line: number;
}

/** A record as read, before it is checked. */
export interface RawRecord {
  /** Where it was read. */
  at: RecordSource;
  /** Its fields by name. */
  fields: Record<string, unknown>;
}

/** The text of a record's body in the forms the export may carry. */
export interface BodySource {
  /** HTML as found on the page (body_html with an html body_format). */
  html?: string;
  /** Markdown as found (body_format starting with "markdown"). */
  markdown?: string;
  /** Plain text (body): tags dropped, wording untouched; the reference for fidelity. */
  text?: string;
}

/** Fields both kinds of record share. */
interface RecordBase {
  /** Where it was read. */
  at: RecordSource;
  /** importedFrom.source: the record's collection, or the input file name. */
  source: string;
  /** importedFrom.id: the record's id in the export. */
  recordId: string;
  /** Title (标题). */
  title: string;
  /** Address of the original page. */
  sourceUrl?: string;
  /** Body text. */
  body: BodySource;
}

/** An original document (原文件) record. */
export interface DocumentRecord extends RecordBase {
  type: 'document';
  /** 文号 with standard brackets. */
  docNumber?: string;
  /** 索引号. */
  indexNumber?: string;
  /** Kind as the catalogue names it (国务院文件, 法律, 规范性文件). */
  kind?: string;
  /** Issuer names, lead issuer first (a joint issuer 甲、乙 split on 、). */
  issuers: string[];
  /** 成文日期, YYYY-MM-DD. */
  writtenAt?: string;
  /** 发布日期, YYYY-MM-DD. */
  publishedAt: string;
  /** 主题分类. */
  topic?: string;
}

/** An interpretation (解读) record. */
export interface InterpretationRecord extends RecordBase {
  type: 'interpretation';
  /** Kind of interpretation as the export names it (interp_kind), e.g. 司法解释, 政策问答(热点问答). */
  interpKind?: string;
  /** Record ids (in the export) of the documents it interprets, in order. */
  documentRecordIds: string[];
  /** Interpreting offices, lead first. */
  offices: string[];
  /** 发布日期, YYYY-MM-DD; absent when the source gives none. */
  publishedAt?: string;
}

export type ImportRecord = DocumentRecord | InterpretationRecord;

/** Reads one input file into raw records; the format follows the extension (.csv, otherwise JSON Lines). */
export function readInputFile(path: string, problems: Problem[]): RawRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push({
      severity: 'error',
      file: path,
      message: `无法读取输入文件（${(error as NodeJS.ErrnoException).code ?? String(error)}）。`,
      fix: '检查文件路径是否写对、文件是否存在。',
    });
    return [];
  }
  // A byte-order mark from spreadsheet exports is not part of the first field.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return /\.csv$/i.test(path) ? readCsv(path, text, problems) : readJsonLines(path, text, problems);
}

function readJsonLines(file: string, text: string, problems: Problem[]): RawRecord[] {
  const records: RawRecord[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, index) => {
    if (lineText.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (error) {
      // The engine's message is English and varies between versions; editors get the column only.
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      const near = position === undefined ? '' : `，约在第 ${Number(position) + 1} 个字符处`;
      problems.push({
        severity: 'error',
        file,
        line,
        message: `这一行不是有效的 JSON${near}。`,
        fix: 'JSON Lines 文件每行写一条完整的记录，形如 {"id": "…", "title": "…"}；检查引号、逗号和括号是否成对。',
      });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({
        severity: 'error',
        file,
        line,
        message: '这一行不是一条记录（应为一个 JSON 对象 {…}）。',
        fix: '每行写一个以 { 开头、以 } 结尾的对象。',
      });
      return;
    }
    records.push({ at: { file, line }, fields: value as Record<string, unknown> });
  });
  return records;
}

function readCsv(file: string, text: string, problems: Problem[]): RawRecord[] {
  let rows: { record: Record<string, string>; info: { lines: number; raw?: string } }[];
  try {
    rows = parseCsv(text, { columns: true, info: true, raw: true, skip_empty_lines: true, relax_quotes: false }) as unknown as typeof rows;
  } catch (error) {
    const e = error as Error & { lines?: number };
    problems.push({
      severity: 'error',
      file,
      line: e.lines,
      message: `CSV 格式有误，无法读取（${e.message}）。`,
      fix: '含逗号、引号或换行的值要用英文双引号括起来，值里的双引号写成两个 ""。第一行是列名。',
    });
    return [];
  }
  return rows.map((row) => {
    const raw = (row as unknown as { raw?: string }).raw ?? row.info.raw ?? '';
    // info.lines is the line where the record ends; a quoted field may span several lines.
    const spanned = (raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row.record)) fields[key.trim()] = value === '' ? null : value;
    return { at: { file, line: row.info.lines - spanned }, fields };
  });
}

const FIELD_LABELS: Record<string, string> = {
  id: '记录编号',
  title: '标题',
  date: '发布日期',
  written_date: '成文日期',
  issuer: '发文机关',
  doc_number: '文号',
  index_number: '索引号',
  url: '原文地址',
  interprets: '所解读的原文件',
  body: '正文',
};

/** Checks one raw record and turns it into a document or an interpretation record. */
export function checkRecord(raw: RawRecord, problems: Problem[]): ImportRecord | undefined {
  const { at, fields } = raw;
  const before = problems.length;
  const problem = (field: string, message: string, fix: string) =>
    problems.push({ severity: 'error', file: at.file, line: at.line, field, label: FIELD_LABELS[field], message, fix });

  const recordId = text(fields.id);
  if (!recordId) problem('id', '记录缺少 id。', '每条记录写一个在本导出中唯一的 id，重新导入时靠它认出已导入的条目。');
  const title = text(fields.title);
  if (!title) problem('title', '记录缺少标题 title。', '补写 title，例如 "国务院关于…的意见"。');
  const source = text(fields.collection) ?? basename(at.file);
  const sourceUrl = text(fields.url);
  if (sourceUrl && !/^https?:\/\/\S+$/.test(sourceUrl)) {
    problem('url', `原文地址 "${sourceUrl}" 不是以 http:// 或 https:// 开头的网址。`, '写完整网址，或删去 url。');
  }
  const body = bodySource(fields);

  const interprets = fields.interprets;
  const isInterpretation =
    (interprets !== undefined && interprets !== null && interprets !== '') || text(fields.interp_kind) !== undefined;
  if (isInterpretation) {
    const documentRecordIds = interpretedIds(interprets);
    if (documentRecordIds === undefined) {
      problem(
        'interprets',
        `interprets 的写法无法识别：${JSON.stringify(interprets)}。`,
        'JSON 中写 [{"doc_id": "原文件记录 id"}]；CSV 中写原文件记录 id，多个用 ; 或 | 分隔。',
      );
    } else if (documentRecordIds.length === 0) {
      problem('interprets', '解读没有写明它解读的原文件（interprets 为空）。', '在 interprets 中写上原文件的记录 id；没有原文件的解读不能发布。');
    }
    const publishedAt = optionalDate(fields.date, 'date', problem);
    if (problems.length > before || !recordId || !title) return undefined;
    return {
      type: 'interpretation',
      at,
      source,
      recordId,
      title,
      sourceUrl,
      body,
      interpKind: text(fields.interp_kind),
      documentRecordIds: documentRecordIds ?? [],
      offices: splitNames(text(fields.issuer)),
      publishedAt,
    };
  }

  const looksLikeDocument = ['doc_number', 'issuer', 'kind'].some((key) => key in fields);
  if (!looksLikeDocument) {
    problem(
      'interprets',
      '无法判断这条记录是原文件还是解读：既没有 interprets（解读），也没有 doc_number、issuer、kind（原文件）。',
      '原文件记录写 issuer（发文机关）等字段；解读记录写 interprets（所解读的原文件）。',
    );
    return undefined;
  }
  const issuers = splitNames(text(fields.issuer));
  if (issuers.length === 0) {
    problem('issuer', '原文件缺少发文机关 issuer。', '补写 issuer，例如 "国务院办公厅"；联合发文用顿号分隔，牵头机关写在最前。');
  }
  const publishedAt = optionalDate(fields.date, 'date', problem);
  if (!publishedAt && text(fields.date) === undefined) {
    problem('date', '原文件缺少发布日期 date。', '补写 date，格式 YYYY-MM-DD，例如 2019-02-15。');
  }
  const writtenAt = optionalDate(fields.written_date, 'written_date', problem);
  const docNumberText = text(fields.doc_number);
  if (problems.length > before || !recordId || !title || !publishedAt) return undefined;
  return {
    type: 'document',
    at,
    source,
    recordId,
    title,
    sourceUrl,
    body,
    docNumber: docNumberText ? normalizeDocNumber(docNumberText) : undefined,
    indexNumber: text(fields.index_number),
    kind: text(fields.kind),
    issuers,
    writtenAt,
    publishedAt,
    topic: text(fields.topic),
  };
}

/** A trimmed non-empty string, or undefined; numbers are accepted (CSV-like ids). */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Names of a joint issuer or office, split on 、 (the catalogue's separator), lead first. */
export function splitNames(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split('、')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

function bodySource(fields: Record<string, unknown>): BodySource {
  const format = (text(fields.body_format) ?? '').toLowerCase();
  const html = typeof fields.body_html === 'string' && fields.body_html.trim() !== '' ? fields.body_html : undefined;
  const plain = typeof fields.body === 'string' && fields.body.trim() !== '' ? fields.body : undefined;
  if (format.startsWith('markdown')) {
    // The export keeps Markdown in body_html when it has it there, else in body.
    const markdown = html ?? plain;
    return { markdown, text: plain };
  }
  return { html, text: plain };
}

function interpretedIds(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        list = JSON.parse(trimmed);
      } catch {
        return undefined;
      }
    } else {
      list = trimmed.split(/[;|；]/);
    }
  }
  if (!Array.isArray(list)) return undefined;
  const ids: string[] = [];
  for (const item of list) {
    const id = typeof item === 'object' && item !== null ? text((item as { doc_id?: unknown }).doc_id) : text(item);
    if (id === undefined) {
      if (typeof item === 'string' && item.trim() === '') continue;
      return undefined;
    }
    ids.push(id);
  }
  return ids;
}

/**
 * A date as YYYY-MM-DD. Accepts 2019-02-15, 2019-2-15, 2019/2/15, 2019.2.15 and 2019年2月15日,
 * optionally followed by a time (which is dropped).
 */
export function toIsoDate(value: string): string | undefined {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

function optionalDate(
  value: unknown,
  field: string,
  problem: (field: string, message: string, fix: string) => void,
): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const iso = toIsoDate(raw);
  if (!iso) problem(field, `日期 "${raw}" 无法识别或不存在。`, '写成 YYYY-MM-DD，例如 2019-02-15。');
  return iso;
}
