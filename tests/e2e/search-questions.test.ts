// Search on the built sample site in Chromium for what readers type besides titles: questions in their own words
// (tests/e2e/search-questions.json), fragments copied from a page across word boundaries, and the exact phrase
// before scattered matches of its parts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { serveDirectory } from '../support/static-server';
import { launchBrowser, PHONE } from './browser';
import { DIST as BUILT_SITE } from './site-helpers';
import { readResultPages } from '../../src/search/fragments';

// JIEDU_DIST points the tests at another build of the site (with JIEDU_SKIP_BUILD=1) while iterating.
const DIST = process.env.JIEDU_DIST ?? BUILT_SITE;

interface Question {
  question: string;
  answers: string[];
}
const questions = (JSON.parse(readFileSync(new URL('./search-questions.json', import.meta.url), 'utf8')) as { questions: Question[] }).questions;

let browser: Browser;
let server: Server;
let base: string;
let page: Page;
const problems: string[] = [];

/**
 * The results of a search (links, in order); with `exactOnly`, without a fragment's looser results, which are shown
 * under a line saying they do not hold it as written.
 */
async function search(q: string, exactOnly = false): Promise<string[]> {
  await page.goto(`${base}/search/?${new URLSearchParams({ q })}`);
  await page.waitForSelector('#search-results:not([aria-busy])', { state: 'attached' });
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '') !== '');
  const selector = exactOnly ? '#search-results .result:not(.result-loose) .result-title a' : '#search-results .result-title a';
  return page.$$eval(selector, (links) => links.map((a) => a.getAttribute('href') ?? ''));
}

/** Every page of the built index whose text (title or own words) contains `text`, as the result files hold it. */
function pagesContaining(text: string): string[] {
  return readResultPages(`${DIST}/pagefind`)
    .filter((p) => (p.meta.title ?? '').includes(text) || p.words.join('').replace(/\s+/g, '').includes(text))
    .map((p) => p.url)
    .sort();
}

beforeAll(async () => {
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

describe('questions in a reader’s own words', () => {
  it('the set has at least 40 questions, each with an answering page', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    expect(questions.filter((q) => q.answers.length === 0)).toEqual([]);
  });

  it('at least 80% of the questions have an answering page in the top 3', async () => {
    const misses: string[] = [];
    for (const { question, answers } of questions) {
      const top = (await search(question)).slice(0, 3);
      if (!top.some((url) => answers.includes(url))) misses.push(`${question} → ${top.join(' ') || '（无结果）'}`);
    }
    const found = questions.length - misses.length;
    console.info(`questions: ${found}/${questions.length} in the top 3 (${Math.round((found / questions.length) * 100)}%)\n  missed:\n  ${misses.join('\n  ')}`);
    expect(found / questions.length, misses.join('\n')).toBeGreaterThanOrEqual(0.8);
  });
});

describe('fragments copied from a page', () => {
  /** The number of results the status line announces. */
  async function announced(): Promise<number> {
    return Number(/找到 (\d+) 条结果/.exec((await page.textContent('#search-status')) ?? '')?.[1] ?? NaN);
  }

  it.each(['抽查检', '查检查', '联合抽查', '推行部', '院绩效', '护险待', '融资担保基', '残疾人两项'])('“%s” finds every page that contains it, and only those', async (fragment) => {
    const expected = pagesContaining(fragment);
    expect(expected.length).toBeGreaterThan(0);
    const hits = await search(fragment, true);
    expect(await announced()).toBe(expected.length);
    expect(hits.filter((h) => !expected.includes(h))).toEqual([]);
  });

  it.each(['公开监', '监管推', '养老医'])('“%s”, which no page contains though many contain its parts, has no exact match', async (fragment) => {
    expect(pagesContaining(fragment)).toEqual([]);
    expect(await search(fragment, true)).toEqual([]);
    expect(await page.textContent('#search-status')).toMatch(/^找到 0 条结果/);
  });

  it.each([
    ['积分入户', ['积分', '入户']],
    ['养老补贴', ['养老', '补贴']],
  ])('“%s”, which no page holds as written, shows the pages with %j after a line saying so', async (fragment, words) => {
    expect(pagesContaining(fragment)).toEqual([]);
    const hits = await search(fragment);
    expect(await search(fragment, true)).toEqual([]);
    expect(hits.length).toBeGreaterThan(0);
    // The line is a paragraph above the list (tests/e2e/search-results.test.ts), and the first result holds every word.
    const first = await page.$$eval('#search-results > li', (items) => items.slice(0, 1).map((li) => li.className));
    expect(first).toEqual(['result result-loose']);
    expect(await page.isVisible('#search-note')).toBe(true);
    const named = words.map((w) => `“${w}”`).join('');
    expect(await page.textContent('#search-note')).toMatch(new RegExp(`^没有找到与“${fragment}”完全一致的内容，以下结果包含${named}(（靠后的只包含其中一部分）)?$`));
    const status = (await page.textContent('#search-status')) ?? '';
    expect(status).toMatch(/^找到 \d+ 条相近结果$/);
    expect(Number(/找到 (\d+) 条/.exec(status)?.[1])).toBeGreaterThanOrEqual(hits.length);
    expect(words.every((w) => pagesContaining(w).includes(hits[0]!))).toBe(true);
  });
});

describe('a query longer than the search takes', () => {
  // 养老 ×300: the test server refuses longer addresses (431), as many servers do; 600 characters are cut alike.
  it('养老 ×300 in the address is cut to 100 characters, the reader is told so, and both search boxes take at most 100', async () => {
    await search('养老'.repeat(300));
    expect(await page.inputValue('#search-q')).toBe('养老'.repeat(50));
    expect(await page.textContent('#search-status')).toMatch(/^搜索词较长，已按前 100 个字搜索。/);
    expect(await page.getAttribute('#search-q', 'maxlength')).toBe('100');
    // The header's search box is on every page but the search page.
    await page.goto(`${base}/`);
    expect(await page.getAttribute('#site-q', 'maxlength')).toBe('100');
  });
});

describe('the exact phrase first', () => {
  it.each(['营商环境', '简政放权', '社会保险'])('every page with “%s” as written comes before a page with its parts apart', async (phrase) => {
    const exact = new Set(pagesContaining(phrase));
    expect(exact.size).toBeGreaterThan(0);
    const hits = await search(phrase);
    const firstOther = hits.findIndex((h) => !exact.has(h));
    const shownExact = firstOther === -1 ? hits : hits.slice(0, firstOther);
    expect(shownExact.length).toBe(Math.min(exact.size, hits.length));
  });
});

describe('the console', () => {
  it('has no errors or warnings after all the searches above', () => {
    expect(problems).toEqual([]);
  });
});
