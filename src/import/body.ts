/**
 * Bodies of imported records as Markdown: HTML through unified (rehype-parse → the content sanitiser →
 * rehype-remark → remark-gfm → remark-stringify), Markdown kept as it is unless the same sanitiser has something
 * to remove (then rebuilt from the sanitised tree), plain text one paragraph a line. Interpretations are MDX, so
 * their bodies are also escaped for MDX (braces, angle brackets, import/export lines).
 */
import type { Element, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Parent as MdastParent, PhrasingContent, Root as MdastRoot, RootContent, Table, TableCell } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified } from 'unified';
import { raw } from 'hast-util-raw';
import { toHast } from 'mdast-util-to-hast';
import { sanitizeContentTree, type Removal } from '../markdown/sanitize';
import { SITE_RELATIVE_URL } from '../markdown/sanitize-schema';

/** A body converted to Markdown, with what the conversion left out. */
export interface ConvertedBody {
  /** The Markdown text, ending with one newline, or '' for no body. */
  markdown: string;
  /** Addresses of images that were dropped (the site does not hotlink images of other sites). */
  droppedImages: string[];
  /**
   * What the content sanitiser removed from the HTML before conversion (scripts, event handlers, script
   * links, styles…; src/markdown/sanitize-schema.ts), with line and column in the HTML. Text outside script and
   * style elements is always kept.
   */
  removed: Removal[];
}

/** How Markdown is written: one style everywhere so re-imports are byte-identical. */
const STRINGIFY_OPTIONS: StringifyOptions = {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  // [text](url) rather than <url>: angle brackets open a component in MDX.
  resourceLink: true,
};

// Word-processor exports put padding in pipes; aligned pipes would make every table row churn on edit.
const GFM_OPTIONS = { tablePipeAlign: false } as const;

/** Whitespace at the edge of a line: ASCII spaces, no-break spaces and the ideographic space U+3000 used for indents. */
const LEADING_SPACE = /^[\s\u00a0\u3000]+/;
const TRAILING_SPACE = /[\s\u00a0\u3000]+$/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /[\s\u00a0\u3000]/u;

/** Converts an HTML fragment (a catalogue page's content cell) to Markdown. */
export function htmlToMarkdown(html: string): ConvertedBody {
  const droppedImages: string[] = [];
  let removed: Removal[] = [];
  const processor = unified()
    .use(rehypeParse, { fragment: true })
    .use(() => (tree: HastRoot) => {
      unwrapStrayTableParts(tree);
      keepCaptions(tree);
      dropImages(tree, droppedImages);
      // The same allowlist as the build: what cannot go on a page does not go into content/ either.
      const result = sanitizeContentTree(tree, { source: html });
      removed = result.removed;
      return result.tree;
    })
    .use(rehypeRemark)
    .use(() => (tree: MdastRoot) => {
      dropImagesAndTitles(tree, droppedImages);
      unwrapLinksWithoutAddress(tree);
      moveSpaceAndPunctuationOutOfAttention(tree);
      trimLineEdges(tree);
      useFirstRowAsHeader(tree);
      linkifyUrls(tree);
      outlineSections(tree);
    })
    .use(remarkGfm, GFM_OPTIONS)
    .use(remarkStringify, STRINGIFY_OPTIONS);
  const markdown = String(processor.processSync(html)).trim();
  return { markdown: markdown ? `${markdown}\n` : '', droppedImages, removed };
}

/** Converts plain text to Markdown: each non-empty line becomes a paragraph; Markdown syntax in it is escaped. */
export function plainTextToMarkdown(text: string): string {
  const root: MdastRoot = {
    type: 'root',
    children: text
      .split(/\r?\n/)
      .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ''))
      .filter((line) => line.length > 0)
      .map((line) => ({ type: 'paragraph', children: [{ type: 'text', value: line }] })),
  };
  linkifyUrls(root);
  outlineSections(root);
  const markdown = unified().use(remarkGfm, GFM_OPTIONS).use(remarkStringify, STRINGIFY_OPTIONS).stringify(root).trim();
  return markdown ? `${markdown}\n` : '';
}

