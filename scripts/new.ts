/**
 * `npm run new`: creates a document (原文件), an interpretation (解读) or an infographic (图解) with its
 * frontmatter filled in and a template body, as a draft. Asks in Chinese for whatever the arguments leave out;
 * never overwrites a file.
 *
 *   npm run new
 *   npm run new -- jiedu --document guofa-2019-5 --form 问答
 *   npm run new -- tujie --document 国发[2019]5号
 *   npm run new -- wenjian --title 关于…的通知 --doc-number 穗府办〔2024〕3号 --issuer guangzhoushirenminzhengfubangongting
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { FORMS } from '../src/schemas/interpretation';
import { ID_PATTERN } from '../src/schemas/common';
import { readContentTree } from '../src/lib/content-files';
import { REGISTRY, entryFile, findRouteCollision, type ArticleCollection } from '../src/content/registry';
import { writeFileAtomicSync } from '../src/lib/write-atomic';
import { docNumberToSearchKey, parseDocNumber } from '../src/lib/doc-number';
import { findNearest } from '../src/lib/text-distance';
import { documentIdBase, toSlug } from '../src/lib/import/ids';
import { todayInChina } from '../src/lib/publication';
import { helpHint, parseCommand, USAGE_EXIT_CODE } from './cli';

type Form = (typeof FORMS)[number];
/** The three kinds of entry `new` makes. */
export type Kind = 'document' | 'interpretation' | 'infographic';

/** The collection each kind of entry belongs to; folder, extension, names and URL come from the registry. */
const KIND_DIRS: Record<Kind, ArticleCollection> = { document: 'documents', interpretation: 'interpretations', infographic: 'infographics' };
const KINDS = Object.keys(KIND_DIRS) as Kind[];

/** Kind names accepted on the command line: the URL prefix of the column (wenjian, jiedu, tujie), or English. */
export const KIND_NAMES: Record<string, Kind> = Object.fromEntries(KINDS.flatMap((k) => [[REGISTRY[KIND_DIRS[k]].urlPrefix, k], [k, k]]));

/** A kind as the usage and the questions name it: wenjian（原文件）. */
const kindChoice = (k: Kind) => `${REGISTRY[KIND_DIRS[k]].urlPrefix}（${REGISTRY[KIND_DIRS[k]].name}）`;

/** The end of an interpretation's file name per form: guofa-2019-5-wenda. */
export const FORM_SLUGS: Record<Form, string> = {
  文字解读: 'wenzi',
  图解: 'tujie',
  问答: 'wenda',
  专家解读: 'zhuanjia',
  负责人解读: 'fuzeren',
  媒体解读: 'meiti',
  音频: 'yinpin',
  视频: 'shipin',
  H5: 'h5',
};

/** Asks one question and resolves with the answer typed (a terminal prompt, or scripted answers in tests). */
export type Ask = (question: string) => Promise<string>;

/** What the command line gave. */
export interface NewArgs {
  kind?: string;
  document?: string;
  form?: string;
  title?: string;
  id?: string;
  date?: string;
  publishAt?: string;
  docNumber?: string;
  issuer?: string;
  requiresInterpretation?: string;
  interpreter?: string;
  root?: string;
  help?: boolean;
}

/** The options of `npm run new`; --doc and --published-at are the older names of --document and --date. */
const NEW_OPTIONS = {
  document: { type: 'string' },
  doc: { type: 'string' },
  form: { type: 'string' },
  title: { type: 'string' },
  id: { type: 'string' },
  date: { type: 'string' },
  'published-at': { type: 'string' },
  'publish-at': { type: 'string' },
  'doc-number': { type: 'string' },
  issuer: { type: 'string' },
  'requires-interpretation': { type: 'string' },
  interpreter: { type: 'string' },
  root: { type: 'string' },
} as const;

/** Reads `argv` (without node and the script); unknown options, missing values and extra arguments become errors. */
export function parseNewArgs(argv: readonly string[]): { args: NewArgs; errors: string[] } {
  const parsed = parseCommand(NEW_COMMAND, argv);
  if (parsed.kind === 'help') return { args: { help: true }, errors: [] };
  if (parsed.kind === 'mistakes') return { args: {}, errors: parsed.errors };
  const v = parsed.values;
  const args: NewArgs = {
    kind: parsed.positionals[0],
    document: v.document ?? v.doc,
    form: v.form,
    title: v.title,
    id: v.id,
    date: v.date ?? v['published-at'],
    publishAt: v['publish-at'],
    docNumber: v['doc-number'],
    issuer: v.issuer,
    requiresInterpretation: v['requires-interpretation'],
    interpreter: v.interpreter,
    root: v.root,
  };
  return { args, errors: [] };
}

