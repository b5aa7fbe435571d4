/**
 * Reads a built site once, every HTML page with a real HTML parser (rehype-parse, parse5, as a browser parses
 * it): its title, meta tags, canonical URL, element ids, references (href, src, srcset, action, url() in
 * styles), JSON-LD blocks and every piece of markup that could run code or that the project never writes
 * (scripts other than its own files, event handlers, script URLs, inline styles, frames, forms, SVG/MathML);
 * for every CSS file its url()s. Verification and the manifest work from this one scan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { parse } from 'parse5';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { fileToUrlPath, isHtml, listSiteFiles } from './site-files';
import { isSchemeRelative, SITE_RELATIVE_URL } from '../markdown/sanitize-schema';

/** One place a page or stylesheet points at another file or URL. */
export interface Reference {
  /** The attribute or construct, e.g. href, src, srcset, action, content, url(). */
  attribute: string;
  /** The element's tag name, or "css" for stylesheets. */
  tag: string;
  /** The value as written (one candidate for srcset). */
  value: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** True when the browser fetches it as part of the page (image, script, stylesheet, frame, form target). */
  subresource: boolean;
  /** True for rel=canonical links. */
  canonical?: boolean;
}

/**
 * Markup that could run code, or that the project's templates never write, so it can only have come from
 * content (and must not be published, whatever the CSP would do with it):
 * - inline-script: a `<script>` with code in it (the project's scripts are files under /_astro/);
 * - foreign-script: a `<script src>` that is not one of the build's /_astro/*.js files, or of another type;
 * - json-ld: a JSON-LD block with `<` in its text (the layout escapes it, so a `<` means a breakout attempt);
 * - event-handler: any on* attribute;
 * - script-url: javascript:, vbscript: or data: (other than data:image/ in an image) in any URL attribute,
 *   after decoding entities and removing the whitespace and control characters browsers ignore;
 * - style-attribute / style-element: inline CSS (the project's CSS is files under /_astro/);
 * - embed: iframe, frame, object, embed, portal, applet, or a template (its content is not checked here);
 * - form: a form that does not send to /search/, or a formaction attribute;
 * - svg-math: inline `<svg>` or `<math>` (the project uses image files), which carry their own script vectors;
 * - base: a `<base>` element, which would send every relative link elsewhere;
 * - meta-refresh: a `<meta http-equiv=refresh>` whose target is a script URL or not a page of the site;
 * - scheme-relative: a URL attribute starting, as a browser reads it, with two of `/` and `\` (`//evil.example/`,
 *   `/\evil.example/`, with tabs or newlines between them too): it looks site-relative but opens another site,
 *   and the project's templates write only site-relative (one `/`) or full https:// addresses.
 */
export interface UnsafeMarkup {
  kind: 'inline-script' | 'foreign-script' | 'json-ld' | 'event-handler' | 'script-url' | 'style-attribute' | 'style-element' | 'embed' | 'form' | 'svg-math' | 'base' | 'meta-refresh' | 'scheme-relative';
  tag: string;
  /** The attribute name as written in HTML (onclick, style, href), or the element itself when empty. */
  attribute: string;
  /** The attribute's value or the element's text, as parsed. */
  value: string;
  line?: number;
}

/** What verification, headers and the manifest need to know about one HTML page. */
export interface PageScan {
  /** Path relative to the site root, e.g. wenjian/x/index.html. */
  file: string;
  /** URL path the page answers, e.g. /wenjian/x/. */
  url: string;
  /** Text of <title>, trimmed; undefined when there is none. */
  title?: string;
  /** Content of the first <meta name=…> of each name. */
  meta: Record<string, string>;
  /** href of <link rel=canonical>. */
  canonical?: string;
  /** True for redirect pages (<meta http-equiv=refresh>). */
  redirect: boolean;
  /** Every id (and <a name>) on the page, for #fragment checks. */
  ids: Set<string>;
  references: Reference[];
  /** Text of JSON-LD blocks, with their line, to check that they parse. */
  jsonLd: { text: string; line?: number }[];
  /** The content-Security-Policy of the page's `<meta http-equiv>`, when it is the first element of its head. */
  metaCsp?: string;
  /** Markup that could run code or that the project never writes; verification refuses any. */
  unsafe: UnsafeMarkup[];
}

