/**
 * The importer: catalogue export → content/organizations, content/documents, content/interpretations.
 * It checks every input first and writes nothing when any record is malformed; it never overwrites a
 * file an editor changed (unless forced), and running it twice changes nothing.
 *
 * Every file is written atomically (src/lib/write-atomic.ts), so a kill leaves each file old or new, never
 * cut. Before the first write the manifest lists the hash each file is about to get (`pending`), so a file
 * written by an interrupted run is still recognised as the importer's own and the next run completes the job.
 * An existing organisation file is the editor's: the importer only adds fields it lacks (see mergeOrganization).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { isMap, parse as parseYaml, parseDocument, stringify } from 'yaml';
import { parseDocNumber } from '../lib/doc-number';
import { REGISTRY, entryFile } from '../content/registry';
import type { Nodes } from 'mdast';
import type { Problem } from '../lib/problems';
import { MDX_NODE_TYPES, type Removal } from '../markdown/sanitize';
import { writeFileAtomicSync } from '../lib/write-atomic';
import { escapeForMdx, htmlToMarkdown, htmlToText, markdownToText, normalizeMarkdown, plainTextToMarkdown, sanitizeMarkdown } from './body';
import { chineseCharSequence, firstDifference } from './fidelity';
import { interpretationForm } from './form';
import { claimId, documentIdBase, interpretationIdBase, organizationId } from './ids';
import {
  type BodySource,
  type DocumentRecord,
  type ImportRecord,
  type InterpretationRecord,
  checkRecord,
  readInputFile,
} from './records';
import {
  NO_DATE_COMMENT,
  type DocumentFrontmatter,
  type InterpretationFrontmatter,
  renderDocumentFile,
  renderInterpretationFile,
  renderOrganizationFile,
  type OrganizationData,
} from './render';

/** Where the importer keeps the hash of every file it last wrote, relative to the project root. */
export const MANIFEST_FILE = 'content/.import-manifest.json';

/** Why a file was left alone. */
export const SKIP_EDITED = '编辑已修改，未覆盖（使用 --force 覆盖）';
/** Why a file the importer never wrote was left alone. */
export const SKIP_FOREIGN = '已有同名文件且不是导入程序写的，未覆盖（使用 --force 覆盖）';

/** Document kinds and 文号 prefixes that need an interpretation by default (三同步); editors change it per document. */
const REQUIRES_INTERPRETATION_KINDS = new Set(['规范性文件']);
const REQUIRES_INTERPRETATION_PREFIXES = new Set(['国发', '国办发']);

/** Organisation codes (the part of a 索引号 before the slash) the schema accepts. */
const ORG_CODE = /^(?:[0-9A-Z]{9}|[0-9A-Z]{18})$/;

type Collection = 'organizations' | 'documents' | 'interpretations';

/** What to import and how. */
export interface ImportOptions {
  /** Project root; files go to <root>/content/. */
  root: string;
  /** Input files (.jsonl or .csv), as the user named them. */
  inputs: string[];
  /** Overwrite files editors changed. */
  force?: boolean;
  /** Decide everything, write nothing. */
  dryRun?: boolean;
}

/** What happened to one content file. */
export interface FileOutcome {
  /** Path relative to the project root, forward slashes. */
  path: string;
  /** Collection the file belongs to. */
  collection: Collection;
  /** created: new file; updated: rewritten; unchanged: already as the import would write it; skipped: left alone. */
  status: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** Why, for skipped files and forced overwrites. */
  reason?: string;
}

/** How many records each input file gave. */
export interface InputSummary {
  file: string;
  documents: number;
  interpretations: number;
}

/**
 * What the content sanitiser took out of one record's body (scripts, event handlers, script links, styles,
 * tags the site does not allow), so that editors can compare with the source: nothing leaves silently.
 */
