// The search index of the built site: which pages are in it, what it stores for them, and that the indexed text
// keeps words apart (Astro removes whitespace between inline elements; Pagefind joins inline elements into words).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Element, ElementContent, Root } from 'hast';
import { readResultPages } from '../../src/search/fragments';
import { DIST as BUILT_SITE, htmlFiles, sitemapPaths } from './site-helpers';

// JIEDU_DIST points the tests at another build of the site (with JIEDU_SKIP_BUILD=1) while iterating.
const DIST = process.env.JIEDU_DIST ?? BUILT_SITE;
const INDEX = join(DIST, 'pagefind');
const pages = readResultPages(INDEX);
const byUrl = new Map(pages.map((p) => [p.url, p]));

/** Inline elements: Pagefind does not put a word break between two of them. */
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'code', 'em', 'i', 'kbd', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u']);

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** Places in the indexed parts of a page where two inline elements with text touch: their words would be glued. */
function gluedPairs(html: string): string[] {
  const tree = unified().use(rehypeParse).parse(html) as Root;
  const found: string[] = [];
  const walk = (node: Root | Element, indexed: boolean) => {
    const children = node.children.filter((c): c is ElementContent => c.type !== 'doctype' && c.type !== 'comment');
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type !== 'element') continue;
      if ('dataPagefindIgnore' in child.properties) continue;
      const inside = indexed || 'dataPagefindBody' in child.properties;
      const next = children[i + 1];
      if (inside && next?.type === 'element' && INLINE.has(child.tagName) && INLINE.has(next.tagName) && textOf(child).trim() && textOf(next).trim()) {
        found.push(`${textOf(child)}|${textOf(next)}`);
      }
      walk(child, inside);
    }
  };
  walk(tree, false);
  return found;
}

const sitemap = sitemapPaths(DIST);
const entryPaths = sitemap.filter((p) => /^\/(wenjian|jiedu|tujie)\/[^/]+\/$/.test(p) && !/^\/(wenjian|jiedu|tujie)\/\d+\/$/.test(p));

describe('the search index', () => {
  it('holds every document, interpretation and infographic page once, and nothing else', () => {
    expect(entryPaths.length).toBeGreaterThan(100);
    expect(pages.map((p) => p.url).sort()).toEqual([...entryPaths].sort());
  });

  it('gives every page a title, type and date to show', () => {
    const missing = pages.filter((p) => !p.meta.title || !p.meta.type || !p.meta.date).map((p) => p.url);
    expect(missing).toEqual([]);
  });

  it('shows each document’s 文号 with standard brackets, and the 文号 of the document an interpretation explains', () => {
    expect(byUrl.get('/wenjian/guofa-2019-5/')?.meta).toMatchObject({ type: '原文件', wenhao: '国发〔2019〕5号', issuer: '国务院', date: '2019-02-15' });
    expect(byUrl.get('/jiedu/guofa-2019-5-shili-wenzi/')?.meta).toMatchObject({ type: '解读', form: '文字解读', of: '国发〔2019〕5号' });
    expect(byUrl.get('/tujie/guofa-2019-5-shili-tujie/')?.meta).toMatchObject({ type: '图解', of: '国发〔2019〕5号' });
  });

  it('keeps the text blocks to the page’s own text: excerpts never show the hidden title and 文号 fields', () => {
    const text = byUrl.get('/jiedu/guofa-2019-5-shili-wenzi/')!.words.join('');
    expect(text.startsWith('一、为什么出台这份意见')).toBe(true);
  });

  it('ships only what the search page uses: no Pagefind UI files and no whole-page fragments', () => {
    const files = readdirSync(INDEX);
    expect(files).toContain('pagefind.js');
    expect(files.some((f) => f.startsWith('wasm.'))).toBe(true);
    expect(files.filter((f) => /^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(f))).toEqual([]);
    expect(existsSync(join(INDEX, 'fragment'))).toBe(false);
  });

  it('keeps words apart in the indexed parts of every page: no two inline elements with text touch', () => {
    const indexed = htmlFiles(DIST).filter((f) => /^(wenjian|jiedu|tujie)\/[^/]+\/index\.html$/.test(f));
    const glued = indexed.flatMap((f) => gluedPairs(readFileSync(join(DIST, f), 'utf8')).map((g) => `${f}: ${g}`));
    expect(glued).toEqual([]);
  });

  it('finds glued inline elements when there are some (the check above works)', () => {
    expect(gluedPairs('<div data-pagefind-body><p><span>国发〔2019〕5号</span><span>国务院</span></p></div>')).toEqual(['国发〔2019〕5号|国务院']);
    expect(gluedPairs('<div data-pagefind-body><p><span>国发〔2019〕5号</span> <span>国务院</span></p></div>')).toEqual([]);
    expect(gluedPairs('<div data-pagefind-body><div data-pagefind-ignore><span>a</span><span>b</span></div></div>')).toEqual([]);
  });
});