/** What the scan found in one stylesheet. */
export interface StylesheetScan {
  file: string;
  url: string;
  references: Reference[];
}

/** The whole built site as read once. */
export interface SiteScan {
  /** Directory that was scanned. */
  dir: string;
  /** Every file, relative, sorted. */
  files: string[];
  pages: PageScan[];
  stylesheets: StylesheetScan[];
}

/** The build's own script files: Vite's hashed chunks under /_astro/. */
const PROJECT_SCRIPT = /^\/_astro\/[\w.-]+\.js$/;

/** Script types the project's own script files use (classic and module). */
const PROJECT_SCRIPT_TYPES = new Set(['', 'module']);

/** Elements that embed other documents or plugins, which the project never writes. */
const EMBEDDING_TAGS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'portal', 'applet', 'template']);

/** Attributes holding a URL the browser may navigate to, load or submit to. */
const URL_PROPERTIES: readonly [property: string, attribute: string][] = [
  ['href', 'href'],
  ['src', 'src'],
  ['action', 'action'],
  ['formAction', 'formaction'],
  ['poster', 'poster'],
  ['data', 'data'],
  ['cite', 'cite'],
  ['background', 'background'],
  ['xLinkHref', 'xlink:href'],
  ['ping', 'ping'],
];

/**
 * The scheme of a URL as a browser reads it (URL Standard: leading and trailing C0 controls and spaces are
 * stripped, tabs and newlines anywhere are removed), lower-cased; undefined for a URL without one.
 */
export function urlScheme(value: string): string | undefined {
  const cleaned = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
}

/** true when a URL would run script or show a document the site did not write (data: except images in <img>). */
export function isScriptUrl(value: string, tag: string, attribute: string): boolean {
  const scheme = urlScheme(value);
  if (scheme === 'javascript' || scheme === 'vbscript') return true;
  if (scheme !== 'data') return false;
  const isImage = (tag === 'img' || tag === 'source') && (attribute === 'src' || attribute === 'srcset');
  return !(isImage && /^\s*data:image\/(?:png|gif|jpeg|webp|avif)[;,]/i.test(value));
}

/** Elements whose src/href the browser loads as part of the page, so the CSP applies to them. */
const SUBRESOURCE_TAGS = new Set(['img', 'source', 'script', 'iframe', 'frame', 'video', 'audio', 'track', 'embed', 'object', 'input', 'form', 'image', 'use']);

/** link rel values that load something. */
const LOADING_RELS = new Set(['stylesheet', 'icon', 'shortcut', 'apple-touch-icon', 'preload', 'modulepreload', 'manifest', 'mask-icon', 'prefetch']);

const parser = unified().use(rehypeParse);

function textOf(node: Element): string {
  return node.children.map((c: ElementContent) => (c.type === 'text' ? c.value : '')).join('');
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value === undefined || value === null || value === false) return [];
  return [String(value)];
}

/** url(...) and @import "..." references in CSS text. */
export function cssReferences(css: string, startLine = 1): { value: string; line: number }[] {
  const out: { value: string; line: number }[] = [];
  const lineAt = (index: number) => startLine + (css.slice(0, index).match(/\n/g)?.length ?? 0);
  for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/gi)) {
    out.push({ value: m[1] ?? m[2] ?? m[3] ?? '', line: lineAt(m.index ?? 0) });
  }
  for (const m of css.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) {
    out.push({ value: m[1] ?? m[2] ?? '', line: lineAt(m.index ?? 0) });
  }
  return out;
}

/** The candidates' URLs of a srcset value (hast splits it on commas already when it is an array). */
function srcsetUrls(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
  return parts.map((p) => p.trim().split(/\s+/)[0] ?? '').filter((u) => u !== '');
}

