/**
 * Stage 3 of the image: element trees → satori SVG → sharp pixels → files, with cuts and a cache.
 * - Each part is rasterised at 1x and 2x (a downscale of the 2x pixels would save 0.2 s but, with its
 *   resampled edges, encodes to a WebP ten times larger than rasterising at 1x; see README).
 * - The long image is WebP lossless (a third of PNG's size, see README); a long image taller than WebP
 *   allows is cut at section boundaries into several images; a single section taller than that is refused.
 * - Sections are also saved alone (with a strip naming the infographic and the site) as PNG for download:
 *   PNG opens everywhere people share images, and it encodes ten times faster than WebP lossless.
 * - Everything is cached by a hash of all inputs in .cache/infographics/<key>/; files are written to a
 *   temporary directory and renamed into place only when every image of the infographic succeeded.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import satori from 'satori';
import sharp from 'sharp';
import { ContentError } from '../lib/problems';
import type { LoadedFonts } from './fonts';
import { type El, type LayoutPart, WIDTH, layoutInfographic } from './layout';
import { WEBP_MAX, tooTallProblem } from './measure';
import type { InfographicContext, InfographicModel } from './model';
import { type ThemeName, paletteOf } from './themes';

/** Largest width or height WebP can store, in px (defined in measure.ts, which the check uses without sharp). */
export { WEBP_MAX };

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

/** What rendering an infographic produced: the manifest saved next to the files in the cache. */
export interface InfographicImages {
  id: string;
  /** Cache key (hash of all inputs); its first 10 characters make a cache-busting version. */
  key: string;
  /** The long image in display order; one entry unless it had to be cut. */
  long: LongImage[];
  sections: SectionImage[];
  /** Milliseconds spent rendering (0 when it came from the cache). */
  renderMs: number;
}

/** Everything that affects the images of one infographic. */
export interface RenderInput {
  model: InfographicModel;
  context: InfographicContext;
  theme: ThemeName;
  fonts: LoadedFonts;
}

/** Renders the parts' SVGs with satori. */
export async function partsToSvg(parts: LayoutPart[], fonts: LoadedFonts): Promise<string[]> {
  const svgs: string[] = [];
  // Sequential: satori runs on this thread, so parallel calls would only interleave.
  for (const part of parts) svgs.push(await elementToSvg(part.element, fonts, WIDTH));
  return svgs;
}

/** One element tree to SVG at the given width (height follows the content, or is fixed when given). */
export function elementToSvg(element: El, fonts: LoadedFonts, width: number, height?: number): Promise<string> {
  // satori's types name React's ReactNode; our plain {type, props} objects are what it reads.
  return satori(element as unknown as Parameters<typeof satori>[0], {
    width,
    ...(height ? { height } : {}),
    fonts: fonts.satori,
  });
}

interface Raster {
  data: Buffer;
  width: number;
  height: number;
}

/** Rasterises an SVG at a scale to raw RGB pixels (no alpha: every part paints its own background). */
async function rasterize(svg: string, scale: number): Promise<Raster> {
  const { data, info } = await sharp(Buffer.from(svg), { density: 72 * scale })
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Stacks rasters of equal width vertically. */
function stack(rasters: Raster[]): Raster {
  return {
    data: Buffer.concat(rasters.map((r) => r.data)),
    width: rasters[0]!.width,
    height: rasters.reduce((h, r) => h + r.height, 0),
  };
}

/**
 * How files are encoded. 'release': WebP lossless long images and PNG level 6 sections, as published.
 * 'preview' (the dev server): every file PNG level 1 — the same pixels, encoded about 25 times faster than the
 * 2x WebP (0.1 s against 2.9 s for guofa-2019-5) and several times larger; never published (its own cache key).
 */
export type Encoding = 'release' | 'preview';

/** Encodes raw pixels. WebP lossless effort 1: the same bytes as the default effort 4 here, in less time (README). */
export function encode(r: Raster, format: 'webp' | 'png', encoding: Encoding = 'release'): Promise<Buffer> {
  const img = sharp(r.data, { raw: { width: r.width, height: r.height, channels: 3 } });
  // PNG (section downloads) at level 6: a tenth of level 9's time for 30% more bytes, on files fetched only on demand.
  // A preview writes only PNG (renderImages picks the format), at level 1.
  return (format === 'webp' ? img.webp({ lossless: true, effort: 1 }) : img.png({ compressionLevel: encoding === 'preview' ? 1 : 6 })).toBuffer();
}

/** Groups consecutive parts into pieces no taller than `max` px; undefined for a part taller than max alone. */
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

/** Height in px of a satori SVG, from its root element's height attribute. */
function svgHeight(svg: string): number {
  const m = /^<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return m ? parseFloat(m[1]!) : 0;
}

// ---------------------------------------------------------------------------------------------
// Cache

const require = createRequire(import.meta.url);

/** Versions of the libraries whose output the images depend on. */
export function rendererVersions(): Record<string, string> {
  const satoriVersion = (() => {
    try {
      return (require('satori/package.json') as { version: string }).version;
    } catch {
      return 'unknown';
    }
  })();
  return { satori: satoriVersion, ...sharp.versions } as Record<string, string>;
}

let codeVersionMemo: string | undefined;

/**
 * Folder of the infographic sources: this module's own folder when it runs from source (tsx, Astro's
 * config loader, vitest); src/infographics/ under the working directory when a bundler moved it.
 */
export function sourceDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return existsSync(path.join(here, 'layout.ts')) ? here : path.join(process.cwd(), 'src', 'infographics');
}

