/**
 * Parses the body of a content file once for the copy lint and the content-safety check: Markdown with GFM
 * for documents (.md), MDX for interpretations and infographics (.mdx), positions relative to the file.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import type { Root } from 'mdast';
import type { SourceFile } from '../../content/files';
import { REMARK_PLUGINS } from '../../markdown/remark-plugins';

/** A parsed body, or where it could not be parsed. */
export type ParsedBody =
  | { ok: true; tree: Root; isMdx: boolean }
  | { ok: false; isMdx: boolean; line: number; column: number; reason: string };

const cache = new WeakMap<SourceFile, ParsedBody>();

/** true for files compiled as MDX (interpretations, infographics). */
export function isMdxFile(source: SourceFile): boolean {
  return source.file.endsWith('.mdx');
}

/** Parses the body of a file (memoised per SourceFile); lines and columns in errors are those of the file. */
export function parseBody(source: SourceFile): ParsedBody {
  const hit = cache.get(source);
  if (hit) return hit;
  const isMdx = isMdxFile(source);
  // The build's remark plugins (CJK-friendly emphasis), so the check sees the same emphasis the page shows.
  const processor = isMdx
    ? unified().use(remarkParse).use(remarkGfm).use(REMARK_PLUGINS).use(remarkMdx)
    : unified().use(remarkParse).use(remarkGfm).use(REMARK_PLUGINS);
  let result: ParsedBody;
  try {
    result = { ok: true, tree: processor.parse(source.body) as Root, isMdx };
  } catch (error) {
    const e = error as { line?: number; column?: number; place?: { line?: number; column?: number; start?: { line: number; column: number } }; reason?: string; message?: string };
    const place = e.place && 'start' in e.place && e.place.start ? e.place.start : (e.place as { line?: number; column?: number } | undefined);
    result = {
      ok: false,
      isMdx,
      line: source.bodyLine + (place?.line ?? e.line ?? 1) - 1,
      column: place?.column ?? e.column ?? 1,
      reason: e.reason ?? e.message ?? String(error),
    };
  }
  cache.set(source, result);
  return result;
}

/** Offset in the whole file (frontmatter included) where the body starts. */
export function bodyOffset(source: SourceFile): number {
  return source.raw.length - source.body.length;
}

/** 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Maps each character of a text node's value to its offset in the source slice the node came from:
 * continuation lines lose their indentation (and blockquote markers) in the value, escapes lose their
 * backslash. Returns undefined when the two cannot be aligned (e.g. character references like &amp;),
 * in which case the node is reported but never fixed.
 */
export function alignValue(value: string, raw: string): number[] | undefined {
  const map: number[] = [];
  let j = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (raw[j] === '\\' && raw[j + 1] === c && c !== '\\') j++;
    else if (raw[j] === '\\' && c === '\\' && raw[j + 1] === '\\') j++;
    if (raw[j] !== c) return undefined;
    map.push(j);
    j++;
    if (c === '\n') {
      while (j < raw.length && (raw[j] === ' ' || raw[j] === '\t' || raw[j] === '>')) j++;
    }
  }
  map.push(j);
  return j === raw.length ? map : undefined;
}
