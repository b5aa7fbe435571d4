/**
 * Stage 3 of the image, from model to files in memory: layout (layout.ts) → satori SVG (svg.ts) → sharp pixels and
 * encoded files (raster.ts), with the long image's cuts. The cache (cache.ts) decides whether this runs at all.
 * - Each part is rasterised at 1x and 2x (a downscale of the 2x pixels would save 0.2 s but, with its
 *   resampled edges, encodes to a WebP ten times larger than rasterising at 1x; see README).
 * - The long image is WebP lossless (a third of PNG's size, see README); a long image taller than WebP
 *   allows is cut at section boundaries into several images; a single section taller than that is refused.
 * - Sections are also saved alone (with a strip naming the infographic and the site) as PNG for download:
 *   PNG opens everywhere people share images, and it encodes ten times faster than WebP lossless.
 */
import { ContentError } from '../lib/problems';
import type { LoadedFonts } from './fonts';
import { layoutInfographic } from './layout';
import { WEBP_MAX, tooTallProblem } from './measure';
import type { InfographicContext, InfographicModel } from './model';
import { type Encoding, type Raster, encode, rasterize, stack } from './raster';
import { partsToSvg, svgHeight } from './svg';
import { type ThemeName, paletteOf } from './themes';

/** Scales rendered: 1x for normal screens, 2x for phones. */
export const SCALES = [1, 2] as const;

/** One image file an infographic produced. */
export interface ImageFile {
  /** File name, e.g. guofa-2019-5@2x.webp. */
  file: string;
  width: number;
  height: number;
  /** Size in bytes. */
  bytes: number;
  scale: 1 | 2;
  format: 'webp' | 'png';
}

/** A piece of the long image (usually the whole of it; several when it was too tall for one file). */
export interface LongImage {
  /** Sections it contains, by number. */
  sections: number[];
  /** 1x and 2x files of this piece. */
  x1: ImageFile;
  x2: ImageFile;
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

/** A rendered file in memory. */
interface OutFile {
  image: ImageFile;
  data: Buffer;
}

/** Renders all images of an infographic in memory. Throws ContentError when a section is too tall for any image. */
export async function renderImages(
  input: RenderInput,
  opts: { maxHeight?: number; encoding?: Encoding } = {},
): Promise<{ files: OutFile[]; long: LongImage[]; sections: SectionImage[] }> {
  const { model } = input;
  const maxHeight = opts.maxHeight ?? WEBP_MAX;
  const encoding = opts.encoding ?? 'release';
  const longFormat = encoding === 'preview' ? 'png' : 'webp';
  const parts = layoutInfographic({ model, context: input.context, palette: paletteOf(input.theme), fonts: input.fonts });
  const svgs = await partsToSvg(parts, input.fonts);
  // Refused before rasterising: sharp stops on a huge SVG with an English pixel-limit error and no line.
  const tooTall = parts.findIndex((p, i) => p.kind !== 'sectionFooter' && svgHeight(svgs[i]!) * 2 > maxHeight);
  if (tooTall >= 0) throw new ContentError([tooTallProblem(model, parts[tooTall]!, Math.ceil(svgHeight(svgs[tooTall]!) * 2), maxHeight)]);
  const rasters = await Promise.all(svgs.map((svg) => rasterize(svg, 2)));
  const rasters1 = await Promise.all(svgs.map((svg) => rasterize(svg, 1)));
  const longIdx = parts.map((p, i) => (p.kind === 'sectionFooter' ? -1 : i)).filter((i) => i >= 0);
  const stripIdx = parts.findIndex((p) => p.kind === 'sectionFooter');
  const cut = cutParts(longIdx.map((i) => rasters[i]!.height), maxHeight);
  if (!Array.isArray(cut)) {
    throw new ContentError([tooTallProblem(model, parts[longIdx[cut.tooTall]!]!, rasters[longIdx[cut.tooTall]!]!.height, maxHeight)]);
  }
  const files: OutFile[] = [];
  const long: LongImage[] = [];
  const add = async (name: string, r: Raster, scale: 1 | 2, format: 'webp' | 'png') => {
    const data = await encode(r, format, encoding);
    const image: ImageFile = { file: name, width: r.width, height: r.height, bytes: data.length, scale, format };
    files.push({ image, data });
    return image;
  };
  const jobs: Promise<unknown>[] = [];
  cut.forEach((piece, n) => {
    const suffix = cut.length > 1 ? `-${n + 1}` : '';
    const x2 = stack(piece.map((k) => rasters[longIdx[k]!]!));
    const entry: LongImage = {
      sections: piece.map((k) => parts[longIdx[k]!]!.section).filter((s): s is number => s !== undefined),
      x1: undefined as unknown as ImageFile,
      x2: undefined as unknown as ImageFile,
    };
    long.push(entry);
    // sharp runs these on libuv's thread pool, so encoding overlaps across images.
    jobs.push(add(`${model.id}${suffix}@2x.${longFormat}`, x2, 2, longFormat).then((f) => (entry.x2 = f)));
    const x1 = stack(piece.map((k) => rasters1[longIdx[k]!]!));
    jobs.push(add(`${model.id}${suffix}.${longFormat}`, x1, 1, longFormat).then((f) => (entry.x1 = f)));
  });
  const sections: SectionImage[] = [];
  parts.forEach((part, i) => {
    if (part.kind !== 'section') return;
    const s = model.sections.find((x) => x.number === part.section)!;
    const r = stack([rasters[i]!, rasters[stripIdx]!]);
    jobs.push(add(`${model.id}-${s.number}@2x.png`, r, 2, 'png').then((image) => sections.push({ number: s.number, title: s.title, image })));
  });
  await Promise.all(jobs);
  sections.sort((a, b) => a.number - b.number);
  return { files, long, sections };
}
