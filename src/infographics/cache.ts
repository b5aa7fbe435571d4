/**
 * The image cache: every render of an infographic is kept in .cache/infographics/<key>/ under a sha256 of all
 * its inputs (model without source lines, context, theme, the code of this folder, fonts, satori, resvg and sharp
 * versions), so an unchanged infographic is never rendered again. Files are written to a temporary directory
 * and renamed into place only when every image of the infographic succeeded. Social cards use the same code
 * version, renderer versions and folder (social-card.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { layoutLibraryVersions } from './layout';
import { type Encoding, rasterizerVersion } from './raster';
import { type LongImage, type RenderInput, type SectionImage, renderImages } from './render';

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
  return { satori: satoriVersion, ...sharp.versions, ...rasterizerVersion(), ...layoutLibraryVersions() } as Record<string, string>;
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
