/**
 * Deciding a new entry: every value from the command line, from the questions where it leaves one out (when
 * someone can answer), or from a default; then the file name and the text. Nothing is written here.
 */
import { FORMS } from '../schemas/interpretation';
import { REGISTRY } from '../content/registry';
import { parseDocNumber } from '../lib/doc-number';
import { findNearest } from '../lib/text-distance';
import { findDocument, documentNotFound, docLabel, loadChoices, type OrgInfo } from './documents';
import { documentId, infographicId, interpretationId, targetFile } from './ids';
import { KIND_COLLECTIONS, KIND_NAMES, KINDS, kindChoice, NewEntryError, type Kind } from './kinds';
import { askChoice, askText, type Ask } from './prompts';
import {
  defaultInfographicTitle,
  defaultInterpretationTitle,
  documentText,
  infographicText,
  interpretationText,
  needsInterpreter,
  type DocumentInfo,
  type Form,
} from './templates';
import { NEW_USAGE } from './usage';

/** What the command line gave, as typed. */
export interface NewArgs {
  /** wenjian, jiedu, tujie (or document, interpretation, infographic). */
  kind?: string;
  /** Document id or 文号 (interpretations and infographics). */
  document?: string;
  form?: string;
  title?: string;
  id?: string;
  /** publishedAt, YYYY-MM-DD. */
  date?: string;
  publishAt?: string;
  docNumber?: string;
  /** Organisation id or full name. */
  issuer?: string;
  /** 是/否 (yes/no). */
  requiresInterpretation?: string;
  interpreter?: string;
  /** Project folder. */
  root?: string;
}

/** The finished file: where and what. */
export interface NewEntry {
  kind: Kind;
  id: string;
  /** Path relative to the root. */
  file: string;
  text: string;
}

/** Where and when: the project, today in China, and who can answer questions (nobody in scripts and CI). */
export interface PlanContext {
  root: string;
  today: string;
  ask?: Ask;
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkDate(value: string, option: string): string {
  if (!isIsoDate(value)) throw new NewEntryError(`${option} 的日期 “${value}” 格式不对。`, '写成 YYYY-MM-DD，例如 2019-02-15。');
  return value;
}

function requireValue<T>(value: T | undefined, message: string, fix: string): T {
  if (value === undefined || value === '') throw new NewEntryError(message, fix);
  return value;
}

/** A form by its name (any case) or its number in FORMS; an unknown one is an error naming the nearest. */
export function resolveForm(value: string): Form {
  const trimmed = value.trim();
  const n = Number(trimmed);
  if (Number.isInteger(n) && n >= 1 && n <= FORMS.length) return FORMS[n - 1]!;
  const form = FORMS.find((f) => f === trimmed || f.toLowerCase() === trimmed.toLowerCase());
  if (form) return form;
  const near = findNearest(trimmed, FORMS, 1)[0];
  throw new NewEntryError(`“${trimmed}” 不是解读形式。可用的形式：${FORMS.join('、')}。`, near ? `改为 --form ${near}？` : '从上面的形式中选一个。');
}

async function resolveKind(args: NewArgs, ask: Ask | undefined): Promise<Kind> {
  if (args.kind !== undefined) {
    const k = KIND_NAMES[args.kind.toLowerCase()];
    if (!k) {
      const near = findNearest(args.kind, Object.keys(KIND_NAMES), 1)[0];
      throw new NewEntryError(`不认识的类型 “${args.kind}”。可用的类型：${KINDS.map(kindChoice).join('、')}。`, near ? `改为 ${near}？` : '从上面的类型中选一个。');
    }
    return k;
  }
  if (ask) {
    const order = ['interpretation', 'infographic', 'document'] as const;
    return askChoice(ask, '要新建什么？', order, order.map((k) => `${REGISTRY[KIND_COLLECTIONS[k]].name}（${REGISTRY[KIND_COLLECTIONS[k]].urlPrefix}）`));
  }
  throw new NewEntryError('缺少类型。', NEW_USAGE);
}

async function resolveDocument(args: NewArgs, documents: readonly DocumentInfo[], ask: Ask | undefined): Promise<DocumentInfo> {
  if (documents.length === 0) {
    throw new NewEntryError('content/documents/ 下还没有原文件。', '先运行 npm run new -- wenjian 新建原文件，或用 npm run import 导入。');
  }
  if (args.document !== undefined) {
    const doc = findDocument(args.document, documents);
    if (!doc) throw documentNotFound(args.document, documents);
    return doc;
  }
  if (!ask) throw new NewEntryError('缺少原文件（--document）。', '加上 --document <文件名或文号>，例如 --document guofa-2019-5 或 --document 国发〔2019〕5号。');
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await askText(ask, '原文件的文件名或文号（如 guofa-2019-5 或 国发〔2019〕5号；直接回车列出最近发布的原文件）：');
    if (answer === '') {
      const recent = [...documents].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || a.id.localeCompare(b.id)).slice(0, 9);
      const id = await askChoice(ask, '选择原文件：', recent.map((d) => d.id), recent.map((d) => `${d.title}${docLabel(d)}  [${d.id}]`));
      return recent.find((d) => d.id === id)!;
    }
    const doc = findDocument(answer, documents);
    if (doc) return doc;
    const e = documentNotFound(answer, documents);
    await ask(`${e.message}\n（回车重新输入）`);
  }
  throw new NewEntryError('没有找到原文件。', '加上 --document <文件名或文号> 重新运行。');
}

