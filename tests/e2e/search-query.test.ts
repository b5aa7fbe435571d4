// Search on the built sample site in Chromium for what a fresh tester typed (issue 16): a phrase in quotation marks,
// a sentence pasted from a page, a 文号 with spaces, colloquial questions, Latin nonsense, synonyms in the excerpt,
// and the excerpt of a page found by a fragment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { serveDirectory } from '../support/static-server';
import { launchBrowser, PHONE } from './browser';
import { DIST as BUILT_SITE } from './site-helpers';
import { readResultPages, type ResultPage } from '../../src/search/fragments';
import { sentenceRun } from '../../src/search/query';
import { holdsDocNumber } from '../../src/lib/doc-number';

// JIEDU_DIST points the tests at another build of the site (with JIEDU_SKIP_BUILD=1) while iterating.
const DIST = process.env.JIEDU_DIST ?? BUILT_SITE;

let browser: Browser;
let server: Server;
let base: string;
let page: Page;
let pages: ResultPage[];
const problems: string[] = [];

/** A shown result: its address, whether it is a looser result, its excerpt's text and marked words. */
interface Shown {
  url: string;
  loose: boolean;
  excerpt: string;
  marks: string[];
}

/** Opens /search/?q=… and returns the results shown, in order. */
async function search(q: string): Promise<Shown[]> {
  await page.goto(`${base}/search/?${new URLSearchParams({ q })}`);
  await page.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '') !== '');
  return page.$$eval('#search-results .result', (items) =>
    items.map((li) => ({
      url: li.querySelector('.result-title a')?.getAttribute('href') ?? '',
      loose: li.classList.contains('result-loose'),
      excerpt: li.querySelector('.excerpt')?.textContent ?? '',
      marks: [...li.querySelectorAll('.excerpt mark')].map((m) => m.textContent ?? ''),
    })),
  );
}

const status = async () => (await page.textContent('#search-status')) ?? '';
/** A page's title and own text as the result files hold them, without whitespace. */
const textOf = (p: ResultPage) => `${p.meta.title ?? ''}\n${p.words.join('').replace(/\s+/gu, '')}`;
/** Every page whose title or own text contains `text` as written. */
const pagesContaining = (text: string) =>
  pages
    .filter((p) => textOf(p).includes(text))
    .map((p) => p.url)
    .sort();

beforeAll(async () => {
  pages = readResultPages(`${DIST}/pagefind`);
  ({ server, url: base } = await serveDirectory(DIST));
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: PHONE })).newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('a phrase in quotation marks is searched as written', () => {
  it.each(['"营商环境"', '“营商环境”', '「营商环境」'])('%s: the pages holding 营商环境, and only those, before the others, and the status says how many', async (q) => {
    const exact = pagesContaining('营商环境');
    expect(exact.length).toBeGreaterThan(1);
    const shown = await search(q);
    const held = shown.filter((r) => !r.loose);
    expect(held.map((r) => r.url).sort()).toEqual(exact);
    // Every page holding it comes before any page that does not.
    expect(shown.slice(0, exact.length).every((r) => !r.loose)).toBe(true);
    expect(await status()).toMatch(new RegExp(`^找到 ${exact.length} 条结果`));
  });

  it('a longer quoted phrase finds the pages that hold it as written first', async () => {
    const phrase = '优化营商环境的有力举措';
    const exact = pagesContaining(phrase);
    expect(exact.length).toBeGreaterThan(0);
    const shown = await search(`“${phrase}”`);
    expect(shown.slice(0, exact.length).map((r) => r.url).sort()).toEqual(exact);
    expect(shown.slice(0, exact.length).every((r) => r.excerpt.includes(phrase))).toBe(true);
  });

  it('says so when no page holds the quoted phrase, and shows the pages with its words after that line', async () => {
    expect(pagesContaining('环境营商')).toEqual([]);
    const shown = await search('“环境营商”');
    expect(shown.filter((r) => !r.loose)).toEqual([]);
    expect(await status()).toMatch(/^找到 \d+ 条相近结果$/);
    expect(shown.length).toBeGreaterThan(0);
    const notes = await page.$$eval('.search-note', (els) => els.map((e) => e.textContent ?? ''));
    expect(notes.some((n) => n.includes('没有找到与“环境营商”完全一致的内容')), notes.join(' | ')).toBe(true);
  });
});

