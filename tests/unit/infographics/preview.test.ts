// The dev server's preview encoding: the same pixels as the published images, in other files under another key.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../../src/infographics/fonts';
import { renderCached } from '../../../src/infographics/cache';
import { allBlocksModel, CONTEXT } from './fixtures';

const fonts = loadFonts();
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tujie-preview-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const input = { model: allBlocksModel(), context: CONTEXT, theme: 'zhengwu-red' as const, fonts };

/** Decoded RGB pixels of a file. */
async function pixels(file: string): Promise<Buffer> {
  return sharp(readFileSync(file)).removeAlpha().raw().toBuffer();
}

describe('preview encoding (npm run dev)', () => {
  it('gives the published pixels in PNG files under its own cache key', async () => {
    const release = await renderCached(input, { cacheDir });
    const preview = await renderCached(input, { cacheDir, encoding: 'preview' });
    expect(preview.cached).toBe(false);
    expect(preview.images.key).not.toBe(release.images.key);

    const pairs = release.images.long.flatMap((l, i) => [
      [l.x1, preview.images.long[i]!.x1],
      [l.x2, preview.images.long[i]!.x2],
    ]);
    expect(pairs.length).toBeGreaterThan(0);
    for (const [published, previewed] of pairs) {
      expect(published!.file).toMatch(/\.webp$/);
      expect(previewed!.file).toBe(published!.file.replace(/\.webp$/, '.png'));
      expect(previewed!.format).toBe('png');
      expect([previewed!.width, previewed!.height]).toEqual([published!.width, published!.height]);
      const [a, b] = await Promise.all([pixels(path.join(release.dir, published!.file)), pixels(path.join(preview.dir, previewed!.file))]);
      expect(a.equals(b)).toBe(true);
    }
    expect(preview.images.sections.map((s) => s.image.file)).toEqual(release.images.sections.map((s) => s.image.file));
  });

  it('is found again in the cache, and the published render is not replaced by it', async () => {
    const again = await renderCached(input, { cacheDir, encoding: 'preview' });
    expect(again.cached).toBe(true);
    const release = await renderCached(input, { cacheDir });
    expect(release.cached).toBe(true);
    expect(release.images.long[0]!.x1.file).toMatch(/\.webp$/);
  });
});
