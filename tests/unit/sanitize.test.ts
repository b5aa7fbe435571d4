// The content sanitiser against the hostile corpus (tests/fixtures/hostile/corpus.json), through the Markdown
// processor astro.config.mjs gives the build, and for MDX through the same hast steps the MDX compiler runs.
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../../astro.config.mjs';
import { unified as unifiedProcessor } from '@astrojs/markdown-remark';
import type { MarkdownRenderer } from '@astrojs/internal-helpers/markdown';
import { findUnsafeMarkup } from '../../src/release/scan';
import { MDX_NODE_TYPES, sanitizeContentTree } from '../../src/lib/sanitize';
import { SITE_RELATIVE_URL, isSafeUrl } from '../../src/lib/sanitize-schema';
import { CORPUS, CORPUS_SIZE } from '../fixtures/hostile/corpus';

/** What a body's HTML could do on a page: run code, load from another site, or shadow the page's own ids. */
function dangers(html: string): string[] {
  const page = `<!doctype html><html><head><title>t</title></head><body><main>${html}</main></body></html>`;
  const found = findUnsafeMarkup(page).map((u) => `${u.kind}:${u.tag}${u.attribute ? `[${u.attribute}]` : ''}`);
  visit(fromHtml(page), 'element', (node: Element) => {
    for (const prop of ['src', 'srcSet', 'poster'] as const) {
      const value = node.properties[prop];
      if (value === undefined) continue;
      const urls = Array.isArray(value) ? value.map(String) : String(value).split(',');
      for (const u of urls.map((s) => s.trim().split(/\s+/)[0] ?? '')) {
        if (!SITE_RELATIVE_URL.test(u)) found.push(`external:${node.tagName}[${prop}]=${u}`);
      }
    }
    if (node.tagName === 'link') found.push('external:link');
    if (node.properties.ping !== undefined) found.push('external:ping');
    if (node.properties.id === 'elder-mode') found.push('clobbering:id');
  });
  return found;
}

const markdownProcessor = (config.markdown as { processor: typeof unifiedProcessor extends (...a: never[]) => infer P ? P : never }).processor;
let withSanitiser: MarkdownRenderer;
let without: MarkdownRenderer;
beforeAll(async () => {
  withSanitiser = await markdownProcessor.createRenderer({});
  without = await unifiedProcessor().createRenderer({});
});

describe('the hostile corpus', () => {
  it('has at least 100 items', () => {
    expect(CORPUS_SIZE).toBeGreaterThanOrEqual(100);
  });

  it('every Markdown body is dangerous when rendered without the sanitiser (so the test below can fail)', async () => {
    const harmless: string[] = [];
    for (const b of CORPUS.bodies) if (dangers((await without.render(b.body)).code).length === 0) harmless.push(`${b.id}: ${b.body}`);
    expect(harmless).toEqual([]);
  });
});

describe('Markdown bodies through the build\'s processor (astro.config.mjs)', () => {
  it('the configured processor is unified with the content sanitiser', () => {
    expect(markdownProcessor.name).toBe('unified');
  });

  it('leave no executable markup, no resource from another site and no id of the page on it', async () => {
    const left: string[] = [];
    for (const b of CORPUS.bodies) {
      const html = (await withSanitiser.render(b.body)).code;
      const found = dangers(html);
      if (found.length) left.push(`${b.id} ${b.body}\n  → ${html}\n  ${found.join(', ')}`);
    }
    expect(left).toEqual([]);
  });

  it('keep legitimate text: what is between the tags of a removed element stays', async () => {
    const html = (await withSanitiser.render('<p onclick=alert(1)>点我</p>\n\n<details open ontoggle=alert(1)><summary>要点</summary>内容</details>\n\n<font color=red>红字</font>')).code;
    expect(html).toMatchInlineSnapshot(`
      "<p>点我</p>
      <details open><summary>要点</summary>内容</details>
      <p>红字</p>"
    `);
  });

  it('keep what official documents use: headings, tables with merged cells, links, lists, site images, footnotes', async () => {
    const source = [
      '## 一、总体要求',
      '',
      '见[附件](/wenjian/guofa-2019-5/)和[国务院](https://www.gov.cn/)，咨询 [邮箱](mailto:gk@example.gov.cn)。',
      '',
      '1. 第一条',
      '2. 第二条',
      '',
      '| 指标 | 数值 |',
      '| - | :-: |',
      '| 甲 | 1 |',
      '',
      '<table><caption>合并单元格</caption><tr><th scope="col" colspan="2">标题</th></tr><tr><td rowspan="2">甲</td><td>1</td></tr></table>',
      '',
      '<img src="/tujie/a.png" alt="图一">',
      '',
      '注释[^1]',
      '',
      '[^1]: 说明。',
    ].join('\n');
    const html = (await withSanitiser.render(source)).code;
    for (const kept of [
      '<h2 id="一总体要求">一、总体要求</h2>',
      '<a href="/wenjian/guofa-2019-5/">附件</a>',
      '<a href="https://www.gov.cn/">国务院</a>',
      '<a href="mailto:gk@example.gov.cn">邮箱</a>',
      '<ol>',
      '<td align="center">1</td>',
      '<caption>合并单元格</caption>',
      '<th scope="col" colspan="2">标题</th>',
      '<td rowspan="2">甲</td>',
      '<img src="/tujie/a.png" alt="图一">',
      'href="#user-content-fn-1"',
      'id="user-content-fn-1"',
    ]) {
      expect(html).toContain(kept);
    }
  });
});