describe('a sentence pasted from a page', () => {
  // Sentences whose source another page outranked (found by pasting sentences of the sample site's pages).
  it.each([
    '积极落实经营者主体责任，推动社会共治，有效维护消费者合法权益。',
    '发展改革委已优先考虑营口电厂二期、丹东电厂二期和元宝山电厂二期以及阜新电厂等项目。',
    '其中，大龄、残疾、低保家庭等劳动者可在常住地申请认定为就业困难人员，享受就业援助。',
    '（三）设备使用费用纳入支付范围限额标准为每人每月100元。',
    '宣誓仪式由基层人民法院会同司法行政机关组织。',
    '2003年全国城市污水处理率达到42%。',
  ])('“%s” puts its source first, with the sentence in the excerpt', async (sentence) => {
    const bare = (t: string) => t.replace(/[^\p{L}\p{N}]+/gu, '');
    const sources = pages.filter((p) => bare(textOf(p)).includes(bare(sentence))).map((p) => p.url);
    expect(sources.length).toBeGreaterThan(0);
    const [first] = await search(sentence);
    expect(sources).toContain(first?.url);
    expect(sentenceRun(sentence, first!.excerpt)).toBeGreaterThanOrEqual(Math.min(12, bare(sentence).length));
  });
});

describe('a 文号 typed with spaces in its brackets', () => {
  it('国发 〔 2019 〕 5 号, 国发〔2019〕 5号 and 国发 〔2019〕 5号 put the document first, as 国发〔2019〕5号 does', async () => {
    for (const q of ['国发 〔 2019 〕 5 号', '国发〔2019〕 5号', '国发 〔2019〕 5号']) {
      const shown = await search(q);
      expect(shown[0]?.url, q).toBe('/wenjian/guofa-2019-5/');
      // The search box keeps what the reader typed.
      expect(await page.inputValue('#search-q')).toBe(q);
    }
  });
});

describe('colloquial questions', () => {
  const questions = (JSON.parse(readFileSync(new URL('./search-questions.json', import.meta.url), 'utf8')) as { questions: { question: string; answers: string[] }[] }).questions;
  // The colloquial words the search drops (query.ts): questions of the set written with them.
  const colloquial = questions.filter((q) => /咋|啥|多少钱|去哪|在哪|怎么弄/u.test(q.question));

  it('the question set has at least 12 of them, and each finds an answering page in the top 3', async () => {
    expect(colloquial.length).toBeGreaterThanOrEqual(12);
    const misses: string[] = [];
    for (const { question, answers } of colloquial) {
      const top = (await search(question)).slice(0, 3).map((r) => r.url);
      if (!top.some((url) => answers.includes(url))) misses.push(`${question} → ${top.join(' ') || '（无结果）'}`);
    }
    expect(misses).toEqual([]);
  });
});

describe('Latin words match whole words only', () => {
  it('abc, ABC and qwzx, words no page has, find nothing and the reader is told so; DNA and dna find the pages with DNA', async () => {
    for (const q of ['abc', 'ABC', 'qwzx']) {
      expect(pages.filter((p) => new RegExp(`(^|[^a-z])${q}([^a-z]|$)`, 'iu').test(textOf(p)))).toEqual([]);
      expect(await search(q), q).toEqual([]);
      expect(await status()).toMatch(/^找到 0 条结果/);
    }
    const expected = pagesContaining('DNA');
    expect(expected.length).toBeGreaterThan(0);
    for (const q of ['DNA', 'dna']) expect((await search(q)).map((r) => r.url).sort(), q).toEqual(expected);
    expect(problems).toEqual([]);
  });
});

describe('the excerpt of a page found through a synonym', () => {
  it('医保: an excerpt with 医疗保障 or 医疗保险 but not 医保 has them marked, never a part of them alone', async () => {
    const shown = await search('医保');
    const throughSynonym = shown.filter((r) => !r.excerpt.includes('医保') && /医疗保障|医疗保险/u.test(r.excerpt));
    expect(throughSynonym.length).toBeGreaterThan(0);
    for (const r of throughSynonym) expect(r.marks.some((m) => m === '医疗保障' || m === '医疗保险'), `${r.url}: ${r.excerpt}`).toBe(true);
    expect(shown.flatMap((r) => r.marks).filter((m) => m === '保障' || m === '保险')).toEqual([]);
  });
});