async function resolveIssuer(args: NewArgs, organizations: readonly OrgInfo[], ask: Ask | undefined, docNumber?: string): Promise<OrgInfo> {
  if (organizations.length === 0) {
    throw new NewEntryError('content/organizations/ 下还没有机构。', '先新建机构文件，例如 content/organizations/guowuyuan.yaml，写一行 name: 国务院。');
  }
  let issuer: OrgInfo | undefined;
  if (args.issuer !== undefined) {
    issuer = organizations.find((o) => o.id === args.issuer || o.name === args.issuer);
    if (!issuer) {
      const near = findNearest(args.issuer, [...organizations.map((o) => o.id), ...organizations.map((o) => o.name)], 2);
      throw new NewEntryError(`找不到机构 “${args.issuer}”。${near.length ? `最接近的是：${near.join('、')}。` : ''}`, '写 content/organizations/ 下的文件名（不含 .yaml）或机构全称。');
    }
  } else if (docNumber && byPrefix(organizations, docNumber)) {
    // The 文号 prefix names the issuer (docNumberPrefixes in content/organizations/): nothing to ask.
    issuer = byPrefix(organizations, docNumber);
  } else if (ask) {
    const sorted = [...organizations].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    const id = await askChoice(ask, '发文机关：', sorted.map((o) => o.id), sorted.map((o) => `${o.name}  [${o.id}]`));
    issuer = sorted.find((o) => o.id === id);
  }
  return requireValue(issuer, '缺少发文机关（--issuer）。', '加上 --issuer <content/organizations/ 下的文件名或机构全称>。');
}

/** The one organisation whose docNumberPrefixes hold the prefix of `docNumber`; undefined when none or several do. */
function byPrefix(organizations: readonly OrgInfo[], docNumber: string): OrgInfo | undefined {
  const prefix = parseDocNumber(docNumber)?.prefix;
  const found = prefix ? organizations.filter((o) => o.docNumberPrefixes?.includes(prefix)) : [];
  return found.length === 1 ? found[0] : undefined;
}

/** Decides every value (asking for what is missing when `ask` is given) and returns the file to write. */
export async function planEntry(args: NewArgs, ctx: PlanContext): Promise<NewEntry> {
  const { root, today, ask } = ctx;
  const kind = await resolveKind(args, ask);
  const publishAt = args.publishAt !== undefined ? checkDate(args.publishAt, '--publish-at') : undefined;
  // A scheduled entry shows the day it goes on the site.
  const publishedAt = checkDate(args.date ?? publishAt ?? today, '--date');
  const { documents, organizations } = loadChoices(root);

  if (kind === 'document') {
    const title = requireValue(
      args.title ?? (ask ? await askText(ask, '原文件标题（如 国务院关于…的意见）：') : undefined),
      '缺少标题（--title）。',
      '加上 --title <原文件的完整标题>。',
    );
    let docNumber = args.docNumber ?? (ask ? await askText(ask, '文号（如 国发〔2019〕5号，括号写法不限；没有文号直接回车）：') : undefined);
    if (docNumber) {
      const parts = parseDocNumber(docNumber);
      if (!parts) throw new NewEntryError(`文号 “${docNumber}” 无法识别。`, '按“机关代字〔年份〕序号号”填写，例如 国发〔2019〕5号。');
      docNumber = parts.normalized;
      const twin = findDocument(docNumber, documents);
      if (twin) throw new NewEntryError(`文号 ${docNumber} 已在 content/documents/${twin.id}.md 中使用，没有新建。`, '核对文号；同一文件只保留一份。');
    }
    const issuer = await resolveIssuer(args, organizations, ask, docNumber || undefined);
    let requires = args.requiresInterpretation;
    if (requires === undefined && ask) requires = await askChoice(ask, '这份文件需要解读吗（三同步）？', ['是', '否'] as const);
    const requiresInterpretation = requires === undefined ? true : /^(是|yes|y|true|1)$/i.test(requires.trim());
    const id = args.id ?? documentId({ docNumber, title, publishedAt });
    const file = targetFile(root, kind, id);
    return { kind, id, file, text: documentText({ title, docNumber: docNumber || undefined, issuer: issuer.id, publishedAt, requiresInterpretation, publishAt }) };
  }

  const doc = await resolveDocument(args, documents, ask);
  if (kind === 'interpretation') {
    let form: Form;
    if (args.form !== undefined) form = resolveForm(args.form);
    else if (ask) form = await askChoice(ask, '解读形式：', FORMS);
    else throw new NewEntryError('缺少解读形式（--form）。', `加上 --form <形式>，可用：${FORMS.join('、')}。`);
    const fallback = defaultInterpretationTitle(form, doc);
    const title = args.title ?? (ask ? await askText(ask, '解读标题：', fallback) : fallback);
    const id = args.id ?? interpretationId(doc.id, form);
    const file = targetFile(root, kind, id);
    const interpreter = args.interpreter ?? (needsInterpreter(form) && ask ? await askText(ask, '解读人（姓名和职务；不知道可直接回车，稍后填写）：') : undefined);
    return { kind, id, file, text: interpretationText({ title, document: doc, form, interpreter, publishedAt, publishAt }) };
  }

  const fallback = defaultInfographicTitle(doc);
  const title = args.title ?? (ask ? await askText(ask, '图解标题：', fallback) : fallback);
  const id = args.id ?? infographicId(doc.id);
  const file = targetFile(root, kind, id);
  return { kind, id, file, text: infographicText({ title, document: doc, publishedAt, publishAt }) };
}
