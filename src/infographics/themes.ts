/**
 * Colours and type sizes of the images, one palette per site theme (THEMES in src/schemas/site.ts).
 * Every text colour is used only on the backgrounds it was checked against: tests walk the laid-out
 * tree and require WCAG contrast of at least 4.5:1 for every piece of text.
 */
import type { THEMES } from '../schemas/site';

/** A theme name from the site config. */
export type ThemeName = (typeof THEMES)[number];

/** Colours of one theme, each named by where it is used. */
export interface Palette {
  /** Page background behind sections. */
  page: string;
  /** Body text. */
  text: string;
  /** Secondary text (figure labels, list markers) on page and card backgrounds. */
  muted: string;
  /** Masthead background. */
  mastheadBg: string;
  /** Masthead title. */
  mastheadText: string;
  /** Masthead issuer and date line. */
  mastheadMuted: string;
  /** Section number badge, step circles, accents. */
  primary: string;
  /** Text on `primary`. */
  onPrimary: string;
  /** Section headings. */
  heading: string;
  /** Key figure value and unit. */
  accent: string;
  /** Card background (figures, steps). */
  card: string;
  /** Card border. */
  cardBorder: string;
  /** Note background, accent bar and heading. */
  noteBg: string;
  noteBar: string;
  noteTitle: string;
  /** Compare: before side background and heading. */
  beforeBg: string;
  beforeTitle: string;
  /** Compare: after side background and heading. */
  afterBg: string;
  afterTitle: string;
  /** Footer background and text. */
  footerBg: string;
  footerText: string;
}

/** The palettes. */
export const PALETTES: Record<ThemeName, Palette> = {
  'zhengwu-red': {
    page: '#fdf8f3',
    text: '#262626',
    muted: '#595959',
    mastheadBg: '#b2141b',
    mastheadText: '#ffffff',
    mastheadMuted: '#ffe7d6',
    primary: '#b2141b',
    onPrimary: '#ffffff',
    heading: '#8e1016',
    accent: '#b2141b',
    card: '#ffffff',
    cardBorder: '#efd9c8',
    noteBg: '#fff1dc',
    noteBar: '#c77700',
    noteTitle: '#7a4500',
    beforeBg: '#efefef',
    beforeTitle: '#4d4d4d',
    afterBg: '#fde9e7',
    afterTitle: '#8e1016',
    footerBg: '#3b2a26',
    footerText: '#f5ece6',
  },
  'qingshan-blue': {
    page: '#f3f7fb',
    text: '#1f2933',
    muted: '#52606d',
    mastheadBg: '#14508c',
    mastheadText: '#ffffff',
    mastheadMuted: '#d9e8f7',
    primary: '#14508c',
    onPrimary: '#ffffff',
    heading: '#0f3f70',
    accent: '#135fa8',
    card: '#ffffff',
    cardBorder: '#d3e0ee',
    noteBg: '#e6f4ef',
    noteBar: '#2f8f6b',
    noteTitle: '#1d5c44',
    beforeBg: '#eceff2',
    beforeTitle: '#3e4c59',
    afterBg: '#e3eefa',
    afterTitle: '#0f3f70',
    footerBg: '#1d2b3a',
    footerText: '#e8eef5',
  },
};

/** Type sizes in px at the 750 px design width. Nothing is smaller than 28 px, readable on a phone without zooming. */
export const TYPE = {
  /** Smallest text anywhere in an infographic image. */
  min: 28,
  body: 30,
  small: 28,
  mastheadTitle: 50,
  mastheadKicker: 30,
  sectionTitle: 40,
  sectionNumber: 34,
  figureValue: 64,
  figureUnit: 30,
  /** Line height of body text (elder-friendly rules ask for at least 1.3). */
  lineHeight: 1.6,
  headingLineHeight: 1.35,
} as const;

/** Design width of the long image in px (2x a 375 pt phone screen). */
export const DESIGN_WIDTH = 750;
/** Horizontal page padding. */
export const PAGE_PADDING = 40;

/** The palette of a theme; unknown names fall back to the default theme. */
export function paletteOf(theme: string): Palette {
  return PALETTES[theme as ThemeName] ?? PALETTES['zhengwu-red'];
}

/** Relative luminance of an sRGB colour written #rrggbb (WCAG 2.1). */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
