// The search results page as a fresh tester tried it on the built sample site in Chromium (issue 16): the searches
// offered when nothing is found keep their promises, Back and Forward go through the reader's searches, and the
// line above a fragment's looser results is a styled paragraph before the list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import type { Server } from 'node:http';
import { serveDirectory } from '../support/static-server';
import { launchBrowser, PHONE } from './browser';
import { DIST as BUILT_SITE, openSearchPage, searchFor, searchSettled } from './site-helpers';

// JIEDU_DIST points the tests at another build of the site (with JIEDU_SKIP_BUILD=1) while iterating.
const DIST = process.env.JIEDU_DIST ?? BUILT_SITE;

let browser: Browser;
let server: Server;
let base: string;
let context: BrowserContext;
let page: Page;
/** Console errors and warnings, page errors and failed requests of every page these tests open. */
const problems: string[] = [];

function watch(p: Page): Page {
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  p.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  return p;
}

const settled = searchSettled;

/** The search shown: the query in the box, the filters chosen, the status line and the results' addresses. */
async function shown(p: Page): Promise<{ q: string; type: string; status: string; results: string[] }> {
  await settled(p);
  return {
    q: await p.inputValue('#search-q'),
    type: await p.inputValue('#search-filter-type'),
    status: (await p.textContent('#search-status')) ?? '',
    results: await p.$$eval('#search-results .result-title a', (links) => links.map((a) => a.getAttribute('href') ?? '')),
  };
}

/** The number the status line gives: 找到 N 条结果…. */
function statusCount(status: string): number {
  const m = /^找到 (\d+) 条结果/u.exec(status);
  if (!m) throw new Error(`status without a count: ${status}`);
  return Number(m[1]);
}

