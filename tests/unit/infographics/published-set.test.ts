// What an infographic publishes (render.ts, raster.ts): one width; the long image and the page's slices as palette
// PNG whose pixels stay within a bound of a lossless render of the same input; slices that stack up to the long
// image; section downloads that are the long image's rows above the strip; and a size budget.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../../src/infographics/fonts';
import { parseInfographic } from '../../../src/infographics/parse';
import { type OutFile, FIRST_SCREEN_HEIGHT, IMAGE_WIDTH, renderImages } from '../../../src/infographics/render';
import { readContentForImages } from '../../../src/infographics/sources';
import { CONTEXT, allBlocksModel } from './fixtures';

const fonts = loadFonts();
const input = { model: allBlocksModel(), context: CONTEXT, theme: 'zhengwu-red' as const, fonts };
// The lossless reference is the dev server's preview encoding: the same raster as PNG level 1.
const published = renderImages(input);
const reference = renderImages(input, { encoding: 'preview' });

/** Decoded RGB pixels of an encoded file. */
async function pixels(data: Buffer): Promise<Buffer> {
  return sharp(data).removeAlpha().raw().toBuffer();
}

/** How far two equal-sized RGB rasters are apart: largest and mean channel error, share of channels off by more than 24. */
function difference(a: Buffer, b: Buffer): { max: number; mean: number; over24: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let sum = 0;
  let over = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    sum += d;
    if (d > max) max = d;
    if (d > 24) over++;
  }
  return { max, mean: sum / a.length, over24: over / a.length };
}

/**
 * The bound that keeps text crisp. Measured on the three samples: the palette gives a mean error of 0.30–0.34 and
 * no channel off by more than 24, at most 46 on single edge pixels; lossy WebP at quality 90 gives a mean of about
 * 0.9 with 0.13–0.20% of channels off by more than 24 (the blur around glyphs), and fails this bound.
 */
function expectCrisp(d: { max: number; mean: number; over24: number }): void {
  expect(d.mean).toBeLessThanOrEqual(0.5);
  expect(d.max).toBeLessThanOrEqual(64);
  expect(d.over24).toBeLessThanOrEqual(0.0001);
}

const byName = (files: OutFile[], name: string) => files.find((f) => f.image.file === name)!;

/** Rows (px) at the bottom of two equal-width images that are the same: the strip under every section download. */
function commonBottomRows(a: Buffer, b: Buffer, stride: number): number {
  let rows = 0;
  const row = (x: Buffer, n: number) => x.subarray(x.length - (n + 1) * stride, x.length - n * stride);
  while ((rows + 1) * stride <= Math.min(a.length, b.length) && row(a, rows).equals(row(b, rows))) rows++;
  return rows;
}

describe('the published images of an infographic', () => {
  it('are PNG files 750 px wide, the same files as the lossless reference render', async () => {
    const { files } = await published;
    const ref = await reference;
    expect(files.map((f) => f.image.file).sort()).toEqual(ref.files.map((f) => f.image.file).sort());
    for (const f of files) {
      const meta = await sharp(f.data).metadata();
      expect([f.image.file, meta.format, meta.width, meta.height]).toEqual([f.image.file, 'png', IMAGE_WIDTH, f.image.height]);
      expect(f.image.bytes).toBe(f.data.length);
    }
  });

  it('keep text crisp: every file is within the bound of the lossless render of the same input', async () => {
    const { files } = await published;
    const ref = await reference;
    for (const f of files) {
      const [a, b] = await Promise.all([pixels(f.data), pixels(byName(ref.files, f.image.file).data)]);
      const d = difference(a, b);
      expect({ file: f.image.file, ...d, crisp: d.mean <= 0.5 && d.max <= 64 && d.over24 <= 0.0001 }).toMatchObject({ crisp: true });
      expectCrisp(d);
    }
    expect(files.filter((f) => /-section-\d+\.png$/.test(f.image.file))).toHaveLength(3);
  });

  it('the bound tells blur from the palette: lossy WebP at quality 90 of the same pixels fails it', async () => {
    const ref = await reference;
    const long = byName(ref.files, ref.long[0]!.image.file).data;
    const lossy = await sharp(long).removeAlpha().webp({ quality: 90 }).toBuffer();
    const d = difference(await pixels(lossy), await pixels(long));
    expect(() => expectCrisp(d)).toThrow();
  });

  it('the page shows the first screen as its own slice, and the slices stacked are the long image', async () => {
    const ref = await reference;
    const [first] = ref.long;
    expect(first!.image.height).toBeGreaterThan(FIRST_SCREEN_HEIGHT);
    expect(first!.slices.map((s) => s.file)).toEqual(['all-blocks-top.png', 'all-blocks-rest.png']);
    const [top, rest] = first!.slices;
    expect(top!.height).toBeGreaterThanOrEqual(FIRST_SCREEN_HEIGHT);
    expect(top!.height + rest!.height).toBe(first!.image.height);
    // The reference is lossless, so the rows must be identical.
    const stacked = Buffer.concat(await Promise.all([top!, rest!].map((s) => pixels(byName(ref.files, s.file).data))));
    expect(stacked.equals(await pixels(byName(ref.files, first!.image.file).data))).toBe(true);
  });

  it('the published slices are the long image\'s own rows: the same pixels, not a second quantisation', async () => {
    const { files, long } = await published;
    const [first] = long;
    const [top, rest] = first!.slices;
    expect([top!.file, rest!.file]).toEqual(['all-blocks-top.png', 'all-blocks-rest.png']);
    const stacked = Buffer.concat(await Promise.all([top!, rest!].map((s) => pixels(byName(files, s.file).data))));
    expect(stacked.equals(await pixels(byName(files, first!.image.file).data))).toBe(true);
    for (const s of [top!, rest!]) expect(await sharp(byName(files, s.file).data).metadata()).toMatchObject({ format: 'png', isPalette: true, height: s.height });
  });

  it('a section download is the long image\'s rows of that section, with the same palette, above the strip', async () => {
    const { files, long, sections } = await published;
    const ref = await reference;
    const longPixels = await pixels(byName(files, long[0]!.image.file).data);
    const stride = IMAGE_WIDTH * 3;
    expect(sections.length).toBeGreaterThanOrEqual(2);
    // The strip's height: the rows two lossless section downloads end with alike (at least the strip itself).
    const [a, b] = await Promise.all(sections.slice(0, 2).map(async (s) => pixels(byName(ref.files, s.image.file).data)));
    const strip = commonBottomRows(a!, b!, stride);
    expect(strip).toBeGreaterThan(0);
    for (const s of sections) {
      const file = byName(files, s.image.file);
      expect(await sharp(file.data).metadata()).toMatchObject({ format: 'png', isPalette: true });
      const section = await pixels(file.data);
      expect(s.image.height).toBeGreaterThan(strip);
      const sectionRows = section.subarray(0, (s.image.height - strip) * stride);
      expect(longPixels.includes(sectionRows)).toBe(true);
    }
  });

  it('a sample long image stays within 250 KB per 5,000 px of height', async () => {
    const content = readContentForImages(process.cwd());
    const sample = content.infographics.find((i) => i.id === 'guofa-2019-5-shili-tujie')!;
    const { model } = parseInfographic(sample.source, sample.file);
    const { long } = await renderImages({ model, context: sample.context, theme: content.site.theme, fonts });
    for (const piece of long) {
      expect(piece.image.width).toBe(IMAGE_WIDTH);
      expect(piece.image.bytes / 1024).toBeLessThanOrEqual((250 * piece.image.height) / 5000);
    }
  });
});
