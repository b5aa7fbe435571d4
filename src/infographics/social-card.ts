/**
 * The 1200×630 social card (Open Graph image) of an interpretation or infographic: kind, title, issuer,
 * date and site name on the theme's masthead colour. PNG, which every crawler and messenger reads.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FONT_FAMILY, type LoadedFonts, defaultFontPaths, loadFonts } from './fonts';
import type { El } from './layout';
import { breakLines } from './linebreak';
import { codeVersion, defaultCacheDir, rendererVersions } from './cache';
import { rasterize, rgbImage } from './raster';
import { elementToSvg } from './svg';
import { type ThemeName, paletteOf } from './themes';

/** Card size in px, the Open Graph recommendation. */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** What a social card shows. */
export interface SocialCardInput {
  /** Title of the page, e.g. 一图读懂《…》. */
  title: string;
  /** Kind of page, e.g. 政策解读, 图解. */
  kindLabel: string;
  /** Issuer (发文机关) or interpreting office. */
  issuer?: string;
  /** Date published, YYYY-MM-DD. */
  date?: string;
  /** Site name. */
  siteName: string;
}

const PAD = 72;
const TITLE_SIZE = 60;
const TITLE_LINES = 3;

function div(style: Record<string, string | number>, children?: El[] | string): El {
  return { type: 'div', props: { style: { display: 'flex', boxSizing: 'border-box', ...style }, children } };
}

/**
 * The title broken into at most three lines between phrases (linebreak.ts, as the infographic titles), the last one
 * shortened with … when the title is longer.
 */
export function cardTitleLines(title: string, fonts: LoadedFonts, width = CARD_WIDTH - 2 * PAD): string[] {
  const measure = (s: string) => fonts.measure(s, TITLE_SIZE, 700);
  const lines = breakLines(title, width - 2, measure, { phrases: true });
  if (lines.length <= TITLE_LINES) return lines;
  const kept = lines.slice(0, TITLE_LINES);
  let last = [...kept[TITLE_LINES - 1]!];
  while (last.length && measure(`${last.join('')}…`) > width - 2) last = last.slice(0, -1);
  kept[TITLE_LINES - 1] = `${last.join('').replace(/[，。、；：（《「“‘\s]+$/u, '')}…`;
  return kept;
}

/** The card's element tree (exported for tests). */
export function socialCardElement(input: SocialCardInput, theme: ThemeName | string, fonts: LoadedFonts): El {
  const p = paletteOf(theme);
  // The issuer line gives way to the site name: shortened with … when both would not fit on one line.
  const room = CARD_WIDTH - 2 * PAD - fonts.measure(input.siteName, 32, 700) - 40;
  let issuer = input.issuer ?? '';
  const metaText = () => [issuer, input.date].filter(Boolean).join('　');
  while (issuer && fonts.measure(metaText(), 32, 400) > room) {
    const chars = [...issuer.replace(/…$/, '')];
    issuer = chars.length > 1 ? `${chars.slice(0, -1).join('')}…` : '';
  }
  const meta = metaText();
  return {
    type: 'div',
    props: {
      lang: 'zh-CN',
      style: {
        display: 'flex',
        flexDirection: 'column',
        boxSizing: 'border-box',
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        backgroundColor: p.mastheadBg,
        fontFamily: FONT_FAMILY,
        padding: `${PAD - 8}px ${PAD}px 56px`,
      },
      children: [
        div({}, [
          div(
            { fontSize: 32, fontWeight: 700, color: p.mastheadText, border: `3px solid ${p.mastheadText}`, borderRadius: 10, padding: '2px 20px', lineHeight: 1.4 },
            input.kindLabel,
          ),
        ]),
        div(
          { flexDirection: 'column', flexGrow: 1, justifyContent: 'center' },
          cardTitleLines(input.title, fonts).map((line) =>
            div({ fontSize: TITLE_SIZE, fontWeight: 700, color: p.mastheadText, lineHeight: 1.3, whiteSpace: 'pre' }, line),
          ),
        ),
        div({ height: 3, width: 120, backgroundColor: p.mastheadMuted, marginBottom: 24 }),
        div({ justifyContent: 'space-between', alignItems: 'flex-end' }, [
          div({ fontSize: 32, color: p.mastheadMuted, whiteSpace: 'pre' }, meta || ' '),
          div({ fontSize: 32, fontWeight: 700, color: p.mastheadText, whiteSpace: 'pre' }, input.siteName),
        ]),
      ],
    },
  };
}

/**
 * Renders the social card to a PNG buffer (1200×630), lossless PNG level 9, rasterised with resvg as the infographics
 * (raster.ts; about half of librsvg's CPU time on a card, and 30 KB instead of 48). Fonts are read once per process.
 */
export async function renderSocialCard(input: SocialCardInput, theme: ThemeName | string, fonts: LoadedFonts = loadFonts()): Promise<Buffer> {
  const svg = await elementToSvg(socialCardElement(input, theme, fonts), fonts, CARD_WIDTH, CARD_HEIGHT);
  const r = await rasterize(svg);
  return rgbImage(r).png({ compressionLevel: 9 }).toBuffer();
}

/** Where a social card is cached: .cache/infographics/og/<hash of text, theme, code, fonts, library versions>.png. */
export function socialCardCacheFile(input: SocialCardInput, theme: ThemeName | string, fonts: LoadedFonts, opts: { cacheDir?: string; root?: string } = {}): string {
  const key = createHash('sha256')
    .update(JSON.stringify({ input, theme, fonts: fonts.hash, code: codeVersion(opts.root), versions: rendererVersions() }))
    .digest('hex');
  return path.join(opts.cacheDir ?? defaultCacheDir(opts.root), 'og', `${key}.png`);
}

/** A social card from the cache, rendered when missing. Returns the cached file's path. */
export async function renderSocialCardCached(
  input: SocialCardInput,
  theme: ThemeName | string,
  opts: { cacheDir?: string; root?: string; fonts?: LoadedFonts } = {},
): Promise<{ file: string; cached: boolean }> {
  const fonts = opts.fonts ?? loadFonts(defaultFontPaths(opts.root));
  const file = socialCardCacheFile(input, theme, fonts, opts);
  if (existsSync(file)) return { file, cached: true };
  const png = await renderSocialCard(input, theme, fonts);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, png);
  renameSync(tmp, file);
  return { file, cached: false };
}
