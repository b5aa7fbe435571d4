// npm run check against the hostile corpus: every hostile body and every hostile URL is an error with its file
// and line, in Chinese, whatever the sanitiser would do with it at build time.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../../src/check/validate';
import { formatProblem } from '../../../src/lib/problems';
import { attributeTextFiles, bodyFiles, CORPUS, mdxBodyFiles, valueFiles, writeFiles, type HostileFile } from '../../fixtures/hostile/corpus';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'project');
const root = mkdtempSync(join(tmpdir(), 'jiedu-hostile-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
cpSync(FIXTURE, root, { recursive: true });
for (const collection of ['interpretations', 'infographics']) mkdirSync(join(root, 'content', collection), { recursive: true });

const bodies = bodyFiles();
const mdx = mdxBodyFiles();
const urls = valueFiles(CORPUS.urls);
const attributeText = attributeTextFiles();
/** A document with what official texts use and the check must accept: footnotes, and every kind of normal link. */
const legitimate: HostileFile = {
  item: 'legit',
  path: 'content/documents/legit-links.md',
  text: [
    '---',
    'title: 正常链接和注释',
    'issuer: guowuyuan',
    'publishedAt: 2020-01-02',
    '---',
    '',
    '见[附件](/wenjian/guofa-2019-5/)、[上级](../guofa-2019-5/)、[文件](fujian.pdf)、[国务院](https://www.gov.cn/)、[邮箱](mailto:gk@example.gov.cn)、[本页](#user-content-fn-1)。',
    '',
    '<a href="/wenjian/guofa-2019-5/" title="<table>">见原文</a>',
    '',
    '说明[^1]。',
    '',
    '[^1]: 注释内容。',
    '',
  ].join('\n'),
  bodyLines: [7, 13],
  url: '/wenjian/legit-links/',
};
writeFiles(root, [...bodies, ...mdx, ...urls, ...attributeText, legitimate]);
const { problems } = checkContent(root);
const errorsIn = (f: HostileFile) => problems.filter((p) => p.severity === 'error' && p.file === f.path);

describe('the check on the hostile corpus', () => {
  it('every Markdown and MDX body is an error located on the lines of the hostile text', () => {
    const missed = [...bodies, ...mdx]
      .filter((f) => !errorsIn(f).some((p) => p.line !== undefined && p.line >= f.bodyLines[0] && p.line <= f.bodyLines[1]))
      .map((f) => `${f.item} ${f.path}: ${errorsIn(f).map(formatProblem).join(' | ') || '没有错误'}`);
    expect(missed).toEqual([]);
  });

  it('every hostile URL in sourceUrl, attachments or contact is an error on its field', () => {
    const missed = urls
      // An organisation's document only names it as issuer; the URL is in the organisation's file.
      .filter((f) => !(f.path.endsWith('.md') && CORPUS.urls.find((u) => u.id === f.item)?.entry === 'organization'))
      .filter((f) => !errorsIn(f).some((p) => p.line !== undefined && /sourceUrl|attachments|contact/.test(p.field ?? '')))
      .map((f) => `${f.item} ${f.path}: ${errorsIn(f).map(formatProblem).join(' | ') || '没有错误'}`);
    expect(missed).toEqual([]);
  });

  it('markup that is only text in an attribute value, footnotes and normal links are not errors', () => {
    const flagged = [...attributeText, legitimate].filter((f) => errorsIn(f).length > 0).map((f) => `${f.item}: ${errorsIn(f).map(formatProblem).join(' | ')}`);
    expect(attributeText.length).toBe(CORPUS.attributeText.length);
    expect(flagged).toEqual([]);
  });

  it('messages say what was found and how to fix it, in Chinese', () => {
    const show = (item: string) => [...bodies, ...mdx, ...urls].filter((f) => f.item === item).flatMap(errorsIn).map(formatProblem).join('\n');
    expect(show('b010')).toMatchInlineSnapshot(`
      "content/documents/hostile-b010.md:9  body (正文)  [错误]
        <details> 的 ontoggle 属性（“alert(10)”）是事件脚本，会在读者的浏览器里运行代码；发布时删去这个属性。
        删去 ontoggle="…"。"
    `);
    expect(show('b041')).toMatchInlineSnapshot(`
      "content/documents/hostile-b041.md:9  body (正文)  [错误]
        链接地址“java\\tscript:alert(41)”不是允许的地址（可能会运行代码）。只允许 http:、https:、mailto: 开头的网址和本站地址（以 / 开头）；发布时删去这个地址。
        改为以 https:// 开头的完整网址（协议名用小写，中间不能有空格、制表符或换行），或本站地址如 /wenjian/guofa-2019-5/；否则删去这个链接。"
    `);
    expect(show('b090')).toMatchInlineSnapshot(`
      "content/documents/hostile-b090.md:9  body (正文)  [错误]
        图片地址“https://evil.example/track.png”不是本站地址。正文里的图片只能用本站地址（以 / 开头），不能引用其他网站的图片，也不能用 data: 等地址；发布时删去这个地址。
        把图片放进 public/ 目录，用 /文件名 引用（如 /images/2019/tu1.png）；或删去这张图片。"
    `);
    expect(show('b105')).toMatchInlineSnapshot(`
      "content/documents/hostile-b105.md:9  body (正文)  [错误]
        以 // 开头的链接会打开其他网站：“//evil.example/”开头是两个斜杠（/ 或 \\；其间的空格、制表符、换行浏览器会删去），浏览器把它读作另一个网站的地址，看上去像本站地址，实际不是；发布时删去这个地址。
        本站页面只写一个 / 开头，如 /wenjian/guofa-2019-5/；其他网站写完整网址，如 https://www.gov.cn/；否则删去这个链接。"
    `);
    expect(show('b110')).toMatchInlineSnapshot(`
      "content/documents/hostile-b110.md:9  body (正文)  [错误]
        以 // 开头的链接会打开其他网站：“/\\t/evil.example/”开头是两个斜杠（/ 或 \\；其间的空格、制表符、换行浏览器会删去），浏览器把它读作另一个网站的地址，看上去像本站地址，实际不是；发布时删去这个地址。
        本站页面只写一个 / 开头，如 /wenjian/guofa-2019-5/；其他网站写完整网址，如 https://www.gov.cn/；否则删去这个链接。"
    `);
    expect(show('x023')).toMatchInlineSnapshot(`
      "content/interpretations/hostile-x023.mdx:11  body (正文)  [错误]
        以 // 开头的链接会打开其他网站：“//evil.example/”开头是两个斜杠（/ 或 \\；其间的空格、制表符、换行浏览器会删去），浏览器把它读作另一个网站的地址，看上去像本站地址，实际不是；发布时删去这个地址。
        本站页面只写一个 / 开头，如 /wenjian/guofa-2019-5/；其他网站写完整网址，如 https://www.gov.cn/；否则删去这个链接。"
    `);
    expect(show('u005')).toMatchInlineSnapshot(`
      "content/documents/hostile-u005.md:7  attachments[0].url (地址)  [错误]
        地址 "java\\tscript:alert(5)" 不是允许的地址。地址里有空格、制表符、换行或其他看不见的字符，浏览器会删掉它们再打开，可能变成会运行代码的地址。只允许以 https://、http:// 或 mailto: 开头的地址，或本站地址（以 / 开头，如 /wenjian/guofa-2019-5/）。
        改为以 https://、http:// 或 mailto: 开头的地址，或本站地址（以 / 开头，如 /wenjian/guofa-2019-5/），中间不要有空格或换行；不能用 javascript:、data: 等地址。"
    `);
  });
});
