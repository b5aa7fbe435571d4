/**
 * The text of a new entry: its default title, its frontmatter and its template body, by kind and by form. Every
 * placeholder is marked 【待填写：…】, which the check refuses to publish, and every new entry starts as a draft.
 */
import { stringify } from 'yaml';
import type { FORMS } from '../schemas/interpretation';

/** A form of interpretation (解读形式). */
export type Form = (typeof FORMS)[number];

/** What `new` knows of the document an interpretation or infographic belongs to. */
export interface DocumentInfo {
  /** File name without .md. */
  id: string;
  title: string;
  docNumber?: string;
  /** Organisation id of the issuer. */
  issuer?: string;
  publishedAt?: string;
}

/** A placeholder the editor must replace: 【待填写：what】. */
export function placeholder(what: string): string {
  return `【待填写：${what}】`;
}
const P = placeholder;

/** A YAML scalar as the schema reads it: plain where possible, quoted where YAML needs it. */
export function yamlScalar(value: string | boolean): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function frontmatter(lines: (string | undefined)[]): string {
  return ['---', ...lines.filter((l): l is string => l !== undefined), '---', ''].join('\n');
}

/** The lines that keep a new entry off the site, with the comment that says how to publish it. */
export const DRAFT_LINES = ['# 草稿：不会发布。把所有“【待填写：…】”改写成正式内容、审签后，删去下面一行即可发布。', 'draft: true'];

/** The title an interpretation gets when none is given. */
export function defaultInterpretationTitle(form: Form, doc: Pick<DocumentInfo, 'title'>): string {
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

/** The title an infographic gets when none is given. */
export function defaultInfographicTitle(doc: Pick<DocumentInfo, 'title'>): string {
  return `一图读懂《${doc.title}》`;
}

/** Whether an interpretation of this form names its interpreter (负责人解读, 专家解读). */
export function needsInterpreter(form: Form): boolean {
  return form === '负责人解读' || form === '专家解读';
}

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

/** Every value of a new document, decided. */
export interface DocumentValues {
  title: string;
  /** Normalised 文号, when there is one. */
  docNumber?: string;
  /** Organisation id. */
  issuer: string;
  publishedAt: string;
  requiresInterpretation: boolean;
  publishAt?: string;
}

/** The file text of a new document: frontmatter, draft lines and a placeholder for the full text. */
export function documentText(v: DocumentValues): string {
  return (
    frontmatter([
      `title: ${yamlScalar(v.title)}`,
      v.docNumber ? `docNumber: ${yamlScalar(v.docNumber)}` : undefined,
      `issuer: ${v.issuer}`,
      `publishedAt: ${v.publishedAt}`,
      `requiresInterpretation: ${v.requiresInterpretation}`,
      ...DRAFT_LINES,
      v.publishAt ? `publishAt: ${v.publishAt}` : undefined,
    ]) + `\n${P('在这里粘贴文件全文：标题、文号、主送机关、正文、落款和日期，每段之间空一行。')}\n`
  );
}

/** Every value of a new interpretation, decided. */
export interface InterpretationValues {
  title: string;
  document: DocumentInfo;
  form: Form;
  /** Name and position; a placeholder is written where the form needs one and none is given. */
  interpreter?: string;
  publishedAt: string;
  publishAt?: string;
}

/** The file text of a new interpretation: frontmatter (office from the document's issuer), draft lines, body by form. */
export function interpretationText(v: InterpretationValues): string {
  const { form, document: doc } = v;
  return (
    frontmatter([
      `title: ${yamlScalar(v.title)}`,
      'documents:',
      `  - ${doc.id}`,
      `form: ${form}`,
      doc.issuer ? `office: ${doc.issuer}` : undefined,
      v.interpreter ? `interpreter: ${yamlScalar(v.interpreter)}` : needsInterpreter(form) ? `interpreter: ${P('解读人的姓名和职务')}` : undefined,
      `publishedAt: ${v.publishedAt}`,
      `summary: ${P('一两句话概括，显示在列表和搜索结果中。')}`,
      form === '音频' || form === '视频' || form === 'H5' ? '# sourceUrl: https://…（发布地址，填写后删去行首的 # 和空格）' : undefined,
      ...DRAFT_LINES,
      v.publishAt ? `publishAt: ${v.publishAt}` : undefined,
    ]) + `\n${interpretationBody(form)}\n`
  );
}

/** Every value of a new infographic, decided. */
export interface InfographicValues {
  title: string;
  document: DocumentInfo;
  publishedAt: string;
  publishAt?: string;
}

/** The file text of a new infographic: frontmatter (alt text at most 120 characters), draft lines, template body. */
export function infographicText(v: InfographicValues): string {
  const doc = v.document;
  return (
    frontmatter([
      `title: ${yamlScalar(v.title)}`,
      `document: ${doc.id}`,
      `publishedAt: ${v.publishedAt}`,
      `alt: ${yamlScalar(`图解${doc.docNumber ?? `《${doc.title}》`}：${P('简短说明图片内容')}`.slice(0, 120))}`,
      `summary: ${P('一两句话概括，显示在列表和搜索结果中。')}`,
      ...DRAFT_LINES,
      v.publishAt ? `publishAt: ${v.publishAt}` : undefined,
    ]) + `\n${infographicBody()}\n`
  );
}
