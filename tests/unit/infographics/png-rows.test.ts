// palettePngRows (raster.ts): rows of a palette PNG cut without quantising again, and when it declines.
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encode, palettePngRows } from '../../../src/infographics/raster';

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

describe('palettePngRows', () => {
  it('cuts rows of a published palette PNG into a palette PNG with exactly those pixels', async () => {
    const png = await encode(testRaster(), 'release', 'page');
    const whole = await raw(png);
    const stride = whole.info.width * 3;
    for (const [top, height] of [[0, 120], [120, 180], [299, 1], [0, 300]] as const) {
      const cut = palettePngRows(png, top, height)!;
      const part = await raw(cut);
      expect([part.info.width, part.info.height]).toEqual([750, height]);
      expect((await sharp(cut).metadata()).isPalette).toBe(true);
      expect(part.data.equals(whole.data.subarray(top * stride, (top + height) * stride))).toBe(true);
    }
  });

  it('declines a PNG without a palette, and one with filtered rows (the caller encodes those)', async () => {
    const lossless = await encode(testRaster(), 'preview');
    expect(palettePngRows(lossless, 0, 10)).toBeUndefined();
    // The same palette PNG with one row's filter type set to 1 (Sub): its bytes would decode differently.
    const png = await encode(testRaster(), 'release', 'page');
    const chunks = chunksOf(png);
    const image = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    expect(image[751 * 5]).toBe(0);
    image[751 * 5] = 1;
    const filtered = Buffer.concat([
      png.subarray(0, 8),
      ...chunks.filter((c) => c.type !== 'IDAT' && c.type !== 'IEND').map((c) => chunk(c.type, c.data)),
      chunk('IDAT', deflateSync(image)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect((await raw(filtered)).info.height).toBe(300);
    expect(palettePngRows(filtered, 0, 10)).toBeUndefined();
  });

  it('throws on rows outside the image', async () => {
    const png = await encode(testRaster(), 'release', 'page');
    expect(() => palettePngRows(png, 250, 51)).toThrow(/outside/);
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