/**
 * Markdown kept as it is, with a single final newline; where it uses level-1 headings, every heading moves
 * down one level, because the page title is the page's only h1.
 */
export function normalizeMarkdown(markdown: string): string {
  let text = markdown.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  if (/^# /m.test(text)) text = text.replace(/^(#{1,5}) /gm, '#$1 ');
  return text ? `${text}\n` : '';
}

/**
 * A Markdown body through the same allowlist as the build (src/markdown/sanitize.ts), the way the check reads it
 * (mdast → hast with raw HTML → sanitiser). Images at other sites' addresses are dropped and reported, as for
 * HTML bodies. When nothing has to go, the Markdown is returned byte for byte as given; otherwise it is
 * rebuilt from the sanitised tree (rehype-remark, the writer's style of HTML bodies), so that script links,
 * event handlers, scripts and styles never reach content/. `removed` says what went, with line and column in
 * the Markdown.
 */
export function sanitizeMarkdown(markdown: string): ConvertedBody {
  const droppedImages: string[] = [];
  let removed: Removal[] = [];
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(() => (tree: MdastRoot) => {
      dropForeignImages(tree, droppedImages);
      const hast = toHast(tree, { allowDangerousHtml: true }) as HastRoot;
      const result = sanitizeContentTree(hast, { source: markdown });
      removed = result.removed;
      return result.tree;
    })
    .use(rehypeRemark)
    .use(() => (tree: MdastRoot) => {
      unwrapLinksWithoutAddress(tree);
      keepAltOfImagesWithoutAddress(tree);
      moveSpaceAndPunctuationOutOfAttention(tree);
      trimLineEdges(tree);
    })
    .use(remarkGfm, GFM_OPTIONS)
    .use(remarkStringify, STRINGIFY_OPTIONS);
  const tree = processor.runSync(processor.parse(markdown));
  if (removed.length === 0 && droppedImages.length === 0) return { markdown, droppedImages, removed };
  const rebuilt = processor.stringify(tree as MdastRoot).trim();
  return { markdown: rebuilt ? `${rebuilt}\n` : '', droppedImages, removed };
}

/**
 * Plain text of a Markdown body as a reader would see it: raw HTML parsed, script and style left out (as
 * {@link htmlToText} does for HTML). The reference of the fidelity check for a Markdown body the sanitiser changed.
 */
export function markdownToText(markdown: string): string {
  const mdast = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  const hast = raw(toHast(mdast, { allowDangerousHtml: true }) as HastRoot) as HastRoot;
  return hastText(hast);
}

/** An image whose address the sanitiser removed (raw `<img src=…>`) would be written `![]()`; its alt text stays as text. */
function keepAltOfImagesWithoutAddress(tree: MdastRoot): void {
  const walk = (parent: AnyParent) => {
    const out: RootContent[] = [];
    for (const child of parent.children) {
      if (hasChildren(child)) walk(child);
      if (child.type === 'image' && child.url === '') {
        if (child.alt) out.push({ type: 'text', value: child.alt });
      } else out.push(child);
    }
    parent.children = mergeTexts(out as PhrasingContent[]) as typeof parent.children;
  };
  walk(tree);
}

/** Markdown images whose address is not on this site (src/markdown/sanitize-schema.ts) are dropped and their addresses kept. */
function dropForeignImages(tree: MdastRoot, dropped: string[]): void {
  const walk = (parent: AnyParent) => {
    parent.children = parent.children.filter((child) => {
      if (child.type === 'image' && !SITE_RELATIVE_URL.test(child.url)) {
        dropped.push(child.url);
        return false;
      }
      if (hasChildren(child)) walk(child);
      return true;
    }) as typeof parent.children;
  };
  walk(tree);
}

/** Section titles in the official style: 一、总体要求 / 第一章 总则 (level 2), （一）统筹建设监管工作平台。 (level 3). */
const SECTION_TITLES: { pattern: RegExp; depth: 2 | 3 }[] = [
  { pattern: /^第[一二三四五六七八九十百零〇]+[章编]\s*[^。；：，]{0,24}$/u, depth: 2 },
  { pattern: /^[一二三四五六七八九十]+、[^。；：，]{1,24}$/u, depth: 2 },
  { pattern: /^（[一二三四五六七八九十]+）[^。；：，]{1,24}。?$/u, depth: 3 },
];

/**
 * Gives a long official text an outline without changing a character: a paragraph that is nothing but a
 * section title becomes a heading, so the page can offer a table of contents. Texts that already have
 * headings keep theirs.
 */
function outlineSections(tree: MdastRoot): void {
  if (tree.children.some((node) => node.type === 'heading')) return;
  tree.children = tree.children.map((node) => {
    if (node.type !== 'paragraph' || node.children.length !== 1 || node.children[0]!.type !== 'text') return node;
    const text = node.children[0]!.value.trim();
    const rule = SECTION_TITLES.find(({ pattern }) => pattern.test(text));
    return rule ? { type: 'heading', depth: rule.depth, children: node.children } : node;
  });
}

/** A line MDX reads as JavaScript (ESM): `import` or `export` and a space at the very start of a line. */
const ESM_LINE_START = /^(?:import|export)[ \t]/;

/** Character references for the first letter of `import`/`export`: MDX renders them as the letter itself. */
const ESM_FIRST_LETTER: Record<string, string> = { i: '&#105;', e: '&#101;' };

/**
 * Escapes the text of Markdown so that it parses as MDX and renders as the same text:
 * - `{`, `}`, `<` and `>` get a backslash (in MDX `{` opens an expression and `<` a component);
 * - a line of text starting with `import ` or `export ` (column 1, where MDX reads ESM, that is JavaScript run
 *   at build time) has its first letter written as a character reference, `&#105;mport` / `&#101;xport`, which
 *   MDX renders as “import” / “export”. Lines inside a paragraph are escaped too, although MDX reads ESM only
 *   after a blank line, so that an editor who later splits the paragraph does not turn the line into code.
 *   Indented lines (list items, block quotes) are never ESM and stay as they are.
 * Code is left alone (MDX does not parse it); characters already escaped with a backslash stay as they are;
 * nothing else changes.
 */
export function escapeForMdx(markdown: string): string {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  // What to write instead of a character, by offset: characters MDX would read as syntax, in text, raw HTML and autolinks.
  const replacements = new Map<number, string>();
  const visit = (node: MdastRoot | RootContent) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const isAutolink =
      node.type === 'link' && start !== undefined && markdown[start] === '<';
    if ((node.type === 'text' || node.type === 'html' || isAutolink) && start !== undefined && end !== undefined) {
      for (let i = start; i < end; i++) {
        const c = markdown[i]!;
        if ((c === '{' || c === '}' || c === '<' || c === '>') && !isEscaped(markdown, i)) replacements.set(i, `\\${c}`);
        else if ((i === 0 || markdown[i - 1] === '\n') && ESM_LINE_START.test(markdown.slice(i, i + 7))) {
          replacements.set(i, ESM_FIRST_LETTER[c]!);
        }
      }
      if (node.type !== 'link') return;
    }
    if (node.type === 'code' || node.type === 'inlineCode') return;
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  if (replacements.size === 0) return markdown;
  let out = '';
  for (let i = 0; i < markdown.length; i++) out += replacements.get(i) ?? markdown[i];
  return out;
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

// --- hast steps -------------------------------------------------------------------------------

const TABLE_PARTS = new Set(['tbody', 'thead', 'tfoot', 'tr', 'td', 'th']);

/**
 * gov.cn pages keep the content in a layout cell (<tbody><tr><td id="UCAP-CONTENT">); cut out of its
 * table, that cell would turn the whole document into one table cell. Table parts outside a table are unwrapped.
 */
function unwrapStrayTableParts(tree: HastRoot): void {
  const walk = (parent: HastRoot | Element, inTable: boolean) => {
    const children: HastContent[] = [];
    for (const child of parent.children) {
      if (child.type === 'element' && !inTable && TABLE_PARTS.has(child.tagName)) {
        walk(child, false);
        children.push(...(child.children as HastContent[]));
      } else {
        if (child.type === 'element') walk(child, inTable || child.tagName === 'table');
        children.push(child);
      }
    }
    parent.children = children as typeof parent.children;
  };
  walk(tree, false);
}

/** rehype-remark drops <caption>; its text becomes a paragraph before the table so no text is lost. */
function keepCaptions(tree: HastRoot): void {
  const walk = (parent: HastRoot | Element) => {
    const children: HastContent[] = [];
    for (const child of parent.children) {
      if (child.type === 'element') {
        walk(child);
        if (child.tagName === 'table') {
          const captions = child.children.filter(
            (c): c is Element => c.type === 'element' && c.tagName === 'caption',
          );
          for (const caption of captions) {
            children.push({ type: 'element', tagName: 'p', properties: {}, children: caption.children });
          }
          child.children = child.children.filter((c) => !captions.includes(c as Element));
        }
      }
      children.push(child);
    }
    parent.children = children as typeof parent.children;
  };
  walk(tree);
}

/**
 * Images are dropped (the site does not hotlink other sites' images) and their addresses reported, before the
 * sanitiser, which would otherwise remove an external address and leave an image without one to report.
 */
function dropImages(tree: HastRoot, dropped: string[]): void {
  const walk = (parent: HastRoot | Element) => {
    parent.children = parent.children.filter((child) => {
      if (child.type !== 'element') return true;
      if (child.tagName === 'img') {
        if (typeof child.properties.src === 'string') dropped.push(child.properties.src);
        return false;
      }
      walk(child);
      return true;
    }) as typeof parent.children;
  };
  walk(tree);
}

// --- mdast steps ------------------------------------------------------------------------------

type AnyParent = MdastRoot | MdastParent;

function hasChildren(node: unknown): node is AnyParent {
  return typeof node === 'object' && node !== null && Array.isArray((node as { children?: unknown }).children);
}

/** Images are dropped (their addresses reported); link titles are tooltips, not text, and are dropped too. */
function dropImagesAndTitles(tree: MdastRoot, dropped: string[]): void {
  const walk = (parent: AnyParent) => {
    parent.children = parent.children.filter((child) => {
      if (child.type === 'image') {
        dropped.push(child.url);
        return false;
      }
      if (child.type === 'link') child.title = null;
      if (hasChildren(child)) walk(child);
      // A link that held only an image keeps its address as its text.
      if (child.type === 'link' && child.children.length === 0) child.children = [{ type: 'text', value: child.url }];
      return true;
    }) as typeof parent.children;
  };
  walk(tree);
}

/**
 * A link whose address the sanitiser removed (javascript:…, or an anchor without href) would be written `[text]()`,
 * a link to the page itself; its text stays, as plain text.
 */
function unwrapLinksWithoutAddress(tree: MdastRoot): void {
  const walk = (parent: AnyParent) => {
    const out: RootContent[] = [];
    for (const child of parent.children) {
      if (hasChildren(child)) walk(child);
      if (child.type === 'link' && child.url === '') out.push(...(child.children as RootContent[]));
      else out.push(child);
    }
    parent.children = mergeTexts(out as PhrasingContent[]) as typeof parent.children;
  };
  walk(tree);
}

const ATTENTION = new Set(['strong', 'emphasis', 'delete']);

/**
 * Chinese pages bold whole lead-ins with their indent and end punctuation: <strong>　　（一）总体要求。</strong>以….
 * In Markdown, `**` after punctuation and before a character closes nothing, and the writer would then
 * spell characters as &#x…; references. Moving edge spaces and punctuation outside the emphasis keeps every
 * character as written.
 */
function moveSpaceAndPunctuationOutOfAttention(tree: MdastRoot): void {
  const walk = (parent: AnyParent) => {
    for (const child of parent.children) if (hasChildren(child)) walk(child);
    const children = parent.children as PhrasingContent[];
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      if (!ATTENTION.has(node.type) || !hasChildren(node)) continue;
      const inner = node.children as PhrasingContent[];
      // Line breaks at the edges move out too: `**<br>**` would be written as a stray backslash.
      const breaksBefore: PhrasingContent[] = [];
      const breaksAfter: PhrasingContent[] = [];
      while (inner[0]?.type === 'break') breaksBefore.push(inner.shift()!);
      while (inner[inner.length - 1]?.type === 'break') breaksAfter.unshift(inner.pop()!);
      let before = '';
      let after = '';
      // Leading spaces always move out; leading punctuation moves out when a letter stands right before.
      const first = inner[0];
      if (first?.type === 'text') {
        const prevChar = lastCharOf(children[i - 1]);
        const prevIsLetter = prevChar !== undefined && !WHITESPACE.test(prevChar) && !PUNCTUATION.test(prevChar);
        let cut = 0;
        const chars = [...first.value];
        while (cut < chars.length && (WHITESPACE.test(chars[cut]!) || (prevIsLetter && PUNCTUATION.test(chars[cut]!)))) cut++;
        before = chars.slice(0, cut).join('');
        first.value = chars.slice(cut).join('');
      }
      const last = inner[inner.length - 1];
      if (last?.type === 'text') {
        const nextChar = firstCharOf(children[i + 1]);
        const nextIsLetter = nextChar !== undefined && !WHITESPACE.test(nextChar) && !PUNCTUATION.test(nextChar);
        const chars = [...last.value];
        let cut = chars.length;
        while (cut > 0 && (WHITESPACE.test(chars[cut - 1]!) || (nextIsLetter && PUNCTUATION.test(chars[cut - 1]!)))) cut--;
        after = chars.slice(cut).join('');
        last.value = chars.slice(0, cut).join('');
      }
      node.children = inner.filter((c) => !(c.type === 'text' && c.value === '')) as typeof node.children;
      const replacement: PhrasingContent[] = [...breaksBefore];
      if (before) replacement.push({ type: 'text', value: before });
      // Emphasis left with nothing in it would be written as a bare `****`.
      if (node.children.length > 0) replacement.push(node);
      if (after) replacement.push({ type: 'text', value: after });
      replacement.push(...breaksAfter);
      children.splice(i, 1, ...replacement);
      i += replacement.length - 1;
    }
    parent.children = mergeTexts(children) as typeof parent.children;
  };
  walk(tree);
}

function lastCharOf(node: PhrasingContent | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'text') return [...node.value].pop();
  if (node.type === 'break') return '\n';
  // Other phrasing ends in a delimiter such as `*`, `]` or `)`, all punctuation.
  return '*';
}