export const USAGE = `用法：npm run new -- <类型> [选项]
类型：${KINDS.map(kindChoice).join('、')}；不写则逐项询问。
选项：
  --document <文件名或文号>   解读、图解对应的原文件，如 guofa-2019-5 或 国发〔2019〕5号（括号写法不限）
  --form <解读形式>           ${FORMS.join('、')}
  --title <标题>              不写则按原文件标题生成
  --id <文件名>               不写则自动生成，如 guofa-2019-5-wenda
  --date <YYYY-MM-DD>         发布日期（publishedAt），默认今天（北京时间）
  --publish-at <YYYY-MM-DD>   定时发布：到这一天的构建才上线
  --doc-number <文号>         原文件的文号
  --issuer <机构>             原文件的发文机关：content/organizations/ 下的文件名或机构全称
  --requires-interpretation <是|否>   原文件是否需要解读，默认 是
  --interpreter <解读人>      负责人解读、专家解读的解读人
  --root <目录>               项目目录，默认当前目录
  -h, --help                  显示本说明

例：npm run new
    npm run new -- jiedu --document guofa-2019-5 --form 问答
    npm run new -- tujie --document 国发〔2019〕5号`;

/** The command line of `npm run new`, read by the shared parser (scripts/cli.ts). */
const NEW_COMMAND = {
  name: 'npm run new',
  audience: 'editor',
  usage: USAGE,
  options: NEW_OPTIONS,
  maxPositionals: 1,
  extraPositionalHint: '含空格的标题请用英文引号括起来，例如 --title "关于…的解读"。',
} as const;

interface DocumentInfo {
  id: string;
  title: string;
  docNumber?: string;
  issuer?: string;
  publishedAt?: string;
}

interface OrgInfo {
  id: string;
  name: string;
}

/** A failure the editor can act on: message and fix in Chinese. */
export class NewEntryError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** Finds a document by id or by 文号 in any bracket style. */
export function findDocument(query: string, documents: readonly DocumentInfo[]): DocumentInfo | undefined {
  const q = query.trim();
  const byId = documents.find((d) => d.id === q || d.id === q.replace(/\.md$/, ''));
  if (byId) return byId;
  const key = docNumberToSearchKey(q);
  if (!key) return undefined;
  return documents.find((d) => d.docNumber !== undefined && docNumberToSearchKey(d.docNumber) === key);
}

function documentNotFound(query: string, documents: readonly DocumentInfo[]): NewEntryError {
  const near = findNearest(query, documents.map((d) => d.id), 3);
  const byNumber = findNearest(query, documents.flatMap((d) => (d.docNumber ? [d.docNumber] : [])), 3);
  const hints = [...near.map((id) => `${id}${docLabel(documents.find((d) => d.id === id))}`), ...byNumber.filter((n) => !near.some((id) => documents.find((d) => d.id === id)?.docNumber === n))];
  return new NewEntryError(
    `找不到原文件 “${query}”。${hints.length ? `最接近的是：${hints.join('、')}。` : ''}`,
    '写 content/documents/ 下的文件名（不含 .md）或文号；原文件还没有的，先运行 npm run new -- wenjian 新建。',
  );
}

