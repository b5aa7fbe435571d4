/**
 * Content must not run code: MDX compiles `import`, `export`, `{…}` expressions and components into the build.
 * Content files may use only the studio's own components (and in documents, plain Markdown without active HTML).
 * Every finding is an error with file and line; nothing is executed to find it (the body is only parsed).
 */
import type { Nodes } from 'mdast';
import type { SourceFile } from './content-files';
import type { Problem } from './problems';
import { COMPONENTS } from '../infographics/parse';
import { findNearest } from './text-distance';
import { parseBody } from './lint/markdown';

/** Components an infographic may use (defined in src/infographics/parse.ts). */
export const INFOGRAPHIC_COMPONENTS: readonly string[] = Object.keys(COMPONENTS);

/** Components an interpretation may use: none yet; the lead adds names here when pages provide them. */
export const INTERPRETATION_COMPONENTS: readonly string[] = [];

/** The allow-list per collection; documents are plain Markdown (.md) and take no components. */
export const ALLOWED_COMPONENTS: Record<'documents' | 'interpretations' | 'infographics', readonly string[]> = {
  documents: [],
  interpretations: INTERPRETATION_COMPONENTS,
  infographics: INFOGRAPHIC_COMPONENTS,
};

/** HTML that runs code or embeds other pages, refused in Markdown documents. */
const ACTIVE_HTML = /<\s*(script|iframe|object|embed|style|form|frame|frameset|meta|link|base)\b|\son[a-z]+\s*=|javascript:/i;

const KIND_NAMES = { documents: '原文件', interpretations: '解读', infographics: '图解' } as const;

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/** true when an MDX expression holds nothing but comments ({/* 注释 *\/}), which runs nothing. */
function isCommentOnly(node: { value: string; data?: { estree?: { body: unknown[] } | null } }): boolean {
  const program = node.data?.estree;
  if (program) return program.body.length === 0;
  return /^\s*\/\*[\s\S]*?\*\/\s*$/.test(node.value) && !node.value.slice(node.value.indexOf('*/') + 2).includes('*/');
}

/** Checks every content file with a body: MDX (interpretations, infographics) and Markdown (documents). */
export function checkContentSafety(files: readonly SourceFile[]): Problem[] {
  const problems: Problem[] = [];
  for (const source of files) {
    if (source.collection !== 'documents' && source.collection !== 'interpretations' && source.collection !== 'infographics') continue;
    if (source.data === undefined) continue;
    problems.push(...checkFile(source, source.collection));
  }
  return problems;
}

/**
 * true when the body could hold something this check reports; parsing long official texts takes seconds,
 * and most have none of it. MDX needs an unescaped < or { (or an import/export line) for any of its syntax;
 * Markdown needs active HTML or a script link.
 */
export function mayNeedParsing(source: SourceFile): boolean {
  const body = source.body;
  if (source.file.endsWith('.mdx')) return /(?<!\\)[<{]/.test(body) || /^(?:import|export)\b/m.test(body);
  return ACTIVE_HTML.test(body) || /\]\(\s*<?\s*(?:javascript|vbscript|data):/i.test(body) || /^\s*\[[^\]]+\]:\s*<?\s*(?:javascript|vbscript|data):/im.test(body);
}