function firstCharOf(node: PhrasingContent | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'text') return [...node.value][0];
  if (node.type === 'break') return '\n';
  return '*';
}

function mergeTexts(children: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const child of children) {
    const prev = out[out.length - 1];
    if (child.type === 'text' && prev?.type === 'text') prev.value += child.value;
    else out.push(child);
  }
  return out;
}

const LINE_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);

/**
 * Removes indentation and padding at the edges of lines (ideographic spaces U+3000, no-break spaces),
 * the way the catalogue's plain-text body has them; spaces inside a line stay. Empty lines and
 * paragraphs go.
 */
function trimLineEdges(tree: MdastRoot): void {
  const walk = (parent: AnyParent) => {
    for (const child of parent.children) {
      if (child.type === 'tableCell') flattenCell(child);
      if (LINE_BLOCKS.has(child.type) && hasChildren(child)) trimPhrasing(child);
      else if (hasChildren(child)) walk(child);
    }
    parent.children = parent.children.filter(
      (child) => !(child.type === 'paragraph' && child.children.length === 0),
    ) as typeof parent.children;
  };
  walk(tree);
}

/**
 * Word tables put paragraphs inside cells; a GFM cell holds one line, so the paragraphs are joined with
 * line breaks (written as spaces inside a table) and their edges trimmed like any other line.
 */
