/**
 * Checking the raw records of a catalogue export (in the shape of tests/fixtures/corpus/*.jsonl, read by
 * read-input.ts) and turning them into document and interpretation records. Every problem names the input file
 * and line; nothing is thrown at the first one. A record is either rejected (an error: it cannot be a content
 * entry) or returned, possibly with `missing`: what publication still needs (it becomes a draft to finish).
 */
import { basename } from 'node:path';
import { parseDocNumber } from '../lib/doc-number';
import type { Problem } from '../lib/problems';
import { describeChar, removeInvisible, standardDocNumber } from './normalize';
import type { RawRecord, RecordSource } from './read-input';

export type { RawRecord, RecordSource } from './read-input';

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
  /** Body text ({} once the file is written, or while only `loadBody` can give it). */
  body: BodySource;
  /** Reads the body again from the input, when it was dropped after the check to save memory. */
  loadBody?: () => BodySource;
  /**
   * What publication still needs (no issuer, no original document, no body), as error-shaped problems: the
   * record becomes a draft listing them, or, with --strict, they stop the import.
   */
  missing: Problem[];
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
  /** Issuer names, lead issuer first (a joint issuer 甲、乙 split on 、); empty when unknown (a draft to finish). */
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
  /** The form the export states outright (a 图解 record type), before the title and kind are read. */
  statedForm?: '图解';
  /**
   * Originals named without a usable record id (interprets entries with doc_title/doc_url, or the
   * original_* columns): matched to local documents by title, else kept as external references.
   */
  namedOriginals: NamedOriginal[];
}

/** An original document named by an interpretation record by title (and 文号, issuer, address where given). */
export interface NamedOriginal {
  /** The record id it was given under (interprets[].doc_id), when it had one. */
  recordId?: string;
  title?: string;
  docNumber?: string;
  issuer?: string;
  url?: string;
}

export type ImportRecord = DocumentRecord | InterpretationRecord;

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
  type: '记录类型',
  topic: '主题分类',
  kind: '文种',
  interp_kind: '解读形式',
  collection: '来源',
};

/** What checking needs besides the record: how to fill an issuer the record lacks. */
export interface CheckOptions {
  /** Issuer name for documents that give none (npm run import -- --issuer <名称>). */
  defaultIssuer?: string;
  /** 文号 prefix (机关代字, e.g. 京中医政字) → issuer name, from content/organizations/ (docNumberPrefixes). */
  issuerByPrefix?: ReadonlyMap<string, string>;
}

/** Record types an export may state in a type / 类型 column. */
const TYPE_WORDS: Record<string, 'document' | 'interpretation' | '图解'> = {
  document: 'document',
  原文件: 'document',
  文件: 'document',
  政策文件: 'document',
  interpretation: 'interpretation',
  解读: 'interpretation',
  政策解读: 'interpretation',
  图解: '图解',
  infographic: '图解',
};

