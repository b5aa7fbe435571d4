// Search on the built site in a real browser at a phone viewport: recall on the sample content, 文号 in any
// bracket style, filters and sort, the URL, elder mode, accessibility, no JavaScript, and a quiet console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import type { Server } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FILTERS } from '../../src/search/fields';
import { serveDirectory } from '../support/static-server';
import { launchBrowser, PHONE } from './browser';
import { DIST as BUILT_SITE } from './site-helpers';

// JIEDU_DIST points the tests at another build of the site (with JIEDU_SKIP_BUILD=1) while iterating.
const DIST = process.env.JIEDU_DIST ?? BUILT_SITE;

interface RecallQuery {
  kind: string;
  query: string;
  expect: string;
}
const recall = (JSON.parse(readFileSync(new URL('./search-recall.json', import.meta.url), 'utf8')) as { queries: RecallQuery[] }).queries;

let browser: Browser;
let server: Server;
let base: string;
let context: BrowserContext;
let page: Page;
/** Console errors and warnings, page errors and failed requests of every page opened by these tests. */
const problems: string[] = [];

function watch(p: Page): Page {
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  p.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  p.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  return p;
}

async function newPage(options: { elder?: boolean; javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const c = await browser.newContext({ viewport: PHONE, javaScriptEnabled: options.javaScriptEnabled ?? true });
  if (options.elder) await c.addInitScript(() => localStorage.setItem('jd-elder', '1'));
  return { context: c, page: watch(await c.newPage()) };
}

/** Waits until the search that is running (if any) has shown its results and status. */
async function settled(p: Page): Promise<void> {
  await p.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
  await p.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '') !== '');
}

/** Opens /search/ with the given parameters and returns the addresses of the results shown. */
async function search(p: Page, params: Record<string, string>): Promise<string[]> {
  await p.goto(`${base}/search/?${new URLSearchParams(params)}`);
  await settled(p);
  return results(p);
}

/** Opens the filters, which are folded behind one button. */
async function openFilters(p: Page): Promise<void> {
  if (!(await p.locator('#search-filters').evaluate((d) => (d as HTMLDetailsElement).open))) await p.click('#search-filters summary');
}

function results(p: Page): Promise<string[]> {
  return p.$$eval('#search-results .result-title a', (links) => links.map((a) => a.getAttribute('href') ?? ''));
}

