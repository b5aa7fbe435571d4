/**
 * Fonts of the images: Noto Sans SC Regular and Bold from the pinned npm package, read once per process.
 * Also measures text with the fonts' own advance widths (cmap + hmtx), so linebreak.ts can break lines
 * exactly where they fit: satori does not say where it broke a line, so lines are broken before it sees them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Font } from 'satori';
import { ContentError } from '../lib/problems';

/** Family name the layout uses. */
export const FONT_FAMILY = 'Noto Sans SC';

/** The package the fonts come from; its version is pinned in package.json. */
export const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** Paths of the font files, regular (400) and bold (700). */
export interface FontPaths {
  regular: string;
  bold: string;
}

/** Loaded fonts: what satori needs, a hash of the bytes for cache keys, and a text measurer. */
export interface LoadedFonts {
  /** Pass this same array to every satori call: satori caches parsed fonts by its identity. */
  satori: Font[];
  /** sha256 of both font files, part of every image's cache key. */
  hash: string;
  /** Width in px of `text` set at `size` px in the given weight, from the font's advance widths. */
  measure(text: string, size: number, weight: 400 | 700): number;
}

/** Paths of the pinned package's static TTFs, resolved from the project root. */
export function defaultFontPaths(root = process.cwd()): FontPaths {
  // From the root first; from this module when the root is a fixture folder without node_modules.
  let dir = path.join(root, 'node_modules', FONT_PACKAGE);
  for (const from of [path.join(root, 'package.json'), import.meta.url]) {
    try {
      dir = path.dirname(createRequire(from).resolve(`${FONT_PACKAGE}/package.json`));
      break;
    } catch {
      // try the next place
    }
  }
  return {
    regular: path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'),
    bold: path.join(dir, '700Bold', 'NotoSansSC_700Bold.ttf'),
  };
}

const loaded = new Map<string, LoadedFonts>();

/**
 * Loads both fonts once per process (later calls return the cached result).
 * A missing or unreadable font file is a ContentError with the fix, in Chinese.
 */
export function loadFonts(paths: FontPaths = defaultFontPaths()): LoadedFonts {
  const key = `${paths.regular}\n${paths.bold}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const regular = readFont(paths.regular, '常规体（Regular）');
  const bold = readFont(paths.bold, '粗体（Bold）');
  const metrics = { 400: readMetrics(regular, paths.regular), 700: readMetrics(bold, paths.bold) } as const;
  const result: LoadedFonts = {
    satori: [
      { name: FONT_FAMILY, data: regular, weight: 400, style: 'normal' },
      { name: FONT_FAMILY, data: bold, weight: 700, style: 'normal' },
    ],
    hash: createHash('sha256').update(regular).update(bold).digest('hex'),
    measure(text, size, weight) {
      const m = metrics[weight];
      let units = 0;
      for (const ch of text) units += m.advance(ch.codePointAt(0)!);
      return (units * size) / m.unitsPerEm;
    },
  };
  loaded.set(key, result);
  return result;
}

function readFont(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const rel = path.relative(process.cwd(), file);
    throw new ContentError([
      {
        severity: 'error',
        file: rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/'),
        message: `${code === 'ENOENT' ? '找不到' : `无法读取（${code ?? (e as Error).message}）`}图解用的字体文件：思源黑体（Noto Sans SC）${what}。没有字体，图解图片无法生成。`,
        fix: `在项目目录运行 npm ci 安装依赖（字体来自 npm 包 ${FONT_PACKAGE}，版本见 package.json）。`,
      },
    ]);
  }
}

/** Advance widths from a TrueType/OpenType file: head.unitsPerEm, hhea.numberOfHMetrics, hmtx, cmap (format 12 or 4). */
function readMetrics(buf: Buffer, file: string): { unitsPerEm: number; advance(cp: number): number } {
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const need = (tag: string) => {
    const off = tables.get(tag);
    if (off === undefined) {
      throw new ContentError([
        { severity: 'error', file, message: `字体文件缺少 ${tag} 表，不是可用的 TrueType/OpenType 字体。`, fix: `重新安装字体包：npm ci（${FONT_PACKAGE}）。` },
      ]);
    }
    return off;
  };
  const unitsPerEm = buf.readUInt16BE(need('head') + 18);
  const numberOfHMetrics = buf.readUInt16BE(need('hhea') + 34);
  const hmtx = need('hmtx');
  const cmap = need('cmap');
  const glyphOf = readCmap(buf, cmap);
  const lastAdvance = buf.readUInt16BE(hmtx + (numberOfHMetrics - 1) * 4);
  const advances = new Map<number, number>();
  return {
    unitsPerEm,
    advance(cp) {
      let a = advances.get(cp);
      if (a === undefined) {
        // Characters the font lacks are drawn by satori from a fallback; a full em is the safe guess.
        const g = glyphOf(cp);
        a = g === 0 ? unitsPerEm : g < numberOfHMetrics ? buf.readUInt16BE(hmtx + g * 4) : lastAdvance;
        advances.set(cp, a);
      }
      return a;
    },
  };
}

function readCmap(buf: Buffer, cmap: number): (cp: number) => number {
  const n = buf.readUInt16BE(cmap + 2);
  let f12: number | undefined;
  let f4: number | undefined;
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const sub = cmap + buf.readUInt32BE(rec + 4);
    const format = buf.readUInt16BE(sub);
    if (format === 12 && (platform === 3 || platform === 0)) f12 ??= sub;
    if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) f4 ??= sub;
  }
  if (f12 !== undefined) {
    const sub = f12;
    const groups = buf.readUInt32BE(sub + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = sub + 16 + mid * 12;
        const start = buf.readUInt32BE(g);
        const end = buf.readUInt32BE(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return buf.readUInt32BE(g + 8) + (cp - start);
      }
      return 0;
    };
  }
  if (f4 !== undefined) {
    const sub = f4;
    const segX2 = buf.readUInt16BE(sub + 6);
    const ends = sub + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const offsets = deltas + segX2;
    return (cp) => {
      if (cp > 0xffff) return 0;
      for (let i = 0; i < segX2; i += 2) {
        if (cp > buf.readUInt16BE(ends + i)) continue;
        const start = buf.readUInt16BE(starts + i);
        if (cp < start) return 0;
        const delta = buf.readInt16BE(deltas + i);
        const ro = buf.readUInt16BE(offsets + i);
        if (ro === 0) return (cp + delta) & 0xffff;
        const g = buf.readUInt16BE(offsets + i + ro + (cp - start) * 2);
        return g === 0 ? 0 : (g + delta) & 0xffff;
      }
      return 0;
    };
  }
  return () => 0;
}
