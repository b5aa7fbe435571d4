import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS, REGISTRY, entryOfUrl, entryUrl, filePattern, fileToUrlPath, findRouteCollision, listUrl } from '../../../src/content/registry';

const PAGES = join(import.meta.dirname, '..', '..', '..', 'src', 'pages');
const CONTENT = join(import.meta.dirname, '..', '..', '..', 'content');

describe('the registry and the page files cannot drift apart', () => {
  it('every registry URL prefix has its page folder with an [id] page, and every [id] folder is in the registry', () => {
    const folders = readdirSync(PAGES, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(PAGES, d.name, '[id].astro')));
    const prefixes = COLLECTIONS.map((c) => REGISTRY[c].urlPrefix);
    expect(folders.map((d) => d.name).sort()).toEqual([...prefixes].sort());
  });

  it('a folder has list pages exactly when its collection has a list, and no page the registry does not know (a new page there must be added to pages)', () => {
    for (const c of COLLECTIONS) {
      const facts = REGISTRY[c];
      const others = readdirSync(join(PAGES, facts.urlPrefix)).filter((name) => name !== '[id].astro');
      const expected = [...(facts.list ? ['[...page].astro'] : []), ...facts.pages.map((p) => `${p}.astro`)];
      expect(others.sort(), `src/pages/${facts.urlPrefix}/`).toEqual(expected.sort());
    }
  });

  it('every collection folder of the sample content is in the registry', () => {
    const dirs = readdirSync(CONTENT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(dirs.sort()).toEqual(COLLECTIONS.map((c) => REGISTRY[c].dir).sort());
  });
});

describe('URLs come from one place', () => {
  it('an entry is /<prefix>/<id>/ and its list pages /<prefix>/ and /<prefix>/<n>/', () => {
    expect(entryUrl('documents', 'guofa-2019-5')).toBe('/wenjian/guofa-2019-5/');
    expect(entryUrl('interpretations', 'x')).toBe('/jiedu/x/');
    expect(entryUrl('infographics', 'x')).toBe('/tujie/x/');
    expect(listUrl('documents')).toBe('/wenjian/');
    expect(listUrl('infographics', 1)).toBe('/tujie/');
    expect(listUrl('interpretations', 3)).toBe('/jiedu/3/');
  });

  it('an entry page URL is read back to its collection and id; list pages are not entries', () => {
    expect(entryOfUrl('/wenjian/guofa-2019-5/')).toEqual({ collection: 'documents', id: 'guofa-2019-5' });
    expect(entryOfUrl('/tujie/a-b/index.html')).toEqual({ collection: 'infographics', id: 'a-b' });
    expect(entryOfUrl('/jiedu/2/')).toBeUndefined();
    expect(entryOfUrl('/jiedu/')).toBeUndefined();
    expect(entryOfUrl('/zhuti/x/')).toBeUndefined();
  });

  it('the file pattern of a collection lists its extensions', () => {
    expect(filePattern('documents')).toBe('*.md');
    expect(filePattern('organizations')).toBe('*.{yaml,yml}');
  });

  it('a built file answers the URL of its folder', () => {
    expect(fileToUrlPath('wenjian/x/index.html')).toBe('/wenjian/x/');
    expect(fileToUrlPath('index.html')).toBe('/');
    expect(fileToUrlPath('rss.xml')).toBe('/rss.xml');
  });
});

describe('entry ids never take the URL of another page', () => {
  it('digit-only ids collide with list pages; organisations have no list pages', () => {
    expect(findRouteCollision('documents', '2')).toEqual({ url: '/wenjian/2/', page: '原文件列表的第 2 页', suggestion: 'wenjian-2' });
    expect(findRouteCollision('documents', '0')?.url).toBe('/wenjian/0/');
    expect(findRouteCollision('documents', 'guofa-2019-5')).toBeUndefined();
    expect(findRouteCollision('organizations', '2')).toBeUndefined();
  });
});