function docLabel(d: DocumentInfo | undefined): string {
  return d?.docNumber ? `（${d.docNumber}）` : '';
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A YAML scalar as the schema reads it: plain where possible, quoted where YAML needs it. */
function scalar(value: string | boolean): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The title an interpretation gets when none is given. */
export function defaultInterpretationTitle(form: Form, doc: DocumentInfo): string {
  const t = `《${doc.title}》`;
  switch (form) {
    case '问答':
      return `${t}问答`;
    case '专家解读':
      return `专家解读${t}`;
    case '负责人解读':
      return `起草部门负责人解读${t}`;
    case '媒体解读':
      return `${t}媒体解读`;
    case '图解':
      return `图解：${t}`;
    case '音频':
    case '视频':
    case 'H5':
      return `${t}解读（${form}）`;
    default:
      return `${t}解读`;
  }
}

const P = (what: string) => `【待填写：${what}】`;

/** The template body of an interpretation, by form: what an interpretation must explain (DOMAIN.md). */
export function interpretationBody(form: Form): string {
  if (form === '问答') {
    return [
      '## 问：这份文件出台的背景是什么？',
      `答：${P('为什么出台，依据哪些法律法规和上级文件。')}`,
      '## 问：主要内容有哪些？',
      `答：${P('主要目标和措施，逐条说明。')}`,
      '## 问：哪些单位和个人适用？',
      `答：${P('适用对象和范围。')}`,
      '## 问：与原来的政策相比有哪些变化？',
      `答：${P('新旧政策的主要变化；没有原政策的，删去这一问。')}`,
      '## 问：怎么办理？',
      `答：${P('办理地点、条件、材料、流程和时限；不涉及办事服务的，删去这一问。')}`,
    ].join('\n\n');
  }
  if (form === '音频' || form === '视频' || form === 'H5') {
    const what = form === 'H5' ? '页面' : form;
    return [
      P(`用几段文字概括${what}的主要内容，供无法收听或观看的读者阅读。`),
      P(`把${what}的发布地址写在元数据区的 \`sourceUrl\` 一行。`),
    ].join('\n\n');
  }
  if (form === '图解') {
    return P('图解的文字说明。图解本身另建图解文件：`npm run new -- tujie`，图片和文字版都由图解文件生成。');
  }
  const lead = form === '负责人解读' || form === '专家解读' || form === '媒体解读' ? [`${P('一段导语：解读人是谁，围绕哪些问题解读。')}`] : [];
  return [
    ...lead,
    '## 一、出台背景和依据',
    P('为什么出台这份文件，依据哪些法律法规和上级文件。'),
    '## 二、主要目标',
    P('到什么时间、达到什么目标。'),
    '## 三、主要内容和措施',
    P('主要措施，逐条说明；涉及标准、术语的，写明含义。'),
    '## 四、适用对象和范围',
    P('哪些单位和个人适用。'),
    '## 五、与原政策相比有哪些变化',
    P('新旧政策的主要变化；没有原政策的，删去这一节。'),
    '## 六、怎么办理',
    P('办理地点、条件、材料、流程和时限；不涉及办事服务的，删去这一节。'),
  ].join('\n\n');
}

/** The template body of an infographic, in the infographic vocabulary (src/infographics/parse.ts). */
export function infographicBody(): string {
  return [
    P('导语：一两句话说明这份文件是什么、对谁有用。'),
    `## ${P('第一部分标题')}`,
    P('用短句写要点，每段一个意思。'),
    `- ${P('要点一')}\n- ${P('要点二')}`,
    `## ${P('关键数字')}`,
    `<Figure value="0" unit="个" label="${P('这个数字说明什么')}" />\n<Figure value="0" unit="个" label="${P('这个数字说明什么')}" />`,
    `## ${P('办理流程')}`,
    `<Steps title="办理流程">\n1. ${P('第一步')}\n2. ${P('第二步')}\n3. ${P('第三步')}\n</Steps>`,
    `<Note>\n${P('需要特别提示的事项；不需要的，删去这个提示框。')}\n</Note>`,
  ].join('\n\n');
}

/** The finished file: where and what. */
export interface NewEntry {
  kind: Kind;
  id: string;
  /** Path relative to the root. */
  file: string;
  text: string;
}

interface Context {
  root: string;
  today: string;
  ask?: Ask;
}

async function askChoice<T extends string>(ask: Ask, question: string, choices: readonly T[], labels?: readonly string[]): Promise<T> {
  const list = choices.map((c, i) => `  ${i + 1}. ${labels?.[i] ?? c}`).join('\n');
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = (await ask(`${question}\n${list}\n请输入编号：`)).trim();
    const n = Number(answer);
    if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1]!;
    const exact = choices.find((c) => c === answer);
    if (exact) return exact;
  }
  throw new NewEntryError(`没有选到${question.replace(/[：:]$/, '')}。`, `输入 1 到 ${choices.length} 之间的编号。`);
}

async function askText(ask: Ask, question: string, fallback?: string): Promise<string> {
  const answer = (await ask(fallback ? `${question}\n（直接回车使用：${fallback}）\n> ` : `${question}\n> `)).trim();
  return answer || fallback || '';
}

