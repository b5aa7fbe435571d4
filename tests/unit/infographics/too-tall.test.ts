import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../../src/infographics/fonts';
import { parseInfographic } from '../../../src/infographics/parse';
import { WEBP_MAX } from '../../../src/infographics/measure';
import { cutParts, renderImages } from '../../../src/infographics/render';
import { ContentError, formatProblem } from '../../../src/lib/problems';
import { CONTEXT, source } from './fixtures';

const fonts = loadFonts();
const para = '抽查事项、抽查计划、抽查结果都要及时、准确、规范向社会公开，实现阳光监管，杜绝任性执法。';
const modelOf = (body: string) => parseInfographic(source(body), 'content/infographics/tall.mdx').model;

describe('images taller than the format allows', () => {
  it('parts are grouped into pieces no taller than the limit, cut only between parts', () => {
    expect(cutParts([100, 200, 300, 400], 16383)).toEqual([[0, 1, 2, 3]]);
    expect(cutParts([6000, 6000, 6000, 6000], 16383)).toEqual([[0, 1], [2, 3]]);
    expect(cutParts([100, 20000, 100], 16383)).toEqual({ tooTall: 1 });
  });

  it('WEBP_MAX is the tallest image the WebP encoder writes: one pixel taller is refused', async () => {
    const sharp = (await import('sharp')).default;
    const column = (height: number) => sharp({ create: { width: 1, height, channels: 3, background: '#ffffff' } }).webp({ lossless: true }).toBuffer();
    expect((await sharp(await column(WEBP_MAX)).metadata()).height).toBe(WEBP_MAX);
    await expect(column(WEBP_MAX + 1)).rejects.toThrow(/too large for the WebP format/);
  });

  it('a long image too tall for one file is cut at section boundaries into several', async () => {
    const model = modelOf(['## 第一节', para, '## 第二节', para, '## 第三节', para].join('\n\n'));
    // A limit of 1200 px (twice a piece's height) stands in for 16383: the same code path at a tenth of the cost.
    const { long, files } = await renderImages({ model, context: CONTEXT, theme: 'zhengwu-red', fonts }, { maxHeight: 1200 });
    expect(long.length).toBeGreaterThan(1);
    for (const piece of long) expect(piece.image.height * 2).toBeLessThanOrEqual(1200);
    // Every section is in exactly one piece, in order.
    expect(long.flatMap((l) => l.sections)).toEqual([1, 2, 3]);
    expect(files.map((f) => f.image.file)).toContain('tall-1.png');
    expect(files.map((f) => f.image.file)).toContain('tall-2.png');
  });

  it('a single section taller than the limit is refused with the fix', async () => {
    const model = modelOf(['## 很长的一节', ...Array.from({ length: 12 }, () => para)].join('\n\n'));
    const error = await renderImages({ model, context: CONTEXT, theme: 'zhengwu-red', fonts }, { maxHeight: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    const text = (error as ContentError).problems.map(formatProblem).join('\n').replace(/2 倍图高 \d+ 像素/, '2 倍图高 N 像素');
    expect(text).toMatchInlineSnapshot(`
      "content/infographics/tall.mdx:7  [错误]
        第 1 节“很长的一节”太长：2 倍图高 N 像素，超过图片格式允许的 1000 像素，无法生成图片。长图会在分节处自动切开，但一节本身不能超过这个高度。
        把这一节拆成两个或更多 ## 分节，或删减文字（一节的内容以一屏到两屏为宜）。"
    `);
  });
});
