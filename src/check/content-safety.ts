/**
 * Content must not run code: MDX compiles `import`, `export`, `{…}` expressions and components into the build,
 * and HTML in a body can carry scripts, event handlers and script links. Content files may use only the
 * studio's own components; HTML and links go through the sanitiser (./sanitize.ts, allowlist in
 * ./sanitize-schema.ts), and whatever it would remove is reported here, so the editor sees what the build
 * removes anyway. Every finding is an error with file and line; nothing is executed to find it.
 */
import type { Root as HastRoot } from 'hast';
import type { Nodes } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import type { SourceFile } from '../content/files';
import type { Problem } from '../lib/problems';
import { COMPONENTS } from '../infographics/components';
import { REGISTRY, contentDir, entryUrl, isArticleCollection, type ArticleCollection } from '../content/registry';
import { findNearest } from '../lib/text-distance';
import { parseBody } from './lint/markdown';
import { MDX_NODE_TYPES, sanitizeContentTree, type Removal } from '../markdown/sanitize';
import { LINK_PROTOCOLS, isSchemeRelative } from '../markdown/sanitize-schema';
import { FOOTNOTE_OPTIONS } from '../markdown/footnotes';
import { componentTagProblem } from './mdx-messages';

/** Components an infographic may use (defined in src/infographics/components.ts). */
export const INFOGRAPHIC_COMPONENTS: readonly string[] = Object.keys(COMPONENTS);

/** Components an interpretation may use: none yet; the lead adds names here when pages provide them. */
export const INTERPRETATION_COMPONENTS: readonly string[] = [];

/** The allow-list per collection; documents are plain Markdown (.md) and take no components. */
export const ALLOWED_COMPONENTS: Record<ArticleCollection, readonly string[]> = {
  documents: [],
  interpretations: INTERPRETATION_COMPONENTS,
  infographics: INFOGRAPHIC_COMPONENTS,
};

/**
 * The components a body may use, by the file's path (absolute or relative): infographics and interpretations
 * their own lists, anything else none. The build's sanitiser (astro.config.mjs) and the check use the same lists.
 */
export function componentsForPath(path: string): readonly string[] {
  const normalized = path.replaceAll('\\', '/');
  if (/(?:^|\/)content\/infographics\//.test(normalized)) return INFOGRAPHIC_COMPONENTS;
  if (/(?:^|\/)content\/interpretations\//.test(normalized)) return INTERPRETATION_COMPONENTS;
  return [];
}


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
    if (!isArticleCollection(source.collection)) continue;
    if (source.data === undefined) continue;
    problems.push(...checkFile(source, source.collection));
  }
  return problems;
}

/**
 * true when the body could hold something this check reports; parsing long official texts takes time, and most
 * are plain paragraphs. Markdown turns into HTML elements with attributes only through raw HTML (`<`), links and
 * images (`](`, a reference definition `]:`, `<…>` autolinks) and entities (`&`); MDX syntax needs `<`, `{` or
 * an import/export line. A body with none of these becomes paragraphs, headings, lists and tables of plain text.
 */