function flattenCell(cell: TableCell): void {
  const children = cell.children as (PhrasingContent | RootContent)[];
  if (!children.some((c) => c.type === 'paragraph' || c.type === 'heading')) return;
  const out: PhrasingContent[] = [];
  for (const child of children) {
    const phrasing = child.type === 'paragraph' || child.type === 'heading' ? child.children : [child as PhrasingContent];
    if (out.length > 0) out.push({ type: 'break' });
    out.push(...phrasing);
  }
  cell.children = out;
}

function trimPhrasing(block: AnyParent): void {
  const children = block.children as PhrasingContent[];
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type !== 'text') continue;
    const prev = children[i - 1];
    const next = children[i + 1];
    if (!prev || prev.type === 'break') node.value = node.value.replace(LEADING_SPACE, '');
    if (!next || next.type === 'break') node.value = node.value.replace(TRAILING_SPACE, '');
  }
  const kept = children.filter((c) => !(c.type === 'text' && c.value === ''));
  // No break at the start or end of a line block, and never two in a row.
  const out: PhrasingContent[] = [];
  for (const child of kept) {
    if (child.type === 'break' && (out.length === 0 || out[out.length - 1]!.type === 'break')) continue;
    out.push(child);
  }
  while (out.length && out[out.length - 1]!.type === 'break') out.pop();
  block.children = out as typeof block.children;
}