describe('the excerpt of a page found by a fragment', () => {
  it('继续执, 抽查检, 推行部, 院绩效, 护险待 and 融资担保基 are in the excerpt of every page holding them in its text', async () => {
    const missing: string[] = [];
    for (const fragment of ['继续执', '抽查检', '推行部', '院绩效', '护险待', '融资担保基']) {
      const shown = (await search(fragment)).filter((r) => !r.loose);
      expect(shown.length, fragment).toBeGreaterThan(0);
      const inTitle = new Set(pages.filter((p) => (p.meta.title ?? '').includes(fragment)).map((p) => p.url));
      for (const r of shown) if (!inTitle.has(r.url) && !r.excerpt.replace(/\s+/gu, '').includes(fragment)) missing.push(`${fragment} ${r.url}: ${r.excerpt}`);
    }
    expect(missing).toEqual([]);
    // No console errors or warnings from any search of this file.
    expect(problems).toEqual([]);
  });
});

describe('an article number (第…条) is found whole (tester findings)', () => {
  it.each(['第十二条', '第五十三条', '第三条'])('%s finds every page holding it, those first', async (article) => {
    const holding = pagesContaining(article);
    expect(holding.length).toBeGreaterThan(5);
    // The first page of results (8) holds it, and the count is that of the pages holding it (no others are found).
    const shown = await search(article);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.map((r) => r.url).filter((url) => !holding.includes(url))).toEqual([]);
    expect(await status()).toMatch(new RegExp(`^找到 ${holding.length} 条结果`));
  });

  it('第十二条 申请: the pages holding 第十二条 come first, and no part of a longer number (十二条 in 第一百八十二条) is marked', async () => {
    const holding = new Set(pagesContaining('第十二条'));
    const shown = await search('第十二条 申请');
    expect(shown.length).toBeGreaterThan(0);
    // The first page of results (8) holds 第十二条 (38 pages do).
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.map((r) => r.url).filter((url) => !holding.has(url))).toEqual([]);
    expect(shown.flatMap((r) => r.marks).filter((m) => /十二条/u.test(m) && m !== '第十二条')).toEqual([]);
  });
});

describe('a known term joined to another word (tester findings)', () => {
  it('放管服改革 keeps the pages holding 放管服 and 改革 (深化“放管服”改革), first', async () => {
    const both = pages.filter((p) => textOf(p).includes('放管服') && textOf(p).includes('改革')).map((p) => p.url);
    expect(both.length).toBeGreaterThan(3);
    const shown = await search('放管服改革');
    const first = Math.min(both.length, shown.length, 8);
    expect(first).toBe(Math.min(both.length, 8));
    expect(shown.slice(0, first).map((r) => r.url).filter((url) => !both.includes(url))).toEqual([]);
  });
});

describe('a 文号 in the looser forms readers type (tester findings)', () => {
  it.each(['国发19年5号', '国发2019年5号', '国发〔2019〕五号', '国发(2019)5号', '国发2019-5'])('%s shows what 国发〔2019〕5号 shows, its document first', async (q) => {
    const canonical = (await search('国发〔2019〕5号')).map((r) => r.url);
    expect(canonical[0]).toBe('/wenjian/guofa-2019-5/');
    expect((await search(q)).map((r) => r.url)).toEqual(canonical);
    // The search box keeps what the reader typed.
    expect(await page.inputValue('#search-q')).toBe(q);
  });
});