export function mayNeedParsing(source: SourceFile): boolean {
  const body = source.body;
  if (/[<&]|\]\s*[(:]/.test(body)) return true;
  return source.file.endsWith('.mdx') && (/[{]/.test(body) || /^(?:import|export)\b/m.test(body));
}

function checkFile(source: SourceFile, collection: keyof typeof ALLOWED_COMPONENTS): Problem[] {
  const problems: Problem[] = [];
  if (!mayNeedParsing(source)) return problems;
  const allowed = ALLOWED_COMPONENTS[collection];
  const kind = REGISTRY[collection].name;
  const lineOf = (node: { position?: { start: { line: number } } }) => (node.position ? source.bodyLine + node.position.start.line - 1 : source.bodyLine);
  const componentHint =
    allowed.length > 0
      ? `${kind}只能使用这些组件：${allowed.map((n) => `<${n}>`).join('、')}，无需导入。`
      : `${kind}里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。`;

  /** The problem for a component or HTML tag <name> that this collection does not allow, at file line `line`. */
  const notAllowed = (name: string, line: number): Problem => {
    const isHtml = /^[a-z]/.test(name);
    const near = findNearest(name, allowed, 1)[0];
    return {
      severity: 'error',
      file: source.file,
      line,
      message: isHtml ? `${kind}里不能直接写 HTML 标签 <${name}>。${componentHint}` : `不认识的组件 <${name}>。${componentHint}`,
      fix: near
        ? `是不是要写 <${near}>？否则删去 <${name}> 标签，改用 Markdown 书写。`
        : isHtml
          ? '删去这个标签，改用 Markdown 书写：## 写标题，空一行分段，“- ”开头写列表。'
          : `删去 <${name}> 标签，改用 Markdown 书写。${collection === 'interpretations' ? `需要图解的，在 ${contentDir('infographics')} 下另建图解（npm run new -- ${REGISTRY.infographics.urlPrefix}）。` : ''}`,
    };
  };
  const parsed = parseBody(source);
  if (!parsed.ok) {
    const tagProblem = componentTagProblem(source.file, source, parsed.line, parsed.reason);
    if (tagProblem) {
      // An unclosed or mismatched tag of a component this collection does not allow: say so now, not after the
      // editor has closed it (one run, every mistake).
      const opened = /`<([^>`\s/]+)>` \(\d+:/.exec(parsed.reason)?.[1];
      return opened !== undefined && !allowed.includes(opened) ? [notAllowed(opened, tagProblem.line ?? parsed.line), tagProblem] : [tagProblem];
    }
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
  // Components refused inside a refused component (<Steps><Step>…): one problem for the outer tag names them all.
  const nested = new Map<Problem, Set<string>>();
  const visit = (node: Nodes, refusedOuter?: Problem) => {
    let outer = refusedOuter;
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
        } else if (!allowed.includes(name) && refusedOuter) {
          if (name !== /<([^>\s]+)>/.exec(refusedOuter.message)?.[1]) nested.set(refusedOuter, (nested.get(refusedOuter) ?? new Set()).add(name));
        } else if (!allowed.includes(name)) {
          outer = notAllowed(name, lineOf(node));
          problems.push(outer);
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
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes, outer);
  };
  visit(parsed.tree);
  for (const [problem, names] of nested) {
    const outerName = /<([^>\s]+)>/.exec(problem.message)![1]!;
    const inner = [...names].map((n) => `<${n}>`).join('、');
    problem.message = problem.message.replace(`<${outerName}>。`, `<${outerName}>（其中还有 ${inner}）。`);
    problem.fix = problem.fix?.replace(`删去 <${outerName}> 标签`, `删去 <${outerName}> 和其中的 ${inner} 标签`);
  }
  problems.push(...reportSanitizer(source, parsed.tree, allowed, kind));
  return problems;
}

/** A value as editors can read it: control characters and invisible spaces shown as \uXXXX, long values cut. */
function showValue(value: string): string {
  const shown = value.replace(/[\p{Cc}\p{Cf}\u00a0\u2028\u2029]/gu, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);

/** true when a URL has no scheme (a relative address) or one a link may use. */
function hasAllowedScheme(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined || (LINK_PROTOCOLS as readonly string[]).includes(scheme);
}

/** The message and fix for one thing the sanitiser removed. */
function removalToProblem(r: Removal, kind: string): Pick<Problem, 'message' | 'fix'> {
  const tag = `<${r.name}>`;
  if (r.kind === 'element') {
    if (r.withContent) {
      return {
        message: `${kind}正文里的 ${tag} ${r.name === 'style' ? '是内联样式表，网站不允许内容自带样式' : '会在读者的浏览器里运行代码'}；发布时它连同其中的内容一起删除。`,
        fix: `删去 ${tag} 到 </${r.name}> 之间的全部内容。`,
      };
    }
    return {
      message: `${kind}正文里不允许使用 HTML 标签 ${tag}（只允许标题、段落、列表、表格、链接、本站图片等排版标签）；发布时删去这个标签，只保留其中的文字。`,
      fix: r.name === 'iframe' || r.name === 'object' || r.name === 'embed' || r.name === 'video' || r.name === 'audio'
        ? `删去 ${tag}；视频、网页等写成链接，如 [视频：发布会实录](https://…)。`
        : `删去 ${tag} 和它的结束标签，改用 Markdown 书写：## 写标题，空一行分段，“- ”开头写列表，| 写表格。`,
    };
  }
  const attribute = r.attribute ?? '';
  const value = showValue(r.value ?? '');
  if (/^on/.test(attribute)) {
    return {
      message: `${tag} 的 ${attribute} 属性（“${value}”）是事件脚本，会在读者的浏览器里运行代码；发布时删去这个属性。`,
      fix: `删去 ${attribute}="…"。`,
    };
  }
  if (attribute === 'style') {
    return {
      message: `${tag} 的 style 属性（“${value}”）是内联样式，网站不允许内容自带样式；发布时删去这个属性。`,
      fix: '删去 style="…"；字号、颜色、版式由网站统一的样式决定。',
    };
  }
  if (r.name === 'img' && attribute === 'src') {
    return {
      message: `图片地址“${value}”不是本站地址。正文里的图片只能用本站地址（以 / 开头），不能引用其他网站的图片，也不能用 data: 等地址；发布时删去这个地址。`,
      fix: '把图片放进 public/ 目录，用 /文件名 引用（如 /images/2019/tu1.png）；或删去这张图片。',
    };
  }
  if (URL_ATTRIBUTES.has(attribute) && isSchemeRelative(r.value ?? '')) {
    const what = attribute === 'cite' ? '引用出处' : '链接';
    return {
      message: `以 // 开头的${what}会打开其他网站：“${value}”开头是两个斜杠（/ 或 \\；其间的空格、制表符、换行浏览器会删去），浏览器把它读作另一个网站的地址，看上去像本站地址，实际不是；发布时删去这个地址。`,
      fix: `本站页面只写一个 / 开头，如 ${entryUrl('documents', 'guofa-2019-5')}；其他网站写完整网址，如 https://www.gov.cn/；否则删去这个${what}。`,
    };
  }
  if (URL_ATTRIBUTES.has(attribute) && /[\s\p{Cc}]/u.test(r.value ?? '') && hasAllowedScheme((r.value ?? '').replace(/[\s\p{Cc}]/gu, ''))) {
    return {
      message: `链接地址“${value}”里有空格、制表符、换行或其他看不见的字符。浏览器会删掉它们再打开，地址可能变成另一个网站或会运行代码的地址；发布时删去这个地址。`,
      fix: `删去地址里的空白字符（文件名里的空格写成 %20），如 ${entryUrl('documents', 'guofa-2019-5')} 或 https://www.gov.cn/；否则删去这个链接。`,
    };
  }
  if (URL_ATTRIBUTES.has(attribute)) {
    return {
      message: `链接地址“${value}”不是允许的地址（可能会运行代码）。只允许 ${LINK_PROTOCOLS.map((p) => `${p}:`).join('、')} 开头的网址和本站地址（以 / 开头）；发布时删去这个地址。`,
      fix: `改为以 https:// 开头的完整网址（协议名用小写，中间不能有空格、制表符或换行），或本站地址如 ${entryUrl('documents', 'guofa-2019-5')}；否则删去这个链接。`,
    };
  }
  return {
    message: `${tag} 的 ${attribute} 属性${value ? `（“${value}”）` : ''}不允许使用；发布时删去这个属性。`,
    fix: `删去 ${attribute}${r.value ? '="…"' : ''}。`,
  };
}