/** Reads one HTML page. */
export function scanPage(file: string, html: string): PageScan {
  const tree = parser.parse(html) as Root;
  const page: PageScan = {
    file,
    url: fileToUrlPath(file),
    meta: {},
    redirect: false,
    ids: new Set(),
    references: [],
    jsonLd: [],
    unsafe: [],
  };
  const head = tree.children.find((n): n is Element => n.type === 'element' && n.tagName === 'html')?.children.find((n): n is Element => n.type === 'element' && n.tagName === 'head');
  const firstInHead = head?.children.find((n): n is Element => n.type === 'element');
  if (firstInHead?.tagName === 'meta' && asList(firstInHead.properties.httpEquiv).some((v) => v.toLowerCase() === 'content-security-policy')) {
    page.metaCsp = String(firstInHead.properties.content ?? '');
  }
  visit(tree, 'element', (node: Element) => {
    const p = node.properties;
    const tag = node.tagName;
    const line = node.position?.start.line;
    if (typeof p.id === 'string' && p.id !== '') page.ids.add(p.id);
    if (tag === 'a' && typeof p.name === 'string') page.ids.add(p.name);

    if (tag === 'title' && page.title === undefined) page.title = textOf(node).trim();
    if (tag === 'meta') {
      if (typeof p.name === 'string' && typeof p.content === 'string' && !(p.name in page.meta)) page.meta[p.name] = p.content;
      if (asList(p.httpEquiv).some((v) => v.toLowerCase() === 'refresh')) page.redirect = true;
      // og:image and og:url point at this site; checked when they use its origin.
      if (typeof p.property === 'string' && /^og:(image|url)$/.test(p.property) && typeof p.content === 'string') {
        page.references.push({ attribute: `content (${p.property})`, tag, value: p.content, line, subresource: false });
      }
    }
    if (tag === 'script' && String(p.type ?? '').trim().toLowerCase() === 'application/ld+json' && p.src === undefined) {
      page.jsonLd.push({ text: textOf(node), line });
    }
    if (tag === 'style') {
      for (const r of cssReferences(textOf(node), line)) page.references.push({ attribute: 'url()', tag: 'style', value: r.value, line: r.line, subresource: true });
    }

    const rels = asList(p.rel).map((r) => r.toLowerCase());
    const loads = SUBRESOURCE_TAGS.has(tag) || (tag === 'link' && rels.some((r) => LOADING_RELS.has(r)));
    for (const [prop, attribute] of [
      ['href', 'href'],
      ['src', 'src'],
      ['action', 'action'],
      ['poster', 'poster'],
      ['xLinkHref', 'xlink:href'],
    ] as const) {
      const value = p[prop];
      // Script URLs are unsafe markup (below), not references to check.
      if (typeof value !== 'string' || isScriptUrl(value, tag, attribute)) continue;
      const canonical = tag === 'link' && rels.includes('canonical');
      if (canonical && page.canonical === undefined) page.canonical = value;
      page.references.push({ attribute, tag, value, line, subresource: loads, ...(canonical ? { canonical } : {}) });
    }
    if (tag === 'object' && typeof p.data === 'string' && !isScriptUrl(p.data, tag, 'data')) page.references.push({ attribute: 'data', tag, value: p.data, line, subresource: true });
    if (p.srcSet !== undefined) {
      for (const value of srcsetUrls(p.srcSet)) {
        if (!isScriptUrl(value, tag, 'srcset')) page.references.push({ attribute: 'srcset', tag, value, line, subresource: true });
      }
    }
  });
  page.unsafe = findUnsafeMarkup(html);
  return page;
}

/**
 * Every piece of unsafe markup in a page (see {@link UnsafeMarkup}), parsed with scripting enabled as a browser
 * that runs scripts parses it: then the content of `<noscript>` is text, so markup that only looks harmless
 * inside a noscript (`<noscript><p title="</noscript><img onerror=…>">`) is found where the browser puts it.
 */
