import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFonts } from '../../../src/infographics/fonts';
import { layoutInfographic } from '../../../src/infographics/layout';
import { MEASURE_TOLERANCE, partHeights } from '../../../src/infographics/measure';
import { parseInfographic } from '../../../src/infographics/parse';
import { renderImages } from '../../../src/infographics/render';
import { partsToSvg } from '../../../src/infographics/svg';
import { paletteOf } from '../../../src/infographics/themes';
import { ContentError, formatProblem } from '../../../src/lib/problems';
import { CONTEXT } from './fixtures';

const fonts = loadFonts();
const TALL = 'tests/fixtures/infographic-check/content/infographics';
const modelOf = (file: string) => parseInfographic(readFileSync(file, 'utf8'), file).model;

describe('part heights measured from the layout, without rendering', () => {
  const files = [
    'tests/fixtures/infographics/all-blocks.mdx',
    ...readdirSync('content/infographics').map((f) => `content/infographics/${f}`),
    join(TALL, 'zhongchang-tujie.mdx'),
  ];

  it.each(files)('are within the tolerance of the heights satori renders: %s', async (file) => {
    const parts = layoutInfographic({ model: modelOf(file), context: CONTEXT, palette: paletteOf('zhengwu-red'), fonts });
    const rendered = (await partsToSvg(parts, fonts)).map((svg) => Number(/height="([\d.]+)"/.exec(svg)![1]));
    const measured = partHeights(parts);
    measured.forEach((h, i) => expect(Math.abs(h - rendered[i]!)).toBeLessThan(MEASURE_TOLERANCE));
  });

  it('the build refuses a section of 180 list items with the Chinese message before rasterising it', async () => {
    const model = modelOf(join(TALL, 'danjie-tujie.mdx'));
    const error = await renderImages({ model, context: CONTEXT, theme: 'zhengwu-red', fonts }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    const text = (error as ContentError).problems.map(formatProblem).join('\n').replace(/2 倍图高 \d+ 像素/, '2 倍图高 N 像素');
    expect(text).toMatchInlineSnapshot(`
      "tests/fixtures/infographic-check/content/infographics/danjie-tujie.mdx:8  [错误]
        第 1 节“办理要求”太长：2 倍图高 N 像素，超过图片格式允许的 16383 像素，无法生成图片。长图会在分节处自动切开，但一节本身不能超过这个高度。
        把这一节拆成两个或更多 ## 分节，或删减文字（一节的内容以一屏到两屏为宜）。"
    `);
  });
});