/**
 * Runs the build's sanitiser over the body and reports each element and attribute it removes. MDX syntax is
 * reported by the checks above (import/export, expressions, components), so the sanitiser's own notes on it
 * are left out here.
 */
function reportSanitizer(source: SourceFile, tree: Nodes, components: readonly string[], kind: string): Problem[] {
  // The build's footnote options, so the check sanitises the same footer the build writes.
  const hast = toHast(tree, { ...FOOTNOTE_OPTIONS, allowDangerousHtml: true, passThrough: [...MDX_NODE_TYPES] }) as HastRoot;
  const { removed } = sanitizeContentTree(hast, { components, source: source.body });
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const r of removed) {
    if (r.kind === 'mdx') continue;
    // An image with a relative address (./x.jpg) is reported by the image check with where to put the file.
    if (r.name === 'img' && r.attribute === 'src' && !/^[a-z][a-z0-9+.-]*:/i.test(r.value ?? '') && !isSchemeRelative(r.value ?? '') && !(r.value ?? '').startsWith('/')) continue;
    const line = r.line ? source.bodyLine + r.line - 1 : source.bodyLine;
    const { message, fix } = removalToProblem(r, kind);
    const key = `${line}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ severity: 'error', file: source.file, line, field: 'body', label: '正文', message, fix });
  }
  return problems;
}
