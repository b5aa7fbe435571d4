// The dev server's preview encoding: the published files, lossless (the published ones are palette PNGs), under another key.
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
  it('gives the published files, lossless, in PNG level 1 under its own cache key', async () => {
    const release = await renderCached(input, { cacheDir });
    const preview = await renderCached(input, { cacheDir, encoding: 'preview' });
    expect(preview.cached).toBe(false);
    expect(preview.images.key).not.toBe(release.images.key);

    const pairs = release.images.long.flatMap((l, i) => [
      [l.image, preview.images.long[i]!.image],
      ...l.slices.map((s, k) => [s, preview.images.long[i]!.slices[k]!]),
    ]);
    expect(pairs.length).toBeGreaterThan(0);
    for (const [published, previewed] of pairs) {
      expect(previewed!.file).toBe(published!.file);
      expect([previewed!.width, previewed!.height]).toEqual([published!.width, published!.height]);
      // Lossless: more distinct colours than the published palette of at most 256 can hold.
      const colours = new Set<number>();
      const data = await pixels(path.join(preview.dir, previewed!.file));
      for (let i = 0; i < data.length; i += 3) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      expect(colours.size).toBeGreaterThan(256);
      expect((await sharp(readFileSync(path.join(release.dir, published!.file))).metadata()).isPalette).toBe(true);
    }
    expect(preview.images.sections.map((s) => s.image.file)).toEqual(release.images.sections.map((s) => s.image.file));
  });

  it('is found again in the cache, and the published render is not replaced by it', async () => {
    const again = await renderCached(input, { cacheDir, encoding: 'preview' });
    expect(again.cached).toBe(true);
    const release = await renderCached(input, { cacheDir });
    expect(release.cached).toBe(true);
    expect(release.dir).not.toBe(again.dir);
  });
});
