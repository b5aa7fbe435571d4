import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../../src/check/validate';
import { FALLBACK_FONTS, FONT_FAMILY, defaultFontPaths, loadFonts } from '../../../src/infographics/fonts';
import { findMissingGlyphs, isolateCharacters } from '../../../src/infographics/glyphs';
import { layoutInfographic, type El } from '../../../src/infographics/layout';
import { MEASURE_TOLERANCE, partHeights } from '../../../src/infographics/measure';
import { parseInfographic } from '../../../src/infographics/parse';
import { elementToSvg, partsToSvg } from '../../../src/infographics/svg';
import { paletteOf } from '../../../src/infographics/themes';
import { formatProblem } from '../../../src/lib/problems';
import { CONTEXT } from './fixtures';

// tests/fixtures/glyphs/content/infographics/quezi-tujie.mdx is the field case /work/shared/cases/glyphs/ (𠮷 𡈼 ✅ ✔ ①);
// wuzi-tujie.mdx holds characters no font has (𪚥 and 𠀀 of extension B, a private-use 自造字 U+E000).
const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'glyphs');
const CASE = join(FIXTURE, 'content', 'infographics', 'quezi-tujie.mdx');
const SIZE = 64;

/** Characters rendered in one line at 64 px, one em each, as raw grey pixels. */
async function renderLine(text: string): Promise<{ data: Buffer; width: number }> {
  const width = [...text].length * SIZE;
  const line: El = {
    type: 'div',
    props: { style: { display: 'flex', fontFamily: FONT_FAMILY, fontSize: SIZE, lineHeight: 1, whiteSpace: 'pre', color: '#000', backgroundColor: '#fff', width, height: SIZE }, children: text },
  };
  const svg = await elementToSvg(line, loadFonts(), width, SIZE);
  const { data, info } = await sharp(Buffer.from(svg)).flatten({ background: '#fff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width };
}

/** The pixels of the n-th em box of a rendered line. */
function box(line: { data: Buffer; width: number }, n: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < SIZE; y++) for (let x = n * SIZE; x < (n + 1) * SIZE; x++) out.push(line.data[y * line.width + x]!);
  return out;
}

const ink = (px: number[]) => px.filter((v) => v < 128).length;
const differing = (a: number[], b: number[]) => a.filter((v, i) => Math.abs(v - b[i]!) > 64).length;

// U+10FFFD is a private-use character no font has: satori draws the first font's .notdef glyph, the empty box.
const NOTDEF = '\u{10FFFD}';

describe('characters Noto Sans SC lacks are drawn from fallback fonts', () => {
  // First in this file on purpose: satori caches the font per UTF-16 high surrogate for the whole process, so the
  // defect shows only while 𠀋 has not been drawn before. 𠀡 (U+20021) is only in Noto Sans TC, 𠀋 (U+2000B) only in
  // Noto Sans JP; both start with the surrogate D840.
  it('two extension B characters with the same high surrogate in one line are both drawn (satori resolver defect)', async () => {
    const fonts = loadFonts();
    expect([fonts.coverage.fontOf(0x20021), fonts.coverage.fontOf(0x2000b)].map((i) => fonts.coverage.fallbacks[i - 1]?.name)).toEqual(['Noto Sans TC', 'Noto Sans JP']);
    const line = await renderLine(`𠀡𠀋${NOTDEF}`);
    const notdef = box(line, 2);
    expect(ink(notdef)).toBeGreaterThan(100);
    for (const n of [0, 1]) {
      expect(ink(box(line, n))).toBeGreaterThan(100);
      expect(differing(box(line, n), notdef)).toBeGreaterThan(300);
    }
  });

  it('every character of the field case is drawn by some font, and the check finds nothing in it', () => {
    const fonts = loadFonts();
    const raw = readFileSync(CASE, 'utf8');
    const { model, problems } = parseInfographic(raw, 'content/infographics/quezi-tujie.mdx');
    expect(problems).toEqual([]);
    const drawnBy = Object.fromEntries(['𠮷', '𡈼', '✅', '✔', '①'].map((ch) => [ch, fonts.coverage.fontOf(ch.codePointAt(0)!)]).map(([ch, i]) => [ch, i === 0 ? FONT_FAMILY : fonts.coverage.fallbacks[(i as number) - 1]?.name ?? '无']));
    expect(drawnBy).toEqual({ '𠮷': 'Noto Sans JP', '𡈼': 'Noto Sans TC', '✅': 'Noto Emoji', '✔': 'Noto Sans Symbols 2', '①': 'Noto Sans SC' });
    expect(findMissingGlyphs(model, CONTEXT, { file: 'content/infographics/quezi-tujie.mdx', raw, lineOf: () => 2 }, fonts)).toEqual([]);
  });

  it('each character of the field case, drawn alone, is a glyph and not the empty box', async () => {
    const chars = ['𠮷', '𡈼', '✅', '✔', '①'];
    const line = await renderLine(chars.join('') + NOTDEF);
    const notdef = box(line, chars.length);
    chars.forEach((ch, n) => {
      const px = box(line, n);
      expect({ ch, inked: ink(px) > 100 }).toEqual({ ch, inked: true });
      expect({ ch, unlikeTheBox: differing(px, notdef) > 300 }).toEqual({ ch, unlikeTheBox: true });
    });
  });

  it('the field case renders through the layout with every fallback glyph id found in its font', async () => {
    const fonts = loadFonts();
    const raw = readFileSync(CASE, 'utf8');
    const { model } = parseInfographic(raw, 'content/infographics/quezi-tujie.mdx');
    const parts = layoutInfographic({ model, context: CONTEXT, palette: paletteOf('zhengwu-red'), fonts });
    const svg = await elementToSvg(parts.find((p) => p.kind === 'section')!.element, fonts, 750);
    expect(svg).toMatch(/^<svg/);
    // The font each character comes from has a real glyph (id ≠ 0, .notdef) for it.
    for (const ch of ['𠮷', '𡈼', '✅', '✔']) {
      const spec = fonts.coverage.fallbacks[fonts.coverage.fontOf(ch.codePointAt(0)!) - 1]!;
      const font = fontkit.openSync(spec.file) as fontkit.Font;
      expect({ ch, glyph: font.glyphForCodePoint(ch.codePointAt(0)!).id > 0 }).toEqual({ ch, glyph: true });
    }
  });

  // buchong-zixing.mdx: paragraphs, a list item, a bold heading and a masthead title full of fallback characters.
  it.each([CASE, join(FIXTURE, 'buchong-zixing.mdx')])('lines with fallback characters are measured as satori draws them (heights within tolerance): %s', async (file) => {
    const fonts = loadFonts();
    const { model, problems } = parseInfographic(readFileSync(file, 'utf8'), 'content/infographics/x.mdx');
    expect(problems).toEqual([]);
    const parts = layoutInfographic({ model, context: CONTEXT, palette: paletteOf('zhengwu-red'), fonts });
    const rendered = (await partsToSvg(parts, fonts)).map((svg) => Number(/height="([\d.]+)"/.exec(svg)![1]));
    partHeights(parts).forEach((h, i) => expect(Math.abs(h - rendered[i]!)).toBeLessThan(MEASURE_TOLERANCE));
  });

  it('fallback fonts are loaded only for text that needs them, always with the fonts before them in order', async () => {
    const fonts = loadFonts();
    const names = async (segment: string) => (await fonts.loadAdditionalAsset('unknown', segment)).map((f) => f.name);
    expect(await names('市场监管①')).toEqual([]);
    expect(await names(NOTDEF)).toEqual([]);
    expect(await names('✔')).toEqual(['Noto Sans Symbols 2']);
    expect(await names('✅')).toEqual(['Noto Sans Symbols 2', 'Noto Sans Symbols', 'Noto Emoji']);
    expect(await names('𠮷')).toEqual(FALLBACK_FONTS.map((f) => f.name));
  });

  it('a fallback character measures its own font’s advance, not one em', () => {
    const fonts = loadFonts();
    const spec = fonts.coverage.fallbacks.find((f) => f.name === 'Noto Sans Symbols 2')!;
    const font = fontkit.openSync(spec.file) as fontkit.Font;
    const expected = (font.glyphForCodePoint(0x2714).advanceWidth / font.unitsPerEm) * 30;
    expect(expected).not.toBe(30);
    expect(fonts.measure('✔', 30, 700)).toBeCloseTo(expected, 6);
    expect(fonts.measure('𠮷', 30, 400)).toBe(30);
  });

  it('Noto Sans SC regular and bold have the same characters, so one cmap answers for both weights', () => {
    const paths = defaultFontPaths();
    const set = (file: string) => new Set((fontkit.openSync(file) as fontkit.Font).characterSet);
    const regular = set(paths.regular);
    const bold = set(paths.bold);
    expect(bold.size).toBe(regular.size);
    expect([...regular].every((cp) => bold.has(cp))).toBe(true);
  });

  it('ordinary text is left as it is; a fallback character gets a text element of its own', () => {
    const line: El = { type: 'div', props: { style: {}, children: '联系人：𠮷先生' } };
    const plain: El = { type: 'div', props: { style: {}, children: [{ type: 'div', props: { style: {}, children: '联系人' } }] } };
    const isolate = (cp: number) => cp === 0x20bb7;
    expect(isolateCharacters(plain, isolate)).toBe(plain);
    expect(isolateCharacters(line, isolate).props.children).toEqual([
      { type: 'span', props: { children: '联系人：' } },
      { type: 'span', props: { children: '𠮷' } },
      { type: 'span', props: { children: '先生' } },
    ]);
  });
});

describe('the content check on characters no font has', () => {
  const { problems } = checkContent(FIXTURE, join(FIXTURE, 'content'));
  const of = (id: string) =>
    problems
      .filter((p) => p.file === `content/infographics/${id}.mdx`)
      .map(formatProblem)
      .join('\n');

  it('the field case passes: every character has a font', () => {
    expect(of('quezi-tujie')).toBe('');
  });

  it('each character no font has is an error with its code point, file, line, field and the fix', () => {
    expect(of('wuzi-tujie')).toMatchInlineSnapshot(`
      "content/infographics/wuzi-tujie.mdx:2  title (标题)  [错误]
        “𪚥”（U+2A6A5，CJK 扩展 B 区汉字）在图解用的字体里都没有（Noto Sans SC，补充字体 Noto Sans Symbols 2、Noto Sans Symbols、Noto Emoji、Noto Sans TC、Noto Sans JP），图片上会显示成空白方框。
        把“𪚥”换成常用字或改写，或把这段内容做成图片；如必须在图中显示，请技术人员在 src/infographics/fonts.ts 的 FALLBACK_FONTS 中加入含 U+2A6A5 的 OFL 字体包（npm i -E 包名@版本）。
      content/infographics/wuzi-tujie.mdx:10  paragraph (段落)  [错误]
        “𠀀”（U+20000，CJK 扩展 B 区汉字）在图解用的字体里都没有（Noto Sans SC，补充字体 Noto Sans Symbols 2、Noto Sans Symbols、Noto Emoji、Noto Sans TC、Noto Sans JP），图片上会显示成空白方框。
        把“𠀀”换成常用字或改写，或把这段内容做成图片；如必须在图中显示，请技术人员在 src/infographics/fonts.ts 的 FALLBACK_FONTS 中加入含 U+20000 的 OFL 字体包（npm i -E 包名@版本）。
      content/infographics/wuzi-tujie.mdx:13  list (列表项)  [错误]
        “”（U+E000，私用区字符（通常是自造字，只有造字的字库才有））在图解用的字体里都没有（Noto Sans SC，补充字体 Noto Sans Symbols 2、Noto Sans Symbols、Noto Emoji、Noto Sans TC、Noto Sans JP），图片上会显示成空白方框。
        把“”换成常用字或改写，或把这段内容做成图片；如必须在图中显示，请技术人员在 src/infographics/fonts.ts 的 FALLBACK_FONTS 中加入含 U+E000 的 OFL 字体包（npm i -E 包名@版本）。
      content/infographics/wuzi-tujie.mdx:14  list (列表项)  [错误]
        “🇨🇳”（U+1F1E8 U+1F1F3）是旗帜 emoji，图解的单色 emoji 字体画不成一个图形，图片上会画成分开的几块。
        写国家或地区的名称，如“中国”。
      content/infographics/wuzi-tujie.mdx:14  list (列表项)  [错误]
        “👍🏻”（U+1F44D U+1F3FB）是带肤色的 emoji，图解的单色 emoji 字体画不成一个图形，图片上会画成分开的几块。
        去掉肤色，写成“👍”，或改用文字。
      content/infographics/wuzi-tujie.mdx:14  list (列表项)  [错误]
        “1️⃣”（U+0031 U+FE0F U+20E3）是键帽数字 emoji，图解的单色 emoji 字体画不成一个图形，图片上会画成分开的几块。
        写成带圈数字（如“①”）或普通数字。
      content/infographics/wuzi-tujie.mdx:16  label (<Figure> 说明)  [错误]
        “𪚥”（U+2A6A5，CJK 扩展 B 区汉字）在图解用的字体里都没有（Noto Sans SC，补充字体 Noto Sans Symbols 2、Noto Sans Symbols、Noto Emoji、Noto Sans TC、Noto Sans JP），图片上会显示成空白方框。
        把“𪚥”换成常用字或改写，或把这段内容做成图片；如必须在图中显示，请技术人员在 src/infographics/fonts.ts 的 FALLBACK_FONTS 中加入含 U+2A6A5 的 OFL 字体包（npm i -E 包名@版本）。"
    `);
  });
});