function checkFile(source: SourceFile, collection: keyof typeof ALLOWED_COMPONENTS): Problem[] {
  const problems: Problem[] = [];
  if (!mayNeedParsing(source)) return problems;
  const allowed = ALLOWED_COMPONENTS[collection];
  const kind = KIND_NAMES[collection];
  const parsed = parseBody(source);
  if (!parsed.ok) {
    const excerpt = source.raw.split('\n')[parsed.line - 1]?.trim().slice(0, 30) ?? '';
    if (excerpt.includes('<!--')) {
      problems.push({
        severity: 'error',
        file: source.file,
        line: parsed.line,
        message: `MDX 文件里不能用 <!-- … --> 写注释（这一行：“${excerpt}”）。`,
        fix: '改写成 {/* 注释 */}，或删去这条注释。',
      });
      return problems;
    }
    problems.push({
      severity: 'error',
      file: source.file,
      line: parsed.line,
      message: `第 ${parsed.column} 列附近无法按 MDX 读取正文（这一行：“${excerpt}”）。MDX 把 < 和 { 当作组件和代码的开头。`,
      fix: '如果这里的 < 或 { 是普通文字，在它前面加反斜杠（写成 \\< 或 \\{），或改用全角“＜”“｛”；如果是组件，检查尖括号是否成对，属性值是否用英文双引号括起来。',
    });
    return problems;
  }
  const lineOf = (node: { position?: { start: { line: number } } }) => (node.position ? source.bodyLine + node.position.start.line - 1 : source.bodyLine);
  const componentHint =
    allowed.length > 0
      ? `${kind}只能使用这些组件：${allowed.map((n) => `<${n}>`).join('、')}，无需导入。`
      : `${kind}里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。`;

  const visit = (node: Nodes) => {
    switch (node.type) {
      case 'mdxjsEsm':
        problems.push({
          severity: 'error',
          file: source.file,
          line: lineOf(node),
          message: `${kind}里不能写 import 或 export（找到：“${firstLine(node.value)}”）。内容文件只能是文字和本站的组件，发布时不运行代码。`,
          fix: `删去这一行。${allowed.length ? `${allowed.join('、')} 无需导入即可使用。` : ''}`,
        });
        return;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        if (isCommentOnly(node)) return;
        problems.push({
          severity: 'error',
          file: source.file,
          line: lineOf(node),
          message: `${kind}里不能写花括号表达式（找到：“{${firstLine(node.value)}}”）。花括号里的内容会在发布时当作代码运行。`,
          fix: '删去花括号；如果要显示花括号本身，在前面加反斜杠，写成 \\{ 和 \\}。',
        });
        return;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const name = node.name;
        if (name === null) {
          problems.push({
            severity: 'error',
            file: source.file,
            line: lineOf(node),
            message: `${kind}里不能写空标签 <> … </>。`,
            fix: '删去 <> 和 </>，只保留其中的文字。',
          });
        } else if (!allowed.includes(name)) {
          const isHtml = /^[a-z]/.test(name);
          const near = findNearest(name, allowed, 1)[0];
          problems.push({
            severity: 'error',
            file: source.file,
            line: lineOf(node),
            message: isHtml
              ? `${kind}里不能直接写 HTML 标签 <${name}>。${componentHint}`
              : `不认识的组件 <${name}>。${componentHint}`,
            fix: near
              ? `是不是要写 <${near}>？否则删去 <${name}> 标签，改用 Markdown 书写。`
              : isHtml
                ? '删去这个标签，改用 Markdown 书写：## 写标题，空一行分段，“- ”开头写列表。'
                : `删去 <${name}> 标签，改用 Markdown 书写。${collection === 'interpretations' ? '需要图解的，在 content/infographics/ 下另建图解（npm run new -- tujie）。' : ''}`,
          });
        }
        // Props of a refused element are not reported again: the element goes as a whole.
        for (const attr of name !== null && allowed.includes(name) ? node.attributes : []) {
          if (attr.type === 'mdxJsxExpressionAttribute') {
            problems.push({
              severity: 'error',
              file: source.file,
              line: lineOf(attr.position ? attr : node),
              message: `组件 <${name ?? ''}> 里不能写花括号表达式（找到：“{${firstLine(attr.value)}}”）。`,
              fix: '删去它；属性写成 名称="文字" 的形式。',
            });
          } else if (attr.value !== null && typeof attr.value === 'object') {
            problems.push({
              severity: 'error',
              file: source.file,
              line: lineOf(attr.position ? attr : node),
              message: `组件 <${name ?? ''}> 的属性 ${attr.name} 写成了花括号表达式（{${firstLine(attr.value.value)}}）。属性值只能是英文双引号中的文字。`,
              fix: `写成 ${attr.name}="${attr.value.value.replace(/^['"`]|['"`]$/g, '')}"。`,
            });
          }
        }
        break;
      }
      case 'html':
        if (ACTIVE_HTML.test(node.value)) {
          problems.push({
            severity: 'error',
            file: source.file,
            line: lineOf(node),
            message: `${kind}里不能写会运行代码或嵌入其他网页的 HTML（找到：“${firstLine(node.value)}”）。`,
            fix: '删去这段 HTML；正文用 Markdown 书写，视频、网页等写成链接。',
          });
        }
        return;
      case 'link':
      case 'image':
      case 'definition':
        if (/^\s*(?:javascript|vbscript|data):/i.test(node.url) && !(node.type === 'image' && /^\s*data:image\//i.test(node.url))) {
          problems.push({
            severity: 'error',
            file: source.file,
            line: lineOf(node),
            message: `链接地址不能以 ${node.url.split(':')[0]}: 开头（找到：“${node.url.slice(0, 40)}”），这种链接会运行代码。`,
            fix: '改为以 https:// 开头的网址，或删去这个链接。',
          });
        }
        break;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(parsed.tree);
  return problems;
}
