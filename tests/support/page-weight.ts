/**
 * Page weight as a phone on a slow network sees it. The first round trip of a new connection carries about
 * 14 KB (10 TCP segments); a page renders its first screen from that window when the head and the opening of the
 * main content fit in it (the stylesheet is one /_astro/ file, cached for a year after the first page). Measured with gzip at level 6, which CDNs use by default.
 */
import { gzipSync } from 'node:zlib';

/** Budget for the first render: one TCP initial congestion window. */
export const FIRST_RENDER_BUDGET = 14 * 1024;
/** Budget for the one script file of a content page (the elder-mode switch, /_astro/elder-mode.*.js). */
export const CONTENT_PAGE_JS_BUDGET = 1024;

export function gzipSize(text: string): number {
  return gzipSync(Buffer.from(text, 'utf8'), { level: 6 }).length;
}

/**
 * The part of a page needed for its first screen: everything up to the end of the first block of content
 * after the page's h1 (the first paragraph, list item, table row or card).
 */
export function firstRenderPart(html: string): string {
  const h1 = html.indexOf('</h1>');
  if (h1 < 0) return html;
  const rest = html.slice(h1);
  const ends = ['</p>', '</li>', '</tr>', '</section>']
    .map((tag) => {
      const i = rest.indexOf(tag);
      return i < 0 ? Infinity : i + tag.length;
    })
    .filter((i) => Number.isFinite(i));
  return ends.length ? html.slice(0, h1 + Math.min(...ends)) : html;
}

/** Inline and external scripts of a page, JSON-LD data blocks excluded. */
export function pageScripts(html: string): { external: string[]; inlineBytes: number } {
  const external: string[] = [];
  let inlineBytes = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1] ?? '';
    if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
    if (src) external.push(src);
    else inlineBytes += Buffer.byteLength(m[2] ?? '', 'utf8');
  }
  return { external, inlineBytes };
}