function requireValue<T>(value: T | undefined, message: string, fix: string): T {
  if (value === undefined || value === '') throw new NewEntryError(message, fix);
  return value;
}

function checkDate(value: string, option: string): string {
  if (!isIsoDate(value)) throw new NewEntryError(`${option} 的日期 “${value}” 格式不对。`, '写成 YYYY-MM-DD，例如 2019-02-15。');
  return value;
}

function loadContent(root: string): { documents: DocumentInfo[]; organizations: OrgInfo[] } {
  const { files } = readContentTree(root);
  const documents: DocumentInfo[] = [];
  const organizations: OrgInfo[] = [];
  for (const f of files) {
    const d = (f.data ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString().slice(0, 10) : undefined);
    if (f.collection === 'documents') {
      documents.push({ id: f.id, title: str(d.title) ?? f.id, docNumber: str(d.docNumber), issuer: str(d.issuer), publishedAt: str(d.publishedAt) });
    } else if (f.collection === 'organizations') {
      organizations.push({ id: f.id, name: str(d.name) ?? f.id });
    }
  }
  return { documents, organizations };
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

function resolveForm(value: string): Form {
  const trimmed = value.trim();
  const n = Number(trimmed);
  if (Number.isInteger(n) && n >= 1 && n <= FORMS.length) return FORMS[n - 1]!;
  const form = FORMS.find((f) => f === trimmed || f.toLowerCase() === trimmed.toLowerCase());
  if (form) return form;
  const near = findNearest(trimmed, FORMS, 1)[0];
  throw new NewEntryError(`“${trimmed}” 不是解读形式。可用的形式：${FORMS.join('、')}。`, near ? `改为 --form ${near}？` : '从上面的形式中选一个。');
}

function targetFile(root: string, kind: Kind, id: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new NewEntryError(`文件名 “${id}” 不能用作网址：只能用小写英文字母、数字和连字符（-）。`, `改为 --id ${toSlug(id) || 'jiedu-1'}。`);
  }
  const collision = findRouteCollision(KIND_DIRS[kind], id);
  if (collision) {
    throw new NewEntryError(`文件名 “${id}” 会占用网址 ${collision.url}，而这个网址是${collision.page}。`, `改为 --id ${collision.suggestion}。`);
  }
  const file = entryFile(KIND_DIRS[kind], id);
  if (existsSync(join(root, file))) {
    throw new NewEntryError(`${file} 已经存在，没有改动它。`, `要新建另一篇，用 --id 指定别的文件名，例如 --id ${id}-2；要修改已有的，直接打开这个文件。`);
  }
  return file;
}

function frontmatter(lines: (string | undefined)[]): string {
  return ['---', ...lines.filter((l): l is string => l !== undefined), '---', ''].join('\n');
}

const DRAFT_LINES = ['# 草稿：不会发布。把所有“【待填写：…】”改写成正式内容、审签后，删去下面一行即可发布。', 'draft: true'];

