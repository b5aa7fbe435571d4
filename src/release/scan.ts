/**
 * Reads a built site once: for every HTML page its title, meta tags, canonical URL, element ids, references
 * (href, src, srcset, action, url() in styles), inline scripts and styles; for every CSS file its url()s.
 * Verification, the manifest and the security headers all work from this one scan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { fileToUrlPath, isHtml, listSiteFiles } from './site-files';

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

/** Something on a page that the Content-Security-Policy would block. */
export interface CspBlocker {
  kind: 'event-handler' | 'style-attribute' | 'javascript-url';
  tag: string;
  /** The attribute name as written in HTML, e.g. onclick, style, href. */
  attribute: string;
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
  /** Text of every inline script the browser runs (JSON-LD and other data blocks excluded). */
  inlineScripts: string[];
  /** Text of every inline <style>. */
  inlineStyles: string[];
  /** Text of JSON-LD blocks, with their line, to check that they parse. */
  jsonLd: { text: string; line?: number }[];
  cspBlockers: CspBlocker[];
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

/** Script types the browser executes; anything else (ld+json, templates) is a data block. */
const EXECUTABLE_SCRIPT_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript']);

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
    inlineScripts: [],
    inlineStyles: [],
    jsonLd: [],
    cspBlockers: [],
  };
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
    if (tag === 'script') {
      const type = String(p.type ?? '').trim().toLowerCase();
      if (p.src === undefined) {
        if (type === 'application/ld+json') page.jsonLd.push({ text: textOf(node), line });
        else if (EXECUTABLE_SCRIPT_TYPES.has(type)) page.inlineScripts.push(textOf(node));
      }
    }
    if (tag === 'style') {
      const css = textOf(node);
      page.inlineStyles.push(css);
      for (const r of cssReferences(css, line)) page.references.push({ attribute: 'url()', tag: 'style', value: r.value, line: r.line, subresource: true });
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
      if (typeof value !== 'string') continue;
      if (/^\s*javascript:/i.test(value)) {
        page.cspBlockers.push({ kind: 'javascript-url', tag, attribute, value, line });
        continue;
      }
      const canonical = tag === 'link' && rels.includes('canonical');
      if (canonical && page.canonical === undefined) page.canonical = value;
      page.references.push({ attribute, tag, value, line, subresource: loads, ...(canonical ? { canonical } : {}) });
    }
    if (tag === 'object' && typeof p.data === 'string') page.references.push({ attribute: 'data', tag, value: p.data, line, subresource: true });
    if (p.srcSet !== undefined) {
      for (const value of srcsetUrls(p.srcSet)) page.references.push({ attribute: 'srcset', tag, value, line, subresource: true });
    }
    if (typeof p.style === 'string' && p.style.trim() !== '') {
      page.cspBlockers.push({ kind: 'style-attribute', tag, attribute: 'style', value: p.style, line });
    }
    for (const [key, value] of Object.entries(p)) {
      // hast names event handler attributes onClick, onLoad, ...
      if (/^on[A-Z]/.test(key)) page.cspBlockers.push({ kind: 'event-handler', tag, attribute: key.toLowerCase(), value: String(value), line });
    }
  });
  return page;
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
