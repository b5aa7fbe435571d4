// Shared helpers for tests against the built site in dist/.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const DIST = join(process.cwd(), 'dist');

/** The <loc> URLs of a sitemap or sitemap index file in dist. */
function sitemapLocs(dist: string, file: string): URL[] {
  return [...readFileSync(join(dist, file), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!));
}

/** Paths (/wenjian/x/) of every URL in the built sitemap (sitemap-index.xml and the sitemaps it lists), in sitemap order. */
export function sitemapPaths(dist = DIST): string[] {
  return sitemapLocs(dist, 'sitemap-index.xml').flatMap((sitemap) => sitemapLocs(dist, sitemap.pathname.slice(1)).map((u) => u.pathname));
}

/** Every HTML file in dist/, as paths relative to dist/ with forward slashes. */
export function htmlFiles(dir = DIST): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) out.push(relative(DIST, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }
  return out.sort();
}

/** The HTML of a built page by its URL path. */
export function pageHtml(path: string): string {
  return readFileSync(join(DIST, path.replace(/^\//, ''), path.endsWith('/') ? 'index.html' : ''), 'utf8');
}

