/**
 * Fonts of the images: Noto Sans SC Regular and Bold from the pinned npm package, read once per process, and the
 * fallback fonts that draw what Noto Sans SC lacks (symbols, emoji, CJK extension characters of names and places),
 * read only when a text needs one of their characters.
 * Also measures text with the fonts' own advance widths (fontkit: cmap + hmtx), so linebreak.ts can break lines
 * exactly where they fit: satori does not say where it broke a line, so lines are broken before it sees them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Fontkit from 'fontkit';
import type { Font } from 'satori';
import { ContentError } from '../lib/problems';

/** Family name the layout uses. */
export const FONT_FAMILY = 'Noto Sans SC';

/** The package the fonts come from; its version is pinned in package.json. */
export const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** A font that draws characters Noto Sans SC lacks: an OFL font from a pinned npm package, regular weight only. */
export interface FallbackFontSpec {
  /** Family name given to satori. */
  name: string;
  /** npm package, pinned in package.json. */
  package: string;
  /** The TTF inside the package. */
  file: string;
  /** What it draws, in Chinese, for messages. */
  draws: string;
}

/**
 * Fallback fonts in the order they are tried: a character Noto Sans SC lacks is drawn by the first of these that has
 * it. Regular weight only: satori synthesises bold for them, and loading a second weight of the CJK fonts (5–7 MB
 * each) would double the cost for a few characters. All are SIL Open Font License 1.1.
 * Measured coverage beyond Noto Sans SC: Symbols 2 (1.2 MB) ✔ ☑ and other dingbats and shapes; Symbols (0.2 MB);
 * Noto Emoji (0.9 MB, monochrome, drawn in the text colour) ✅ and other emoji; Noto Sans TC (7.1 MB) 1702 characters
 * of CJK extension B and later (𡈼 …); Noto Sans JP (5.5 MB) 383 more (𠮷 …).
 * To add one: install an OFL font package with `npm i -E`, add it here (order matters: a font is loaded together
 * with every font before it), and run the glyph tests (tests/unit/infographics/glyphs.test.ts).
 */
export const FALLBACK_FONTS: readonly FallbackFontSpec[] = [
  { name: 'Noto Sans Symbols 2', package: '@expo-google-fonts/noto-sans-symbols-2', file: '400Regular/NotoSansSymbols2_400Regular.ttf', draws: '符号（✔ ☑ 等）' },
  { name: 'Noto Sans Symbols', package: '@expo-google-fonts/noto-sans-symbols', file: '400Regular/NotoSansSymbols_400Regular.ttf', draws: '符号' },
  { name: 'Noto Emoji', package: '@expo-google-fonts/noto-emoji', file: '400Regular/NotoEmoji_400Regular.ttf', draws: 'emoji（✅ 等，单色）' },
  { name: 'Noto Sans TC', package: '@expo-google-fonts/noto-sans-tc', file: '400Regular/NotoSansTC_400Regular.ttf', draws: '扩展区汉字（𡈼 等）' },
  { name: 'Noto Sans JP', package: '@expo-google-fonts/noto-sans-jp', file: '400Regular/NotoSansJP_400Regular.ttf', draws: '扩展区汉字（𠮷 等）' },
];

/** A fallback font file: family name for satori, path, and the package it came from. */
export interface FallbackFontFile {
  name: string;
  file: string;
  package: string;
}

/** Paths of the font files, regular (400) and bold (700), and the fallback fonts in the order they are tried. */
export interface FontPaths {
  regular: string;
  bold: string;
  /** Fallback fonts (FALLBACK_FONTS resolved); none when not given. */
  fallbacks?: readonly FallbackFontFile[];
}

/**
 * Which font draws each character: 0 is Noto Sans SC, 1… the fallback fonts in order, -1 none (an empty box in the
 * image). Read from the fonts' cmaps with fontkit, each cmap once per process as a Set; a fallback font's cmap is read
 * only when Noto Sans SC lacks a character.
 */
export interface FontCoverage {
  /** Index of the font that draws the code point: 0 Noto Sans SC, i ≥ 1 the fallback paths.fallbacks[i - 1], -1 none. */
  fontOf(codePoint: number): number;
  /** The fallback font files, in order (fontOf(cp) - 1 indexes this). */
  fallbacks: readonly FallbackFontFile[];
}

