/**
 * A record's body as the Markdown of its content file: HTML and Markdown through the content sanitiser
 * (body.ts), plain text one paragraph a line, MDX-escaped for interpretations, and proved faithful: the Chinese
 * characters of the output must be those of the source, in order, or the body is not written.
 */
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Nodes } from 'mdast';
import type { Problem } from '../lib/problems';
import { MDX_NODE_TYPES, type Removal } from '../markdown/sanitize';
import { htmlToMarkdown, htmlToText, markdownToText, normalizeMarkdown, plainTextToMarkdown, sanitizeMarkdown } from './body';
import { chineseCharSequence, firstDifference } from './fidelity';
import { groupRemovals } from './report';
import { escapeForMdx } from './mdx-escape';
import type { BodySource, ImportRecord } from './records';

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
  /**
   * What was removed, in order of first occurrence, with line and column in the body text: addresses and event
   * scripts one by one, the same formatting once (see groupRemovals in report.ts).
   */
  removed: Removal[];
  /** How many times each entry of `removed` occurred. */
  counts: number[];
}

/** The fields of a record convertBody reads (all a pool thread is sent). */
export type ConvertInput = Pick<ImportRecord, 'at' | 'recordId' | 'type' | 'title' | 'sourceUrl' | 'body'>;

/** The plain text of a record's body (for linking by 《title》 and 文号): its text, else its Markdown or HTML as text. */
export function bodyPlainText(body: BodySource): string {
  return body.text ?? (body.markdown !== undefined ? markdownToText(body.markdown) : body.html !== undefined ? htmlToText(body.html) : '');
}

/**
 * The record's body as Markdown (MDX-escaped for interpretations), checked for fidelity: its Chinese
 * characters must be those of the source, in order. undefined (with an error) when they are not. HTML and
 * Markdown bodies go through the content sanitiser; what it removed is added to `removals`.
 */
export function convertBody(record: ConvertInput, mdx: boolean, problems: Problem[], removals: RecordRemovals[]): string | undefined {
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
      ...groupRemovals(removed),
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
  // MDX syntax starts with {, < or an import/export line; without any, the file is plain Markdown (a fast path
  // that matters at 20,000 records).
  if (!/[{}<>]|^(?:import|export)\b/m.test(content)) return undefined;
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