describe('a number matches only whole numbers (tester findings)', () => {
  /** The numbers (runs of digits) of a text. */
  const numbersIn = (text: string): string[] => text.match(/\d+/gu) ?? [];
  /** Whether a page's title, text or search facts (its date, 文号: indexed too) hold `n` with no digit before or after it. */
  const holdsNumber = (p: ResultPage, n: string) => new RegExp(`(?<!\\d)${n}(?!\\d)`, 'u').test(`${textOf(p)}\n${Object.values(p.meta).join('\n')}`);

  it.each(['201', '国办发〔2019〕4号', '2019年 春节'])('%s: every result holds each of its numbers whole, and only whole numbers are marked', async (q) => {
    const wanted = numbersIn(q);
    const shown = await search(q);
    const byUrl = new Map(pages.map((p) => [p.url, p]));
    // 201 is in no page as a number of its own (2019 is in many): it finds nothing.
    if (q === '201') expect(pages.filter((p) => holdsNumber(p, '201'))).toEqual([]);
    expect(shown.filter((r) => !wanted.every((n) => holdsNumber(byUrl.get(r.url)!, n))).map((r) => r.url)).toEqual([]);
    // A mark's numbers are the query's (2019 marked, not 201 of it, nor 〔201 of 国办发〔2019〕).
    expect(shown.flatMap((r) => r.marks.flatMap(numbersIn)).filter((n) => !wanted.includes(n))).toEqual([]);
  });
});

describe('an article number in a question (tester findings)', () => {
  it.each([
    ['第十二条是怎么规定的', '第十二条'],
    ['第五条讲了什么', '第五条'],
  ])('%s finds the pages holding %s whole, as the number alone does', async (question, article) => {
    const holding = pagesContaining(article);
    expect(holding.length).toBeGreaterThan(5);
    const alone = (await search(article)).map((r) => r.url);
    const aloneStatus = await status();
    const shown = await search(question);
    expect(shown.map((r) => r.url)).toEqual(alone);
    expect(await status()).toBe(aloneStatus);
    expect(shown.map((r) => r.url).filter((url) => !holding.includes(url))).toEqual([]);
    expect(shown.flatMap((r) => r.marks).filter((m) => m.includes(article.slice(1)) && m !== article)).toEqual([]);
  });
});

describe('a question’s term as a word of the page comes first (tester findings)', () => {
  it.each([
    ['低保怎么申请', /(?<!降)低保|最低生活保障/u],
    ['长护险怎么申请', /长护险|长期护理保险/u],
  ])('%s: the first results have the term or its synonym as a word, before pages with it only across words (降低保险)', async (question, term) => {
    const having = new Set(pages.filter((p) => term.test(textOf(p))).map((p) => p.url));
    expect(having.size).toBeGreaterThan(1);
    const shown = await search(question);
    const first = shown.slice(0, Math.min(3, having.size)).map((r) => r.url);
    expect(first.filter((url) => !having.has(url))).toEqual([]);
  });
});

describe('a 文号 in a question, an order (令), and the 本站没有文号为… line (tester findings 2026-11-29)', () => {
  /** The text of the alternatives box once the search, its alternatives included, has finished. */
  const alternativesText = async () => {
    await page.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
    return (await page.textContent('#search-alternatives')) ?? '';
  };

  it.each(['国发〔2019〕5号讲了什么', '国发〔2019〕5号是什么文件'])('%s puts 国发〔2019〕5号 first, as the 文号 alone does', async (q) => {
    expect((await search(q))[0]?.url).toBe('/wenjian/guofa-2019-5/');
  });

  it.each(['国务院令第706号', '国令第706号', '国务院令第706号是什么'])('%s finds 专利代理条例 (国令第706号) first and says nothing of a missing 文号', async (q) => {
    expect((await search(q))[0]?.url).toBe('/wenjian/guoling-706/');
    expect(await alternativesText()).toBe('');
  });

  it('an order no page has is said plainly, as written: 国务院令第999号 is 国令第999号', async () => {
    await search('国务院令第999号');
    await page.waitForFunction(() => (document.getElementById('search-alternatives')?.textContent ?? '').includes('本站没有文号'), undefined, { timeout: 15_000 });
    expect(await alternativesText()).toContain('本站没有文号为“国令第999号”的文件。');
  });

  it('no 文号 of the sample, typed as its page shows it, gets the 本站没有文号为… line', { timeout: 300_000 }, async () => {
    const numbers = [...new Set(pages.map((p) => p.meta.wenhao).filter((n): n is string => !!n))];
    expect(numbers.length).toBeGreaterThanOrEqual(60);
    const told: string[] = [];
    for (const n of numbers) {
      await search(n);
      if ((await alternativesText()).includes('本站没有文号')) told.push(n);
    }
    expect(told).toEqual([]);
  });
});

