/**
 * Bodies of imported records as Markdown: HTML through unified (rehype-parse → the content sanitiser →
 * rehype-remark → remark-gfm → remark-stringify), Markdown kept as it is unless the same sanitiser has something
 * to remove (then rebuilt from the sanitised tree), plain text one paragraph a line. Interpretations are MDX, so
 * their bodies are also escaped for MDX (braces, angle brackets, import/export lines).
 */
import type { Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeParse from 'rehype-parse';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { raw } from 'hast-util-raw';
import { toHast } from 'mdast-util-to-hast';
import { sanitizeContentTree, type Removal } from '../markdown/sanitize';
import { dropImages, keepCaptions, unwrapStrayTableParts } from './html-steps';
import { rehypeRemarkInPlace } from './to-mdast';
import {
  dropForeignImages,
  dropImagesAndTitles,
  keepAltOfImagesWithoutAddress,
  linkifyUrls,
  moveSpaceAndPunctuationOutOfAttention,
  outlineSections,
  trimLineEdges,
  unwrapLinksWithoutAddress,
  useFirstRowAsHeader,
} from './markdown-steps';

export { escapeForMdx } from './mdx-escape';

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


/** What one conversion collects, kept in its VFile's data so that one processor serves every body. */
interface BodyData {
  droppedImages: string[];
  removed: Removal[];
}

/** The collections of one conversion (see {@link BodyData}). */
function bodyData(file: VFile): BodyData {
  return file.data as unknown as BodyData;
}

/**
 * Positions are dropped once the sanitiser has reported what it removed (with line and column): the Markdown
 * writer never reads them, and hast-util-to-mdast clones the whole tree (structuredClone) before converting it,
 * where three objects a node were most of the copy.
 */
function dropPositions(node: HastRoot | HastContent): void {
  // Set, not deleted: a deleted property turns every node into a slow dictionary object.
  node.position = undefined;
  if ('children' in node) for (const child of node.children) dropPositions(child);
}

// One processor for every HTML body (building and freezing one per body was a tenth of the conversion).
const htmlProcessor = unified()
  .use(rehypeParse, { fragment: true })
  .use(() => (tree: HastRoot, file: VFile) => {
    const data = bodyData(file);
    unwrapStrayTableParts(tree);
    keepCaptions(tree);
    dropImages(tree, data.droppedImages);
    // The same allowlist as the build: what cannot go on a page does not go into content/ either.
    const result = sanitizeContentTree(tree, { source: String(file.value) });
    data.removed = result.removed;
    dropPositions(result.tree);
    return result.tree;
  })
  .use(rehypeRemarkInPlace)
  .use(() => (tree: MdastRoot, file: VFile) => {
    dropImagesAndTitles(tree, bodyData(file).droppedImages);
    unwrapLinksWithoutAddress(tree);
    moveSpaceAndPunctuationOutOfAttention(tree);
    trimLineEdges(tree);
    useFirstRowAsHeader(tree);
    linkifyUrls(tree);
    outlineSections(tree);
  })
  .use(remarkGfm, GFM_OPTIONS)
  .use(remarkStringify, STRINGIFY_OPTIONS)
  .freeze();

/** Converts an HTML fragment (a catalogue page's content cell) to Markdown. */
export function htmlToMarkdown(html: string): ConvertedBody {
  const file = new VFile({ value: html, data: { droppedImages: [], removed: [] } satisfies BodyData });
  const markdown = String(htmlProcessor.processSync(file)).trim();
  const { droppedImages, removed } = bodyData(file);
  return { markdown: markdown ? `${markdown}\n` : '', droppedImages, removed };
}

const markdownWriter = unified().use(remarkGfm, GFM_OPTIONS).use(remarkStringify, STRINGIFY_OPTIONS).freeze();

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
  const markdown = markdownWriter.stringify(root).trim();
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

// One processor for every Markdown body, like htmlProcessor.
const markdownProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(() => (tree: MdastRoot, file: VFile) => {
    const data = bodyData(file);
    dropForeignImages(tree, data.droppedImages);
    const hast = toHast(tree, { allowDangerousHtml: true }) as HastRoot;
    const result = sanitizeContentTree(hast, { source: String(file.value) });
    data.removed = result.removed;
    dropPositions(result.tree);
    return result.tree;
  })
  .use(rehypeRemarkInPlace)
  .use(() => (tree: MdastRoot) => {
    unwrapLinksWithoutAddress(tree);
    keepAltOfImagesWithoutAddress(tree);
    moveSpaceAndPunctuationOutOfAttention(tree);
    trimLineEdges(tree);
  })
  .use(remarkGfm, GFM_OPTIONS)
  .use(remarkStringify, STRINGIFY_OPTIONS)
  .freeze();

/**
 * A Markdown body through the same allowlist as the build (src/markdown/sanitize.ts), the way the check reads it
 * (mdast → hast with raw HTML → sanitiser). Images at other sites' addresses are dropped and reported, as for
 * HTML bodies. When nothing has to go, the Markdown is returned byte for byte as given; otherwise it is
 * rebuilt from the sanitised tree (rehype-remark, the writer's style of HTML bodies), so that script links,
 * event handlers, scripts and styles never reach content/. `removed` says what went, with line and column in
 * the Markdown.
 */
export function sanitizeMarkdown(markdown: string): ConvertedBody {
  const file = new VFile({ value: markdown, data: { droppedImages: [], removed: [] } satisfies BodyData });
  const tree = markdownProcessor.runSync(markdownProcessor.parse(file), file);
  const { droppedImages, removed } = bodyData(file);
  if (removed.length === 0 && droppedImages.length === 0) return { markdown, droppedImages, removed };
  const rebuilt = markdownProcessor.stringify(tree as MdastRoot, file).trim();
  return { markdown: rebuilt ? `${rebuilt}\n` : '', droppedImages, removed };
}

const markdownReader = unified().use(remarkParse).use(remarkGfm).freeze();
const htmlReader = unified().use(rehypeParse, { fragment: true }).freeze();

/**
 * Plain text of a Markdown body as a reader would see it: raw HTML parsed, script and style left out (as
 * {@link htmlToText} does for HTML). The reference of the fidelity check for a Markdown body the sanitiser changed.
 */
export function markdownToText(markdown: string): string {
  const mdast = markdownReader.parse(markdown);
  const hast = raw(toHast(mdast, { allowDangerousHtml: true }) as HastRoot) as HastRoot;
  return hastText(hast);
}

/** Plain text of an HTML fragment as a browser's textContent would give it, without script and style. */
export function htmlToText(html: string): string {
  return hastText(htmlReader.parse(html));
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