/** Decides every value (asking for what is missing when `ask` is given) and returns the file to write. */
export async function planEntry(args: NewArgs, ctx: Context): Promise<NewEntry> {
  const { root, today, ask } = ctx;
  let kind: Kind;
  if (args.kind !== undefined) {
    const k = KIND_NAMES[args.kind.toLowerCase()];
    if (!k) {
      const near = findNearest(args.kind, Object.keys(KIND_NAMES), 1)[0];
      throw new NewEntryError(`不认识的类型 “${args.kind}”。可用的类型：${KINDS.map(kindChoice).join('、')}。`, near ? `改为 ${near}？` : '从上面的类型中选一个。');
    }
    kind = k;
  } else if (ask) {
    const order = ['interpretation', 'infographic', 'document'] as const;
    kind = await askChoice(ask, '要新建什么？', order, order.map((k) => `${REGISTRY[KIND_DIRS[k]].name}（${REGISTRY[KIND_DIRS[k]].urlPrefix}）`));
  } else {
    throw new NewEntryError('缺少类型。', `${USAGE}`);
  }

  const publishAt = args.publishAt !== undefined ? checkDate(args.publishAt, '--publish-at') : undefined;
  // A scheduled entry shows the day it goes on the site.
  const publishedAt = checkDate(args.date ?? publishAt ?? today, '--date');
  const { documents, organizations } = loadContent(root);

  if (kind === 'document') {
    const title = args.title ?? (ask ? await askText(ask, '原文件标题（如 国务院关于…的意见）：') : undefined);
    requireValue(title, '缺少标题（--title）。', '加上 --title <原文件的完整标题>。');
    let docNumber = args.docNumber ?? (ask ? await askText(ask, '文号（如 国发〔2019〕5号，括号写法不限；没有文号直接回车）：') : undefined);
    if (docNumber) {
      const parts = parseDocNumber(docNumber);
      if (!parts) throw new NewEntryError(`文号 “${docNumber}” 无法识别。`, '按“机关代字〔年份〕序号号”填写，例如 国发〔2019〕5号。');
      docNumber = parts.normalized;
      const twin = findDocument(docNumber, documents);
      if (twin) throw new NewEntryError(`文号 ${docNumber} 已在 content/documents/${twin.id}.md 中使用，没有新建。`, '核对文号；同一文件只保留一份。');
    }
    let issuer: OrgInfo | undefined;
    if (organizations.length === 0) {
      throw new NewEntryError('content/organizations/ 下还没有机构。', '先新建机构文件，例如 content/organizations/guowuyuan.yaml，写一行 name: 国务院。');
    }
    if (args.issuer !== undefined) {
      issuer = organizations.find((o) => o.id === args.issuer || o.name === args.issuer);
      if (!issuer) {
        const near = findNearest(args.issuer, [...organizations.map((o) => o.id), ...organizations.map((o) => o.name)], 2);
        throw new NewEntryError(`找不到机构 “${args.issuer}”。${near.length ? `最接近的是：${near.join('、')}。` : ''}`, '写 content/organizations/ 下的文件名（不含 .yaml）或机构全称。');
      }
    } else if (ask) {
      const sorted = [...organizations].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      const id = await askChoice(ask, '发文机关：', sorted.map((o) => o.id), sorted.map((o) => `${o.name}  [${o.id}]`));
      issuer = sorted.find((o) => o.id === id);
    }
    const org = requireValue(issuer, '缺少发文机关（--issuer）。', '加上 --issuer <content/organizations/ 下的文件名或机构全称>。');
    let requires = args.requiresInterpretation;
    if (requires === undefined && ask) requires = (await askChoice(ask, '这份文件需要解读吗（三同步）？', ['是', '否'] as const));
    const requiresInterpretation = requires === undefined ? true : /^(是|yes|y|true|1)$/i.test(requires.trim());
    const id = args.id ?? documentIdBase({ docNumber, title: title!, publishedAt });
    const file = targetFile(root, kind, id);
    const text =
      frontmatter([
        `title: ${scalar(title!)}`,
        docNumber ? `docNumber: ${scalar(docNumber)}` : undefined,
        `issuer: ${org.id}`,
        `publishedAt: ${publishedAt}`,
        `requiresInterpretation: ${requiresInterpretation}`,
        ...DRAFT_LINES,
        publishAt ? `publishAt: ${publishAt}` : undefined,
      ]) + `\n${P('在这里粘贴文件全文：标题、文号、主送机关、正文、落款和日期，每段之间空一行。')}\n`;
    return { kind, id, file, text };
  }

  const doc = await resolveDocument(args, documents, ask);
  if (kind === 'interpretation') {
    let form: Form;
    if (args.form !== undefined) form = resolveForm(args.form);
    else if (ask) form = await askChoice(ask, '解读形式：', FORMS);
    else throw new NewEntryError('缺少解读形式（--form）。', `加上 --form <形式>，可用：${FORMS.join('、')}。`);
    const fallback = defaultInterpretationTitle(form, doc);
    const title = args.title ?? (ask ? await askText(ask, '解读标题：', fallback) : fallback);
    const id = args.id ?? `${doc.id}-${FORM_SLUGS[form]}`;
    const file = targetFile(root, kind, id);
    const needsInterpreter = form === '负责人解读' || form === '专家解读';
    const interpreter = args.interpreter ?? (needsInterpreter && ask ? await askText(ask, '解读人（姓名和职务；不知道可直接回车，稍后填写）：') : undefined);
    const text =
      frontmatter([
        `title: ${scalar(title)}`,
        'documents:',
        `  - ${doc.id}`,
        `form: ${form}`,
        doc.issuer ? `office: ${doc.issuer}` : undefined,
        interpreter ? `interpreter: ${scalar(interpreter)}` : needsInterpreter ? `interpreter: ${P('解读人的姓名和职务')}` : undefined,
        `publishedAt: ${publishedAt}`,
        `summary: ${P('一两句话概括，显示在列表和搜索结果中。')}`,
        form === '音频' || form === '视频' || form === 'H5' ? '# sourceUrl: https://…（发布地址，填写后删去行首的 # 和空格）' : undefined,
        ...DRAFT_LINES,
        publishAt ? `publishAt: ${publishAt}` : undefined,
      ]) + `\n${interpretationBody(form)}\n`;
    return { kind, id, file, text };
  }

  const fallback = `一图读懂《${doc.title}》`;
  const title = args.title ?? (ask ? await askText(ask, '图解标题：', fallback) : fallback);
  const id = args.id ?? `${doc.id}-tujie`;
  const file = targetFile(root, kind, id);
  const text =
    frontmatter([
      `title: ${scalar(title)}`,
      `document: ${doc.id}`,
      `publishedAt: ${publishedAt}`,
      `alt: ${scalar(`图解${doc.docNumber ?? `《${doc.title}》`}：${P('简短说明图片内容')}`.slice(0, 120))}`,
      `summary: ${P('一两句话概括，显示在列表和搜索结果中。')}`,
      ...DRAFT_LINES,
      publishAt ? `publishAt: ${publishAt}` : undefined,
    ]) + `\n${infographicBody()}\n`;
  return { kind, id, file, text };
}

