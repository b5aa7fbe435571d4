// The public reading site in a real browser at a phone viewport: accessibility, layout, privacy, elder mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import type { Server } from 'node:http';
import { serveDirectory } from '../support/static-server';
import { launchBrowser, PHONE } from './browser';
import { DIST, sitemapPaths } from './site-helpers';

let browser: Browser;
let server: Server;
let base: string;

beforeAll(async () => {
  ({ server, url: base } = await serveDirectory(DIST));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Turns elder mode on for a new context the way a returning reader has it: remembered in localStorage. */
async function newPhoneContext(elder: boolean, width = PHONE.width) {
  const context = await browser.newContext({ viewport: { width, height: PHONE.height } });
  if (elder) await context.addInitScript(() => localStorage.setItem('jd-elder', '1'));
  return context;
}

const PATHS = sitemapPaths();

// axe's work runs in the page's renderer process, one per page: two pages at once keep both cores busy
// (vitest's maxConcurrency for the e2e project is 2).
for (const elder of [false, true]) {
  describe.concurrent(`axe (WCAG 2.1 AA) in ${elder ? 'elder' : 'normal'} mode`, () => {
    let context: BrowserContext;
    const idle: Page[] = [];
    beforeAll(async () => {
      context = await newPhoneContext(elder);
    });
    afterAll(async () => {
      await context?.close();
    });
    it.for(PATHS)('%s has no violation', async (path, { expect }) => {
      const page = idle.pop() ?? (await context.newPage());
      try {
        await page.goto(base + path);
        // Legacy mode runs axe in the page itself instead of finishing in a fresh blank page: half the time
        // (0.8 s instead of 1.6 s a page, measured here), and the site has no frames it would miss.
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true).analyze();
        expect(result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(' ')} ${v.nodes[0]?.failureSummary ?? ''}`)).toEqual([]);
      } finally {
        idle.push(page);
      }
    });
  });
}

describe('every page in the sitemap', () => {
  it('never scrolls sideways at 320 px, in either mode, and requests nothing from another origin', async () => {
    const overflow: string[] = [];
    const foreign = new Set<string>();
    for (const elder of [false, true]) {
      const context = await newPhoneContext(elder, 320);
      const page = await context.newPage();
      page.on('request', (r) => {
        const origin = new URL(r.url()).origin;
        if (origin !== base && !r.url().startsWith('data:')) foreign.add(r.url());
      });
      for (const path of PATHS) {
        await page.goto(base + path);
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        if (scroll > client) overflow.push(`${path}${elder ? ' (elder)' : ''}: ${scroll} > ${client}`);
      }
      await context.close();
    }
    expect(overflow).toEqual([]);
    expect([...foreign]).toEqual([]);
  });
});

describe('elder mode', () => {
  it('the switch enlarges text and targets and is remembered on the next page', async () => {
    const context = await newPhoneContext(false);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li')!).fontSize));
    await page.getByLabel('长辈模式').check();
    await page.goto(`${base}/jiedu/`);
    expect(await page.getByLabel('长辈模式').isChecked()).toBe(true);
    const after = await page.evaluate(() => {
      const p = document.querySelector('main p, main li')!;
      const style = getComputedStyle(p);
      const link = document.querySelector('nav.main a')!.getBoundingClientRect();
      return { size: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight) / parseFloat(style.fontSize), w: link.width, h: link.height };
    });
    await context.close();
    expect(before).toBeLessThan(after.size);
    // 18 pt = 24 CSS px.
    expect(after.size).toBeGreaterThanOrEqual(24);
    expect(after.lineHeight).toBeGreaterThanOrEqual(1.5);
    expect(after.w).toBeGreaterThanOrEqual(60);
    expect(after.h).toBeGreaterThanOrEqual(60);
  });

  it('works without JavaScript: the switch is a plain checkbox styled by CSS', async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/jiedu/`);
    await page.getByLabel('长辈模式').check();
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li')!).fontSize));
    await context.close();
    expect(size).toBeGreaterThanOrEqual(24);
  });
});