/** Loaded fonts: what satori needs, a hash of the bytes for cache keys, a text measurer and the glyph coverage. */
export interface LoadedFonts {
  /** Pass this same array to every satori call: satori caches parsed fonts by its identity. */
  satori: Font[];
  /** sha256 of both font files and the fallback fonts' names and packages' versions, part of every image's cache key. */
  hash: string;
  /** Width in px of `text` set at `size` px in the given weight, from the font's advance widths (fallback fonts' for characters Noto Sans SC lacks). */
  measure(text: string, size: number, weight: 400 | 700): number;
  /** Which font draws each character (cmaps read once per process). */
  coverage: FontCoverage;
  /**
   * satori's `loadAdditionalAsset`: for a segment satori found no font for, the fallback fonts that draw it (every
   * fallback font up to the last one needed, in FALLBACK_FONTS order, so satori tries them in that order whatever
   * text came first); nothing when no fallback font has its characters. Font files are read once per process.
   */
  loadAdditionalAsset(languageCode: string, segment: string): Promise<Font[]>;
}

/** Resolves an installed package's folder from the project root first, then from this module. */
function packageDir(pkg: string, root: string): string {
  // From the root first; from this module when the root is a fixture folder without node_modules.
  for (const from of [path.join(root, 'package.json'), import.meta.url]) {
    try {
      return path.dirname(createRequire(from).resolve(`${pkg}/package.json`));
    } catch {
      // try the next place
    }
  }
  return path.join(root, 'node_modules', pkg);
}

/** Paths of the pinned packages' static TTFs, resolved from the project root. */
export function defaultFontPaths(root = process.cwd()): FontPaths {
  const dir = packageDir(FONT_PACKAGE, root);
  return {
    regular: path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'),
    bold: path.join(dir, '700Bold', 'NotoSansSC_700Bold.ttf'),
    fallbacks: FALLBACK_FONTS.map((f) => ({ name: f.name, package: f.package, file: path.join(packageDir(f.package, root), f.file) })),
  };
}

const loaded = new Map<string, LoadedFonts>();

/**
 * Loads both fonts once per process (later calls return the cached result); fallback fonts are read when first needed.
 * A missing or unreadable font file is a ContentError with the fix, in Chinese (a fallback font's when it is needed).
 */
export function loadFonts(paths: FontPaths = defaultFontPaths()): LoadedFonts {
  const fallbacks = paths.fallbacks ?? [];
  const key = [paths.regular, paths.bold, ...fallbacks.map((f) => f.file)].join('\n');
  const cached = loaded.get(key);
  if (cached) return cached;
  const regular = readFont(paths.regular, '思源黑体（Noto Sans SC）常规体（Regular）', FONT_PACKAGE);
  const bold = readFont(paths.bold, '思源黑体（Noto Sans SC）粗体（Bold）', FONT_PACKAGE);
  const metrics = { 400: fontMetrics(regular, paths.regular, true), 700: fontMetrics(bold, paths.bold, true) } as const;
  const fallbackMetrics = fallbacks.map((f) => lazy(() => fontMetrics(fallbackData(f), f.file, false)));
  const coverage = coverageOf(metrics[400], fallbackMetrics, fallbacks);
  const result: LoadedFonts = {
    satori: [
      { name: FONT_FAMILY, data: regular, weight: 400, style: 'normal' },
      { name: FONT_FAMILY, data: bold, weight: 700, style: 'normal' },
    ],
    hash: createHash('sha256')
      .update(regular)
      .update(bold)
      .update(JSON.stringify(fallbacks.map((f) => [f.name, path.basename(f.file), packageVersion(f.file)])))
      .digest('hex'),
    measure(text, size, weight) {
      const m = metrics[weight];
      let width = 0;
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        const font = coverage.fontOf(cp);
        // A fallback font draws it (bold synthesised, same advance); a character no font has gets a full em.
        width += font === 0 ? m.advance(cp) / m.unitsPerEm : font > 0 ? fallbackMetrics[font - 1]!().advance(cp) / fallbackMetrics[font - 1]!().unitsPerEm : 1;
      }
      return width * size;
    },
    coverage,
    async loadAdditionalAsset(_languageCode, segment) {
      let last = 0;
      for (const ch of segment) last = Math.max(last, coverage.fontOf(ch.codePointAt(0)!));
      return fallbacks.slice(0, last).map((f) => ({ name: f.name, data: fallbackData(f), weight: 400, style: 'normal' }) satisfies Font);
    },
  };
  loaded.set(key, result);
  return result;
}