/** Output of the command, for tests. */
export interface RunResult {
  code: number;
  entry?: NewEntry;
}

/** Runs `new` with command-line arguments; writes the file unless one is there already. */
export async function runNew(
  argv: readonly string[],
  io: { root?: string; today?: string; ask?: Ask; log?: (line: string) => void; error?: (line: string) => void } = {},
): Promise<RunResult> {
  const log = io.log ?? ((l: string) => console.log(l));
  const error = io.error ?? ((l: string) => console.error(l));
  const { args, errors } = parseNewArgs(argv);
  if (args.help) {
    log(USAGE);
    return { code: 0 };
  }
  if (errors.length) {
    for (const e of errors) error(e);
    error(helpHint(NEW_COMMAND));
    return { code: USAGE_EXIT_CODE };
  }
  const root = resolve(args.root ?? io.root ?? process.cwd());
  try {
    const entry = await planEntry(args, { root, today: io.today ?? todayInChina(), ask: io.ask });
    // Written whole or not at all (temp file, fsync, link); exclusive fails if the file appeared meanwhile: never overwrite.
    writeFileAtomicSync(join(root, entry.file), entry.text, { exclusive: true });
    log(`已新建 ${entry.file}（${REGISTRY[KIND_DIRS[entry.kind]].name}，草稿）。`);
    log('下一步：');
    log(`  1. 打开这个文件，把所有“【待填写：…】”改写成正式内容。`);
    log('  2. 运行 npm run dev 预览（草稿在预览中显示，不会发布）。');
    log('  3. 运行 npm run check 检查；写完并审签后删去 draft: true。');
    return { code: 0, entry };
  } catch (e) {
    if (e instanceof NewEntryError) {
      error(e.message);
      if (e.fix) error(e.fix);
      return { code: 1 };
    }
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      error('文件已经存在，没有改动它。');
      return { code: 1 };
    }
    throw e;
  }
}

/** Reads answers line by line, from a terminal or a pipe; the end of input is an error the editor can read. */
function terminalAsk(): { ask: Ask; close: () => void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const lines = rl[Symbol.asyncIterator]();
  return {
    ask: async (question) => {
      process.stdout.write(question.endsWith('\n') || question.endsWith('> ') || question.endsWith('：') ? question : `${question}\n`);
      const next = await lines.next();
      if (next.done) throw new NewEntryError('输入已结束，没有新建文件。', '在命令后写全参数，例如 npm run new -- jiedu --document guofa-2019-5 --form 问答。');
      return String(next.value);
    },
    close: () => rl.close(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // Ask only where someone can answer: a terminal. In scripts and CI, missing arguments are errors.
  const terminal = process.stdin.isTTY ? terminalAsk() : undefined;
  runNew(process.argv.slice(2), { ask: terminal?.ask })
    .then((r) => {
      process.exitCode = r.code;
    })
    .finally(() => terminal?.close());
}
