// Shared helpers for tests against the built site in dist/.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PHONE } from './browser';

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


/** Waits until the search that is running on /search/ (if any) has shown its results and its status line. */
export async function searchSettled(p: Page): Promise<void> {
  await p.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
  await p.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '') !== '');
}

/** How a test opens the search page: its address's search, the window's size, elder mode (长辈模式). */
export interface SearchPageOptions {
  /** The address's search (q and filters); none opens the empty page. */
  params?: Record<string, string>;
  /** CSS pixels; a 375 px wide phone (PHONE) by default. */
  viewport?: { width: number; height: number };
  /** Elder mode on, as a reader who chose it earlier has it (localStorage jd-elder). */
  elder?: boolean;
  /** Called with the page before it opens (to collect console errors). */
  watch?: (page: Page) => void;
}

/**
 * Opens /search/ of the site served at `base` in a new browser context and, when the address has a search, waits
 * for its results (searchSettled). Close it with `page.context().close()`.
 */
export async function openSearchPage(browser: Browser, base: string, options: SearchPageOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? PHONE });
  if (options.elder) await context.addInitScript(() => localStorage.setItem('jd-elder', '1'));
  const page = await context.newPage();
  options.watch?.(page);
  const search = new URLSearchParams(options.params ?? {}).toString();
  await page.goto(`${base}/search/${search ? `?${search}` : ''}`);
  if (search) await searchSettled(page);
  return page;
}

/** Types `q` into the search box of an open /search/, sends it with Enter and waits for its results. */
export async function searchFor(page: Page, q: string): Promise<void> {
  await page.fill('#search-q', q);
  await page.press('#search-q', 'Enter');
  await page.waitForFunction((query) => new URL(location.href).searchParams.get('q') === query, q);
  await searchSettled(page);
}