/**
 * rehype-remark gives a table without <th> an empty header row; the first real row becomes the
 * header instead, so screen readers announce column names rather than blanks.
 */
function useFirstRowAsHeader(tree: MdastRoot): void {
  const walk = (parent: AnyParent) => {
    for (const child of parent.children) {
      if (child.type === 'table') fixTable(child);
      else if (hasChildren(child)) walk(child);
    }
  };
  walk(tree);
}

function fixTable(table: Table): void {
  const [head, ...rest] = table.children;
  if (head && rest.length > 0 && head.children.every((cell) => cell.children.length === 0)) {
    table.children = rest;
  }
}

// An address in running text: scheme or www., then URL characters; Chinese punctuation ends it.
const URL_IN_TEXT = /(?:https?:\/\/|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+/g;

/**
 * Addresses written as text (网址：https://…) become links. Left as text, GFM would link them anyway and
 * the writer would escape them as https\:// to stop it, which editors would then have to read.
 */
function linkifyUrls(tree: MdastRoot): void {
  const walk = (parent: AnyParent) => {
    const out: RootContent[] = [];
    for (const child of parent.children) {
      if (child.type === 'link' || child.type === 'inlineCode' || child.type === 'code') {
        out.push(child);
        continue;
      }
      if (hasChildren(child)) walk(child);
      if (child.type !== 'text') {
        out.push(child);
        continue;
      }
      let last = 0;
      for (const match of child.value.matchAll(URL_IN_TEXT)) {
        // Sentence punctuation after an address is not part of it.
        const url = match[0].replace(/[.,;:!?'*]+$/, '');
        if (!/[A-Za-z0-9]\.[A-Za-z]/.test(url)) continue;
        const start = match.index;
        if (start > last) out.push({ type: 'text', value: child.value.slice(last, start) });
        out.push({
          type: 'link',
          url: url.startsWith('www.') ? `http://${url}` : url,
          children: [{ type: 'text', value: url }],
        });
        last = start + url.length;
      }
      if (last === 0) out.push(child);
      else if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
    }
    parent.children = out as typeof parent.children;
  };
  walk(tree);
}

/** Plain text of an HTML fragment as a browser's textContent would give it, without script and style. */
export function htmlToText(html: string): string {
  return hastText(unified().use(rehypeParse, { fragment: true }).parse(html));
}

function hastText(tree: HastRoot): string {
  let text = '';
  const walk = (node: HastRoot | HastContent) => {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'element' && (node.tagName === 'script' || node.tagName === 'style')) return;
    else if ((node.type === 'element' || node.type === 'root') && 'children' in node) {
      for (const child of node.children) walk(child);
    }
  };
  walk(tree);
  return text;
}
