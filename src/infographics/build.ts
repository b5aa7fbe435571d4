/**
 * Builds every image of the site: all published infographics (long image, the slices the page shows, sections; drafts and
 * entries scheduled after today are left out, as on the pages) and the social
 * cards of all interpretations and infographics. Renders into the cache first (in parallel where that
 * pays), and publishes into dist/ only when every render succeeded, so a failed build leaves nothing stale.
 * Also gives pages what they need at build time: loadInfographic(id).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { entryUrl } from '../content/registry';
import { ContentError, type Problem } from '../lib/problems';
import { defaultFontPaths, loadFonts } from './fonts';
import { modelToHtml, textVersionId } from './html';
import type { InfographicModel } from './model';
import { parseInfographic } from './parse';
import { createPool, defaultPoolSize } from './pool';
import { type InfographicImages, cacheLocation, defaultCacheDir, readCached, renderCached } from './cache';
import type { Encoding } from './raster';
import type { ImageFile } from './render';
import { socialCardCacheFile } from './social-card';
import { type CardEntry, type ContentForImages, parseInfographicFile, readContentForImages, readContentForImagesCached } from './sources';

/** Options shared by the build and loadInfographic. */
export interface ImageOptions {
  /** Project root; content/ and .cache/ are under it. */
  root?: string;
  /** Cache directory, .cache/infographics/ under the root unless set. */
  cacheDir?: string;
  /** 'preview' in the dev server: the same pixels, fast PNG files (see Encoding in raster.ts). */
  encoding?: Encoding;
}

/** URL path of an infographic's image folder: its page's URL, the images sit beside the page. */
export function infographicDir(id: string): string {
  return entryUrl('infographics', id);
}

/**
 * URL path of a social card, e.g. /og/interpretations/<id>.png, /og/organizations/<id>.png (the card of an issuer,
 * which its documents show), /og/site/site.png (every other page).
 */
export function socialCardPath(collection: CardEntry['collection'], id: string): string {
  return `/og/${collection}/${id}.png`;
}

/** The file a card's text comes from, named in a failure. */
function cardSourceFile(c: CardEntry): string {
  if (c.collection === 'site') return 'content/site.yaml';
  return `content/${c.collection}/${c.id}.${c.collection === 'organizations' ? 'yaml' : 'mdx'}`;
}

/** What a build produced, for logs and the bench. */
export interface BuildReport {
  infographics: { id: string; cached: boolean; renderMs: number; files: number }[];
  cards: { rendered: number; cached: number };
  /** Number of image files written to dist/. */
  published: number;
  ms: number;
}

/** Parses every published infographic (not a draft, not scheduled after today); throws ContentError with all problems when any is an error. */
export function parseAll(content: ContentForImages): { source: ContentForImages['infographics'][number]; model: InfographicModel }[] {
  const problems: Problem[] = [...content.problems.filter((p) => content.infographics.some((i) => i.file === p.file && i.published))];
  const parsed = content.infographics
    .filter((i) => i.published)
    .map((source) => {
      const r = source.sourceFile ? parseInfographicFile(source.sourceFile) : parseInfographic(source.source, source.file);
      problems.push(...r.problems);
      return { source, model: r.model };
    });
  if (problems.some((p) => p.severity === 'error')) throw new ContentError(problems);
  return parsed;
}

/**
 * Renders and publishes all images into `outDir` (dist/): tujie/<id>/… and og/<collection>/<id>.png.
 * `workers`: size of the thread pool (0 renders on this thread).
 */
