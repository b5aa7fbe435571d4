/**
 * Stage 4 of the image, sharp: SVG → raw pixels, rasters stacked into one taller image or cut into rows, and raw
 * pixels encoded as the published files (palette PNG) or, in a dev-server preview, as lossless PNG level 1
 * (measured sizes and times: docs/benchmarks.md, "Infographics").
 */
import sharp, { type PngOptions } from 'sharp';

/** Raw RGB pixels of a rendered part or image, 3 bytes per pixel, rows top to bottom. */
export interface Raster {
  data: Buffer;
  /** px */
  width: number;
  /** px */
  height: number;
}

/** Rasterises an SVG at a scale (1: one image px per layout px) to raw RGB pixels (no alpha: every part paints its own background). */
export async function rasterize(svg: string, scale = 1): Promise<Raster> {
  const { data, info } = await sharp(Buffer.from(svg), { density: 72 * scale })
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
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
