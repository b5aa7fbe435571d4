/**
 * What content may put on a page: the one allowlist (a hast-util-sanitize schema) applied to Markdown and MDX
 * bodies at build time, to imported HTML before it becomes Markdown, and by the check to say what would be
 * removed. Everything not named here is removed: unknown elements are unwrapped (their text stays), `script`
 * and `style` go with their content, unknown attributes go. URL rules are applied to attribute values as the
 * HTML parser decoded them (entities such as `&#x09;` or `&#x61;` are already characters), so an obfuscated
 * `java&#x09;script:` is just an unknown scheme and is removed.
 *
 * Sources of the rules: hast-util-sanitize's GitHub schema (`defaultSchema`), narrowed to what government
 * documents use (GB/T 9704 党政机关公文格式: headings, paragraphs, lists, tables with merged cells, links,
 * attachments; no forms, media or embedded pages) and to what the site's CSP allows (no inline style).
 */
import type { Schema } from 'hast-util-sanitize';
import { FOOTNOTE_LABEL_CLASS } from './footnotes';

/** URL schemes a link (`href`) may use; anything else with a `:` before the first `/`, `?` or `#` is removed. */
export const LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/**
 * A site-relative address: one `/`, then no second `/` or `\` (which browsers read as another host), and no
 * whitespace or control characters (browsers delete tabs and newlines inside URLs, so `/\t/x` is `//x`).
 */
export const SITE_RELATIVE_URL = /^\/(?![/\\])[^\s\p{Cc}]*$/u;

/**
 * Any link address (`href`, `cite`) as written: no whitespace or control characters (browsers delete tabs and
 * newlines, and strip leading spaces, so `/\t/evil.example` is `//evil.example`), and not starting with two of
 * `/` and `\` (`//evil.example/`, `/\evil.example/`, `\\evil.example`, `\/evil.example`), which browsers read as
 * another site (scheme-relative) however site-relative it looks. The scheme is checked separately (protocols).
 * Relative paths (`/wenjian/x/`, `../x`, `x.pdf`), fragments (`#user-content-fn-1`), http(s) and mailto pass.
 */
export const LINK_URL = /^(?![/\\]{2})[^\s\p{Cc}]*$/u;

/** true when a link address starts, as a browser reads it, with two of `/` and `\`: another site's address. */
export function isSchemeRelative(url: string): boolean {
  return /^[/\\]{2}/.test(url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, ''));
}

/** Ids content may carry: those GFM footnotes generate (prefixed, so they never clash with the page's own). */
const FOOTNOTE_ID = /^user-content-[\w-]+$/;

/** Elements whose content is removed with them (the rest are unwrapped: their text stays on the page). */
export const STRIPPED_ELEMENTS = ['script', 'style'] as const;

/** Table cells: merged cells and header scope are part of official tables; GFM writes `align`. */
const CELL_ATTRIBUTES: NonNullable<Schema['attributes']>[string] = [
  'colSpan',
  'rowSpan',
  ['align', 'left', 'center', 'right'],
];

/**
 * The content allowlist. Elements: headings, paragraphs, line breaks, rules, emphasis, sub/superscript,
 * quotes, lists, description lists, tables (caption, colgroup/col, thead/tbody/tfoot, tr, th with scope, td;
 * colspan/rowspan), links (`href` as {@link LINK_URL} says, scheme http, https or mailto), images with a
 * site-relative `src` only, figure/figcaption, details/summary, code,
 * plain div/span, GFM footnotes and task-list checkboxes (disabled). No event handlers, `style`, `class`
 * (except the classes GFM writes), `id` (except footnotes), forms, frames, media, SVG or MathML.
 */
export const CONTENT_SCHEMA: Schema = {
  tagNames: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'p', 'br', 'hr', 'div', 'span',
    'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sup', 'sub', 'small', 'mark', 'abbr', 'q', 'cite',
    'blockquote', 'ol', 'ul', 'li', 'dl', 'dt', 'dd',
    'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
    'a', 'img', 'figure', 'figcaption', 'details', 'summary',
    'pre', 'code', 'kbd', 'samp', 'var',
    'section', 'input',
  ],
  attributes: {
    '*': ['title', 'lang', ['dir', 'ltr', 'rtl', 'auto']],
    a: [['href', LINK_URL], 'dataFootnoteRef', 'dataFootnoteBackref', 'ariaDescribedBy', 'ariaLabel', ['className', 'data-footnote-backref'], ['id', FOOTNOTE_ID]],
    img: [['src', SITE_RELATIVE_URL], 'alt', 'width', 'height'],
    blockquote: [['cite', LINK_URL]],
    q: [['cite', LINK_URL]],
    del: [['cite', LINK_URL]],
    ins: [['cite', LINK_URL]],
    ol: ['start', 'reversed', ['type', '1', 'a', 'A', 'i', 'I']],
    li: ['value', ['id', FOOTNOTE_ID], ['className', 'task-list-item']],
    ul: [['className', 'contains-task-list']],
    th: [...CELL_ATTRIBUTES, ['scope', 'row', 'col', 'rowgroup', 'colgroup'], 'headers'],
    td: [...CELL_ATTRIBUTES, 'headers'],
    col: ['span'],
    colgroup: ['span'],
    details: ['open'],
    code: [['className', /^language-[\w+-]+$/]],
    // The heading GFM footnotes get (src/markdown/footnotes.ts): a visible, small “注释”.
    h2: [['id', 'footnote-label'], ['className', FOOTNOTE_LABEL_CLASS]],
    section: ['dataFootnotes', ['className', 'footnotes']],
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
  },
  required: { input: { type: 'checkbox', disabled: true } },
  protocols: {
    href: [...LINK_PROTOCOLS],
    cite: ['http', 'https'],
  },
  // Content never carries ids that could shadow the page's own (see FOOTNOTE_ID), so nothing needs a prefix.
  clobber: [],
  clobberPrefix: '',
  ancestors: { tbody: ['table'], thead: ['table'], tfoot: ['table'], tr: ['table'], td: ['table'], th: ['table'], caption: ['table'], col: ['table'], colgroup: ['table'], li: ['ol', 'ul'], summary: ['details'] },
  strip: [...STRIPPED_ELEMENTS],
  allowComments: false,
  allowDoctypes: false,
};

/**
 * true when a URL written in a frontmatter field (sourceUrl, attachments, contact) may go on a page:
 * `http://`, `https://` or `mailto:` (scheme in any case), or site-relative (`/wenjian/…`). No whitespace or
 * control characters anywhere: browsers drop tabs and newlines inside URLs, so `java\tscript:` would run.
 */
export function isSafeUrl(url: string): boolean {
  if (/[\s\p{Cc}]/u.test(url)) return false;
  if (/^(?:https?:\/\/[^/?#]|mailto:)/i.test(url)) return true;
  return SITE_RELATIVE_URL.test(url);
}
