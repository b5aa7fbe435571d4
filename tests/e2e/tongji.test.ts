// The statistics page (/tongji/, src/pages/tongji/index.astro) in a phone browser: every percentage (66.7%) and
// every count (2/3) stays on one line, at 375 px and in elder mode. axe runs over every page in
// reading-site.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Server } from 'node:http';
import { serveDirectory } from '../support/static-server';
import { launchBrowser, PHONE } from './browser';
import { DIST } from './site-helpers';

describe('the statistics page in a phone browser', () => {
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

  for (const elder of [false, true]) {
    it(`no percentage or count breaks across lines (${elder ? 'elder' : 'normal'} mode)`, async () => {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${base}/tongji/`);
      if (elder) await page.getByLabel('长辈模式').check();
      // Open every year, so the closed ones are laid out too.
      await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => d.setAttribute('open', '')));
      const found = await page.evaluate(() => {
        const out: { text: string; lines: number; whiteSpace: string }[] = [];
        const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const m of node.textContent!.matchAll(/\d+(?:\.\d+)?%|\d+\/\d+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index!);
            range.setEnd(node, m.index! + m[0].length);
            // One rectangle per line box the text sits on.
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            out.push({ text: m[0], lines: tops.size, whiteSpace: getComputedStyle(node.parentElement!).whiteSpace });
          }
        }
        return out;
      });
      await context.close();
      expect(found.filter((f) => f.text.endsWith('%')).length).toBeGreaterThan(0);
      expect(found.filter((f) => f.lines !== 1)).toEqual([]);
      // The rule itself, so a narrower screen or a longer number holds too.
      expect(found.filter((f) => !/nowrap/.test(f.whiteSpace))).toEqual([]);
    });
  }
});
