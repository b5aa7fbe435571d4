// The search index in shards, in a real browser: the built sample site re-indexed with a small shard size (about
// 45 pages a shard, 3 shards), then searched on /search/ as a reader would. Each shard's pages are found, an exact
// 文号 puts its document first whatever shard it is in, filters apply across shards, and a date sort orders the
// whole site, not each shard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Server } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexSite } from '../../src/search/index-site';
import { readResultPages, readShardList, type ResultPage } from '../../src/search/fragments';
import { serveDirectory } from '../support/static-server';
import { launchBrowser, PHONE } from './browser';
import { DIST as BUILT_SITE } from './site-helpers';

// JIEDU_DIST points the tests at another build of the site (with JIEDU_SKIP_BUILD=1) while iterating.
const DIST = process.env.JIEDU_DIST ?? BUILT_SITE;
const SHARD_PAGES = 45;

let site: string;
let pages: ResultPage[];
let browser: Browser;
let server: Server;
let base: string;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'jiedu-shards-'));
  cpSync(DIST, site, { recursive: true });
  await indexSite(site, { info: () => undefined, warn: () => undefined }, { shardPages: SHARD_PAGES });
  pages = readResultPages(join(site, 'pagefind'));
  ({ server, url: base } = await serveDirectory(site));
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: PHONE });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

async function search(params: Record<string, string>): Promise<string[]> {
  await page.goto(`${base}/search/?${new URLSearchParams(params)}`);
  await page.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '') !== '');
  return page.$$eval('#search-results .result-title a', (links) => links.map((a) => a.getAttribute('href') ?? ''));
}

/** The number in the status line (找到 N 条结果). */
async function count(): Promise<number> {
  return Number(/找到 (\d+) 条结果/.exec((await page.textContent('#search-status')) ?? '')?.[1] ?? NaN);
}

const shardCount = () => readShardList(join(site, 'pagefind')).shards.length;
const documentsIn = (shard: number) => pages.filter((p) => p.shard === shard && p.meta.type === '原文件' && p.meta.wenhao);

describe('a search index in shards', () => {
  it('is written as 3 shards in date order, each with its own pages, and Pagefind’s browser code once', () => {
    const list = readShardList(join(site, 'pagefind'));
    expect(list.shards.map((s) => s.dir)).toEqual(['', 'shard-1/', 'shard-2/']);
    expect(list.shards.every((s) => s.pages > 0 && s.pages <= SHARD_PAGES)).toBe(true);
    expect(list.shards.map((s) => s.pages).reduce((a, b) => a + b)).toBe(pages.length);
    for (let n = 1; n < list.shards.length; n++) expect(list.shards[n]!.from >= list.shards[n - 1]!.to).toBe(true);
    expect(readdirSync(join(site, 'pagefind', 'shard-1')).filter((f) => f === 'pagefind.js' || f.startsWith('wasm.'))).toEqual([]);
    expect(existsSync(join(site, 'pagefind', 'shard-1', 'fragment'))).toBe(false);
  });

  it('finds a document of every shard by its title', async () => {
    for (let n = 0; n < shardCount(); n++) {
      const doc = documentsIn(n)[0]!;
      const hits = await search({ q: doc.meta.title! });
      expect(hits.slice(0, 3), `shard ${n}: ${doc.meta.title}`).toContain(doc.url);
    }
  });

  it('puts the exact 文号 match first, in every shard', async () => {
    for (let n = 0; n < shardCount(); n++) {
      const doc = documentsIn(n).at(-1)!;
      const hits = await search({ q: doc.meta.wenhao! });
      expect(hits[0], `shard ${n}: ${doc.meta.wenhao}`).toBe(doc.url);
    }
    const hits = await search({ q: '国发[2019]5号' });
    expect(hits[0]).toBe('/wenjian/guofa-2019-5/');
    expect(hits.slice(1, 3).sort()).toEqual(['/jiedu/guofa-2019-5-shili-wenzi/', '/tujie/guofa-2019-5-shili-tujie/']);
  });

  it('applies a filter across shards: every document of the site, and no other page', async () => {
    const documents = pages.filter((p) => p.meta.type === '原文件');
    expect(new Set(documents.map((p) => p.shard)).size).toBe(shardCount());
    await search({ type: '原文件' });
    expect(await count()).toBe(documents.length);
    const types = await page.$$eval('#search-results .result .meta-line .tag:first-child', (tags) => tags.map((t) => t.textContent));
    expect(new Set(types)).toEqual(new Set(['原文件']));
  });

  it('narrows words by year across shards', async () => {
    // A year of the oldest shard that has documents of the State Council (国务院).
    const year = documentsIn(0).find((p) => p.meta.issuer?.includes('国务院'))!.meta.date!.slice(0, 4);
    const hits = await search({ q: '国务院', year });
    expect(hits.length).toBeGreaterThan(0);
    const dates = await page.$$eval('#search-results .result .meta-line span', (spans) => spans.map((s) => s.textContent ?? '').filter((t) => /^\d{4}-\d{2}-\d{2}$/.test(t)));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d.startsWith(year))).toBe(true);
  });

  it('sorts by date over the whole site, not shard by shard, both ways', async () => {
    const dated = pages.filter((p) => p.meta.type === '原文件' && p.meta.date).map((p) => p.meta.date!);
    const newest = [...dated].sort().reverse().slice(0, 8);
    const oldest = [...dated].sort().slice(0, 8);
    const shown = () => page.$$eval('#search-results .result .meta-line', (lines) => lines.map((l) => [...l.querySelectorAll('span')].map((s) => s.textContent ?? '').find((t) => /^\d{4}-\d{2}-\d{2}$/.test(t)) ?? ''));
    await search({ type: '原文件', sort: 'new' });
    expect(await shown()).toEqual(newest);
    await search({ type: '原文件', sort: 'old' });
    expect(await shown()).toEqual(oldest);
  });

  it('leaves no error in the console', () => {
    expect(problems).toEqual([]);
  });
});
