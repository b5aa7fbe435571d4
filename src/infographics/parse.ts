/**
 * Stage 1: an infographic's MDX source → typed model + problems editors can act on.
 * The source is parsed (never run): headings are sections, paragraphs and lists are text, and four
 * components carry the rest: Figure, Steps, Compare, Note (components.ts). Props are string literals only.
 * This file walks the document: frontmatter (parse-frontmatter.ts), sections, text and what Markdown an
 * infographic refuses; components are read by parse-components.ts, text by parse-text.ts, and a source the MDX
 * parser cannot read is explained by parse-syntax-error.ts.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import { toString } from 'mdast-util-to-string';
import type { Root, Paragraph } from 'mdast';
import type { Problem } from '../lib/problems';
import type { InfographicModel, KeyFigure, Section } from './model';
import { createComponentReader } from './parse-components';
import { readMeta } from './parse-frontmatter';
import { syntaxProblem } from './parse-syntax-error';
import { firstLine, flatten, lineOf, listItems, stripNumbering } from './parse-text';

/** Result of parsing one source. The model is present even when there are problems, as far as it could be read. */
export interface ParseResult {
  model: InfographicModel;
  problems: Problem[];
}

/** Parses an infographic source. `file` is the path relative to the project root, used in problems and for the id. */
export function parseInfographic(source: string, file: string): ParseResult {
  const id = file.replace(/^.*\//, '').replace(/\.mdx?$/, '');
  const problems: Problem[] = [];
  const model: InfographicModel = {
    id,
    file,
    meta: { title: '', document: '', draft: false },
    lead: [],
    sections: [],
  };
  const err = (line: number | undefined, message: string, fix: string, field?: string, label?: string) =>
    problems.push({ severity: 'error', file, line, field, label, message, fix });
  const warn = (line: number | undefined, message: string, fix: string, field?: string, label?: string) =>
    problems.push({ severity: 'warning', file, line, field, label, message, fix });

  let tree: Root;
  try {
    tree = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter, ['yaml']).parse(source) as Root;
  } catch (e) {
    const m = e as { line?: number; place?: { line?: number; start?: { line?: number } }; reason?: string; message: string };
    const { message, fix, line } = syntaxProblem(m.reason ?? m.message);
    err(line ?? m.line ?? m.place?.line ?? m.place?.start?.line, message, fix);
    return { model, problems };
  }

  const [first] = tree.children;
  if (first?.type === 'yaml') model.meta = readMeta(first.value, (line, message, fix, field, label) => err(line === undefined ? undefined : line + 1, message, fix, field, label));
  else err(1, '文件开头没有 frontmatter（以 --- 开始和结束的属性区）。', '在文件第一行写 ---，接着写 title、document、publishedAt，再写一行 ---。');

  const { asComponent, readFigure, readComponent, checkInline } = createComponentReader(err);
  let current: Section | undefined;
  const blocks = () => (current ? current.blocks : model.lead);
  /** Consecutive <Figure /> form one row; any other block ends the row. */
  let figureRow: { kind: 'figures'; line: number; figures: KeyFigure[] } | undefined;

  const nodes = tree.children.filter((n) => n.type !== 'yaml');
  for (const node of nodes) {
    const line = lineOf(node) ?? 1;
    const jsx = asComponent(node);
    if (!(typeof jsx === 'object' && jsx.name === 'Figure')) figureRow = undefined;
    if (jsx === 'handled') continue;
    if (jsx === 'figures-paragraph') {
      // Several <Figure /> written on one line: one row.
      const row = { kind: 'figures' as const, line, figures: [] as KeyFigure[] };
      for (const child of (node as Paragraph).children) {
        if (child.type === 'mdxJsxTextElement') {
          const f = readFigure(child);
          if (f) row.figures.push(f);
        }
      }
      if (row.figures.length) blocks().push(row);
      continue;
    }
    if (jsx) {
      const block = readComponent(jsx);
      if (!block) continue;
      if (block.kind === 'figures') {
        if (figureRow) figureRow.figures.push(...block.figures);
        else {
          figureRow = block;
          blocks().push(block);
        }
      } else blocks().push(block);
      continue;
    }
    switch (node.type) {
      case 'heading': {
        const raw = toString(node).trim();
        if (node.depth !== 2) {
          err(
            line,
            `标题用了 ${'#'.repeat(node.depth)}（“${raw}”）。图解里只有一种标题：## 开头的分节标题。`,
            node.depth === 1
              ? '图解的总标题写在 frontmatter 的 title 里；请删去这一行，或改成 ## 作为分节标题。'
              : `改成“## ${raw}”作为一个分节；分节内的小标题请写成普通段落。`,
          );
          break;
        }
        const { title: stripped, hadNumber } = stripNumbering(raw);
        // A heading that is nothing but numbering (第一部分) keeps its words: an empty title would say less.
        const title = stripped || raw;
        if (hadNumber && stripped) {
          warn(line, `分节标题“${raw}”自带了编号；编号由图解自动生成。`, `改成“## ${title}”。`);
        } else if (hadNumber) {
          warn(line, `分节标题“${raw}”只有编号；编号由图解自动生成，标题应说明这一节讲什么。`, '改成说明这一节内容的标题，例如“## 适用范围”。');
        }
        if (!title) err(line, '分节标题是空的。', '在 ## 后面写上这一节的标题，例如“## 适用范围”。');
        current = { number: model.sections.length + 1, title, line, blocks: [] };
        model.sections.push(current);
        break;
      }
      case 'paragraph': {
        if (checkInline(node)) blocks().push({ kind: 'paragraph', line, text: flatten(node) });
        break;
      }
      case 'list': {
        if (checkInline(node)) blocks().push({ kind: 'list', line, ordered: !!node.ordered, items: listItems(node) });
        break;
      }
      case 'mdxjsEsm':
        err(
          line,
          `图解里不能写 import 或 export（找到：“${firstLine(node.value)}”）。图解的内容只能是文字和四个组件，不运行代码。`,
          '删去这一行；Figure、Steps、Compare、Note 四个组件无需导入即可使用。',
        );
        break;
      case 'mdxFlowExpression':
        err(line, `图解里不能写花括号表达式（找到：“{${firstLine(node.value)}}”）。内容不运行代码。`, '删去花括号，把要显示的文字直接写出来。');
        break;
      case 'thematicBreak':
        warn(line, '分隔线（---、***）在图解里不显示。', '删去这一行；分节请用 ## 标题。');
        break;
      default:
        err(
          line,
          `图解里不能使用这种 Markdown 内容（${NODE_NAMES[node.type] ?? node.type}）。可用的是：## 分节标题、段落、列表，以及 Figure、Steps、Compare、Note 四个组件。`,
          node.type === 'table' ? '把表格改写成 <Compare> 对比或列表。' : '把这部分改写成段落或列表。',
        );
    }
  }

  if (model.sections.length === 0) {
    err(undefined, '图解没有分节：至少要有一个以 ## 开头的分节标题。', '按原文件的结构写 3–6 个分节，每节以“## 标题”开头。');
  } else if (model.sections.length > 8) {
    warn(model.sections[8]!.line, `图解有 ${model.sections.length} 个分节，长图会很长。常见做法是 3–6 节。`, '合并相近的分节，或把内容拆成两个图解。');
  }
  model.sections.forEach((s, i) => {
    const end = model.sections[i + 1]?.line ?? Infinity;
    // A section whose content was refused is already reported; “no content” would only repeat it.
    const refused = problems.some((p) => p.severity === 'error' && (p.line ?? 0) > s.line && (p.line ?? 0) < end);
    if (s.blocks.length === 0 && !refused) warn(s.line, `分节“${s.title}”下面没有内容。`, '在标题下写段落、列表或组件，或删去这个标题。');
  });
  return { model, problems };
}

/** Chinese names of the Markdown constructs an infographic refuses, for the message that names what was found. */
const NODE_NAMES: Record<string, string> = {
  code: '代码块',
  table: '表格',
  blockquote: '引用块',
  html: 'HTML',
  definition: '链接定义',
  footnoteDefinition: '脚注',
};