beforeAll(async () => {
  ({ server, url: base } = await serveDirectory(DIST));
  browser = await launchBrowser();
  ({ context, page } = await newPage());
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('recall on the sample content', () => {
  it('has at least 40 queries of every kind', () => {
    expect(recall.length).toBeGreaterThanOrEqual(40);
    expect(new Set(recall.map((q) => q.kind))).toEqual(new Set(['title', 'body', 'wenhao', 'issuer', 'two-words']));
  });

  it.each(recall.map((q) => [q.query, q.expect] as const))('“%s” returns %s in the top 3', async (query, expected) => {
    const hits = await search(page, { q: query });
    expect(hits.slice(0, 3)).toContain(expected);
  });
});

describe('文号', () => {
  it.each(['国发〔2019〕5号', '国发[2019]5号', '国发﹝2019﹞5号', '国发【2019】5号', '国发(2019)5号', '国发2019 5号', '国发 2019 5', '国发2019年5号', '国发〔2019〕5号 监管'])(
    '“%s” puts the document first, then its interpretations and infographic',
    async (query) => {
      const hits = await search(page, { q: query });
      expect(hits[0]).toBe('/wenjian/guofa-2019-5/');
      expect(hits.slice(1, 3).sort()).toEqual(['/jiedu/guofa-2019-5-shili-wenzi/', '/tujie/guofa-2019-5-shili-tujie/']);
    },
  );

  it('a 文号 that no document has still shows the word results', async () => {
    const hits = await search(page, { q: '国发〔2019〕99号' });
    expect(await page.textContent('#search-status')).toMatch(/^找到 \d+ 条结果/);
    expect(hits).not.toContain('/wenjian/guofa-2019-99/');
  });

  it('the result shows type, 文号, issuer, date and a highlighted excerpt', async () => {
    await search(page, { q: '双随机' });
    const first = page.locator('#search-results .result').first();
    const meta = await first.locator('.meta-line span').allTextContents();
    expect(meta).toEqual(['原文件', '国发〔2019〕5号', '国务院', '2019-02-15']);
    expect(await first.locator('.excerpt mark').first().textContent()).toBe('双随机');
  });
});

describe('filters and sort', () => {
  it('a filter keeps the query and goes into the address', async () => {
    await search(page, { q: '双随机' });
    await openFilters(page);
    await page.selectOption('#search-filter-type', '解读');
    await settled(page);
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe('双随机');
    expect(url.searchParams.get('type')).toBe('解读');
    const types = await page.$$eval('#search-results .result .meta-line .tag:first-child', (tags) => tags.map((t) => t.textContent));
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['解读']));
  });

  it('filters from the address are applied and shown in the form', async () => {
    const hits = await search(page, { q: '保险', issuer: '最高人民法院', form: '文字解读' });
    expect(await page.inputValue('#search-q')).toBe('保险');
    expect(await page.inputValue('#search-filter-issuer')).toBe('最高人民法院');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.startsWith('/jiedu/'))).toBe(true);
  });

  it('topic and year filters narrow the results to pages that have them', async () => {
    const all = await search(page, { q: '监管' });
    const narrowed = await search(page, { q: '监管', topic: '市场监管、安全生产监管', year: '2019' });
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.length).toBeLessThan(all.length + 1);
    expect(narrowed).toContain('/wenjian/guofa-2019-5/');
    expect(narrowed).not.toContain('/wenjian/guobanfa-2018-118/');
  });

  it('without words, a filter lists its pages newest first', async () => {
    const hits = await search(page, { type: '图解' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.startsWith('/tujie/'))).toBe(true);
  });

  it('sorting by date orders the results by date, both ways', async () => {
    const dates = () => page.$$eval('#search-results .result .meta-line', (lines) => lines.map((l) => [...l.querySelectorAll('span')].map((s) => s.textContent ?? '').find((t) => /^\d{4}-\d{2}-\d{2}$/.test(t)) ?? ''));
    await search(page, { q: '国务院办公厅', sort: 'new' });
    const newest = await dates();
    expect(newest.length).toBeGreaterThan(3);
    expect(newest).toEqual([...newest].sort().reverse());
    await openFilters(page);
    await page.selectOption('#search-sort', 'old');
    await settled(page);
    const oldest = await dates();
    expect(oldest).toEqual([...oldest].sort());
    expect(new URL(page.url()).searchParams.get('sort')).toBe('old');
  });

  it('more results load on request and take the focus', async () => {
    await search(page, { q: '国务院' });
    const before = (await results(page)).length;
    await page.click('#search-more');
    await page.waitForFunction((n) => document.querySelectorAll('#search-results .result').length > n, before);
    expect(await page.evaluate(() => document.activeElement?.closest('.result') !== null)).toBe(true);
  });

  it('typing searches without pressing the button', async () => {
    await page.goto(`${base}/search/`);
    await page.locator('#search-q').click();
    await page.keyboard.insertText('专利代理');
    await page.waitForFunction(() => document.querySelector('#search-results .result-title a')?.getAttribute('href') === '/wenjian/guoling-706/');
    expect(new URL(page.url()).searchParams.get('q')).toBe('专利代理');
  });
});

