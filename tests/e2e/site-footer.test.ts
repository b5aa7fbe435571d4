// The government footer on the built sample site (src/components/SiteFooter.astro): every page shows what a
// government website must, linked where it should, from content/site.yaml; in a phone browser the 标识 image
// loads from the site itself and every footer link is a 44 px (60 px in elder mode) target. axe and "nothing
// from another origin" run over every page in reading-site.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Server } from 'node:http';
import { parse } from 'yaml';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import type { Element, Root } from 'hast';
import { SiteSchema } from '../../src/schemas/site';
import { serveDirectory } from '../support/static-server';
import { launchBrowser, PHONE } from './browser';
import { DIST, htmlFiles } from './site-helpers';

/** Elements of a tree with this tag name (and class, when given). */
function elements(tree: Root | Element, tagName: string, className?: string): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === tagName && (!className || (node.properties.className as string[] | undefined)?.includes(className))) found.push(node);
  });
  return found;
}

const site = SiteSchema.parse(parse(readFileSync('content/site.yaml', 'utf8')));
const pages = htmlFiles().filter((f) => !f.startsWith('pagefind/'));

describe('the footer of every built page', () => {
  it('shows 主办单位, contact, 网站标识码, both filing numbers, the 标识 and 我为政府网站找错, linked to where they belong', () => {
    const wrong: string[] = [];
    for (const file of pages) {
      const html = readFileSync(join(DIST, file), 'utf8');
      const footers = elements(fromHtml(html), 'footer', 'site');
      if (footers.length !== 1) {
        // Astro's redirect pages have no layout.
        if (!/http-equiv="refresh"/.test(html)) wrong.push(`${file}: ${footers.length} footers`);
        continue;
      }
      const footer = footers[0]!;
      const text = toText(footer).replace(/\s+/g, ' ');
      const links = new Map(elements(footer, 'a').map((a) => [toText(a).trim() || String(elements(a, 'img')[0]?.properties.alt ?? ''), String(a.properties.href)]));
      const expected: [string, string | undefined][] = [
        [`主办单位：${site.contact.organiser}`, undefined],
        [`网站标识码：${site.siteIdCode}`, undefined],
        [site.contact.phone!, `tel:${site.contact.phone}`],
        [site.contact.email!, `mailto:${site.contact.email}`],
        [site.filing.icp!, 'https://beian.miit.gov.cn/'],
        [site.filing.police!, `https://beian.mps.gov.cn/#/query/webSearch?code=${site.filing.police!.replace(/\D/g, '')}`],
        [site.filing.conac!.alt, site.filing.conac!.url],
      ];
      for (const [shown, href] of expected) {
        if (href === undefined ? !text.includes(shown) : links.get(shown) !== href) wrong.push(`${file}: ${shown} → ${links.get(shown)}`);
      }
      const report = links.get('我为政府网站找错') ?? '';
      if (!report.startsWith(`https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?siteCode=${site.siteIdCode}&url=`)) wrong.push(`${file}: 找错 ${report}`);
    }
    expect(pages.length).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});

describe('the footer in a phone browser', () => {
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
    it(`the 标识 image loads from the site and every footer link is at least ${elder ? 60 : 44} px both ways (${elder ? 'elder' : 'normal'} mode, no JavaScript needed)`, async () => {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${base}/jiedu/`);
      // Without JavaScript the elder-mode switch is the plain checkbox a reader ticks.
      if (elder) await page.getByLabel('长辈模式').check();
      const result = await page.evaluate(() => {
        const img = document.querySelector<HTMLImageElement>('footer.site .conac img')!;
        return {
          image: { src: new URL(img.currentSrc).origin === location.origin, loaded: img.complete && img.naturalWidth > 0, alt: img.alt },
          links: [...document.querySelectorAll('footer.site a')].map((a) => {
            const r = a.getBoundingClientRect();
            return { text: a.textContent!.trim() || 'img', w: r.width, h: r.height };
          }),
        };
      });
      await context.close();
      expect(result.image).toEqual({ src: true, loaded: true, alt: '党政机关网站标识（示例）' });
      const min = elder ? 60 : 44;
      expect(result.links.length).toBeGreaterThanOrEqual(11);
      expect(result.links.filter((l) => l.w < min || l.h < min)).toEqual([]);
    });
  }
});
