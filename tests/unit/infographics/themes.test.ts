import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../../src/infographics/fonts';
import { type El, layoutInfographic } from '../../../src/infographics/layout';
import { socialCardElement } from '../../../src/infographics/social-card';
import { PALETTES, TYPE, contrast, paletteOf } from '../../../src/infographics/themes';
import { THEMES } from '../../../src/schemas/site';
import { parseInfographic } from '../../../src/infographics/parse';
import { readContentForImages } from '../../../src/infographics/sources';
import { CONTEXT, allBlocksModel } from './fixtures';

const fonts = loadFonts();

/** Every piece of text in a tree with its colour, the background it sits on, and its font size. */
function textRuns(el: El, inherited: { color?: string; background?: string; fontSize?: number } = {}) {
  const s = el.props.style;
  const here = {
    color: (s.color as string | undefined) ?? inherited.color,
    background: (s.backgroundColor as string | undefined) ?? inherited.background,
    fontSize: (s.fontSize as number | undefined) ?? inherited.fontSize,
  };
  const runs: { text: string; color?: string; background?: string; fontSize?: number }[] = [];
  const children = el.props.children;
  if (typeof children === 'string') runs.push({ text: children, ...here });
  else for (const c of children ?? []) runs.push(...textRuns(c, here));
  return runs;
}

describe('themes', () => {
  it('WCAG contrast is computed as the standard defines it', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('every theme of the site config has a palette', () => {
    expect(Object.keys(PALETTES).sort()).toEqual([...THEMES].sort());
  });

  for (const theme of THEMES) {
    it(`every text in an infographic of theme ${theme} has contrast of at least 4.5:1 on its background`, () => {
      const parts = layoutInfographic({ model: allBlocksModel(), context: CONTEXT, palette: paletteOf(theme), fonts });
      const runs = parts.flatMap((p) => textRuns(p.element));
      expect(runs.length).toBeGreaterThan(30);
      const low = runs
        .filter((r) => r.text.trim())
        .map((r) => ({ ...r, ratio: contrast(r.color!, r.background!) }))
        .filter((r) => r.ratio < 4.5)
        .map((r) => `${r.text} ${r.color} on ${r.background}: ${r.ratio.toFixed(2)}`);
      expect(low).toEqual([]);
    });

    it(`every text in the social card of theme ${theme} has contrast of at least 4.5:1`, () => {
      const el = socialCardElement({ title: '一图读懂', kindLabel: '图解', issuer: '国务院', date: '2019-02-15', siteName: '示范站' }, theme, fonts);
      for (const r of textRuns(el)) expect(contrast(r.color!, r.background!)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('no text in an infographic is smaller than 28 px at the 750 px design width', () => {
    const parts = layoutInfographic({ model: allBlocksModel(), context: CONTEXT, palette: paletteOf('zhengwu-red'), fonts });
    const sizes = parts.flatMap((p) => textRuns(p.element)).map((r) => r.fontSize);
    expect(sizes.every((s) => typeof s === 'number')).toBe(true);
    expect(Math.min(...(sizes as number[]))).toBeGreaterThanOrEqual(TYPE.min);
    expect(TYPE.min).toBeGreaterThanOrEqual(28);
    expect(TYPE.lineHeight).toBeGreaterThanOrEqual(1.3);
  });

  it('no text in any part of the sample infographics (masthead, sections, footer, section strip) is smaller than 28 image px', () => {
    // 28 px of the 750-px image are 14 CSS px on a phone showing it 375 pt wide (issue 15).
    const { infographics } = readContentForImages();
    expect(infographics.length).toBeGreaterThanOrEqual(3);
    const small: string[] = [];
    let runs = 0;
    for (const source of infographics) {
      const { model } = parseInfographic(source.source, source.file);
      for (const part of layoutInfographic({ model, context: source.context, palette: paletteOf('zhengwu-red'), fonts })) {
        for (const r of textRuns(part.element)) {
          runs++;
          if (typeof r.fontSize !== 'number' || r.fontSize < 28) small.push(`${source.file} ${part.kind}: “${r.text}” ${r.fontSize} px`);
        }
      }
    }
    expect(runs).toBeGreaterThan(300);
    expect(small).toEqual([]);
  });
});
