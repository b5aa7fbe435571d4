import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from '@astrojs/markdown-remark';
import { MARKDOWN_PROCESSOR_OPTIONS } from '../../../src/markdown/pipeline';
import { parseSourceFile } from '../../../src/content/files';
import { lintCopy } from '../../../src/check/lint/copy-lint';
import { formatProblem } from '../../../src/lib/problems';

// Field case emphasis/cuti-jiacu.mdx (../shared/cases): bold beside Chinese punctuation showed its asterisks.
const CASE = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'cases', 'cuti-jiacu.mdx'), 'utf8');
const BODY = CASE.slice(CASE.indexOf('---', 3) + 4);
const BOLD = ['一、总体要求。', '注意：', '“放管服”'];

// The build's own processor (astro.config.mjs passes the same options to unified() of @astrojs/markdown-remark).
const processor = unified(MARKDOWN_PROCESSOR_OPTIONS);

describe('Chinese emphasis in the build pipeline', () => {
  it('field case cuti-jiacu: **…** beside Chinese punctuation is bold in a .md document', async () => {
    const renderer = await processor.createRenderer({} as never);
    const { code } = await renderer.render(BODY, { fileURL: new URL('file:///site/content/documents/cuti-jiacu.md') } as never);
    for (const text of BOLD) expect(code).toContain(`<strong>${text}</strong>`);
    expect(code).not.toContain('**');
  });

  it('field case cuti-jiacu: **…** beside Chinese punctuation is bold in a .mdx interpretation (the MDX compiler @astrojs/mdx uses)', async () => {
    const renderer = await processor.createMdxRenderer!({} as never, { srcDir: new URL('file:///site/src/') } as never);
    const { code } = await renderer.process(BODY, '/site/content/interpretations/cuti-jiacu.mdx', {});
    for (const text of BOLD) expect(code).toMatch(new RegExp(`_jsx\\(_components\\.strong, \\{\\s*children: "${text}"`));
    expect(code).not.toContain('**');
  });
});

describe('the check on emphasis', () => {
  it('is silent on the field case, which now renders as bold', () => {
    const source = parseSourceFile('interpretations', 'content/interpretations/cuti-jiacu.mdx', CASE, []);
    expect(lintCopy([source]).filter((p) => p.message.includes('**'))).toEqual([]);
  });

  it('warns about ** that still shows as asterisks, with line, column and the fix, and leaves escaped stars alone', () => {
    const raw = `${CASE.slice(0, CASE.indexOf('---', 3) + 4)}\n** 注意：**抽查结果要公开。\n\n星号本身：\\*\\*。\n\n**没有结束的加粗。\n`;
    const source = parseSourceFile('interpretations', 'content/interpretations/cuti-jiacu.mdx', raw, []);
    const found = lintCopy([source]).filter((p) => p.message.includes('**'));
    expect(found.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/interpretations/cuti-jiacu.mdx:11  [警告]
        第 1 列：“** 注意：**抽查”里的 ** 不会显示为加粗，页面上会原样显示两个星号。
        加粗的文字前后各写一对 **，星号和文字之间不要留空格，例如 **注意：**抽查结果要公开；不需要加粗就删去星号；要显示星号本身写成 \\*\\*。（这里需手动改正）
      content/interpretations/cuti-jiacu.mdx:15  [警告]
        第 1 列：“**没有结束的加粗。”里的 ** 不会显示为加粗，页面上会原样显示两个星号。
        加粗的文字前后各写一对 **，星号和文字之间不要留空格，例如 **注意：**抽查结果要公开；不需要加粗就删去星号；要显示星号本身写成 \\*\\*。（这里需手动改正）"
    `);
  });
});
