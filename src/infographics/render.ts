/**
 * Stage 3 of the image, from model to files in memory: layout (layout.ts) → satori SVG (svg.ts) → sharp pixels and
 * encoded files (raster.ts). The cache (cache.ts) decides whether this runs at all. What is published, and why
 * (measured: docs/benchmarks.md, "Infographics"):
 * - One width, the design width of 750 px, which is already 2x for a 375-pt phone screen. Each part is rasterised
 *   once; there is no 1500-px image any more (four times the pixels, and most of the render time, for sharper text
 *   only on high-density desktop screens).
 * - The long image (长图) as one file, for download and sharing; cut at section boundaries into several (`-1`,
 *   `-2` …) when it is taller than the limit; a single section taller than the limit is refused.
 * - Slices of the long image that the page stacks without a gap: the parts that fill the first screen, as a small
 *   file that arrives first, then the rest; so the first screen does not wait for the whole long image.
 * - Each section alone, with a strip naming the infographic and the site, for download.
 * Slices and sections are rows of the same pixels, never rendered twice. Every published file is a palette PNG: a
 * piece of the long image and the section strip are quantised once, and each part's rows compressed once, for the
 * long image, its slices and the section downloads together (raster.ts palettePngParts).
 */
import { ContentError } from '../lib/problems';
import type { LoadedFonts } from './fonts';
import { WIDTH, layoutInfographic } from './layout';
import { WEBP_MAX, tooTallProblem } from './measure';
import type { InfographicContext, InfographicModel } from './model';
import { type Encoding, type FileUse, type Raster, encode, palettePngParts, quantise, rasterize, stack } from './raster';
import { partsToSvg, svgHeight } from './svg';
import { type ThemeName, paletteOf } from './themes';

/** Width in px of every published image: the layout's design width, 2x for a 375-pt phone screen. */
export const IMAGE_WIDTH = WIDTH;

/**
 * Height in px of the long image's first slice, at least: one phone screen (667 pt at 2x). The slice ends at the
 * first part boundary at or below it, so no text is cut.
 */
export const FIRST_SCREEN_HEIGHT = 1334;

/** One image file an infographic produced. */
export interface ImageFile {
  /** File name, e.g. guofa-2019-5.png. */
  file: string;
  /** px */
  width: number;
  /** px */
  height: number;
  /** Size in bytes. */
  bytes: number;
  format: 'png';
}

/** A piece of the long image (usually the whole of it; several when it was too tall for one file). */
export interface LongImage {
  /** Sections it contains, by number. */
  sections: number[];
  /** The piece as one file, for download and sharing. */
  image: ImageFile;
  /**
   * What the page shows, top to bottom without a gap: for the first piece the first screen and the rest, when the
   * piece is taller than a screen; otherwise the piece itself (the same file as `image`).
   */
  slices: ImageFile[];
}

/** A section saved alone for download. */
export interface SectionImage {
  number: number;
  title: string;
  image: ImageFile;
}

/** Everything that affects the images of one infographic. */
export interface RenderInput {
  model: InfographicModel;
  context: InfographicContext;
  theme: ThemeName;
  fonts: LoadedFonts;
}

/** Groups consecutive parts into pieces no taller than `max` px; `{ tooTall: i }` for part i, taller than max alone. */
export function cutParts(heights: number[], max: number): number[][] | { tooTall: number } {
  const pieces: number[][] = [];
  let current: number[] = [];
  let height = 0;
  for (let i = 0; i < heights.length; i++) {
    const h = heights[i]!;
    if (h > max) return { tooTall: i };
    if (height + h > max && current.length) {
      pieces.push(current);
      current = [];
      height = 0;
    }
    current.push(i);
    height += h;
  }
  if (current.length) pieces.push(current);
  return pieces;
}

/** How many of the parts (heights in px, top to bottom) make the first slice: enough to fill `screen` px. */
export function firstScreenParts(heights: number[], screen = FIRST_SCREEN_HEIGHT): number {
  let height = 0;
  for (let i = 0; i < heights.length; i++) {
    height += heights[i]!;
    if (height >= screen) return i + 1;
  }
  return heights.length;
}

/** A rendered file in memory. */
export interface OutFile {
  image: ImageFile;
  data: Buffer;
}

/**
 * Renders all images of an infographic in memory. `maxHeight` (px, default WEBP_MAX) bounds twice the height of a
 * part or a long-image piece: the limit of the former 1500-px image, kept so that `npm run check` (measure.ts,
 * which measures the same way) and the build refuse the same sections as before; a piece is thus at most 8191 px
 * tall. Throws ContentError when a part is too tall.
 */
