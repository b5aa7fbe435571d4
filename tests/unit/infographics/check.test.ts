import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { checkContent } from '../../../src/check/validate';
import { formatProblem } from '../../../src/lib/problems';

// One infographic per mistake the image build refuses; fine.mdx has none. danjie-tujie.mdx and
// zhongchang-tujie.mdx are the field cases of /work/shared/cases/tall-section/ (180 and 100 list items).
// The check renders nothing: loading the renderer's libraries fails this file.
vi.mock('satori', () => {
  throw new Error('the check must not load satori');
});
vi.mock('sharp', () => {
  throw new Error('the check must not load sharp');
});

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'infographic-check');

describe('the content check on infographics, without rendering', () => {
  const { problems } = checkContent(FIXTURE, join(FIXTURE, 'content'));
  const of = (id: string) =>
    problems
      .filter((p) => p.file === `content/infographics/${id}.mdx`)
      .map(formatProblem)
      .join('\n')
      .replace(/2 倍图高约 \d+ 像素/, '2 倍图高约 N 像素');

  it('a ### heading is an error on its line', () => {
    expect(of('h3-heading')).toMatchInlineSnapshot(`
      "content/infographics/h3-heading.mdx:10  [错误]
        标题用了 ###（“小标题”）。图解里只有一种标题：## 开头的分节标题。
        改成“## 小标题”作为一个分节；分节内的小标题请写成普通段落。"
    `);
  });

  it('a <Figure value> of 12 characters is an error with the limit', () => {
    expect(of('long-figure')).toMatchInlineSnapshot(`
      "content/infographics/long-figure.mdx:10  value  [错误]
        <Figure> 的属性 value="一二三四五六七八九十百千" 有 12 个字，最多 8 个字，否则在图里放不下。
        数字写在 value 里，单位写在 unit 里，说明写在 label 里，例如 value="3" unit="个工作日"。"
    `);
  });

  it('a <Steps> of one step is an error', () => {
    expect(of('one-step')).toMatchInlineSnapshot(`
      "content/infographics/one-step.mdx:10  [错误]
        <Steps> 只有 1 个步骤；步骤至少要有 2 个。
        把流程按顺序拆成几步，或改成普通段落。"
    `);
  });

  it('an infographic without any ## section is an error where its body starts, as the image build refuses it', () => {
    expect(of('no-section')).toMatchInlineSnapshot(`
      "content/infographics/no-section.mdx:7  [错误]
        图解没有分节：至少要有一个以 ## 开头的分节标题。
        按原文件的结构写 3–6 个分节，每节以“## 标题”开头。"
    `);
  });

  it('a section of 6,000 characters is too tall for an image, reported at its ## heading', () => {
    expect(of('long-section')).toMatchInlineSnapshot(`
      "content/infographics/long-section.mdx:8  [错误]
        第 1 节“很长的一节”太长：2 倍图高约 N 像素，超过图片格式允许的 16383 像素，无法生成图片。长图会在分节处自动切开，但一节本身不能超过这个高度。
        把这一节拆成两个或更多 ## 分节，或删减文字（一节的内容以一屏到两屏为宜）。"
    `);
  });

  it('a section of 100 list items gets the Chinese message with the line of its ## heading', () => {
    expect(of('zhongchang-tujie')).toMatchInlineSnapshot(`
      "content/infographics/zhongchang-tujie.mdx:8  [错误]
        第 1 节“办理要求”太长：2 倍图高约 N 像素，超过图片格式允许的 16383 像素，无法生成图片。长图会在分节处自动切开，但一节本身不能超过这个高度。
        把这一节拆成两个或更多 ## 分节，或删减文字（一节的内容以一屏到两屏为宜）。"
    `);
  });

  it('a section of 180 list items gets the same message, not the image library’s pixel limit', () => {
    expect(of('danjie-tujie')).toMatchInlineSnapshot(`
      "content/infographics/danjie-tujie.mdx:8  [错误]
        第 1 节“办理要求”太长：2 倍图高约 N 像素，超过图片格式允许的 16383 像素，无法生成图片。长图会在分节处自动切开，但一节本身不能超过这个高度。
        把这一节拆成两个或更多 ## 分节，或删减文字（一节的内容以一屏到两屏为宜）。"
    `);
  });

  it('an infographic the build can render has no problem', () => {
    expect(of('fine')).toBe('');
    expect(problems.filter((p) => p.severity === 'warning')).toEqual([]);
  });
});
