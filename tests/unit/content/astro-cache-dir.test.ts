// Astro's cache folder follows the code: a change of a Markdown plugin must not publish bodies the old code rendered.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { astroCacheDir, cacheDigestInputs } from '../../../src/content/astro-cache-dir';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-astro-cache-'));
  roots.push(root);
  for (const [file, text] of Object.entries({
    'src/markdown/sanitize-schema.ts': 'export const allowed = ["p"];\n',
    'src/pages/index.astro': '<p>首页</p>\n',
    'astro.config.mjs': 'export default {};\n',
    'package-lock.json': '{}\n',
    'content/documents/a.md': '---\ntitle: 甲\n---\n正文\n',
  })) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('astroCacheDir', () => {
  it('is one folder under .cache/astro/ that stays while only content changes', () => {
    const root = project();
    const dir = astroCacheDir(root);
    expect(dirname(dir)).toBe(join(root, '.cache', 'astro'));
    expect(basename(dir)).toMatch(/^[0-9a-f]{16}$/);
    writeFileSync(join(root, 'content/documents/a.md'), '---\ntitle: 甲\n---\n改过的正文\n');
    expect(astroCacheDir(root)).toBe(dir);
    expect(cacheDigestInputs(root)).toEqual(['astro.config.mjs', 'package-lock.json', 'src/markdown/sanitize-schema.ts', 'src/pages/index.astro']);
  });

  it('changes with a Markdown plugin, the config or the lock file, and removes the folder of the old code', () => {
    const root = project();
    const seen = new Set<string>();
    let dir = astroCacheDir(root);
    seen.add(dir);
    for (const [file, text] of [
      ['src/markdown/sanitize-schema.ts', 'export const allowed = ["p", "b"];\n'],
      ['src/markdown/new-plugin.ts', 'export {};\n'],
      ['astro.config.mjs', 'export default { x: 1 };\n'],
      ['package-lock.json', '{"v":2}\n'],
    ] as const) {
      mkdirSync(join(dir, 'content'), { recursive: true });
      writeFileSync(join(dir, 'content', 'data-store.json'), '{}');
      writeFileSync(join(root, file), text);
      const next = astroCacheDir(root);
      expect(seen.has(next), file).toBe(false);
      expect(existsSync(dir), `${file}: the old code's cache is removed`).toBe(false);
      seen.add(next);
      dir = next;
    }
  });
});
