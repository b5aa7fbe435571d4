/**
 * Stage 1 (parser), text: the plain text the model keeps of Markdown content (emphasis and links become their
 * text, soft line breaks between Chinese characters disappear), list items, section titles without the numbering
 * an editor typed, and the short quotes and source lines that messages name.
 */
import { toString } from 'mdast-util-to-string';
import type { List, Paragraph } from 'mdast';

/** 1-based source line where a node starts, when the parser recorded it. */
export function lineOf(n: { position?: { start: { line: number } } }): number | undefined {
  return n.position?.start.line;
}

/** Text of a list's items, nested content flattened. */
export function listItems(list: List): string[] {
  return list.children.map((item) => item.children.map((c) => flatten(c as Paragraph)).join(' ').trim());
}

/** Plain text of inline content: emphasis and links become their text; soft line breaks disappear between Chinese characters. */
export function flatten(node: { children?: unknown } | Paragraph): string {
  return toString(node as Paragraph)
    .replace(/\s*\n\s*/g, (m, offset: number, all: string) => {
      const before = all[offset - 1] ?? '';
      const after = all[offset + m.length] ?? '';
      return /[\x21-\x7e]/.test(before) && /[\x21-\x7e]/.test(after) ? ' ' : '';
    })
    .trim();
}

const NUMBERING = /^(?:第?[一二三四五六七八九十]+(?:部分|[、.．章节部分])\s*|[（(][一二三四五六七八九十\d]+[）)]\s*|\d+[、.．]\s*|0\d\s+)/;

/** Removes numbering an editor typed (一、 1. （一） 01), since sections are numbered automatically. */
export function stripNumbering(title: string): { title: string; hadNumber: boolean } {
  const stripped = title.replace(NUMBERING, '').trim();
  return { title: stripped, hadNumber: stripped !== title.trim() };
}

/** The first line of a piece of source, cut at 40 characters with …, for quoting in a message. */
export function firstLine(s: string): string {
  const line = s.trim().split('\n')[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