export interface RecordRemovals {
  /** Input file as the user named it. */
  file: string;
  /** 1-based line of the record in the input file. */
  line: number;
  /** The record's id in the export. */
  recordId: string;
  /** Kind of record. */
  type: ImportRecord['type'];
  /** The record's title. */
  title: string;
  /** Whether the body was HTML or Markdown (positions in `removed` are in that text). */
  format: 'html' | 'markdown';
  /** What was removed, in order, with line and column in the body text. */
  removed: Removal[];
}

/** Everything an import run did or found. */
export interface ImportResult {
  /** false when an error stopped the import; then nothing was written. */
  ok: boolean;
  /** Errors (import stopped) and warnings (editors should look). */
  problems: Problem[];
  /** One outcome per content file, in the order organisations, documents, interpretations. */
  outcomes: FileOutcome[];
  /** Records read per input file. */
  inputs: InputSummary[];
  /** Per record whose body the sanitiser changed: what it removed (empty when nothing was). */
  removals: RecordRemovals[];
  /** true when nothing was written because of dryRun. */
  dryRun: boolean;
}

interface PlannedFile {
  path: string;
  collection: Collection;
  content: string;
  /** true when the file was found by its importedFrom.id: an entry the importer made, whatever its name now. */
  imported?: boolean;
  /**
   * An existing organisation file with the missing fields added (or unchanged): written whatever the
   * manifest says, since it keeps every byte the editor wrote.
   */
  merged?: boolean;
}

interface ExistingEntry {
  id: string;
  path: string;
  importId?: string;
  name?: string;
}

/** Runs one import: read and check all inputs, plan every file, then (when nothing is wrong) write. */
export function runImport(options: ImportOptions): ImportResult {
  const { root, force = false, dryRun = false } = options;
  const problems: Problem[] = [];
  const records: ImportRecord[] = [];
  const inputs: InputSummary[] = [];
  const removals: RecordRemovals[] = [];

  for (const file of options.inputs) {
    const raws = readInputFile(file, problems);
    const summary: InputSummary = { file, documents: 0, interpretations: 0 };
    for (const raw of raws) {
      const record = checkRecord(raw, problems);
      if (!record) continue;
      records.push(record);
      if (record.type === 'document') summary.documents++;
      else summary.interpretations++;
    }
    inputs.push(summary);
  }
  findDuplicateIds(records, problems);

  const existing = {
    organizations: scanCollection(root, 'organizations'),
    documents: scanCollection(root, 'documents'),
    interpretations: scanCollection(root, 'interpretations'),
  };

  const documents = records.filter((r): r is DocumentRecord => r.type === 'document');
  const interpretations = records.filter((r): r is InterpretationRecord => r.type === 'interpretation');
  const planned: PlannedFile[] = [];

  const orgIds = planOrganizations(root, documents, interpretations, existing.organizations, planned);
  const docIds = planDocuments(documents, existing.documents, orgIds, planned, problems, removals);
  planInterpretations(interpretations, existing.interpretations, existing.documents, docIds, orgIds, planned, problems, removals);

  if (problems.some((p) => p.severity === 'error')) {
    return { ok: false, problems, outcomes: [], inputs, removals, dryRun };
  }
  const outcomes = writePlanned(root, planned, force, dryRun);
  return { ok: true, problems, outcomes, inputs, removals, dryRun };
}

function findDuplicateIds(records: ImportRecord[], problems: Problem[]): void {
  const seen = new Map<string, ImportRecord>();
  for (const record of records) {
    const key = `${record.type}:${record.recordId}`;
    const first = seen.get(key);
    if (first) {
      problems.push({
        severity: 'error',
        file: record.at.file,
        line: record.at.line,
        field: 'id',
        label: '记录编号',
        message: `记录 id "${record.recordId}" 与 ${first.at.file}:${first.at.line} 的记录重复。`,
        fix: '每条记录的 id 必须唯一：删去重复的记录，或改正其中一个 id。',
      });
    } else {
      seen.set(key, record);
    }
  }
}

