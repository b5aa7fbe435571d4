import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENTRY_ROUTES, findRouteCollision } from '../../src/lib/routes';

const PAGES = join(import.meta.dirname, '..', '..', 'src', 'pages');

describe('entry ids never take the URL of another page', () => {
  it('every page beside an [id] route is known to the check (a new page there must be added to ENTRY_ROUTES)', () => {
    const folders = readdirSync(PAGES, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(PAGES, d.name, '[id].astro')));
    const known = Object.values(ENTRY_ROUTES).map((r) => r.folder);
    expect(folders.map((d) => d.name).sort()).toEqual([...known].sort());
    for (const route of Object.values(ENTRY_ROUTES)) {
      const others = readdirSync(join(PAGES, route.folder)).filter((name) => name !== '[id].astro');
      const expected = [...(route.paginated ? ['[...page].astro'] : []), ...route.pages.map((p) => `${p}.astro`)];
      expect(others.sort(), `src/pages/${route.folder}/`).toEqual(expected.sort());
    }
  });

  it('digit-only ids collide with list pages; organisations have no list pages', () => {
    expect(findRouteCollision('documents', '2')).toEqual({ url: '/wenjian/2/', page: '原文件列表的第 2 页', suggestion: 'wenjian-2' });
    expect(findRouteCollision('documents', '0')?.url).toBe('/wenjian/0/');
    expect(findRouteCollision('documents', 'guofa-2019-5')).toBeUndefined();
    expect(findRouteCollision('organizations', '2')).toBeUndefined();
  });
});