export async function buildInfographics(
  opts: ImageOptions & { outDir: string; workers?: number; inProcess?: number; log?: (message: string) => void; maxHeight?: number; publish?: boolean },
): Promise<BuildReport> {
  const started = performance.now();
  const root = opts.root ?? process.cwd();
  const cacheDir = opts.cacheDir ?? defaultCacheDir(root);
  const content = readContentForImages(root);
  const parsed = parseAll(content);
  // Missing fonts fail here, once, with the fix, before any thread starts.
  const fonts = loadFonts(defaultFontPaths(root));
  const theme = content.site.theme;
  const failures: Problem[] = [];
  const fail = (file: string) => (e: unknown) => {
    if (e instanceof ContentError) failures.push(...e.problems);
    else failures.push({ severity: 'error', file, message: `图片生成失败：${(e as Error).message}`, fix: '再运行一次 npm run build；若仍失败，把这条信息发给技术人员。' });
    return undefined;
  };
  type Rendered = { dir: string; images: InfographicImages; cached: boolean };
  type Card = { file: string; cached: boolean };
  const cards = content.cards.filter((c) => c.published);
  const cardInput = (c: (typeof cards)[number]) => ({ title: c.title, kindLabel: c.kindLabel, issuer: c.issuer, date: c.date, siteName: content.site.name });
  // Cache hits are settled here on the main thread; only misses go to the pool, which starts only if there are any.
  const renders: (Rendered | undefined)[] = parsed.map(({ source, model }) => {
    const { dir, key } = cacheLocation({ model, context: source.context, theme, fonts }, { cacheDir, root, maxHeight: opts.maxHeight });
    const hit = readCached(cacheDir, key);
    return hit ? { dir, images: hit, cached: true } : undefined;
  });
  const cardFiles: (Card | undefined)[] = cards.map((c) => {
    const file = socialCardCacheFile(cardInput(c), theme, fonts, { cacheDir, root });
    return existsSync(file) ? { file, cached: true } : undefined;
  });
  const misses = renders.filter((r) => !r).length + cardFiles.filter((c) => !c).length;
  if (misses) {
    const pool = createPool(Math.min(opts.workers ?? defaultPoolSize(), misses), opts.inProcess);
    try {
      await Promise.all([
        ...parsed.map(async ({ source, model }, i) => {
          if (renders[i]) return;
          renders[i] = await pool
            .run<Rendered>({ kind: 'infographic', model, context: source.context, theme, cacheDir, root, maxHeight: opts.maxHeight })
            .catch(fail(source.file));
        }),
        ...cards.map(async (c, i) => {
          if (cardFiles[i]) return;
          cardFiles[i] = await pool.run<Card>({ kind: 'card', input: cardInput(c), theme, cacheDir, root }).catch(fail(cardSourceFile(c)));
        }),
      ]);
    } finally {
      await pool.close();
    }
  }
  if (failures.length) throw new ContentError(failures);

  // Publish: copy into a staging folder inside outDir, then rename each file into place.
  let published = 0;
  if (opts.publish !== false) {
    const staging = path.join(opts.outDir, `.infographics-staging-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    const moves: [string, string][] = [];
    const stage = (from: string, rel: string) => {
      const to = path.join(staging, rel);
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(from, to);
      moves.push([to, path.join(opts.outDir, rel)]);
    };
    try {
      renders.forEach((r, i) => {
        const id = parsed[i]!.model.id;
        for (const f of allFiles(r!.images)) stage(path.join(r!.dir, f.file), path.join(infographicDir(id), f.file));
      });
      cardFiles.forEach((c, i) => stage(c!.file, path.join('og', cards[i]!.collection, `${cards[i]!.id}.png`)));
      for (const [from, to] of moves) {
        mkdirSync(path.dirname(to), { recursive: true });
        renameSync(from, to);
      }
      published = moves.length;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const report: BuildReport = {
    infographics: renders.map((r, i) => ({ id: parsed[i]!.model.id, cached: r!.cached, renderMs: r!.images.renderMs, files: allFiles(r!.images).length })),
    cards: { rendered: cardFiles.filter((c) => c && !c.cached).length, cached: cardFiles.filter((c) => c?.cached).length },
    published,
    ms: Math.round(performance.now() - started),
  };
  // The build renders at its start and publishes at its end; the second line would only repeat "all cached".
  const allCached = report.infographics.every((r) => r.cached) && report.cards.rendered === 0;
  if (opts.publish !== false && allCached) opts.log?.(`图解：写出 ${published} 个图片文件（图解 ${report.infographics.length} 幅，分享卡片 ${cards.length} 张），用时 ${report.ms} ms。`);
  else opts.log?.(
    `图解：${report.infographics.length} 幅（新生成 ${report.infographics.filter((r) => !r.cached).length}，缓存 ${report.infographics.filter((r) => r.cached).length}），` +
      `分享卡片 ${cards.length} 张（新生成 ${report.cards.rendered}），写出 ${published} 个图片文件，用时 ${report.ms} ms。`,
  );
  return report;
}

/** Every file of a render, long image pieces first. */
export function allFiles(images: InfographicImages): ImageFile[] {
  const long = images.long.flatMap((l) => [l.image, ...l.slices.filter((s) => s.file !== l.image.file)]);
  return [...long, ...images.sections.map((s) => s.image)];
}

/** One slice of the long image as the page shows it, ready for <img src width height>. */
export interface ImageSlice {
  /** URL path, e.g. /tujie/guofa-2019-5/guofa-2019-5-top.png?v=…; */
  src: string;
  /** px, for the width and height attributes (the image is 750 px wide, shown at most that wide). */
  width: number;
  height: number;
}

/** One piece of the long image: the whole file to download, and the slices the page stacks in its place. */
export interface LongImageForPage {
  /** URL path of the whole piece, e.g. /tujie/guofa-2019-5/guofa-2019-5.png?v=…, for download and sharing. */
  href: string;
  /** File name to suggest in the download attribute. */
  fileName: string;
  /** px */
  width: number;
  /** px */
  height: number;
  bytes: number;
  /** Numbers of the sections this piece shows. */
  sections: number[];
  /** Top to bottom, to be stacked without a gap; the first screen first (see LongImage in render.ts). */
  slices: ImageSlice[];
}

/** A section image offered for download. */
export interface SectionDownload {
  number: number;
  title: string;
  href: string;
  /** File name to suggest in the download attribute. */
  fileName: string;
  width: number;
  height: number;
  bytes: number;
}

/** Everything an infographic's page needs, from loadInfographic(id). */
export interface LoadedInfographic {
  id: string;
  model: InfographicModel;
  /** Short alternative text: the alt field, or 图解：<title>. */
  alt: string;
  /** id of the text version's element: use it in the image's aria-describedby. */
  textId: string;
  /** The text version (文字版) as HTML: <div id={textId}>…</div>; insert with set:html. */
  html: string;
  /** The long image, usually one piece; several when it was cut at section boundaries. */
  images: LongImageForPage[];
  sections: SectionDownload[];
  /** URL path of the social card. */
  socialCard: string;
}

/**
 * For a page at build time: the model, the text version's HTML and id, and the image URLs with their
 * dimensions. Renders the images into the cache when they are not there yet (normally the build's start
 * hook already did). Throws ContentError when the source has errors. URL paths start at the site root
 * (/tujie/…, /og/…).
 */
export async function loadInfographic(id: string, opts: ImageOptions = {}): Promise<LoadedInfographic> {
  const { model, images } = await ensureRendered(id, opts);
  const folder = infographicDir(id);
  const v = `?v=${images.key.slice(0, 10)}`;
  const safe = (s: string) => s.replace(/[\\/:*?"<>|]/g, '');
  return {
    id,
    model,
    alt: model.meta.alt ?? (/^(图解|一图读懂)/.test(model.meta.title) ? model.meta.title : `图解：${model.meta.title}`),
    textId: textVersionId(id),
    html: modelToHtml(model),
    images: images.long.map((l, i) => ({
      href: `${folder}${l.image.file}${v}`,
      fileName: `${safe(model.meta.title)}${images.long.length > 1 ? `-${i + 1}` : ''}.png`,
      width: l.image.width,
      height: l.image.height,
      bytes: l.image.bytes,
      sections: l.sections,
      slices: l.slices.map((s) => ({ src: `${folder}${s.file}${v}`, width: s.width, height: s.height })),
    })),
    sections: images.sections.map((s) => ({
      number: s.number,
      title: s.title,
      href: `${folder}${s.image.file}${v}`,
      fileName: `${safe(model.meta.title)}-${s.number}-${safe(s.title)}.png`,
      width: s.image.width,
      height: s.image.height,
      bytes: s.image.bytes,
    })),
    socialCard: socialCardPath('infographics', id),
  };
}

/** Parses an infographic and makes sure its images are in the cache; throws ContentError on errors in the source. */
async function ensureRendered(id: string, opts: ImageOptions): Promise<{ model: InfographicModel; dir: string; images: InfographicImages }> {
  const root = opts.root ?? process.cwd();
  const content = readContentForImagesCached(root);
  const source = content.infographics.find((i) => i.id === id);
  if (!source) {
    throw new ContentError([
      { severity: 'error', file: `content/infographics/${id}.mdx`, message: `找不到图解 "${id}"。`, fix: '检查 content/infographics/ 下的文件名。' },
    ]);
  }
  const { model, problems } = source.sourceFile ? parseInfographicFile(source.sourceFile) : parseInfographic(source.source, source.file);
  const errors = [...problems, ...content.problems.filter((p) => p.file === source.file)].filter((p) => p.severity === 'error');
  if (errors.length) throw withoutStack(new ContentError(errors));
  const fonts = loadFonts(defaultFontPaths(root));
  const { dir, images } = await renderCached(
    { model, context: source.context, theme: content.site.theme, fonts },
    { cacheDir: opts.cacheDir ?? defaultCacheDir(root), root, encoding: opts.encoding },
  );
  return { model, dir, images };
}

/**
 * A ContentError is about an editor's file, not about the code: without its stack, Astro's dev server prints only
 * the Chinese problem list in the terminal (it prints err.stack when there is one), not a screen of stack lines.
 */
function withoutStack(error: ContentError): ContentError {
  error.stack = '';
  return error;
}

/** The cached file of an infographic's image, rendering it if needed (for the dev server); undefined when there is no such file. */
export async function findImageFile(id: string, file: string, opts: ImageOptions = {}): Promise<string | undefined> {
  const { dir, images } = await ensureRendered(id, opts);
  return allFiles(images).some((f) => f.file === file) && existsSync(path.join(dir, file)) ? path.join(dir, file) : undefined;
}

/** Names of files left in a directory (used by tests to prove nothing stale was published). */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}
