/**
 * Steps on the Markdown tree of an imported body (body.ts): images and links without an address, spacing and
 * punctuation around emphasis, line edges, tables, addresses in text, section headings.
 */
import type { Parent as MdastParent, PhrasingContent, Root as MdastRoot, RootContent, Table, TableCell } from 'mdast';
import { SITE_RELATIVE_URL } from '../markdown/sanitize-schema';

/** Whitespace at the edge of a line: ASCII spaces, no-break spaces and the ideographic space U+3000 used for indents. */
const LEADING_SPACE = /^[\s\u00a0\u3000]+/;
const TRAILING_SPACE = /[\s\u00a0\u3000]+$/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /[\s\u00a0\u3000]/u;

/** An image whose address the sanitiser removed (raw `<img src=…>`) would be written `![]()`; its alt text stays as text. */
export function keepAltOfImagesWithoutAddress(tree: MdastRoot): void {
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
export function dropForeignImages(tree: MdastRoot, dropped: string[]): void {
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
export const SECTION_TITLES: { pattern: RegExp; depth: 2 | 3 }[] = [
  { pattern: /^第[一二三四五六七八九十百零〇]+[章编]\s*[^。；：，]{0,24}$/u, depth: 2 },
  { pattern: /^[一二三四五六七八九十]+、[^。；：，]{1,24}$/u, depth: 2 },
  { pattern: /^（[一二三四五六七八九十]+）[^。；：，]{1,24}。?$/u, depth: 3 },
];

/**
 * Gives a long official text an outline without changing a character: a paragraph that is nothing but a
 * section title becomes a heading, so the page can offer a table of contents. Texts that already have
 * headings keep theirs.
 */
export function outlineSections(tree: MdastRoot): void {
  if (tree.children.some((node) => node.type === 'heading')) return;
  tree.children = tree.children.map((node) => {
    if (node.type !== 'paragraph' || node.children.length !== 1 || node.children[0]!.type !== 'text') return node;
    const text = node.children[0]!.value.trim();
    const rule = SECTION_TITLES.find(({ pattern }) => pattern.test(text));
    return rule ? { type: 'heading', depth: rule.depth, children: node.children } : node;
  });
}

type AnyParent = MdastRoot | MdastParent;

export function hasChildren(node: unknown): node is AnyParent {
  return typeof node === 'object' && node !== null && Array.isArray((node as { children?: unknown }).children);
}

/** Images are dropped (their addresses reported); link titles are tooltips, not text, and are dropped too. */
export function dropImagesAndTitles(tree: MdastRoot, dropped: string[]): void {
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
export function unwrapLinksWithoutAddress(tree: MdastRoot): void {
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

export const ATTENTION = new Set(['strong', 'emphasis', 'delete']);

/**
 * Chinese pages bold whole lead-ins with their indent and end punctuation: <strong>　　（一）总体要求。</strong>以….
 * In Markdown, `**` after punctuation and before a character closes nothing, and the writer would then
 * spell characters as &#x…; references. Moving edge spaces and punctuation outside the emphasis keeps every
 * character as written.
 */
export function moveSpaceAndPunctuationOutOfAttention(tree: MdastRoot): void {
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

export function lastCharOf(node: PhrasingContent | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'text') return [...node.value].pop();
  if (node.type === 'break') return '\n';
  // Other phrasing ends in a delimiter such as `*`, `]` or `)`, all punctuation.
  return '*';
}

export function firstCharOf(node: PhrasingContent | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'text') return [...node.value][0];
  if (node.type === 'break') return '\n';
  return '*';
}

export function mergeTexts(children: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const child of children) {
    const prev = out[out.length - 1];
    if (child.type === 'text' && prev?.type === 'text') prev.value += child.value;
    else out.push(child);
  }
  return out;
}

export const LINE_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);

/**
 * Removes indentation and padding at the edges of lines (ideographic spaces U+3000, no-break spaces),
 * the way the catalogue's plain-text body has them; spaces inside a line stay. Empty lines and
 * paragraphs go.
 */
export function trimLineEdges(tree: MdastRoot): void {
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
export function flattenCell(cell: TableCell): void {
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

export function trimPhrasing(block: AnyParent): void {
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
export function useFirstRowAsHeader(tree: MdastRoot): void {
  const walk = (parent: AnyParent) => {
    for (const child of parent.children) {
      if (child.type === 'table') fixTable(child);
      else if (hasChildren(child)) walk(child);
    }
  };
  walk(tree);
}

export function fixTable(table: Table): void {
  const [head, ...rest] = table.children;
  if (head && rest.length > 0 && head.children.every((cell) => cell.children.length === 0)) {
    table.children = rest;
  }
}

// An address in running text: scheme or www., then URL characters; Chinese punctuation ends it.
export const URL_IN_TEXT = /(?:https?:\/\/|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+/g;

/**
 * Addresses written as text (网址：https://…) become links. Left as text, GFM would link them anyway and
 * the writer would escape them as https\:// to stop it, which editors would then have to read.
 */
export function linkifyUrls(tree: MdastRoot): void {
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

