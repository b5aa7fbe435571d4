import { describe, expect, it } from 'vitest';
import { defaultFontPaths, loadFonts } from '../../../src/infographics/fonts';
import { ContentError, formatProblem } from '../../../src/lib/problems';

describe('fonts', () => {
  it('a missing font file is a clear Chinese error naming the fix', () => {
    const paths = { ...defaultFontPaths(), bold: '/nonexistent/NotoSansSC_700Bold.ttf' };
    let error: unknown;
    try {
      loadFonts(paths);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "/nonexistent/NotoSansSC_700Bold.ttf  [错误]
        找不到图解用的字体文件：思源黑体（Noto Sans SC）粗体（Bold）。没有字体，图解图片无法生成。
        在项目目录运行 npm ci 安装依赖（字体来自 npm 包 @expo-google-fonts/noto-sans-sc，版本见 package.json）。"
    `);
  });

  it('fonts are read once per process', () => {
    expect(loadFonts()).toBe(loadFonts());
  });

  it('CJK characters measure one em; Latin digits less', () => {
    const fonts = loadFonts();
    expect(fonts.measure('政', 30, 400)).toBe(30);
    expect(fonts.measure('，', 30, 400)).toBe(30);
    const digit = fonts.measure('2', 30, 400);
    expect(digit).toBeGreaterThan(10);
    expect(digit).toBeLessThan(20);
  });
});