describe('the search page', () => {
  it('announces the number of results in a polite status', async () => {
    await search(page, { q: '积分制入户' });
    const status = page.locator('#search-status');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.textContent()).toMatch(/^找到 \d+ 条结果$/);
  });

  it('says so when nothing is found', async () => {
    const hits = await search(page, { q: 'zzzzqqq' });
    expect(hits).toEqual([]);
    expect(await page.textContent('#search-status')).toMatch(/^找到 0 条结果/);
  });

  for (const elder of [false, true]) {
    it(`has no WCAG 2.1 AA violation with results shown in ${elder ? 'elder' : 'normal'} mode`, async () => {
      const { context: c, page: p } = await newPage({ elder });
      await search(p, { q: '双随机', sort: 'new' });
      const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      await c.close();
      expect(result.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
    });

    it(`its controls are at least ${elder ? 60 : 44} px in ${elder ? 'elder' : 'normal'} mode and nothing scrolls sideways`, async () => {
      const { context: c, page: p } = await newPage({ elder });
      await search(p, { q: '国务院' });
      await openFilters(p);
      const sizes = await p.$$eval('#search-form input, #search-form select, #search-form button, #search-filters summary, #search-more', (els) =>
        els.map((e) => ({ id: e.id || e.textContent, w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height })),
      );
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await c.close();
      const min = elder ? 60 : 44;
      expect(sizes.filter((s) => s.w < min || s.h < min)).toEqual([]);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  it('names every control of the form by its label (解读形式 is not the form’s id)', async () => {
    const { context: c, page: p } = await newPage();
    await search(p, { q: '国务院' });
    await openFilters(p);
    const named = async (role: 'combobox' | 'searchbox', name: string) => p.getByRole(role, { name, exact: true }).count();
    const counts = Object.fromEntries(await Promise.all([...FILTERS.map((f) => f.label), '排序'].map(async (label) => [label, await named('combobox', label)] as const)));
    const box = await named('searchbox', '搜索');
    await c.close();
    expect(counts).toEqual(Object.fromEntries([...FILTERS.map((f) => f.label), '排序'].map((label) => [label, 1])));
    expect(box).toBe(1);
  });

  it('no built page gives one id to two elements (axe’s default rules do not check it)', () => {
    const pages = (readdirSync(DIST, { recursive: true }) as string[]).filter((f) => f.endsWith('.html'));
    const duplicates: string[] = [];
    for (const file of pages) {
      const ids = [...readFileSync(join(DIST, file), 'utf8').matchAll(/\sid=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gu)].map((m) => m[1] ?? m[2] ?? m[3]);
      const seen = new Set<string | undefined>();
      for (const id of ids) {
        if (seen.has(id)) duplicates.push(`${file}: ${id}`);
        seen.add(id);
      }
    }
    expect(pages.length).toBeGreaterThan(10);
    expect(duplicates).toEqual([]);
  });

  it('without JavaScript says how to browse instead', async () => {
    const { context: c, page: p } = await newPage({ javaScriptEnabled: false });
    await p.goto(`${base}/search/?q=双随机`);
    const text = await p.locator('main').innerText();
    const formVisible = await p.isVisible('#search-form');
    await c.close();
    expect(text).toContain('搜索需要浏览器开启 JavaScript');
    expect(formVisible).toBe(false);
  });

  it('loads the search script only on the search page', () => {
    const home = readFileSync(`${DIST}/index.html`, 'utf8');
    const searchPage = readFileSync(`${DIST}/search/index.html`, 'utf8');
    expect(searchPage).toMatch(/<script type="module"[^>]*src="\/_astro\/[^"]+\.js"/);
    expect(home).not.toMatch(/<script type="module"/);
  });
});

/** The phone of issue 16: the first screen is 375×812. */
const TALL_PHONE = { width: 375, height: 812 };

describe('results readers can use on a phone', () => {
  for (const elder of [false, true]) {
    const mode = elder ? 'elder' : 'normal';
    it(`shows the first result's title on the first screen at 375×812 in ${mode} mode, under one search box`, async () => {
      const c = await browser.newContext({ viewport: TALL_PHONE });
      if (elder) await c.addInitScript(() => localStorage.setItem('jd-elder', '1'));
      const p = watch(await c.newPage());
      await search(p, { q: '双随机' });
      const title = await p.locator('#search-results .result-title').first().boundingBox();
      const boxes = await p.locator('input[type="search"]').count();
      const filtersOpen = await p.locator('#search-filters').evaluate((d) => (d as HTMLDetailsElement).open);
      const elderOn = await p.isChecked('#elder-mode');
      await c.close();
      expect(elderOn).toBe(elder);
      expect(boxes).toBe(1);
      expect(filtersOpen).toBe(false);
      expect(title).not.toBeNull();
      expect(title!.y).toBeGreaterThanOrEqual(0);
      expect(title!.y + title!.height).toBeLessThanOrEqual(TALL_PHONE.height);
    });
  }

  it('cuts off no placeholder of a search box, in normal or elder mode', async () => {
    const fits: { mode: string; id: string; text: number; room: number }[] = [];
    for (const elder of [false, true]) {
      const c = await browser.newContext({ viewport: TALL_PHONE });
      if (elder) await c.addInitScript(() => localStorage.setItem('jd-elder', '1'));
      const p = watch(await c.newPage());
      await p.goto(`${base}/`);
      // The placeholder's text width in the box's font against the room inside the box (padding and border off).
      const measured = await p.$$eval('input[placeholder]', (inputs) =>
        inputs.map((input) => {
          const style = getComputedStyle(input);
          const context = document.createElement('canvas').getContext('2d')!;
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return { id: input.id, text: Math.ceil(context.measureText((input as HTMLInputElement).placeholder).width), room: Math.floor(room) };
        }),
      );
      await c.close();
      fits.push(...measured.map((m) => ({ mode: elder ? 'elder' : 'normal', ...m })));
    }
    expect(fits.length).toBeGreaterThanOrEqual(2);
    expect(fits.filter((f) => f.text > f.room)).toEqual([]);
  });

  it('the excerpt is a clean sentence with whole words marked (三级公立医院)', async () => {
    await search(page, { q: '三级公立医院' });
    const result = page.locator('#search-results .result', { has: page.locator('a[href="/wenjian/guobanfa-2019-4/"]') });
    const excerpt = (await result.locator('.excerpt').textContent()) ?? '';
    const marks = await result.locator('.excerpt mark').allTextContents();
    // Pagefind's text of this page starts with its title lines glued: 国务院办公厅关于加强. 三级公立医院….
    expect(excerpt).not.toMatch(/\. /u);
    expect(excerpt).toContain('现就加强三级公立医院绩效考核工作提出以下意见。');
    expect(marks).toContain('三级公立医院');
    expect(marks.filter((m) => [...m].length < 2)).toEqual([]);
  });

  it('a search that finds nothing offers a shorter query, and a related topic and issuer, as links', async () => {
    // No page holds 双随机宇宙; the browser splits it into 双 随机 宇宙, and 双 stays with 随机.
    const hits = await search(page, { q: '双随机宇宙' });
    expect(hits).toEqual([]);
    await page.waitForSelector('#search-alternatives a');
    const links = await page.$$eval('#search-alternatives a', (as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
    expect(links[0]!.text).toMatch(/^搜索“双随机”（\d+ 条）$/u);
    // A screen reader hears the offers when they appear: the box is a polite live region (ARIA 1.2, aria-live).
    expect(await page.getAttribute('#search-alternatives', 'aria-live')).toBe('polite');
    // A topic and an issuer that share a word with the query (tests/e2e/search-results.test.ts follows every link).
    await search(page, { q: '国务院办公厅宇宙飞船' });
    await page.waitForSelector('#search-alternatives a');
    const browse = await page.$$eval('#search-alternatives a', (as) => as.map((a) => a.textContent ?? ''));
    expect(browse.some((l) => /^主题：.*国务院.*（\d+ 条）$/u.test(l))).toBe(true);
    expect(browse.some((l) => /^机关：国务院办公厅（\d+ 条）$/u.test(l))).toBe(true);
    await search(page, { q: '双随机宇宙' });
    await page.waitForSelector('#search-alternatives a');
    // The offered search finds what it says.
    await page.click('#search-alternatives a >> nth=0');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('q')).toBe('双随机');
    expect((await results(page)).length).toBeGreaterThan(0);
  });
});

describe('the console', () => {
  it('has no errors or warnings after all the searches above', async () => {
    await context.close();
    expect(problems).toEqual([]);
  });
});