export function findUnsafeMarkup(html: string): UnsafeMarkup[] {
  const tree = fromParse5(parse(html, { sourceCodeLocationInfo: true, scriptingEnabled: true }), { file: new VFile(html) }) as Root;
  const found: UnsafeMarkup[] = [];
  const unsafe = (kind: UnsafeMarkup['kind'], node: Element, attribute: string, value: string) =>
    found.push({ kind, tag: node.tagName, attribute, value, line: node.position?.start.line });
  visit(tree, 'element', (node: Element) => {
    const p = node.properties;
    const tag = node.tagName;
    if (tag === 'meta' && asList(p.httpEquiv).some((v) => v.toLowerCase() === 'refresh')) {
      const target = /url\s*=\s*['"]?([^'"]*)/i.exec(String(p.content ?? ''))?.[1] ?? '';
      // Astro's redirect pages go to a page of the site; a refresh to a script URL or to another site is not the project's.
      if (target !== '' && (isScriptUrl(target, 'meta', 'content') || !SITE_RELATIVE_URL.test(target.trim()))) {
        unsafe('meta-refresh', node, 'content', String(p.content ?? ''));
      }
    }
    if (tag === 'script') {
      const type = String(p.type ?? '').trim().toLowerCase();
      const text = textOf(node);
      if (type === 'application/ld+json' && p.src === undefined) {
        // The layout writes JSON-LD with <, > and & escaped; a raw one means text broke out of or into it.
        if (/[<>]/.test(text)) unsafe('json-ld', node, '', text);
      } else if (typeof p.src !== 'string') {
        unsafe('inline-script', node, '', text);
      } else if (!PROJECT_SCRIPT.test(p.src) || !PROJECT_SCRIPT_TYPES.has(type) || text.trim() !== '') {
        unsafe('foreign-script', node, 'src', p.src);
      }
    }
    if (tag === 'style') unsafe('style-element', node, '', textOf(node));
    if (EMBEDDING_TAGS.has(tag)) unsafe('embed', node, '', '');
    if (tag === 'svg' || tag === 'math') unsafe('svg-math', node, '', '');
    if (tag === 'base') unsafe('base', node, 'href', String(p.href ?? ''));
    if (tag === 'form' && String(p.action ?? '') !== '/search/') unsafe('form', node, 'action', String(p.action ?? ''));
    for (const [prop, attribute] of URL_PROPERTIES) {
      const value = p[prop];
      if (value === undefined || value === null || value === false) continue;
      const text = Array.isArray(value) ? value.join(' ') : String(value);
      if (prop === 'formAction') unsafe('form', node, attribute, text);
      else if (isScriptUrl(text, tag, attribute)) unsafe('script-url', node, attribute, text);
      else if (asList(value).some(isSchemeRelative)) unsafe('scheme-relative', node, attribute, text);
    }
    if (p.srcSet !== undefined) {
      for (const value of srcsetUrls(p.srcSet)) {
        if (isScriptUrl(value, tag, 'srcset')) unsafe('script-url', node, 'srcset', value);
        else if (isSchemeRelative(value)) unsafe('scheme-relative', node, 'srcset', value);
      }
    }
    if (p.style !== undefined && p.style !== null) unsafe('style-attribute', node, 'style', String(p.style));
    for (const [key, value] of Object.entries(p)) {
      // hast names known event handler attributes onClick, onLoad, …; unknown ones keep their spelling (ontoggle).
      if (/^on./i.test(key)) unsafe('event-handler', node, key.toLowerCase(), String(value));
    }
  });
  return found;
}

/** Reads one stylesheet. */
export function scanStylesheet(file: string, css: string): StylesheetScan {
  return {
    file,
    url: fileToUrlPath(file),
    references: cssReferences(css).map((r) => ({ attribute: 'url()', tag: 'css', value: r.value, line: r.line, subresource: true })),
  };
}

/** Reads every HTML page and stylesheet under dir. */
export function scanSite(dir: string): SiteScan {
  const files = listSiteFiles(dir);
  const pages: PageScan[] = [];
  const stylesheets: StylesheetScan[] = [];
  for (const file of files) {
    if (isHtml(file)) pages.push(scanPage(file, readFileSync(join(dir, file), 'utf8')));
    else if (file.endsWith('.css')) stylesheets.push(scanStylesheet(file, readFileSync(join(dir, file), 'utf8')));
  }
  return { dir, files, pages, stylesheets };
}