export async function renderImages(
  input: RenderInput,
  opts: { maxHeight?: number; encoding?: Encoding } = {},
): Promise<{ files: OutFile[]; long: LongImage[]; sections: SectionImage[] }> {
  const { model } = input;
  const maxHeight = opts.maxHeight ?? WEBP_MAX;
  const encoding = opts.encoding ?? 'release';
  const parts = layoutInfographic({ model, context: input.context, palette: paletteOf(input.theme), fonts: input.fonts });
  const svgs = await partsToSvg(parts, input.fonts);
  // Refused before rasterising: sharp stops on a huge SVG with an English pixel-limit error and no line.
  const tooTall = parts.findIndex((p, i) => p.kind !== 'sectionFooter' && svgHeight(svgs[i]!) * 2 > maxHeight);
  if (tooTall >= 0) throw new ContentError([tooTallProblem(model, parts[tooTall]!, Math.ceil(svgHeight(svgs[tooTall]!) * 2), maxHeight)]);
  // sharp rasterises on libuv's thread pool, so the parts overlap.
  const rasters = await Promise.all(svgs.map((svg) => rasterize(svg)));
  const longIdx = parts.map((p, i) => (p.kind === 'sectionFooter' ? -1 : i)).filter((i) => i >= 0);
  const stripIdx = parts.findIndex((p) => p.kind === 'sectionFooter');
  const cut = cutParts(longIdx.map((i) => rasters[i]!.height * 2), maxHeight);
  if (!Array.isArray(cut)) {
    throw new ContentError([tooTallProblem(model, parts[longIdx[cut.tooTall]!]!, rasters[longIdx[cut.tooTall]!]!.height * 2, maxHeight)]);
  }
  const files: OutFile[] = [];
  const sectionsOf = (piece: number[]) => piece.map((k) => parts[longIdx[k]!]!.section).filter((s): s is number => s !== undefined);
  const strip = rasters[stripIdx]!;
  // Every piece is encoded at once: sharp runs the encoders on libuv's threads.
  const done = await Promise.all(
    cut.map(async (piece, n) => {
      const idx = piece.map((k) => longIdx[k]!);
      const m = idx.length;
      // The piece's parts, 0 … m - 1, and the section strip, m: every file of the piece is some of these rows.
      const pieceRasters = [...idx.map((i) => rasters[i]!), strip];
      const encodeParts = await partsEncoder(pieceRasters, encoding);
      const height = (ps: number[]) => ps.reduce((h, p) => h + pieceRasters[p]!.height, 0);
      const file = async (name: string, ps: number[], use: FileUse): Promise<ImageFile> => {
        const data = await encodeParts(ps, use);
        const image: ImageFile = { file: name, width: strip.width, height: height(ps), bytes: data.length, format: 'png' };
        files.push({ image, data });
        return image;
      };
      const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
      const name = `${model.id}${cut.length > 1 ? `-${n + 1}` : ''}`;
      const top = n === 0 ? firstScreenParts(idx.map((i) => rasters[i]!.height)) : m;
      const [image, ...slices] = await Promise.all([
        file(`${name}.png`, range(0, m), 'page'),
        ...(top < m ? [file(`${name}-top.png`, range(0, top), 'page'), file(`${name}-rest.png`, range(top, m), 'page')] : []),
      ]);
      const sections = await Promise.all(
        idx.flatMap((i, k) => {
          const part = parts[i]!;
          if (part.kind !== 'section') return [];
          const s = model.sections.find((x) => x.number === part.section)!;
          return [file(`${model.id}-section-${s.number}.png`, [k, m], 'download').then((image): SectionImage => ({ number: s.number, title: s.title, image }))];
        }),
      );
      const long: LongImage = { sections: sectionsOf(piece), image: image!, slices: slices.length ? slices : [image!] };
      return { long, sections };
    }),
  );
  return { files, long: done.map((d) => d.long), sections: done.flatMap((d) => d.sections) };
}

/**
 * How the files of a long-image piece are encoded from its parts' rasters (same width, top to bottom; the last one
 * the section strip): a function from part numbers (in the order they are stacked) to a PNG.
 * Published ('release'): the parts are quantised together once (one palette for the long image, its slices and the
 * section downloads) and each part's rows compressed once (raster.ts palettePngParts); every file is those parts'
 * compressed rows one after another, so a file costs no encoding of its own. Preview: every file is encoded from the
 * stacked rasters (lossless PNG level 1 is cheaper to encode than to cut); also the fallback should the palette PNG
 * not be one palettePngParts can cut.
 */
async function partsEncoder(rasters: Raster[], encoding: Encoding): Promise<(parts: number[], use: FileUse) => Promise<Buffer>> {
  if (encoding === 'release') {
    const cut = palettePngParts(await quantise(stack(rasters)), rasters.map((r) => r.height));
    if (cut) return async (parts) => cut.file(parts);
  }
  return (parts, use) => encode(stack(parts.map((p) => rasters[p]!)), encoding, use);
}