// --- existing content ----------------------------------------------------------------------------

/** Lists a collection's files with the importer-relevant facts: id, path, importedFrom.id, name. */
function scanCollection(root: string, collection: Collection): ExistingEntry[] {
  const { dir, extensions } = REGISTRY[collection];
  const base = join(root, 'content', dir);
  if (!existsSync(base)) return [];
  const entries: ExistingEntry[] = [];
  for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const ext = extensions.find((e) => entry.name.endsWith(e));
    if (!ext) continue;
    const full = join(entry.parentPath, entry.name);
    const data = readFrontmatter(readFileSync(full, 'utf8'), ext !== '.md' && ext !== '.mdx');
    const importedFrom = data?.importedFrom as { id?: unknown } | undefined;
    entries.push({
      id: entry.name.slice(0, -ext.length),
      path: toPosix(relative(root, full)),
      importId: typeof importedFrom?.id === 'string' ? importedFrom.id : undefined,
      name: typeof data?.name === 'string' ? data.name : undefined,
    });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

function readFrontmatter(raw: string, wholeFileIsYaml: boolean): Record<string, unknown> | undefined {
  const yaml = wholeFileIsYaml ? raw : /^---\r?\n([\s\S]*?)\r?\n?---(?:\r?\n|$)/.exec(raw)?.[1];
  if (yaml === undefined) return undefined;
  try {
    const data: unknown = parseYaml(yaml);
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
  } catch {
    // An editor's broken file is the checker's business; here it just is not recognised.
    return undefined;
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

// --- planning ----------------------------------------------------------------------------------

function planOrganizations(
  root: string,
  documents: DocumentRecord[],
  interpretations: InterpretationRecord[],
  existing: ExistingEntry[],
  planned: PlannedFile[],
): Map<string, string> {
  const names: string[] = [];
  for (const doc of documents) names.push(...doc.issuers);
  for (const interp of interpretations) if (interp.offices[0]) names.push(interp.offices[0]);

  const byName = new Map(existing.filter((e) => e.name).map((e) => [e.name!, e] as const));
  const taken = new Set(existing.map((e) => e.id));
  const ids = new Map<string, string>();
  for (const name of names) {
    if (ids.has(name)) continue;
    const found = byName.get(name);
    const id = found ? found.id : claimId(organizationId(name), taken);
    ids.set(name, id);
    const code = organizationCode(documents.filter((d) => d.issuers[0] === name));
    if (found) {
      const current = readFileSync(join(root, found.path), 'utf8');
      const merged = mergeOrganization(current, { name, code });
      // An organisation file the importer cannot edit safely is left exactly as it is.
      planned.push({ path: found.path, collection: 'organizations', content: merged ?? current, merged: true });
      continue;
    }
    planned.push({
      path: entryFile('organizations', id),
      collection: 'organizations',
      content: renderOrganizationFile({ name, code }),
    });
  }
  return ids;
}

/**
 * An existing organisation file with the fields the import knows (name, code) added where the file lacks
 * them, every other byte as the editor wrote it (comments, order, quoting, fields the importer does not know).
 * A field the file has is never changed, even when the import's value differs: the editor's value wins.
 * Returns the text unchanged when nothing is missing, and undefined when the file is not a YAML mapping
 * that can be edited (then it is left alone; the check reports what is wrong with it).
 */
export function mergeOrganization(text: string, data: OrganizationData): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) return undefined;
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) return undefined;
  const missing: Record<string, string> = {};
  for (const key of ['name', 'code'] as const) {
    const value = data[key];
    if (value !== undefined && !(contents && contents.has(key))) missing[key] = value;
  }
  if (Object.keys(missing).length === 0) return text;
  if (contents === null || !contents.flow) {
    // A block mapping (or an empty file): append the missing lines, so the editor's bytes stay exactly as written.
    const head = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    return head + stringify(missing, { lineWidth: 0, minContentWidth: 0 });
  }
  for (const [key, value] of Object.entries(missing)) doc.set(key, value);
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** The organisation code all of an issuer's 索引号 start with, when they agree on one. */
function organizationCode(documents: DocumentRecord[]): string | undefined {
  const codes = new Set<string>();
  for (const doc of documents) if (doc.indexNumber) codes.add(doc.indexNumber.split('/')[0]!.trim());
  const [code] = [...codes];
  return codes.size === 1 && code !== undefined && ORG_CODE.test(code) ? code : undefined;
}

function planDocuments(
  documents: DocumentRecord[],
  existing: ExistingEntry[],
  orgIds: Map<string, string>,
  planned: PlannedFile[],
  problems: Problem[],
  removals: RecordRemovals[],
): Map<string, string> {
  const byImportId = firstByImportId(existing);
  const taken = new Set(existing.map((e) => e.id));
  const ids = new Map<string, string>();
  for (const doc of documents) {
    const found = byImportId.get(doc.recordId);
    const id = found ? found.id : claimId(documentIdBase(doc), taken);
    ids.set(doc.recordId, id);
    const prefix = doc.docNumber ? parseDocNumber(doc.docNumber)?.prefix : undefined;
    const data: DocumentFrontmatter = {
      title: doc.title,
      docNumber: doc.docNumber,
      indexNumber: doc.indexNumber,
      kind: doc.kind,
      issuer: orgIds.get(doc.issuers[0]!)!,
      coIssuers: doc.issuers.slice(1).map((name) => orgIds.get(name)!),
      writtenAt: doc.writtenAt,
      publishedAt: doc.publishedAt,
      topic: doc.topic,
      validity: '有效',
      requiresInterpretation:
        (doc.kind !== undefined && REQUIRES_INTERPRETATION_KINDS.has(doc.kind)) ||
        (prefix !== undefined && REQUIRES_INTERPRETATION_PREFIXES.has(prefix)),
      sourceUrl: doc.sourceUrl,
      importedFrom: { source: doc.source, id: doc.recordId },
    };
    if (doc.writtenAt && doc.writtenAt > doc.publishedAt) {
      problems.push({
        severity: 'warning',
        file: doc.at.file,
        line: doc.at.line,
        field: 'written_date',
        label: '成文日期',
        message: `成文日期 ${doc.writtenAt} 晚于发布日期 ${doc.publishedAt}，已照录。`,
        fix: '请核对原文件后改正 writtenAt 或 publishedAt。',
      });
    }
    const body = convertBody(doc, false, problems, removals);
    if (body === undefined) continue;
    planned.push({
      path: found?.path ?? entryFile('documents', id),
      collection: 'documents',
      content: renderDocumentFile(data, body),
      imported: found !== undefined,
    });
  }
  return ids;
}

function planInterpretations(
  interpretations: InterpretationRecord[],
  existing: ExistingEntry[],
  existingDocuments: ExistingEntry[],
  docIds: Map<string, string>,
  orgIds: Map<string, string>,
  planned: PlannedFile[],
  problems: Problem[],
  removals: RecordRemovals[],
): void {
  const byImportId = firstByImportId(existing);
  const documentsByImportId = firstByImportId(existingDocuments);
  const taken = new Set(existing.map((e) => e.id));
  for (const interp of interpretations) {
    const documents: string[] = [];
    interp.documentRecordIds.forEach((recordId, index) => {
      const id = docIds.get(recordId) ?? documentsByImportId.get(recordId)?.id;
      if (id) documents.push(id);
      else {
        problems.push({
          severity: 'error',
          file: interp.at.file,
          line: interp.at.line,
          field: `interprets[${index}]`,
          label: '所解读的原文件',
          message: `找不到记录 id 为 "${recordId}" 的原文件：本次导入的文件里没有，content/documents/ 里也没有 importedFrom.id 为它的文件。`,
          fix: '把原文件的导出文件一起导入（例如 npm run import -- documents.jsonl interpretations.jsonl），或改正 interprets 中的 doc_id。',
        });
      }
    });
    if (documents.length === 0) continue;
    const found = byImportId.get(interp.recordId);
    const id = found
      ? found.id
      : claimId(interpretationIdBase(documents[0]!, { publishedAt: interp.publishedAt, recordId: interp.recordId }), taken);
    const office = interp.offices[0];
    const data: InterpretationFrontmatter = {
      title: interp.title,
      documents,
      form: interpretationForm(interp.title, interp.interpKind),
      office: office ? orgIds.get(office) : undefined,
      publishedAt: interp.publishedAt,
      sourceUrl: interp.sourceUrl,
      importedFrom: { source: interp.source, id: interp.recordId },
      draft: interp.publishedAt ? undefined : true,
    };
    const comments: Partial<Record<keyof InterpretationFrontmatter, string>> = {};
    if (!interp.publishedAt) comments.draft = NO_DATE_COMMENT;
    if (interp.offices.length > 1) {
      // The schema has one office; the others are kept where editors see them.
      comments.office = `# 联合解读机关：${interp.offices.join('、')}（office 只写牵头机关）`;
    }
    const body = convertBody(interp, true, problems, removals);
    if (body === undefined) continue;
    const path = found?.path ?? entryFile('interpretations', id);
    const content = renderInterpretationFile(data, body, comments);
    const mdxError = mdxParseError(content);
    if (mdxError) {
      problems.push({
        severity: 'error',
        file: interp.at.file,
        line: interp.at.line,
        field: 'body',
        label: '正文',
        message: `生成的 ${path} 不能作为 MDX 正文使用（${mdxError}），未写入。`,
        fix: '这是导入程序的缺陷，请把这条记录报告给开发人员。',
      });
      continue;
    }
    planned.push({ path, collection: 'interpretations', content, imported: found !== undefined });
  }
}

function firstByImportId(entries: ExistingEntry[]): Map<string, ExistingEntry> {
  const map = new Map<string, ExistingEntry>();
  for (const entry of entries) if (entry.importId && !map.has(entry.importId)) map.set(entry.importId, entry);
  return map;
}

// --- bodies ------------------------------------------------------------------------------------

/**
 * The record's body as Markdown (MDX-escaped for interpretations), checked for fidelity: its Chinese
 * characters must be those of the source, in order. undefined (with an error) when they are not. HTML and
 * Markdown bodies go through the content sanitiser; what it removed is added to `removals`.
 */
function convertBody(record: ImportRecord, mdx: boolean, problems: Problem[], removals: RecordRemovals[]): string | undefined {
  const { body } = record;
  let markdown = '';
  let droppedImages: string[] = [];
  let removed: Removal[] = [];
  if (body.markdown !== undefined) ({ markdown, droppedImages, removed } = sanitizeMarkdown(normalizeMarkdown(body.markdown)));
  else if (body.html !== undefined) ({ markdown, droppedImages, removed } = htmlToMarkdown(body.html));
  else if (body.text !== undefined) markdown = plainTextToMarkdown(body.text);
  if (mdx) markdown = escapeForMdx(markdown);
  if (removed.length > 0) {
    removals.push({
      file: record.at.file,
      line: record.at.line,
      recordId: record.recordId,
      type: record.type,
      title: record.title,
      format: body.markdown !== undefined ? 'markdown' : 'html',
      removed,
    });
  }

  const where = { file: record.at.file, line: record.at.line, field: 'body', label: '正文' };
  // Pages give image addresses relative to themselves; editors need the full address to find the picture.
  droppedImages = droppedImages.map((src) => absoluteUrl(src, record.sourceUrl));
  if (droppedImages.length > 0) {
    problems.push({
      severity: 'warning',
      ...where,
      message: `正文中的 ${droppedImages.length} 张图片未导入：${droppedImages.join('、')}。`,
      fix: '如图片含有文字内容，请在正文中补写文字说明，或把图片存到本站后重新插入。',
    });
  }

  // A Markdown body the sanitiser rebuilt is compared with its text as a reader would see it (scripts and styles left out).
  const rebuilt = body.markdown !== undefined && (removed.length > 0 || droppedImages.length > 0);
  const failure = fidelityFailure(rebuilt ? { markdown: markdownToText(body.markdown!) } : body, markdown);
  if (failure === 'html') {
    problems.push({
      severity: 'warning',
      ...where,
      message: '纯文本正文（body）与 HTML 正文（body_html）的文字不一致，已按 HTML 正文核对并导入 HTML 正文。',
      fix: '请对照原网页核对正文。',
    });
  } else if (failure) {
    problems.push({
      severity: 'error',
      ...where,
      message: `转换后的正文与原文的中文字符不一致（第 ${failure.index + 1} 个字符起：原文 "${failure.expected}"，转换后 "${failure.actual}"），为免丢字未写入。`,
      fix: '这是导入程序的缺陷，请把这条记录报告给开发人员。',
    });
    return undefined;
  }
  return markdown;
}

function absoluteUrl(src: string, base: string | undefined): string {
  try {
    return new URL(src, base).href;
  } catch {
    return src;
  }
}

/**
 * undefined when the Chinese characters of the output equal those of the plain-text body (or of the
 * Markdown where there is no plain text); 'html' when they only equal those of the HTML body (spaces aside);
 * otherwise the first difference from the reference.
 */
function fidelityFailure(
  body: BodySource,
  output: string,
): ReturnType<typeof firstDifference> | 'html' | undefined {
  const reference = body.text ?? body.markdown ?? (body.html !== undefined ? htmlToText(body.html) : '');
  const difference = firstDifference(chineseCharSequence(reference), chineseCharSequence(output));
  if (!difference) return undefined;
  if (body.html !== undefined && body.text !== undefined) {
    // Indents (U+3000) at line edges are dropped on purpose, so they are left out of this comparison.
    const withoutIndents = (s: string) => chineseCharSequence(s).replace(/\u3000/g, '');
    if (withoutIndents(htmlToText(body.html)) === withoutIndents(output)) return 'html';
  }
  return difference;
}

const mdxProcessor = unified().use(remarkParse).use(remarkFrontmatter).use(remarkMdx);

/**
 * Why a generated file is not plain MDX text: the message of the MDX parser, or the MDX syntax found in it
 * (import/export, {expressions}, components), which the check refuses in content; undefined when it parses
 * and holds none.
 */
export function mdxParseError(content: string): string | undefined {
  let tree: Nodes;
  try {
    tree = mdxProcessor.parse(content);
  } catch (error) {
    return (error as Error).message;
  }
  const found: string[] = [];
  const visit = (node: Nodes) => {
    if ((MDX_NODE_TYPES as readonly string[]).includes(node.type)) {
      const what = node.type === 'mdxjsEsm' ? ' import/export' : node.type.startsWith('mdxJsx') ? '组件' : '花括号表达式';
      found.push(`第 ${node.position?.start.line ?? '?'} 行的${what}`);
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return found.length > 0 ? `含有 MDX 语法：${found.join('、')}` : undefined;
}

// --- writing -----------------------------------------------------------------------------------

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The manifest: the hash of every file the importer last wrote (`files`), and while an import is writing,
 * the hash each file is about to get (`pending`). A file whose hash is either one is the importer's own.
 */
interface Manifest {
  files: Record<string, string>;
  pending: Record<string, string>;
}

function readManifest(root: string): Manifest {
  const path = join(root, MANIFEST_FILE);
  const empty: Manifest = { files: {}, pending: {} };
  if (!existsSync(path)) return empty;
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof data !== 'object' || data === null) return empty;
    const { files, pending } = data as { files?: unknown; pending?: unknown };
    const asMap = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, string>) : {});
    return { files: asMap(files), pending: asMap(pending) };
  } catch {
    // A damaged manifest only means every existing file counts as edited: nothing is lost.
    return empty;
  }
}