/** The error values Excel writes into a cell whose formula fails (Microsoft's list of Excel error values). */
const EXCEL_ERROR = /^(?:#NULL!|#DIV\/0!|#VALUE!|#REF!|#NAME\?|#NUM!|#N\/A|#GETTING_DATA|#SPILL!|#CALC!|#FIELD!|#BLOCKED!|#CONNECT!|#BUSY!|#UNKNOWN!)$/u;

/**
 * Checks one raw record and turns it into a document or an interpretation record. Errors (pushed to
 * `problems`) mean the record cannot be a content entry and is rejected: no id or title, a date that does not
 * exist, a kind that cannot be told. Invisible characters in metadata and 文号 in another form are fixed with a
 * warning. What publication needs and the record lacks goes to the record's `missing`.
 */
export function checkRecord(raw: RawRecord, problems: Problem[], options: CheckOptions = {}): ImportRecord | undefined {
  const { at, fields } = raw;
  const before = problems.filter((p) => p.severity === 'error').length;
  const hasErrors = () => problems.filter((p) => p.severity === 'error').length > before;
  const problem = (field: string, message: string, fix: string) =>
    problems.push({ severity: 'error', file: at.file, line: at.line, field, label: FIELD_LABELS[field], message, fix });
  const missing: Problem[] = [];
  const need = (field: string, message: string, fix: string) =>
    missing.push({ severity: 'error', file: at.file, line: at.line, field, label: FIELD_LABELS[field], message, fix });
  // Metadata without invisible characters, each removal reported with the record it was in.
  const meta = (field: string): string | undefined => {
    const value = text(fields[field]);
    if (value === undefined) return undefined;
    const { text: clean, removed } = removeInvisible(value);
    if (removed.length > 0) {
      problems.push({
        severity: 'warning',
        file: at.file,
        line: at.line,
        field,
        label: FIELD_LABELS[field],
        message: `记录 ${text(fields.id) ?? '（无 id）'} 的 ${field} 中有 ${removed.length} 个看不见或 XML 不允许的字符，已删去：${[...new Set(removed)].map(describeChar).join('、')}。`,
        fix: '无需处理；如导出系统可以修改，请在源数据中删去这些字符。',
      });
    }
    return clean.trim() === '' ? undefined : clean.trim();
  };

  // A spreadsheet cell whose formula failed holds an Excel error value (#REF!, #VALUE!…), in an .xlsx and in the CSV
  // Excel saves from it: no content of any field, so the record is rejected rather than published with it.
  for (const [field, value] of Object.entries(fields)) {
    const error = typeof value === 'string' ? EXCEL_ERROR.exec(value.trim())?.[0] : undefined;
    if (error) problem(field, `这一栏是 Excel 的错误值 ${error}（公式出错或日期无效），不是内容。`, '在 Excel 中改正这个单元格（或改为公式算出的值）后重新导出、导入；改正后的拒收文件也可以直接导入。');
  }

  const recordId = meta('id');
  if (!recordId) problem('id', '记录缺少 id。', '每条记录写一个在本导出中唯一的 id，重新导入时靠它认出已导入的条目。');
  const title = meta('title');
  if (!title) problem('title', '记录缺少标题 title。', '补写 title，例如 "国务院关于…的意见"。');
  const source = meta('collection') ?? exportName(at.file);
  const sourceUrl = meta('url');
  if (sourceUrl && !/^https?:\/\/\S+$/.test(sourceUrl)) {
    problem('url', `原文地址 "${sourceUrl}" 不是以 http:// 或 https:// 开头的网址。`, '写完整网址，或删去 url。');
  }
  const body = bodySource(fields);
  const stated = TYPE_WORDS[(meta('type') ?? '').toLowerCase()];

  const interprets = fields.interprets;
  const isInterpretation = recordKind(fields) === 'interpretation';
  if (isInterpretation) {
    const parsed = interpretedIds(interprets);
    if (parsed === undefined) {
      problem(
        'interprets',
        `interprets 的写法无法识别：${JSON.stringify(interprets)}。`,
        'JSON 中写 [{"doc_id": "原文件记录 id"}]；CSV 中写原文件记录 id，多个用 ; 或 | 分隔。',
      );
    }
    const namedOriginals = [...(parsed?.named ?? [])];
    const original: NamedOriginal = {
      title: meta('original_title'),
      docNumber: meta('original_doc_number'),
      issuer: meta('original_issuer'),
      url: meta('original_url'),
    };
    if (original.title || original.url) namedOriginals.push(original);
    const publishedAt = optionalDate(fields.date, 'date', problem);
    if (body.html === undefined && body.markdown === undefined && body.text === undefined && !sourceUrl) {
      need('body', '解读既没有正文，也没有原文地址。', '补写正文（body），或写上原网页地址（url），作为只有链接的解读发布。');
    }
    if (hasErrors() || !recordId || !title) return undefined;
    return {
      type: 'interpretation',
      at,
      source,
      recordId,
      title,
      sourceUrl,
      body,
      missing,
      interpKind: meta('interp_kind'),
      documentRecordIds: parsed?.ids ?? [],
      namedOriginals,
      offices: splitNames(meta('issuer')),
      publishedAt,
      statedForm: stated === '图解' ? '图解' : undefined,
    };
  }

  if (recordKind(fields) !== 'document') {
    problem(
      'interprets',
      '无法判断这条记录是原文件还是解读：既没有 interprets（解读），也没有 doc_number、issuer、kind（原文件）。',
      '原文件记录写 issuer（发文机关）等字段；解读记录写 interprets（所解读的原文件）；或用 type 列写明 原文件 / 解读 / 图解。',
    );
    return undefined;
  }
  const publishedAt = optionalDate(fields.date, 'date', problem);
  if (!publishedAt && text(fields.date) === undefined) {
    problem('date', '原文件缺少发布日期 date。', '补写 date，格式 YYYY-MM-DD，例如 2019-02-15。');
  }
  const writtenAt = optionalDate(fields.written_date, 'written_date', problem);
  const docNumberText = meta('doc_number');
  let docNumber: string | undefined;
  if (docNumberText) {
    const { text: standard, changed } = standardDocNumber(docNumberText);
    docNumber = standard;
    if (changed && parseDocNumber(docNumberText)) {
      problems.push({
        severity: 'warning',
        file: at.file,
        line: at.line,
        field: 'doc_number',
        label: '文号',
        message: `记录 ${recordId ?? '（无 id）'} 的文号 “${docNumberText}” 已改为标准写法 “${standard}”（年份用六角括号〔〕，半角数字，不留空格）。`,
        fix: '无需处理；网站显示标准写法，读者用任何括号搜索都能找到。',
      });
    }
  }
  let issuers = splitNames(meta('issuer'));
  if (issuers.length === 0) {
    const prefix = docNumber ? parseDocNumber(docNumber)?.prefix : undefined;
    const byPrefix = prefix ? options.issuerByPrefix?.get(prefix) : undefined;
    const fallback = byPrefix ?? options.defaultIssuer;
    if (fallback) {
      issuers = [fallback];
      problems.push({
        severity: 'warning',
        file: at.file,
        line: at.line,
        field: 'issuer',
        label: '发文机关',
        message: byPrefix
          ? `记录 ${recordId ?? '（无 id）'} 没有发文机关，按文号前缀 “${prefix}” 填为 “${byPrefix}”（见 content/organizations/ 中的 docNumberPrefixes）。`
          : `记录 ${recordId ?? '（无 id）'} 没有发文机关，按 --issuer 填为 “${fallback}”。`,
        fix: '请核对；如不对，改正生成文件中的 issuer。',
      });
    } else {
      need('issuer', '原文件缺少发文机关 issuer。', '补写 issuer（content/organizations/ 中机关文件的文件名），或重新导入时用 --issuer <名称> 指定；联合发文牵头机关写在最前。');
    }
  }
  if (hasErrors() || !recordId || !title || !publishedAt) return undefined;
  return {
    type: 'document',
    at,
    source,
    recordId,
    title,
    sourceUrl,
    body,
    missing,
    docNumber,
    indexNumber: meta('index_number'),
    kind: meta('kind'),
    issuers,
    writtenAt,
    publishedAt,
    topic: meta('topic'),
  };
}

/**
 * Whether a record's fields describe an interpretation (a stated type 解读 or 图解, an interprets field or an
 * interp_kind) or a document (a stated type 原文件, or a doc_number, issuer or kind field); undefined when neither
 * can be told. The same reading checkRecord makes, also for records it rejects.
 */
export function recordKind(fields: Record<string, unknown>): ImportRecord['type'] | undefined {
  const stated = TYPE_WORDS[(cleanText(fields.type) ?? '').toLowerCase()];
  if (stated === 'interpretation' || stated === '图解') return 'interpretation';
  const interprets = fields.interprets;
  if (stated === undefined && ((interprets !== undefined && interprets !== null && interprets !== '') || cleanText(fields.interp_kind) !== undefined)) {
    return 'interpretation';
  }
  if (stated === 'document' || ['doc_number', 'issuer', 'kind'].some((key) => key in fields)) return 'document';
  return undefined;
}

/** A record as the repeated-id check remembers it: where it is, its kind and how to name it. */
interface IdHolder {
  at: RecordSource;
  kind?: ImportRecord['type'];
  /** 文号 and 《title》 as written, for the message. */
  name: string;
}

/**
 * Repeated record ids in one import (all inputs together). An export that gives two records one id cannot say which
 * one it meant, so every record of that id is rejected, each naming the others' lines, whether or not a copy is
 * also rejected for another reason (an impossible date in the first copy must not let the second one in). A
 * document and an interpretation may share an id (exports number each table from 1); a record whose kind cannot
 * be told clashes with records of either kind.
 *
 * Call `note` for every record read (kept or rejected), then `reasonsAt` for each.
 */
export class RepeatedIds {
  private readonly byId = new Map<string, IdHolder[]>();

  /** Remembers a record read from the input (its id, with invisible characters removed, as checkRecord reads it). */
  note(raw: RawRecord): void {
    const id = cleanText(raw.fields.id);
    if (id === undefined) return;
    const docNumber = cleanText(raw.fields.doc_number);
    const title = cleanText(raw.fields.title);
    const name = [docNumber, title ? `《${title}》` : '（无标题）'].filter(Boolean).join(' ');
    const list = this.byId.get(id) ?? [];
    list.push({ at: raw.at, kind: recordKind(raw.fields), name });
    this.byId.set(id, list);
  }

  /**
   * The error rejecting the record read at `at` because another record has its id ([] when none has), in
   * Chinese: 记录编号 "…" 与第 N 行（文号《标题》）重复, naming every other line (file:line when in another input).
   */
  reasonsAt(at: RecordSource, id: unknown): Problem[] {
    const key = cleanText(id);
    const list = key === undefined ? undefined : this.byId.get(key);
    if (!list || list.length < 2) return [];
    const self = list.find((h) => h.at.file === at.file && h.at.line === at.line);
    if (!self) return [];
    const others = list.filter((h) => h !== self && (h.kind === undefined || self.kind === undefined || h.kind === self.kind));
    if (others.length === 0) return [];
    const where = (h: IdHolder) => (h.at.file === at.file ? `第 ${h.at.line} 行` : `${h.at.file} 第 ${h.at.line} 行`);
    const lines = others.map((h) => `${where(h)}（${h.name}）`).join('、');
    return [
      {
        severity: 'error',
        file: at.file,
        line: at.line,
        field: 'id',
        label: FIELD_LABELS.id,
        message: `记录编号 "${key}" 与${lines}重复。一个编号只能对应一条记录，无法判断导出系统指的是哪一条，有这个编号的 ${others.length + 1} 条记录都未导入（这一条为 ${self.name}）。`,
        fix: `如果是同一份${self.kind === 'interpretation' ? '解读' : '文件'}，在拒收文件中删去多余的一条；如果是不同的${self.kind === 'interpretation' ? '解读' : '文件'}，给其中一条一个自己的、本站未用过的编号（例如 "${key}-2"）。改正后再导入这个拒收文件。`,
      },
    ];
  }
}

/** text() with invisible and XML-invalid characters removed (as checkRecord reads metadata). */
function cleanText(value: unknown): string | undefined {
  const raw = text(value);
  return raw === undefined ? undefined : text(removeInvisible(raw).text);
}

/**
 * The export a file stands for, as importedFrom.source names it: its file name, except that a rejects file
 * (x.rejects.csv, x.rejects-2.csv, written by rejects.ts in the export's own format) stands for the export it came
 * from (x.csv), so that a record corrected there is filed as coming from that export.
 */
export function exportName(file: string): string {
  return basename(file).replace(/\.rejects(?:-\d+)?(\.[^.]+)$/, '$1');
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

/** The body of a record in the forms its fields carry. */
export function bodySource(fields: Record<string, unknown>): BodySource {
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

/**
 * The interprets field: record ids of documents (a JSON list of {doc_id}, a list of ids, or ids separated by
 * ; or |), and originals named by title or address only ({doc_title, doc_url} without doc_id). undefined when
 * it cannot be read.
 */
function interpretedIds(value: unknown): { ids: string[]; named: NamedOriginal[] } | undefined {
  if (value === undefined || value === null || value === '') return { ids: [], named: [] };
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
  const named: NamedOriginal[] = [];
  for (const item of list) {
    if (typeof item === 'object' && item !== null) {
      const entry = item as { doc_id?: unknown; doc_title?: unknown; doc_url?: unknown; doc_number?: unknown; issuer?: unknown };
      const id = text(entry.doc_id);
      const title = text(entry.doc_title);
      const url = text(entry.doc_url);
      if (id === undefined && title === undefined && url === undefined) return undefined;
      if (id !== undefined) ids.push(id);
      if (title !== undefined || url !== undefined) {
        named.push({ recordId: id, title, url, docNumber: text(entry.doc_number), issuer: text(entry.issuer) });
      }
      continue;
    }
    const id = text(item);
    if (id === undefined) {
      if (typeof item === 'string' && item.trim() === '') continue;
      return undefined;
    }
    ids.push(id);
  }
  return { ids, named };
}

/**
 * A date as YYYY-MM-DD. Accepts 2019-02-15, 2019-2-15, 2019/2/15, 2019.2.15 and 2019年2月15日,
 * optionally followed by a time (which is dropped). Full-width digits and separators (２０１９－０２－１５, as typed
 * with a Chinese input method) are read as their ASCII forms (NFKC), as they are in a 文号.
 */
export function toIsoDate(value: string): string | undefined {
  value = value.normalize('NFKC');
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
