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
import config from '../../../astro.config.mjs';
import { unified as unifiedProcessor } from '@astrojs/markdown-remark';
import type { MarkdownRenderer } from '@astrojs/internal-helpers/markdown';
import { findUnsafeMarkup } from '../../../src/release/scan';
import { MDX_NODE_TYPES, rehypeSanitizeContent, sanitizeContentTree } from '../../../src/markdown/sanitize';
import { SITE_RELATIVE_URL, isSafeUrl } from '../../../src/markdown/sanitize-schema';
import { componentsForPath } from '../../../src/check/content-safety';
import { FOOTNOTE_OPTIONS } from '../../../src/markdown/footnotes';
import { wrapTables } from '../../../src/markdown/table-regions';
import { CORPUS, CORPUS_SIZE } from '../../fixtures/hostile/corpus';

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
/** The build's processor without the table regions: what src/components/Prose.astro used to receive. */
let withoutRegions: MarkdownRenderer;
beforeAll(async () => {
  withSanitiser = await markdownProcessor.createRenderer({});
  without = await unifiedProcessor().createRenderer({});
  withoutRegions = await unifiedProcessor({ remarkRehype: FOOTNOTE_OPTIONS, rehypePlugins: [[rehypeSanitizeContent, { componentsFor: componentsForPath }]] }).createRenderer({});
});

/** What src/components/Prose.astro used to do to the rendered body: a regex over the HTML string. */
function oldProseWrap(html: string): string {
  let n = 0;
  return html.replace(/<table\b[\s\S]*?<\/table>/g, (table) => {
    n += 1;
    return `<div class="scroll" role="region" tabindex="0" aria-label="表格 ${n}（可左右滑动）">${table}</div>`;
  });
}

/** The tables of an HTML fragment, each with its parent element, as a browser parses them. */
function tablesIn(html: string): { parent: Element | undefined; table: Element }[] {
  const found: { parent: Element | undefined; table: Element }[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (node: Element, _index, parent) => {
    if (node.tagName === 'table') found.push({ parent: parent?.type === 'element' ? parent : undefined, table: node });
  });
  return found;
}

/** The title attributes of an HTML fragment, in order. */
function titlesIn(html: string): string[] {
  const titles: string[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (node: Element) => {
    if (typeof node.properties.title === 'string') titles.push(node.properties.title);
  });
  return titles;
}

