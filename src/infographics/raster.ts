/**
 * Stage 4 of the image, resvg and sharp: SVG → raw pixels (resvg), rasters stacked into one taller image or cut into rows, and raw
 * pixels encoded as the published files (palette PNG) or, in a dev-server preview, as lossless PNG level 1
 * (measured sizes and times: docs/benchmarks.md, "Infographics").
 */
import { constants, crc32, deflateRawSync, inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import sharp, { type PngOptions, type Sharp } from 'sharp';

/** Raw pixels of a rendered part or image, rows top to bottom: RGBA (4 bytes per pixel, opaque) or RGB (3). */
export interface Raster {
  data: Buffer;
  /** px */
  width: number;
  /** px */
  height: number;
  /** Bytes per pixel: 4 (RGBA, what resvg gives; alpha is always 255) or 3 (RGB); 3 when left out. */
  channels?: 3 | 4;
}

/** Bytes per pixel of a raster. */
function channelsOf(r: Raster): 3 | 4 {
  return r.channels ?? 3;
}

/**
 * Rasterises an SVG at a scale (1: one image px per layout px) to raw RGBA pixels, opaque, on white (every part paints
 * its own background). The pixels stay RGBA: dropping the alpha byte in JavaScript cost about 0.2 s of CPU per
 * infographic (a 750×5000 image is 15 MB), the encoders drop it in C (sharp's removeAlpha) for nothing. resvg (@resvg/resvg-js, on libuv's thread pool like sharp) rather than sharp's librsvg: on satori's SVGs
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
  return { data: image.pixels, width: image.width, height: image.height, channels: 4 };
}

/** Version of the SVG rasteriser, part of every image's cache key (cache.ts). */
export function rasterizerVersion(): Record<string, string> {
  return { resvg: (createRequire(import.meta.url)('@resvg/resvg-js/package.json') as { version: string }).version };
}

/** Stacks rasters of equal width and channels vertically (copies the pixels). */
export function stack(rasters: Raster[]): Raster {
  return {
    data: Buffer.concat(rasters.map((r) => r.data)),
    width: rasters[0]!.width,
    height: rasters.reduce((h, r) => h + r.height, 0),
    channels: channelsOf(rasters[0]!),
  };
}

/** Rows `top` to `top + height` of a raster (px), without copying: a crop of the full width. */
export function rows(r: Raster, top: number, height: number): Raster {
  const stride = r.width * channelsOf(r);
  return { data: r.data.subarray(top * stride, (top + height) * stride), width: r.width, height, channels: channelsOf(r) };
}

/**
 * How files are encoded. 'release', as published: the long image and the page's slices as PNG with a palette of at
 * most 256 colours (libimagequant through sharp, effort 1, no dithering) — 20–30% larger than lossless WebP but a
 * third of its CPU time, smaller than lossy WebP at quality 90 and without its blur around text, and a PNG opens in
 * every app people share images with. The images have about 2,500 colours, almost all of them anti-aliased text
 * edges; the palette moves a channel by 0.3 on average (tests/unit/infographics/published-set.test.ts bounds it).
 * The page's slices and the section downloads (a section's rows and the strip naming the infographic, quantised with
 * the long image) are rows of the same palette PNG, quantised and compressed once (palettePngParts), so they cost no
 * encoding of their own (as lossless PNG level 6, the section downloads cost about 0.16 s of CPU per infographic;
 * that encoding, pngOptions 'download', is left only for a palette PNG palettePngParts declines). 'preview' (the dev server): every file lossless PNG level 1 of the same raster, the fastest
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

/**
 * The published palette of a raster (pngOptions 'release', 'page') as a PNG whose image data are stored, not
 * compressed (zlib level 0): only for palettePngPieces, which compresses them once for the long image and its slices.
 */
export function quantise(r: Raster): Promise<Buffer> {
  return rgbImage(r)
    .png({ ...pngOptions('release', 'page'), compressionLevel: 0 })
    .toBuffer();
}

/** Encodes raw pixels as PNG (see Encoding); an RGBA raster is written as RGB (its alpha is always 255). */
export function encode(r: Raster, encoding: Encoding = 'release', use: FileUse = 'page'): Promise<Buffer> {
  return rgbImage(r).png(pngOptions(encoding, use)).toBuffer();
}

/** A raster as a sharp image of 3 channels (an RGBA raster's alpha, always 255, dropped by libvips). */
export function rgbImage(r: Raster): Sharp {
  const image = sharp(r.data, { raw: { width: r.width, height: r.height, channels: channelsOf(r) } });
  return channelsOf(r) === 4 ? image.removeAlpha() : image;
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

/** Adler-32 of bytes (RFC 1950, section 8.2), the checksum that ends a zlib stream. */
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before the 32-bit sums must be reduced (RFC 1950's NMAX).
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950) around raw deflate data: header (deflate, 32 KB window, default level) and Adler-32. */
function zlibStream(deflated: Buffer[], adler: number): Buffer {
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(adler, 0);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), ...deflated, tail]);
}