/** Hash of the template code (every .ts file of src/infographics/), so a change in layout or rendering renders everything again. */
export function codeVersion(_root?: string): string {
  if (codeVersionMemo) return codeVersionMemo;
  const dir = sourceDir();
  const hash = createHash('sha256');
  try {
    for (const f of readdirSync(dir).filter((n) => /\.tsx?$/.test(n)).sort()) hash.update(f).update(readFileSync(path.join(dir, f)));
  } catch {
    hash.update('no-sources');
  }
  codeVersionMemo = hash.digest('hex');
  return codeVersionMemo;
}

/** The cache key of an infographic: hash of the model, context, theme, code, fonts and library versions. */
export function cacheKey(input: Omit<RenderInput, 'fonts'> & { fontHash: string; code: string }): string {
  const { model, context, theme, fontHash, code } = input;
  // The model without source positions: moving text down a line changes no pixel.
  const visible = JSON.stringify({ ...model, file: undefined }, (k, v) => (k === 'line' ? undefined : v));
  return createHash('sha256')
    .update(JSON.stringify({ visible, context, theme, fontHash, code, versions: rendererVersions() }))
    .digest('hex');
}

/** Default cache directory under the project root. */
export function defaultCacheDir(root = process.cwd()): string {
  return path.join(root, '.cache', 'infographics');
}

const MANIFEST = 'manifest.json';

/** The manifest of a cached render, or undefined when that key was never rendered. */
export function readCached(cacheDir: string, key: string): InfographicImages | undefined {
  const file = path.join(cacheDir, key, MANIFEST);
  if (!existsSync(file)) return undefined;
  try {
    return { ...(JSON.parse(readFileSync(file, 'utf8')) as InfographicImages), renderMs: 0 };
  } catch {
    return undefined;
  }
}

/** Where renders are cached and how they are made: cache folder, project root, height limit, encoding. */
export interface CacheOptions {
  cacheDir?: string;
  root?: string;
  maxHeight?: number;
  encoding?: Encoding;
}

/**
 * Renders an infographic unless its images are cached. Returns the manifest and the cache directory that holds the files.
 * Files appear in the cache only complete: written to a temporary directory, renamed at the end.
 */
export async function renderCached(
  input: RenderInput,
  opts: CacheOptions = {},
): Promise<{ dir: string; images: InfographicImages; cached: boolean }> {
  const { dir, key } = cacheLocation(input, opts);
  const hit = readCached(path.dirname(dir), key);
  if (hit) return { dir, images: hit, cached: true };
  const started = performance.now();
  const { files, long, sections } = await renderImages(input, { maxHeight: opts.maxHeight, encoding: opts.encoding });
  const images: InfographicImages = { id: input.model.id, key, long, sections, renderMs: Math.round(performance.now() - started) };
  writeAtomically(dir, [...files.map((f) => ({ name: f.image.file, data: f.data })), { name: MANIFEST, data: Buffer.from(JSON.stringify(images, null, 1)) }]);
  return { dir, images, cached: false };
}

/** The cache key and directory of an infographic's images. */
export function cacheLocation(
  input: RenderInput,
  opts: CacheOptions = {},
): { key: string; dir: string } {
  const cacheDir = opts.cacheDir ?? defaultCacheDir(opts.root);
  // A preview render has its own key, so a build never publishes a preview's files.
  const preview = opts.encoding === 'preview' ? ':preview' : '';
  const key = cacheKey({ ...input, fontHash: input.fonts.hash, code: codeVersion(opts.root) + (opts.maxHeight ?? '') + preview });
  return { key, dir: path.join(cacheDir, key) };
}

/** Writes files into `dir` via a temporary sibling directory and a rename, so `dir` is either complete or absent. */
export function writeAtomically(dir: string, files: { name: string; data: Buffer }[]): void {
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp, { recursive: true });
  try {
    for (const f of files) writeFileSync(path.join(tmp, f.name), f.data);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
