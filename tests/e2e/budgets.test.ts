// Byte budgets of the built pages (issue: the public reading site). Figures: npm run bench:pages.
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_PAGE_JS_BUDGET, FIRST_RENDER_BUDGET, firstRenderPart, gzipSize, pageScripts } from '../support/page-weight';
import { DIST, htmlFiles } from './site-helpers';

const pages = htmlFiles().filter((f) => !f.startsWith('search/') && !f.startsWith('pagefind/'));

describe('page weight', () => {
  it('the first render of every page fits one TCP initial window (14 KB compressed)', () => {
    const over = pages
      .map((f) => ({ f, bytes: gzipSize(firstRenderPart(readFileSync(join(DIST, f), 'utf8'))) }))
      .filter(({ bytes }) => bytes > FIRST_RENDER_BUDGET)
      .map(({ f, bytes }) => `${f}: ${bytes} B`);
    expect(pages.length).toBeGreaterThan(100);
    expect(over).toEqual([]);
  });

  it('content pages inline no script and load one script file of at most 1 KB (the elder-mode switch)', () => {
    const scripts = pages.map((f) => ({ f, ...pageScripts(readFileSync(join(DIST, f), 'utf8')) }));
    const bad = scripts
      .filter(({ external, inlineBytes }) => external.length !== 1 || !/^\/_astro\/elder-mode\.[\w-]+\.js$/.test(external[0]!) || inlineBytes > 0)
      .map(({ f, external, inlineBytes }) => `${f}: ${external.join(',')} ${inlineBytes} B inline`);
    expect(bad).toEqual([]);
    const file = scripts[0]!.external[0]!;
    expect(statSync(join(DIST, file)).size).toBeLessThanOrEqual(CONTENT_PAGE_JS_BUDGET);
  });

  it('no page links a web font or a stylesheet from another origin', () => {
    const bad = pages.filter((f) => /@font-face|\.woff2?|<link[^>]+href="https?:\/\/(?!zcjd\.example\.gov\.cn)[^"]+"[^>]*rel="stylesheet"/.test(readFileSync(join(DIST, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});