/** A final deflate block with no data (RFC 1951: BFINAL 1, fixed Huffman codes, end-of-block code), whole bytes. */
const EMPTY_FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/** Adler-32 of A followed by B, from the Adler-32 of each and B's length (zlib's adler32_combine, RFC 1950 sums). */
function adler32Combine(a: number, b: number, lengthB: number): number {
  const BASE = 65521;
  const rem = lengthB % BASE;
  let sum1 = a & 0xffff;
  let sum2 = (rem * sum1) % BASE;
  sum1 += (b & 0xffff) + BASE - 1;
  sum2 += (a >>> 16) + (b >>> 16) + BASE - rem;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum2 >= 2 * BASE) sum2 -= 2 * BASE;
  if (sum2 >= BASE) sum2 -= BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}

/** A palette PNG cut into parts by palettePngParts. */
export interface PaletteParts {
  /** A palette PNG of the given parts' rows (part numbers, stacked in the order given), with the source's palette. */
  file(parts: number[]): Buffer;
}

/**
 * A palette PNG made by sharp (`quantise`) cut into parts of `heights` px, top to bottom (they must add up to its
 * height), from which any files of some parts' rows are made (`file([0, 1, 2])`, `file([3, 7])`) with the same palette
 * and pixels, without quantising or compressing again. Each part's rows are deflated once (zlib level 6, as sharp's
 * encoder) and end with a sync flush (RFC 1951: byte-aligned, nothing refers back across it), so a file's image data
 * are its parts' deflate data one after another and an empty final block; the Adler-32 of the parts' rows are
 * combined. So the long image, the page's slices and the section downloads cost one quantisation, one inflate of
 * sharp's stored data (`quantise` turns sharp's compression off) and one deflate of the rows in all
 * (docs/benchmarks.md, "Infographics").
 * Returns undefined when the file is not a non-interlaced palette PNG whose rows are all unfiltered (filter type 0,
 * which sharp writes for palette images): the caller then encodes the pixels itself. Throws when the heights do not
 * add up to the image's.
 */
export function palettePngParts(png: Buffer, heights: number[]): PaletteParts | undefined {
  const chunks = pngChunks(png);
  const ihdr = chunks.find((c) => c.type === 'IHDR')?.data;
  // IHDR: width, height (4 bytes each), bit depth, colour type (3: palette), compression, filter, interlace (0: none).
  if (!ihdr || ihdr.length !== 13 || ihdr[9] !== 3 || ihdr[12] !== 0) return undefined;
  const width = ihdr.readUInt32BE(0);
  const rowsInFile = ihdr.readUInt32BE(4);
  const total = heights.reduce((a, b) => a + b, 0);
  if (total !== rowsInFile || heights.some((h) => !(h > 0))) throw new Error(`parts of ${heights.join('+')} px do not make a PNG ${rowsInFile} px tall`);
  const stride = 1 + Math.ceil((width * ihdr[8]!) / 8);
  const image = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  if (image.length !== stride * rowsInFile) return undefined;
  for (let y = 0; y < rowsInFile; y++) if (image[y * stride] !== 0) return undefined;
  // Chunks other than the image's own (IHDR, IDAT, IEND) are kept as they are: PLTE, tRNS, pHYs.
  const kept = chunks.filter((c) => !['IHDR', 'IDAT', 'IEND'].includes(c.type)).map((c) => pngChunk(c.type, c.data));
  let top = 0;
  const parts = heights.map((height) => {
    const rows = image.subarray(top * stride, (top + height) * stride);
    top += height;
    return { height, bytes: rows.length, adler: adler32(rows), deflated: deflateRawSync(rows, { level: 6, finishFlush: constants.Z_SYNC_FLUSH }) };
  });
  return {
    file(numbers) {
      const chosen = numbers.map((n) => parts[n]!);
      const adler = chosen.reduce((a, p) => adler32Combine(a, p.adler, p.bytes), 1);
      const header = Buffer.from(ihdr);
      header.writeUInt32BE(chosen.reduce((h, p) => h + p.height, 0), 4);
      const idat = zlibStream([...chosen.map((p) => p.deflated), EMPTY_FINAL_BLOCK], adler);
      return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), ...kept, pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
    },
  };
}