/** The titles written in a body: link titles `[x](/a "…")` and title="…" attributes. */
function titlesWritten(body: string): string[] {
  return [...body.matchAll(/ "([^"]*)"\)|title="([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
}

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

describe('wide tables in their labelled scroll region, added on the tree after the sanitiser', () => {
  const plain = ['| 指标 | 数值 |', '| - | - |', '| 甲 | 1 |', '', '正文。', '', '<table><caption>合并</caption><tr><td colspan="2">乙</td></tr></table>', '', '| 丙 |', '| - |', '| 2 |'].join('\n');
  const nested = '<table><tr><td>乙</td><td><table><tr><td>内</td></tr></table></td></tr></table>\n\n| 丙 |\n| - |\n| 2 |';

  it('every table is wrapped and numbered exactly as the page template used to do it', async () => {
    const html = (await withSanitiser.render(plain)).code;
    expect(html).toBe(oldProseWrap((await withoutRegions.render(plain)).code));
    expect(tablesIn(html).map((t) => [t.parent?.properties.className, t.parent?.properties.role, t.parent?.properties.tabIndex, t.parent?.properties.ariaLabel])).toEqual([
      [['scroll'], 'region', 0, '表格 1（可左右滑动）'],
      [['scroll'], 'region', 0, '表格 2（可左右滑动）'],
      [['scroll'], 'region', 0, '表格 3（可左右滑动）'],
    ]);
  });

  it('a table inside another belongs to the outer one\'s region and is not counted', async () => {
    const tables = tablesIn((await withSanitiser.render(nested)).code);
    expect(tables.map((t) => (t.parent?.tagName === 'div' ? t.parent.properties.ariaLabel : t.parent?.tagName))).toEqual(['表格 1（可左右滑动）', 'td', '表格 2（可左右滑动）']);
  });

  it('running it twice changes nothing', async () => {
    const tree = fromHtml((await withSanitiser.render(nested)).code, { fragment: true });
    expect(toHtml(wrapTables(structuredClone(tree)))).toBe(toHtml(tree));
  });
});

describe('markup written inside attribute values (attributeText in the corpus)', () => {
  const render = async (b: (typeof CORPUS.attributeText)[number]): Promise<string> => {
    if (b.file === 'md') return (await withSanitiser.render(b.body)).code;
    // MDX: the hast the MDX compiler builds, then the build's rehype plugins in their order.
    return toHtml(wrapTables(sanitizeContentTree(mdxHast(b.body), { components: [] }).tree));
  };

  it('the corpus has the reported reproductions: link titles in an interpretation, abbr titles in a document', () => {
    expect(CORPUS.attributeText.filter((b) => b.file === 'mdx').length).toBeGreaterThanOrEqual(2);
    expect(CORPUS.attributeText.some((b) => b.file === 'md' && b.body.startsWith('<abbr title="<table'))).toBe(true);
    for (const tag of ['details', 'img', 'a']) expect(CORPUS.attributeText.some((b) => b.body.includes(`<${tag} `)), tag).toBe(true);
  });

  it('every one runs when the rendered HTML is rewritten as a string, as the old page template did (so the tests below can fail)', async () => {
    const harmless: string[] = [];
    for (const b of CORPUS.attributeText) {
      const before = b.file === 'md' ? (await withoutRegions.render(b.body)).code : toHtml(sanitizeContentTree(mdxHast(b.body), { components: [] }).tree);
      if (dangers(oldProseWrap(before)).length === 0) harmless.push(`${b.id}: ${oldProseWrap(before)}`);
    }
    expect(harmless).toEqual([]);
  });

  it('stays text: the titles are exactly what the editor wrote, no table is made of them, real tables are still wrapped', async () => {
    const wrong: string[] = [];
    for (const b of CORPUS.attributeText) {
      const html = await render(b);
      const realTables = (b.body.match(/^\| - \|/gm) ?? []).length;
      const tables = tablesIn(html);
      const found = [
        ...dangers(html),
        ...(JSON.stringify(titlesIn(html)) === JSON.stringify(titlesWritten(b.body)) ? [] : [`titles ${JSON.stringify(titlesIn(html))}`]),
        ...(tables.length === realTables ? [] : [`${tables.length} tables`]),
        ...tables.filter((t) => t.parent?.properties.role !== 'region').map(() => 'table outside its region'),
      ];
      if (found.length) wrong.push(`${b.id} → ${html}: ${found.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('link addresses (href)', () => {
  it('keep site-relative, relative, fragment, http(s) and mailto links', async () => {
    const hrefs = ['/wenjian/guofa-2019-5/', '#user-content-fn-1', '../x/', 'x.pdf', '附件/说明.pdf', 'https://www.gov.cn/', 'mailto:gk@example.gov.cn', '/a//b/', '?page=2'];
    const html = (await withSanitiser.render(hrefs.map((h, i) => `<a href="${h}">${i}</a>`).join(' '))).code;
    const kept: string[] = [];
    visit(fromHtml(html, { fragment: true }), 'element', (node: Element) => {
      if (node.tagName === 'a' && typeof node.properties.href === 'string') kept.push(node.properties.href);
    });
    expect(kept).toEqual(hrefs);
  });

  it('remove addresses a browser reads as another site: two of / and \\ at the start, whitespace or control characters anywhere', () => {
    const hrefs = ['//evil.example/', '/\\evil.example/', '\\\\evil.example/', '\\/evil.example/', '/\t/evil.example/', '/\n/evil.example/', ' //evil.example/', '/x y/', '/x\u0000/'];
    for (const href of hrefs) {
      const tree: Root = { type: 'root', children: [{ type: 'element', tagName: 'a', properties: { href }, children: [{ type: 'text', value: 'x' }] }] };
      const { tree: clean, removed } = sanitizeContentTree(tree);
      expect(toHtml(clean), JSON.stringify(href)).toBe('<a>x</a>');
      expect(removed.map((r) => `${r.name}[${r.attribute}]=${r.value}`), JSON.stringify(href)).toEqual([`a[href]=${href}`]);
    }
  });
});

describe('footnotes', () => {
  it('have a visible Chinese heading with the site\'s class and Chinese back-link names, nothing in English', async () => {
    const html = (await withSanitiser.render('正文[^1]，另见[^2]，再见[^1]。\n\n[^1]: 说明一。\n\n[^2]: 说明二。')).code;
    expect(html).toContain('<h2 class="footnotes-label" id="footnote-label">注释</h2>');
    const labels = [...html.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(labels).toEqual(['返回正文中注释 1 的引用处', '返回正文中注释 1 的第 2 处引用', '返回正文中注释 2 的引用处']);
    expect(html).not.toMatch(/Footnotes|Back to|sr-only/);
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