describe('a known term joined to another word, as written first (tester findings 2026-11-29)', () => {
  it('公积金贷款: the pages holding 公积金贷款 (住房公积金贷款) come before those with 住房公积金 and 贷款 apart', async () => {
    const holding = pagesContaining('公积金贷款');
    expect(holding.length).toBeGreaterThan(0);
    const shown = (await search('公积金贷款')).map((r) => r.url);
    expect(shown.length).toBeGreaterThan(holding.length);
    expect(shown.slice(0, holding.length).sort()).toEqual(holding);
  });
});

describe('a 文号 alone finds only the pages that carry or cite it (tester findings 2026-11-29)', () => {
  /**
   * The pages the build gives this 文号: its documents (meta.wenhao), their interpretations and infographics (meta.of),
   * and the pages whose title or text cites it in any bracket style.
   */
  const carrying = (n: string) => pages.filter((p) => p.meta.wenhao === n || (p.meta.of ?? '').includes(n) || holdsDocNumber(textOf(p), n)).map((p) => p.url);

  it.each(['国发〔2019〕5号', '国办发〔2019〕2号', '穗府办规〔2025〕8号'])('%s: every result carries or cites it, its own document first, and only the whole 文号 is marked', async (n) => {
    const shown = await search(n);
    const expected = carrying(n);
    expect(expected.length).toBeGreaterThan(0);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.map((s) => s.url).filter((u) => !expected.includes(u))).toEqual([]);
    expect(shown[0]?.url).toBe(pages.find((p) => p.meta.wenhao === n && p.url.startsWith('/wenjian/'))?.url);
    expect([...new Set(shown.flatMap((s) => s.marks))].filter((m) => m !== n)).toEqual([]);
  });

  it.each(['国发〔2019〕5号讲了什么', '国发〔2019〕5号文件'])('%s, a question about the 文号 alone, lists what the 文号 does (results 4–17 were other 2019 documents)', async (q) => {
    const shown = await search(q);
    expect(shown.map((s) => s.url).filter((u) => !carrying('国发〔2019〕5号').includes(u))).toEqual([]);
    expect(shown[0]?.url).toBe('/wenjian/guofa-2019-5/');
  });

  it('穗府办规〔2025〕9号, a 文号 no page has, finds nothing (the 8号 page shared its year) and is said plainly', async () => {
    expect(carrying('穗府办规〔2025〕9号')).toEqual([]);
    expect(await search('穗府办规〔2025〕9号')).toEqual([]);
    await page.waitForFunction(() => (document.getElementById('search-alternatives')?.textContent ?? '').includes('本站没有文号'), undefined, { timeout: 15_000 });
  });
});

describe('a 文号 in reader order or in part (tester findings 2026-11-30)', () => {
  /** The pages of documents whose 文号 fits, with their interpretations and infographics (meta.of). */
  const fitting = (fits: (wenhao: string) => boolean) => pages.filter((p) => [p.meta.wenhao ?? '', ...(p.meta.of ?? '').split(/[，,\s]+/u)].some((n) => n && fits(n))).map((p) => p.url).sort();

  it.each(['2019年国发5号', '19年国发5号', '国发2019第5号'])('%s shows what 国发〔2019〕5号 shows, its document first', async (q) => {
    const expected = await search('国发〔2019〕5号');
    expect((await search(q)).map((s) => s.url)).toEqual(expected.map((s) => s.url));
    expect(expected[0]?.url).toBe('/wenjian/guofa-2019-5/');
  });

  it('国发5号 (no year) lists the documents numbered 国发…5号 with theirs, and never says the site lacks it', async () => {
    const expected = fitting((n) => /^国发〔\d{4}〕5号$/u.test(n));
    expect(expected).toContain('/wenjian/guofa-2019-5/');
    const shown = await search('国发5号');
    expect(shown.map((s) => s.url).sort()).toEqual(expected);
    await page.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
    expect((await page.textContent('#search-alternatives')) ?? '').not.toContain('本站没有');
  });

  it('2019年5号文 (no prefix) lists the 2019 documents numbered 5 with theirs, nothing else', async () => {
    const expected = fitting((n) => /〔2019〕5号$/u.test(n));
    expect(expected.length).toBeGreaterThan(0);
    expect((await search('2019年5号文')).map((s) => s.url).sort()).toEqual(expected);
  });
});