function renderManifest(files: Record<string, string>, pending?: Record<string, string>): string {
  const sorted = (map: Record<string, string>) => {
    const out: Record<string, string> = {};
    for (const key of Object.keys(map).sort()) out[key] = map[key]!;
    return out;
  };
  return `${JSON.stringify(
    {
      about:
        '导入程序（npm run import）最后一次写入的每个文件的 SHA-256。重新导入时，与此不符的文件视为编辑改过，不会被覆盖。请勿手改。',
      files: sorted(files),
      ...(pending ? { pending: sorted(pending) } : {}),
    },
    null,
    2,
  )}\n`;
}

/**
 * Decides every file first, then writes: the manifest with the pending hashes, each file atomically, and
 * the final manifest. Killed at any point, every file is its old or its new bytes, and a re-run recognises
 * both as the importer's and finishes the job.
 */
function writePlanned(root: string, planned: PlannedFile[], force: boolean, dryRun: boolean): FileOutcome[] {
  const manifest = readManifest(root);
  const ownHash = (path: string) => new Set([manifest.files[path], manifest.pending[path]].filter((h) => h !== undefined));
  const writtenHashes = new Set([...Object.values(manifest.files), ...Object.values(manifest.pending)]);
  const next: Record<string, string> = { ...manifest.files };
  const outcomes: FileOutcome[] = [];
  const writes: { path: string; content: string }[] = [];

  for (const file of planned) {
    const full = join(root, file.path);
    const hash = sha256(file.content);
    const base = { path: file.path, collection: file.collection };
    if (!existsSync(full)) {
      writes.push(file);
      next[file.path] = hash;
      outcomes.push({ ...base, status: 'created' });
      continue;
    }
    const current = readFileSync(full, 'utf8');
    if (current === file.content) {
      // An editor's organisation file the import had nothing to add to is not claimed as the importer's.
      if (!file.merged || next[file.path] !== undefined) next[file.path] = hash;
      outcomes.push({ ...base, status: 'unchanged' });
      continue;
    }
    if (file.merged) {
      writes.push(file);
      next[file.path] = hash;
      outcomes.push({ ...base, status: 'updated', reason: '已补上缺少的字段，原有内容未改动' });
      continue;
    }
    const currentHash = sha256(current);
    // A file renamed by an editor is not under its path in the manifest, but its content may still be ours.
    const known = ownHash(file.path);
    const ours = known.size > 0 ? known.has(currentHash) : writtenHashes.has(currentHash);
    if (ours || force) {
      writes.push(file);
      next[file.path] = hash;
      outcomes.push({ ...base, status: 'updated', reason: ours ? undefined : '已按 --force 覆盖编辑的修改' });
    } else {
      outcomes.push({
        ...base,
        status: 'skipped',
        reason: manifest.files[file.path] !== undefined || file.imported ? SKIP_EDITED : SKIP_FOREIGN,
      });
    }
  }
  if (dryRun) return outcomes;

  const manifestPath = join(root, MANIFEST_FILE);
  if (writes.length > 0) {
    // Announce first: a file found later with one of these hashes was written by this run, not by an editor.
    const pending: Record<string, string> = { ...manifest.pending };
    for (const w of writes) pending[w.path] = sha256(w.content);
    writeFileAtomicSync(manifestPath, renderManifest(manifest.files, pending));
  }
  for (const w of writes) writeFileAtomicSync(join(root, w.path), w.content);

  // Entries of files that are gone (deleted or renamed by editors) are dropped.
  for (const path of Object.keys(next)) if (!existsSync(join(root, path))) delete next[path];
  const manifestText = renderManifest(next);
  const before = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : undefined;
  if (before !== manifestText) writeFileAtomicSync(manifestPath, manifestText);
  return outcomes;
}
