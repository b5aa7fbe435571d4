import type { RemarkPlugins } from 'astro';
import { describe, expect, it } from 'vitest';
import { unified } from '@astrojs/markdown-remark';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { MARKDOWN_PROCESSOR_OPTIONS } from '../../../src/markdown/pipeline';
import { REMARK_PLUGINS } from '../../../src/markdown/remark-plugins';
import { smartypantsCouldChange } from '../../../src/markdown/smartypants';

// The build's processor, and the one it replaced: Astro's own SmartyPants on every body.
const ours = unified(MARKDOWN_PROCESSOR_OPTIONS);
const astros = unified({ ...MARKDOWN_PROCESSOR_OPTIONS, smartypants: true, remarkPlugins: [...REMARK_PLUGINS] as RemarkPlugins });

const BODIES = [
  '## 一、总体要求\n\n深化**“放管服”**改革，优化营商环境。\n\n| 项目 | 说明 |\n| --- | --- |\n| 抽查 | 双随机 |\n',
  'He said "yes" and it\'s done -- really... and `code "here"` stays.',
  '引号跨加粗："**重点**"，破折号--分开，省略号. . .完',
  '第一段以句点结尾。\n\n. . 第二段',
  '- 列表一 -\n- - 列表二',
];

async function html(processor: typeof ours, body: string): Promise<string> {
  const renderer = await processor.createRenderer({} as never);
  return (await renderer.render(body, { fileURL: new URL('file:///site/content/documents/x.md') } as never)).code;
}

async function mdx(processor: typeof ours, body: string): Promise<string> {
  const renderer = await processor.createMdxRenderer!({} as never, { srcDir: new URL('file:///site/src/') } as never);
  return String((await renderer.process(body, '/site/content/interpretations/x.mdx', {})).code);
}

describe('SmartyPants only where it can change the text', () => {
  it('renders every body exactly as Astro\'s SmartyPants on every body did, in .md and .mdx', async () => {
    for (const body of BODIES) {
      expect(await html(ours, body), body).toBe(await html(astros, body));
      expect(await mdx(ours, body), body).toBe(await mdx(astros, body));
    }
  });

  it('leaves out a Chinese body with full-width punctuation only, and runs on one with a straight quote, -- or ...', () => {
    expect(smartypantsCouldChange(fromMarkdown('## 一、总体要求\n\n深化**“放管服”**改革，优化营商环境……2019年1.5亿元。'))).toBe(false);
    expect(smartypantsCouldChange(fromMarkdown('他说"好"'))).toBe(true);
    expect(smartypantsCouldChange(fromMarkdown('甲--乙'))).toBe(true);
    expect(smartypantsCouldChange(fromMarkdown('等等...'))).toBe(true);
    // Across two text nodes: the dash is split by a link.
    expect(smartypantsCouldChange(fromMarkdown('甲-[-](/a/)乙'))).toBe(true);
  });
});