/** Opens /search/ with the given parameters, waits for the alternatives if nothing is found, and lists them. */
async function offered(p: Page, params: Record<string, string>): Promise<{ text: string; href: string }[]> {
  await p.goto(`${base}/search/?${new URLSearchParams(params)}`);
  await settled(p);
  expect(statusCount((await p.textContent('#search-status')) ?? '')).toBe(0);
  // The alternatives come after the status, once their own searches have run (or not at all).
  await p.waitForFunction(() => document.getElementById('search-alternatives')!.children.length > 0, undefined, { timeout: 15_000 }).catch(() => undefined);
  return p.$$eval('#search-alternatives a', (as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
}

/** The words of a text by Chromium's segmenter, as the page cuts the query. */
function browserWords(p: Page, text: string): Promise<string[]> {
  return p.evaluate((t) => [...new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment(t)].filter((s) => s.isWordLike).map((s) => s.segment), text);
}

beforeAll(async () => {
  ({ server, url: base } = await serveDirectory(DIST));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: PHONE });
  page = watch(await context.newPage());
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Searches that find nothing on the sample site, as a tester typed them (the first two from issue 16). */
const NOTHING_FOUND: Record<string, string>[] = [
  { q: '量子计算机' },
  { q: '入户宇宙' },
  { q: '双随机宇宙' },
  { q: '残疾人补贴宇宙飞船' },
  { q: '积分制入户宇宙飞船' },
  { q: '监管宇宙' },
  { q: '国务院办公厅宇宙飞船' },
  { q: '养老服务', type: '图解', year: '2018' },
];

describe('the searches offered when nothing is found', () => {
  it.each(NOTHING_FOUND.map((params) => [new URLSearchParams(params).toString(), params] as const))(
    '%s: each offered link, followed, shows the number of results it promised',
    async (_, params) => {
      const links = await offered(page, params);
      for (const link of links) {
        const { promised, shows } = await followed(page, link);
        expect(`${link.text} → ${shows}`).toBe(`${link.text} → ${promised}`);
      }
    },
  );

  it('量子计算机 and 入户宇宙 offer their words, with the numbers their searches show (not 量子机 “1 条” nor 入户 “33 条”)', async () => {
    expect((await offered(page, { q: '量子计算机' })).map((l) => l.text)).toEqual(['搜索“量子”（1 条）', '搜索“计算机”（5 条）']);
    expect((await offered(page, { q: '入户宇宙' })).map((l) => l.text)).toEqual(['搜索“入户”（6 条）']);
  });

  it.each(NOTHING_FOUND.map((params) => [params.q!, params] as const))('%s: every offered search is whole words of the query, never a piece cut across them', async (q, params) => {
    const words = await browserWords(page, q);
    // Where the query may be cut: at its ends and before each of the browser's words of two characters or more. A
    // single character the segmenter leaves is the end of a word it does not know (计算 机, 残疾 人, 积分 制 入 户),
    // never the start of an offered search (量子机, 人补贴, 户宇宙).
    const cuts = new Set([0, [...q].length]);
    let at = 0;
    for (const w of words) {
      if ([...w].length >= 2) cuts.add(at);
      at += [...w].length;
    }
    const links = await offered(page, params);
    // A correction (您是不是要找) is by nature not the query's text; the shorter searches are.
    const searches = links
      .filter((l) => !l.text.startsWith('您是不是要找'))
      .map((l) => new URL(l.href, base).searchParams.get('q'))
      .filter((s): s is string => !!s && s !== q);
    expect(searches.length).toBeGreaterThan(0);
    for (const search of searches) {
      for (const part of search.split(' ')) {
        const start = [...q.slice(0, q.indexOf(part))].length;
        expect(q.includes(part), `${search} is not in ${q}`).toBe(true);
        expect(cuts.has(start) && cuts.has(start + [...part].length), `${part} of ${search} cuts a word of ${q} (${words.join('|')})`).toBe(true);
      }
    }
    expect(searches).not.toContain('量子机');
    expect(searches.some((s) => /^(人补贴|户宇宙|随机宇宙|制入户)/u.test(s))).toBe(false);
  });

  it('a topic or an issuer is offered only when it shares a word of two characters or more with the query', async () => {
    const sharesWord = (value: string, q: string) => [...q].some((_, i) => i + 2 <= q.length && value.includes(q.slice(i, i + 2)));
    for (const params of NOTHING_FOUND) {
      const links = await offered(page, params);
      for (const link of links.filter((l) => /^(主题|机关)：/u.test(l.text))) {
        const value = link.text.replace(/^(主题|机关)：/u, '').replace(/（\d+ 条）$/u, '');
        expect(sharesWord(value, params.q!), `${link.text} for ${params.q}`).toBe(true);
      }
    }
    // Nothing on the site is about 量子计算机: no topic or issuer is offered; 监管 is a topic's word.
    expect((await offered(page, { q: '量子计算机' })).filter((l) => /^(主题|机关)：/u.test(l.text))).toEqual([]);
    expect((await offered(page, { q: '监管宇宙' })).some((l) => /^主题：.*监管.*（\d+ 条）$/u.test(l.text))).toBe(true);
  });
});

describe('Back and Forward go through the reader’s searches', () => {
  it('each search sent is a history entry; Back and Forward show its query, filters and results again; reload keeps it', async () => {
    await page.goto(`${base}/search/`);
    const send = async (q: string) => {
      await searchFor(page, q);
      return shown(page);
    };
    const first = await send('双随机');
    const second = await send('养老服务');
    await page.click('#search-filters summary');
    await page.selectOption('#search-filter-type', '解读');
    const filtered = await shown(page);
    expect(first.results.length).toBeGreaterThan(0);
    expect(second.results).not.toEqual(first.results);
    expect(filtered.results).not.toEqual(second.results);
    expect(new URL(page.url()).searchParams.get('type')).toBe('解读');

    await page.goBack();
    expect(await shown(page)).toEqual(second);
    await page.goBack();
    expect(await shown(page)).toEqual(first);
    await page.goForward();
    expect(await shown(page)).toEqual(second);
    await page.goForward();
    expect(await shown(page)).toEqual(filtered);
    await page.reload();
    expect(await shown(page)).toEqual(filtered);
    await page.goBack();
    expect(await shown(page)).toEqual(second);
    // Back to the page as it opened: no search.
    await page.goBack();
    await page.goBack();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.inputValue('#search-q')).toBe('');
    expect(await page.locator('#search-results .result').count()).toBe(0);
  });

  it('Back from a result opened after 显示更多结果 shows as many results, scrolled as they were, the opened one focused (tester findings)', async () => {
    await page.goto(`${base}/search/?${new URLSearchParams({ q: '保险' })}`);
    await settled(page);
    await page.click('#search-more');
    await page.waitForFunction(() => document.querySelectorAll('#search-results .result').length > 8);
    const count = await page.locator('#search-results .result').count();
    expect(count).toBeGreaterThanOrEqual(12);
    const link = page.locator('#search-results .result').nth(11).locator('.result-title a');
    const href = await link.getAttribute('href');
    await link.scrollIntoViewIfNeeded();
    const scrollY = await page.evaluate(() => window.scrollY);
    expect(scrollY).toBeGreaterThan(300);
    await Promise.all([page.waitForURL((u) => u.pathname === href), link.click()]);
    await page.goBack();
    await settled(page);
    await page.waitForFunction((n) => document.querySelectorAll('#search-results .result').length >= n, count);
    expect(await page.locator('#search-results .result').count()).toBe(count);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrollY)).toBeLessThan(40);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(href);
  });

  it('typing a search makes one history entry for the words typed, not one per keystroke', async () => {
    await page.goto(`${base}/search/?q=${encodeURIComponent('双随机')}`);
    await settled(page);
    await page.fill('#search-q', '');
    await page.locator('#search-q').click();
    for (const ch of '专利代理') await page.keyboard.insertText(ch);
    await page.waitForFunction(() => document.querySelector('#search-results .result-title a')?.getAttribute('href') === '/wenjian/guoling-706/');
    expect(new URL(page.url()).searchParams.get('q')).toBe('专利代理');
    await page.goBack();
    expect((await shown(page)).q).toBe('双随机');
  });
});

