/**
 * Stage 4 of the image, resvg and sharp: SVG → raw pixels (resvg), rasters stacked into one taller image or cut into rows, and raw
 * pixels encoded as the published files (palette PNG) or, in a dev-server preview, as lossless PNG level 1
 * (measured sizes and times: docs/benchmarks.md, "Infographics").
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import sharp, { type PngOptions } from 'sharp';

/** Raw RGB pixels of a rendered part or image, 3 bytes per pixel, rows top to bottom. */
export interface Raster {
  data: Buffer;
  /** px */
  width: number;
  /** px */
  height: number;
}

/**
 * Rasterises an SVG at a scale (1: one image px per layout px) to raw RGB pixels, on white (every part paints its own
 * background). resvg (@resvg/resvg-js, on libuv's thread pool like sharp) rather than sharp's librsvg: on satori's SVGs
 * of the samples it takes 0.55–0.8 of librsvg's CPU time, with the same anti-aliased edges to within a mean channel
 * difference of 0.6 (docs/benchmarks.md, "Infographics"). The SVG has no text elements (satori draws glyphs as paths),
 * so no system font is loaded.
 */
export async function rasterize(svg: string, scale = 1): Promise<Raster> {
  const image = await renderAsync(svg, {
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: false },
    logLevel: 'off',
  });
  const rgba = image.pixels;
  // Opaque RGBA (the white background) to RGB.
  const data = Buffer.allocUnsafe((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    data[j] = rgba[i]!;
    data[j + 1] = rgba[i + 1]!;
    data[j + 2] = rgba[i + 2]!;
  }
  return { data, width: image.width, height: image.height };
}

/** Version of the SVG rasteriser, part of every image's cache key (cache.ts). */
export function rasterizerVersion(): Record<string, string> {
  return { resvg: (createRequire(import.meta.url)('@resvg/resvg-js/package.json') as { version: string }).version };
}

/** Stacks rasters of equal width vertically (copies the pixels). */
export function stack(rasters: Raster[]): Raster {
  return {
    data: Buffer.concat(rasters.map((r) => r.data)),
    width: rasters[0]!.width,
    height: rasters.reduce((h, r) => h + r.height, 0),
  };
}

/** Rows `top` to `top + height` of a raster (px), without copying: a crop of the full width. */
export function rows(r: Raster, top: number, height: number): Raster {
  const stride = r.width * 3;
  return { data: r.data.subarray(top * stride, (top + height) * stride), width: r.width, height };
}

/**
 * How files are encoded. 'release', as published: the long image and the page's slices as PNG with a palette of at
 * most 256 colours (libimagequant through sharp, effort 1, no dithering) — 20–30% larger than lossless WebP but a
 * third of its CPU time, smaller than lossy WebP at quality 90 and without its blur around text, and a PNG opens in
 * every app people share images with. The images have about 2,500 colours, almost all of them anti-aliased text
 * edges; the palette moves a channel by 0.3 on average (tests/unit/infographics/published-set.test.ts bounds it).
 * The page's slices are rows cut from the long image's palette PNG (palettePngRows), so they are quantised once.
 * Section downloads, fetched only on demand, are lossless PNG level 6: twice the bytes of a palette, a fifth of
 * its CPU time. 'preview' (the dev server): every file lossless PNG level 1 of the same raster, the fastest
 * encoding, under its own cache key so it is never published; it is also the lossless reference the published
 * pixels are compared with.
 */
export type Encoding = 'release' | 'preview';

/** What a file is for: shown on the page (and downloaded as the long image), or a section download. */
export type FileUse = 'page' | 'download';

/** The sharp PNG options of an encoding and use (exported for the bench, which measures the alternatives beside them). */
export function pngOptions(encoding: Encoding, use: FileUse = 'page'): PngOptions {
  if (encoding === 'preview') return { compressionLevel: 1 };
  if (use === 'download') return { compressionLevel: 6 };
  // Dithering would sprinkle noise around every glyph edge and makes the file 10–35% larger; effort 1 (of 10)
  // takes half the time of the default effort 7 for the same bytes (± 2%).
  return { palette: true, effort: 1, dither: 0 };
}

/** Encodes raw pixels as PNG (see Encoding). */
export function encode(r: Raster, encoding: Encoding = 'release', use: FileUse = 'page'): Promise<Buffer> {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: 3 } })
    .png(pngOptions(encoding, use))
    .toBuffer();
}

/** The 8 bytes every PNG file starts with (ISO/IEC 15948, "PNG signature"). */
const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** A PNG file's chunks in order: type (e.g. IHDR) and data, CRCs left out. Throws on a file that is not a PNG. */
function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  const chunks: { type: string; data: Buffer }[] = [];
  for (let off = 8; off + 12 <= png.length; ) {
    const length = png.readUInt32BE(off);
    chunks.push({ type: png.toString('latin1', off + 4, off + 8), data: png.subarray(off + 8, off + 8 + length) });
    off += 12 + length;
  }
  return chunks;
}

/** One PNG chunk: length, type, data and the CRC-32 of type and data (ISO/IEC 15948, "Chunk layout"). */
function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Rows `top` to `top + height` (px) of a palette PNG made by `encode(…, 'release', 'page')`, as a PNG of their own
 * with the same palette and the same pixels, without quantising again: the rows' bytes are cut from the file's
 * decompressed image data and compressed anew (zlib level 6, as sharp's encoder). So the page's slices are exactly
 * the long image's rows, and cost a deflate instead of libimagequant's quantisation and remap (about 0.1 s of CPU
 * per slice; docs/benchmarks.md, "Infographics").
 * Returns undefined when the file is not a non-interlaced palette PNG whose rows are all unfiltered (filter type 0,
 * which sharp writes for palette images): the caller then encodes the rows' pixels itself. Throws when the rows
 * are outside the image.
 */
export function palettePngRows(png: Buffer, top: number, height: number): Buffer | undefined {
  const chunks = pngChunks(png);
  const ihdr = chunks.find((c) => c.type === 'IHDR')?.data;
  // IHDR: width, height (4 bytes each), bit depth, colour type (3: palette), compression, filter, interlace (0: none).
  if (!ihdr || ihdr.length !== 13 || ihdr[9] !== 3 || ihdr[12] !== 0) return undefined;
  const width = ihdr.readUInt32BE(0);
  const rowsInFile = ihdr.readUInt32BE(4);
  if (top < 0 || height <= 0 || top + height > rowsInFile) throw new Error(`rows ${top}–${top + height} outside a PNG ${rowsInFile} px tall`);
  const stride = 1 + Math.ceil((width * ihdr[8]!) / 8);
  const image = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  if (image.length !== stride * rowsInFile) return undefined;
  const cut = image.subarray(top * stride, (top + height) * stride);
  for (let y = 0; y < height; y++) if (cut[y * stride] !== 0) return undefined;
  const header = Buffer.from(ihdr);
  header.writeUInt32BE(height, 4);
  // Chunks other than the image's own (IHDR, IDAT, IEND) are kept as they are: PLTE, tRNS, pHYs.
  const kept = chunks.filter((c) => !['IHDR', 'IDAT', 'IEND'].includes(c.type));
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    ...kept.map((c) => pngChunk(c.type, c.data)),
    pngChunk('IDAT', deflateSync(cut, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
