// palettePngParts (raster.ts): files of any parts of a palette PNG (the long image, the page's slices, the section
// downloads), quantised and compressed once, and when it declines; RGBA rasters encoded as RGB.
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encode, palettePngParts, quantise, rgbImage, rows, stack } from '../../../src/infographics/raster';

/** A 750×300 raster with bands, a gradient edge and text-like noise: a few hundred colours, as an infographic part. */
function testRaster(): { data: Buffer; width: number; height: number } {
  const width = 750;
  const height = 300;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const band = Math.floor(y / 50);
      data[i] = (band * 40 + (x % 7 === 0 ? x % 256 : 0)) % 256;
      data[i + 1] = (200 - band * 30 + Math.floor(x / 3)) % 256;
      data[i + 2] = (y * 3 + ((x * y) % 11)) % 256;
    }
  }
  return { data, width, height };
}

const raw = (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const idatOf = (png: Buffer) => Buffer.concat(chunksOf(png).filter((c) => c.type === 'IDAT').map((c) => c.data));

describe('palettePngParts', () => {
  it('makes palette PNGs of any parts of a quantised raster, with exactly their rows, in the order given', async () => {
    const png = await quantise(testRaster());
    const reference = await raw(png);
    const stride = reference.info.width * 3;
    const heights = [1, 119, 150, 29, 1];
    const tops = heights.map((_, i) => heights.slice(0, i).reduce((a, b) => a + b, 0));
    const cut = palettePngParts(png, heights)!;
    for (const parts of [[0, 1, 2, 3, 4], [0, 1], [2, 3, 4], [2, 4], [4], [3, 1]]) {
      const file = cut.file(parts);
      // Node's inflate checks the zlib stream's Adler-32; sharp (libspng) decodes the file as any viewer would.
      const idat = idatOf(file);
      expect(() => inflateSync(idat)).not.toThrow();
      const decoded = await raw(file);
      const expected = Buffer.concat(parts.map((p) => reference.data.subarray(tops[p]! * stride, (tops[p]! + heights[p]!) * stride)));
      expect([decoded.info.width, decoded.info.height]).toEqual([750, parts.reduce((h, p) => h + heights[p]!, 0)]);
      expect((await sharp(file).metadata()).isPalette).toBe(true);
      expect(decoded.data.equals(expected)).toBe(true);
    }
  });

  it('compresses as well as sharp: the whole image within 3% of the palette PNG sharp makes of the same raster', async () => {
    const whole = palettePngParts(await quantise(testRaster()), [120, 180])!.file([0, 1]);
    const sharpPng = await encode(testRaster(), 'release', 'page');
    expect((await raw(whole)).data.equals((await raw(sharpPng)).data)).toBe(true);
    expect(whole.length).toBeLessThan(sharpPng.length * 1.03);
  });

  it('declines a PNG without a palette, and one with filtered rows (the caller encodes those)', async () => {
    const lossless = await encode(testRaster(), 'preview');
    expect(palettePngParts(lossless, [10, 290])).toBeUndefined();
    // The same palette PNG with one row's filter type set to 1 (Sub): its bytes would decode differently.
    const png = await encode(testRaster(), 'release', 'page');
    const chunks = chunksOf(png);
    const image = inflateSync(idatOf(png));
    expect(image[751 * 5]).toBe(0);
    image[751 * 5] = 1;
    const filtered = Buffer.concat([
      png.subarray(0, 8),
      ...chunks.filter((c) => c.type !== 'IDAT' && c.type !== 'IEND').map((c) => chunk(c.type, c.data)),
      chunk('IDAT', deflateSync(image)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect((await raw(filtered)).info.height).toBe(300);
    expect(palettePngParts(filtered, [10, 290])).toBeUndefined();
  });

  it('throws on parts that do not add up to the image', async () => {
    const png = await quantise(testRaster());
    expect(() => palettePngParts(png, [250, 51])).toThrow(/300 px/);
    expect(() => palettePngParts(png, [300, 0])).toThrow(/300 px/);
  });
});

describe('RGBA rasters (what resvg gives)', () => {
  it('encode and rgbImage drop the alpha: the same file pixels as the RGB raster', async () => {
    const rgb = testRaster();
    const rgba = Buffer.alloc(rgb.width * rgb.height * 4, 255);
    for (let i = 0, j = 0; i < rgb.data.length; i += 3, j += 4) rgb.data.copy(rgba, j, i, i + 3);
    const raster = { data: rgba, width: rgb.width, height: rgb.height, channels: 4 as const };
    for (const [encoding, use] of [['release', 'page'], ['release', 'download'], ['preview', 'page']] as const) {
      expect((await raw(await encode(raster, encoding, use))).data.equals((await raw(await encode(rgb, encoding, use))).data)).toBe(true);
    }
    expect((await rgbImage(raster).raw().toBuffer()).equals(rgb.data)).toBe(true);
    // Stacking and cutting rows keep 4 bytes per pixel.
    const cut = rows(stack([raster, raster]), 250, 100);
    expect([cut.channels, cut.data.length]).toEqual([4, 750 * 100 * 4]);
    // Rows 250–299 of the first copy, then rows 0–49 of the second.
    const expected = Buffer.concat([rgb.data.subarray(250 * 750 * 3), rgb.data.subarray(0, 50 * 750 * 3)]);
    expect((await raw(await encode(cut, 'preview'))).data.equals(expected)).toBe(true);
  });
});

function chunksOf(png: Buffer): { type: string; data: Buffer }[] {
  const chunks: { type: string; data: Buffer }[] = [];
  for (let off = 8; off < png.length; off += 12 + png.readUInt32BE(off)) {
    chunks.push({ type: png.toString('latin1', off + 4, off + 8), data: png.subarray(off + 8, off + 8 + png.readUInt32BE(off)) });
  }
  return chunks;
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