/** A fallback font's bytes, read once per process. */
function fallbackData(f: FallbackFontFile): Buffer {
  let data = fallbackBytes.get(f.file);
  if (!data) {
    data = readFont(f.file, `补充字体 ${f.name}`, f.package);
    fallbackBytes.set(f.file, data);
  }
  return data;
}
const fallbackBytes = new Map<string, Buffer>();

/** Version of the npm package a font file is in ('' when its package.json cannot be read). */
function packageVersion(file: string): string {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '';
    } catch {
      // not this folder
    }
  }
  return '';
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

let fontkitModule: typeof Fontkit | undefined;
/**
 * fontkit, loaded on first use: `npm run check` imports this module for every run but needs fonts only when an
 * infographic parses cleanly, and loading fontkit costs about 0.35 s of a one-file check.
 */
function loadFontkit(): typeof Fontkit {
  fontkitModule ??= createRequire(import.meta.url)('fontkit') as typeof Fontkit;
  return fontkitModule;
}

/** One font's cmap (as a Set, built once) and advance widths, read with fontkit. */
interface FontMetrics {
  unitsPerEm: number;
  has(codePoint: number): boolean;
  /** Advance width in font units. */
  advance(codePoint: number): number;
}

/**
 * `cmapAsSet`: the whole cmap as a Set, built once (about 0.1 s for Noto Sans SC's 30,890 characters), for the font
 * every character is looked up in; a fallback font, asked only about characters Noto Sans SC lacks, answers from
 * fontkit's cmap lookup instead (building the Sets of all fallback fonts would cost another 0.45 s).
 */
function fontMetrics(buf: Buffer, file: string, cmapAsSet: boolean): FontMetrics {
  let font: Fontkit.Font;
  try {
    const parsed = loadFontkit().create(buf);
    if (!('characterSet' in parsed)) throw new Error('font collection');
    font = parsed;
  } catch (e) {
    throw new ContentError([
      {
        severity: 'error',
        file,
        message: `字体文件无法读取（${(e as Error).message}），不是可用的 TrueType/OpenType 字体。`,
        fix: `在项目目录运行 npm ci 重新安装字体包（${FONT_PACKAGE} 和 src/infographics/fonts.ts 中 FALLBACK_FONTS 列出的包）。`,
      },
    ]);
  }
  const cmap = lazy(() => new Set(font.characterSet));
  const advances = new Map<number, number>();
  return {
    unitsPerEm: font.unitsPerEm,
    has: cmapAsSet ? (cp) => cmap().has(cp) : (cp) => font.hasGlyphForCodePoint(cp),
    advance(cp) {
      let a = advances.get(cp);
      if (a === undefined) {
        a = font.glyphForCodePoint(cp).advanceWidth;
        advances.set(cp, a);
      }
      return a;
    },
  };
}

/** Characters no font needs to draw: controls, line breaks, variation selectors, joiners (default-ignorable). */
const INVISIBLE = /^[\p{Cc}\p{Default_Ignorable_Code_Point}]$/u;

function coverageOf(primary: FontMetrics, fallbacks: readonly (() => FontMetrics)[], files: readonly FallbackFontFile[]): FontCoverage {
  const memo = new Map<number, number>();
  return {
    fallbacks: files,
    fontOf(cp) {
      let font = memo.get(cp);
      if (font === undefined) {
        if (primary.has(cp) || INVISIBLE.test(String.fromCodePoint(cp))) font = 0;
        else {
          const i = fallbacks.findIndex((f) => f().has(cp));
          font = i < 0 ? -1 : i + 1;
        }
        memo.set(cp, font);
      }
      return font;
    },
  };
}

function readFont(file: string, what: string, pkg: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const rel = path.relative(process.cwd(), file);
    throw new ContentError([
      {
        severity: 'error',
        file: rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/'),
        message: `${code === 'ENOENT' ? '找不到' : `无法读取（${code ?? (e as Error).message}）`}图解用的字体文件：${what}。没有字体，图解图片无法生成。`,
        fix: `在项目目录运行 npm ci 安装依赖（字体来自 npm 包 ${pkg}，版本见 package.json）。`,
      },
    ]);
  }
}