/** The phone of issue 16. */
const TALL_PHONE = { width: 375, height: 812 };

describe('the line above a fragment’s looser results', () => {
  for (const elder of [false, true]) {
    const mode = elder ? 'elder' : 'normal';
    it(`is a styled paragraph before the results list, axe clean, with nothing cut at 375×812, in ${mode} mode`, async () => {
      const p = await openSearchPage(browser, base, { viewport: TALL_PHONE, elder, params: { q: '积分入户' }, watch });
      const c = p.context();
      const facts = await p.evaluate(() => {
        const note = document.getElementById('search-note')!;
        const list = document.getElementById('search-results')!;
        const style = getComputedStyle(note);
        const box = note.getBoundingClientRect();
        const title = document.querySelector('#search-results .result-loose .result-title')!.getBoundingClientRect();
        return {
          tag: note.tagName,
          beforeList: (note.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
          notesInList: list.querySelectorAll('.search-note, li:not(.result)').length,
          text: note.textContent ?? '',
          visible: !note.hidden && box.height > 0,
          border: parseFloat(style.borderLeftWidth),
          background: style.backgroundColor,
          pageBackground: getComputedStyle(document.body).backgroundColor,
          looseSetIn: parseFloat(getComputedStyle(document.querySelector('.result-loose')!).borderLeftWidth),
          inside: box.left >= 0 && box.right <= document.documentElement.clientWidth,
          textFits: note.scrollWidth <= note.clientWidth,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          titleOnFirstScreen: title.top >= 0 && title.bottom <= window.innerHeight,
        };
      });
      const axe = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      await c.close();
      expect(facts).toMatchObject({ tag: 'P', beforeList: true, notesInList: 0, visible: true, inside: true, textFits: true, titleOnFirstScreen: true });
      expect(facts.text).toMatch(/^没有找到与“积分入户”完全一致的内容，以下结果包含“积分”“入户”/u);
      expect(facts.border).toBeGreaterThan(0);
      expect(facts.background).not.toBe(facts.pageBackground);
      expect(facts.looseSetIn).toBeGreaterThan(0);
      expect(facts.overflow).toBeLessThanOrEqual(0);
      expect(axe.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
    });
  }

  it('is hidden after a search whose results all hold the query', async () => {
    await page.goto(`${base}/search/?q=${encodeURIComponent('积分入户')}`);
    await settled(page);
    expect(await page.isVisible('#search-note')).toBe(true);
    await searchFor(page, '双随机');
    expect(await page.isVisible('#search-note')).toBe(false);
  });
});

/**
 * Searches whose results have the looser results' line (a fragment's or a quoted phrase's): a fresh tester found the
 * first result's title of “合法稳定就业” at y = 783–906 in elder mode, under a three-line status and a five-line line
 * “第 3 条起：以下结果不含…” placed above result 1.
 */
const WITH_NOTE = ['"合法稳定就业"', '积分入户'];

describe('the first screen of a search with looser results, at 375×812', () => {
  for (const elder of [false, true]) {
    const mode = elder ? 'elder' : 'normal';
    it.each(WITH_NOTE)(`%s shows the first result's title on the first screen, and the line where the looser results start, in ${mode} mode`, async (q) => {
      const p = await openSearchPage(browser, base, { viewport: TALL_PHONE, elder, params: { q }, watch });
      const c = p.context();
      const facts = await p.evaluate(() => {
        const title = document.querySelector('#search-results .result-title')!.getBoundingClientRect();
        const results = [...document.querySelectorAll('#search-results .result')];
        const firstLoose = results.findIndex((r) => r.classList.contains('result-loose'));
        const note = document.getElementById('search-note')!;
        // The element the line is followed by: the first looser result's title, or the list when all are looser.
        const next = note.nextElementSibling;
        const status = document.getElementById('search-status')!;
        return {
          status: status.textContent ?? '',
          statusLines: Math.round(status.getBoundingClientRect().height / parseFloat(getComputedStyle(status).lineHeight)),
          elderOn: (document.getElementById('elder-mode') as HTMLInputElement).checked,
          titleTop: Math.round(title.top),
          titleBottom: Math.round(title.bottom),
          firstLoose,
          noteVisible: !note.hidden && note.getBoundingClientRect().height > 0,
          noteBefore: next?.id === 'search-results' ? 'list' : next?.classList.contains('result-title') ? `title of result ${results.indexOf(next.closest('.result')!)}` : String(next?.className),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      });
      await c.close();
      expect(facts.elderOn).toBe(elder);
      // The counts, in two lines at most (a tester saw three in elder mode).
      expect(facts.status).toMatch(/^找到 (\d+ 条结果，另有 )?\d+ 条相近结果$/u);
      expect(facts.statusLines, facts.status).toBeLessThanOrEqual(2);
      expect(facts.firstLoose).toBeGreaterThanOrEqual(0);
      expect(facts.noteVisible).toBe(true);
      expect(facts.titleTop).toBeGreaterThanOrEqual(0);
      expect(facts.titleBottom, `${q}: first title at ${facts.titleTop}–${facts.titleBottom}`).toBeLessThanOrEqual(TALL_PHONE.height);
      expect(facts.noteBefore).toBe(facts.firstLoose === 0 ? 'list' : `title of result ${facts.firstLoose}`);
      expect(facts.overflow).toBeLessThanOrEqual(0);
    });
  }

  it('the quoted phrase has results that hold it before its looser ones (the case above is not all-loose)', async () => {
    await page.goto(`${base}/search/?q=${encodeURIComponent('"合法稳定就业"')}`);
    await settled(page);
    const classes = await page.$$eval('#search-results .result', (lis) => lis.map((li) => li.classList.contains('result-loose')));
    expect(classes.indexOf(true)).toBeGreaterThan(0);
  });
});

describe('a number with its unit (150分)', () => {
  it('shows as matching only the pages that hold it as written; any other page is under the looser results’ line', async () => {
    await page.goto(`${base}/search/?q=${encodeURIComponent('150分')}`);
    await settled(page);
    const results = await page.$$eval('#search-results .result', (lis) =>
      lis.map((li) => ({ loose: li.classList.contains('result-loose'), text: `${li.querySelector('.result-title')?.textContent ?? ''} ${li.querySelector('.excerpt')?.textContent ?? ''}` })),
    );
    const noteVisible = await page.isVisible('#search-note');
    expect(results.filter((r) => !r.loose).length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.loose && !r.text.includes('150分')).map((r) => r.text)).toEqual([]);
    if (results.some((r) => r.loose)) expect(noteVisible).toBe(true);
    expect(statusCount((await page.textContent('#search-status')) ?? '')).toBe(results.filter((r) => !r.loose).length);
  });
});

/** Follows an offered link and says whether the page shows the number its text promised: “（N 条）” is N results, “（N 条包含其中的词）” none holding the query and N looser ones. */
async function followed(p: Page, link: { text: string; href: string }): Promise<{ promised: string; shows: string }> {
  await p.click(`#search-alternatives a[href="${link.href}"]`);
  const after = await shown(p);
  const exact = /（(\d+) 条）$/u.exec(link.text);
  const loose = /（(\d+) 条包含其中的词）$/u.exec(link.text);
  const promised = exact ? `找到 ${exact[1]} 条结果` : loose ? `找到 ${loose[1]} 条相近结果` : `no number in ${link.text}`;
  const shows = `${after.status} (${after.results.length} shown)`;
  await p.goBack();
  await settled(p);
  return { promised: `${promised} (${Math.min(Number((exact ?? loose)?.[1] ?? -1), 8)} shown)`, shows };
}

describe('what a search that finds nothing offers (a fresh tester’s cases)', () => {
  it('积分入护 (one character off 入户, a word of the site): 您是不是要找：积分入户, which keeps its promise', async () => {
    const links = await offered(page, { q: '积分入护' });
    const correction = links.find((l) => l.text.startsWith('您是不是要找：'));
    expect(links.map((l) => l.text)).toContainEqual(expect.stringMatching(/^您是不是要找：积分入户（\d+ 条/u));
    const { promised, shows } = await followed(page, correction!);
    expect(shows).toBe(promised);
  });

  it('积分入户 with 2019 chosen: first 不限筛选条件搜索“积分入户”, no correction whose pages hold only its parts', async () => {
    const links = await offered(page, { q: '积分入户', year: '2019' });
    expect(links[0]?.text).toMatch(/^不限筛选条件搜索“积分入户”（\d+ 条/u);
    expect(links.map((l) => l.text)).not.toContainEqual(expect.stringMatching(/^您是不是要找：.*包含其中的词/u));
    for (const link of links) {
      const { promised, shows } = await followed(page, link);
      expect(`${link.text} → ${shows}`).toBe(`${link.text} → ${promised}`);
    }
  });

  it('社保卡: the known term it holds and its synonym (社保, 社会保险), each keeping its promise', async () => {
    const links = await offered(page, { q: '社保卡' });
    const searches = links.map((l) => new URL(l.href, base).searchParams.get('q'));
    expect(searches.filter((q) => q === '社保' || q === '社会保险').length).toBeGreaterThan(0);
    for (const link of links) {
      const { promised, shows } = await followed(page, link);
      expect(`${link.text} → ${shows}`).toBe(`${link.text} → ${promised}`);
    }
  });

  it('国发〔2019〕99号: says plainly no document has that 文号, and links the documents of 国发〔2019〕 to their pages', async () => {
    await page.goto(`${base}/search/?${new URLSearchParams({ q: '国发〔2019〕99号' })}`);
    await settled(page);
    await page.waitForSelector('#search-alternatives p', { timeout: 15_000 });
    expect(await page.textContent('#search-alternatives')).toContain('本站没有文号为“国发〔2019〕99号”的文件');
    const links = await page.$$eval('#search-alternatives a', (as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
    const documents = links.filter((l) => /^国发〔2019〕\d+号 /u.test(l.text));
    expect(documents.map((l) => l.text)).toContainEqual(expect.stringMatching(/^国发〔2019〕5号 /u));
    for (const link of documents) {
      // The link goes to the document's page, which has the 文号 and title the link names.
      expect(link.href).toMatch(/^\/wenjian\//u);
      await page.goto(`${base}${link.href}`);
      const body = (await page.textContent('main')) ?? '';
      const [docNumber, ...title] = link.text.split(' ');
      expect(body, link.text).toContain(docNumber);
      expect(await page.textContent('h1'), link.text).toContain(title.join(' '));
    }
  });
});

/** 1,200 characters, as a tester pasted them: a paragraph of policy text repeated. */
const LONG_TEXT = '积分制入户申请人应当在本市合法稳定就业并缴纳社会保险，'.repeat(44).slice(0, 1200);

describe('a query longer than the box takes (100 characters)', () => {
  it('pasted into the box: the reader is told only the first 100 characters were searched', async () => {
    const p = await openSearchPage(browser, base, { watch });
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await p.evaluate((text) => navigator.clipboard.writeText(text), LONG_TEXT);
    await p.focus('#search-q');
    await p.keyboard.press('ControlOrMeta+V');
    await settled(p);
    const value = await p.inputValue('#search-q');
    const status = (await p.textContent('#search-status')) ?? '';
    await p.context().close();
    expect(value).toBe(LONG_TEXT.slice(0, 100));
    expect(status).toContain('前 100 个字');
  });

  it('in the address (?q=): the reader is told too, and the box holds the first 100 characters', async () => {
    const p = await openSearchPage(browser, base, { params: { q: LONG_TEXT }, watch });
    const value = await p.inputValue('#search-q');
    const status = (await p.textContent('#search-status')) ?? '';
    await p.context().close();
    expect(value).toBe(LONG_TEXT.slice(0, 100));
    expect(status).toContain('前 100 个字');
  });
});

describe('a result whose page has no text of its own', () => {
  it('shows who published it, when, and where the original is, never an empty excerpt', async () => {
    // 【音频解读】《广州市老年人优待办法》 is a link-only interpretation: a title and a link to the original.
    await page.goto(`${base}/search/?${new URLSearchParams({ q: '音频解读' })}`);
    await settled(page);
    const results = await page.$$eval('#search-results .result', (lis) =>
      lis.map((li) => ({ href: li.querySelector('.result-title a')?.getAttribute('href') ?? '', excerpt: (li.querySelector('.excerpt')?.textContent ?? '').trim() })),
    );
    const audio = results.find((r) => r.href === '/jiedu/gzslnrydbf-2021-02-09-jd-2021-02-09/');
    expect(audio?.excerpt).toBe('广州市人民政府办公厅 2021-02-09 发布。原文见《广州市老年人优待办法》。');
    expect(results.filter((r) => r.excerpt === '').map((r) => r.href)).toEqual([]);
  });
});

describe('the console', () => {
  it('has no errors or warnings after all the searches above', async () => {
    await context.close();
    expect(problems).toEqual([]);
  });
});

describe('a word the site does not use is offered its broader head (tester findings 2026-11-30)', () => {
  it.each([['养老院', '养老'], ['敬老院', '敬老']])('%s finds nothing and offers %s, which finds what it promises', async (q, head) => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}/search/?${new URLSearchParams({ q })}`);
    await settled(page);
    expect((await shown(page)).results).toEqual([]);
    const offer = `搜索“${head}”`;
    await page.waitForFunction((o) => [...document.querySelectorAll('#search-alternatives a')].some((a) => a.textContent?.startsWith(o)), offer, { timeout: 15_000 });
    const link = await page.$$eval('#search-alternatives a', (as, o) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })).find((l) => l.text.startsWith(o)), offer);
    expect(link).toBeDefined();
    const { promised, shows } = await followed(page, link!);
    expect(shows).toBe(promised);
    await context.close();
  });
});
