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
 * Slices and sections are rows of the same pixels, never rendered twice. The long image and the slices are palette
 * PNG, quantised once and compressed once for the long image and its slices together (raster.ts palettePngPieces), the section downloads
 * lossless PNG (raster.ts).
 */
import { ContentError } from '../lib/problems';
import type { LoadedFonts } from './fonts';
import { WIDTH, layoutInfographic } from './layout';
import { WEBP_MAX, tooTallProblem } from './measure';
import type { InfographicContext, InfographicModel } from './model';
import { type Encoding, type FileUse, type Raster, encode, palettePngPieces, quantise, rasterize, rows, stack } from './raster';
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
  const add = async (name: string, r: Raster, use: FileUse = 'page', encoded?: Buffer): Promise<ImageFile> => {
    const data = encoded ?? (await encode(r, encoding, use));
    const image: ImageFile = { file: name, width: r.width, height: r.height, bytes: data.length, format: 'png' };
    files.push({ image, data });
    return image;
  };
  // Every file is encoded at once: sharp runs the encoders on libuv's threads.
  const long = cut.map(async (piece, n): Promise<LongImage> => {
    const name = `${model.id}${cut.length > 1 ? `-${n + 1}` : ''}`;
    const pieceRasters = piece.map((k) => rasters[longIdx[k]!]!);
    const whole = stack(pieceRasters);
    const top = n === 0 ? firstScreenParts(pieceRasters.map((r) => r.height)) : pieceRasters.length;
    const topHeight = pieceRasters.slice(0, top).reduce((h, r) => h + r.height, 0);
    const split = top < pieceRasters.length;
    // Published: quantised once, and the image data compressed once for the long image and its slices together
    // (palettePngPieces: the slices are the long image's rows, its pixels and palette). Preview: lossless level 1
    // is cheaper to encode than to cut, so every file is encoded from the raster.
    const heights = split ? [topHeight, whole.height - topHeight] : [whole.height];
    const encoded = encoding === 'release' ? palettePngPieces(await quantise(whole), heights) : undefined;
    if (!split) {
      const image = await add(`${name}.png`, whole, 'page', encoded?.whole);
      return { sections: sectionsOf(piece), image, slices: [image] };
    }
    const [image, ...slices] = await Promise.all([
      add(`${name}.png`, whole, 'page', encoded?.whole),
      add(`${name}-top.png`, rows(whole, 0, topHeight), 'page', encoded?.pieces[0]),
      add(`${name}-rest.png`, rows(whole, topHeight, whole.height - topHeight), 'page', encoded?.pieces[1]),
    ]);
    return { sections: sectionsOf(piece), image: image!, slices };
  });
  const sections = parts.flatMap((part, i) => {
    if (part.kind !== 'section') return [];
    const s = model.sections.find((x) => x.number === part.section)!;
    return [add(`${model.id}-section-${s.number}.png`, stack([rasters[i]!, rasters[stripIdx]!]), 'download').then((image) => ({ number: s.number, title: s.title, image }))];
  });
  const [longDone, sectionsDone] = await Promise.all([Promise.all(long), Promise.all(sections)]);
  return { files, long: longDone, sections: sectionsDone };
}
