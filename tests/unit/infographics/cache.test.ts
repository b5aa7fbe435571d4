import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../../src/infographics/fonts';
import { parseInfographic } from '../../../src/infographics/parse';
import { cacheKey, renderCached, rendererVersions } from '../../../src/infographics/cache';
import { CONTEXT, source } from './fixtures';

const fonts = loadFonts();
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tujie-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const modelOf = (body: string) => parseInfographic(source(body), 'content/infographics/cache.mdx').model;
const input = (body: string) => ({ model: modelOf(body), context: CONTEXT, theme: 'zhengwu-red' as const, fonts });

describe('image cache', () => {
  it('keys renders by the versions of every library that draws pixels: satori, the SVG rasteriser (resvg) and the encoder (libvips)', () => {
    const versions = rendererVersions();
    const installed = (pkg: string) => (createRequire(import.meta.url)(`${pkg}/package.json`) as { version: string }).version;
    expect(versions).toMatchObject({ satori: installed('satori'), resvg: installed('@resvg/resvg-js') });
    expect(versions.vips).toMatch(/^\d+\.\d+/);
  });

  it('an unchanged infographic is not rendered again', async () => {
    const first = await renderCached(input('## 目标\n\n<Figure value="3" unit="个工作日" label="公开" />'), { cacheDir });
    expect(first.cached).toBe(false);
    expect(first.images.renderMs).toBeGreaterThan(0);
    const started = performance.now();
    const second = await renderCached(input('## 目标\n\n<Figure value="3" unit="个工作日" label="公开" />'), { cacheDir });
    expect(second.cached).toBe(true);
    expect(second.images.renderMs).toBe(0);
    expect(second.images.key).toBe(first.images.key);
    // A hit reads one manifest: far under the time of any render.
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('a changed source, theme or context gets a new key', () => {
    const base = cacheKey({ ...input('## 目标\n\n文字。'), fontHash: fonts.hash, code: 'c' });
    expect(cacheKey({ ...input('## 目标\n\n文字！'), fontHash: fonts.hash, code: 'c' })).not.toBe(base);
    expect(cacheKey({ ...input('## 目标\n\n文字。'), theme: 'qingshan-blue', fontHash: fonts.hash, code: 'c' })).not.toBe(base);
    expect(cacheKey({ ...input('## 目标\n\n文字。'), context: { ...CONTEXT, siteName: '另一站' }, fontHash: fonts.hash, code: 'c' })).not.toBe(base);
    expect(cacheKey({ ...input('## 目标\n\n文字。'), fontHash: 'other-font', code: 'c' })).not.toBe(base);
    expect(cacheKey({ ...input('## 目标\n\n文字。'), fontHash: fonts.hash, code: 'changed-template' })).not.toBe(base);
  });

  it('moving text to another line of the source changes no pixel, so it keeps the key', () => {
    const a = cacheKey({ ...input('## 目标\n\n文字。'), fontHash: fonts.hash, code: 'c' });
    const b = cacheKey({ ...input('\n\n\n## 目标\n\n\n文字。'), fontHash: fonts.hash, code: 'c' });
    expect(b).toBe(a);
  });

  it('the cache holds only complete renders: no temporary folder is left behind', () => {
    expect(readdirSync(cacheDir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