/** An MDX body as the MDX compiler's hast: mdast with MDX syntax, then hast with MDX nodes passed through. */
function mdxHast(body: string): Root {
  const mdast = unified().use(remarkParse).use(remarkGfm).use(remarkMdx).parse(body);
  return toHast(mdast, { allowDangerousHtml: true, passThrough: [...MDX_NODE_TYPES] }) as Root;
}

function hasMdx(tree: Root): boolean {
  let found = false;
  visit(tree, (node) => {
    if ((MDX_NODE_TYPES as readonly string[]).includes(node.type)) found = true;
  });
  return found;
}

describe('MDX bodies (interpretations, which may use no component)', () => {
  it('every one parses as MDX and carries MDX syntax or executable markup before sanitising', () => {
    const harmless = CORPUS.mdxBodies.filter((b) => !hasMdx(mdxHast(b.body)) && dangers(toHtml(mdxHast(b.body), { allowDangerousHtml: true })).length === 0);
    expect(harmless).toEqual([]);
  });

  it('leave no MDX syntax (so nothing runs at build time) and no executable markup', () => {
    const left: string[] = [];
    for (const b of CORPUS.mdxBodies) {
      const { tree } = sanitizeContentTree(mdxHast(b.body), { components: [] });
      const html = toHtml(tree);
      const found = [...(hasMdx(tree) ? ['mdx'] : []), ...dangers(html)];
      if (found.length) left.push(`${b.id} ${b.body} → ${html}: ${found.join(', ')}`);
    }
    expect(left).toEqual([]);
  });

  it('an infographic keeps its own components with literal props only, and their content is sanitised', () => {
    const { tree, removed } = sanitizeContentTree(mdxHast('<Note title="提示" onClick="alert(1)" data={x}>\n见[此处](javascript:alert(1))\n</Note>'), { components: ['Note'] });
    const note = tree.children[0] as unknown as { type: string; name: string; attributes: { name: string; value: unknown }[]; children: Root['children'] };
    expect([note.type, note.name]).toEqual(['mdxJsxFlowElement', 'Note']);
    expect(note.attributes.map((a) => [a.name, a.value])).toEqual([['title', '提示']]);
    expect(toHtml({ type: 'root', children: note.children })).toBe('<p>见<a>此处</a></p>');
    expect(removed.map((r) => `${r.kind}:${r.attribute ?? r.name}`)).toEqual(['attribute:href']);
  });
});

describe('URLs in frontmatter fields', () => {
  it('every hostile URL of the corpus is refused', () => {
    expect(CORPUS.urls.filter((u) => isSafeUrl(u.value)).map((u) => u.value)).toEqual([]);
  });

  it('http(s), mailto and site-relative addresses are allowed', () => {
    for (const url of ['https://www.gov.cn/zhengce/', 'HTTP://WWW.GOV.CN/', 'mailto:gk@example.gov.cn', '/wenjian/guofa-2019-5/', '/files/附件1.pdf']) expect(isSafeUrl(url), url).toBe(true);
  });
});
