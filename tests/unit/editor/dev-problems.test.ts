import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import devProblems, { entryOfPath, injectBanner, renderBanner } from '../../../src/integrations/dev-problems';
import { checkContent } from '../../../src/check/validate';

const SAFETY = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'safety');
const PROJECT = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'project');

const text = (html: string) =>
  html
    .replace(/<br>|<\/(?:p|li)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

describe('the preview banner', () => {
  const result = checkContent(SAFETY);

  it('knows which file an entry page shows, and that list pages are not entries', () => {
    expect(entryOfPath('/jiedu/runs-code/')).toEqual({ collection: 'interpretations', id: 'runs-code', dir: 'content/interpretations/' });
    expect(entryOfPath('/wenjian/guofa-2019-5/')).toMatchObject({ collection: 'documents', id: 'guofa-2019-5' });
    expect(entryOfPath('/jiedu/')).toBeUndefined();
    expect(entryOfPath('/jiedu/2/')).toBeUndefined();
    expect(entryOfPath('/zhuti/x/')).toBeUndefined();
  });

  it("lists the page's own problems first, then the errors that stop publishing, in Chinese with file:line and the fix", () => {
    expect(text(renderBanner(result, '/tujie/components/'))).toMatchInlineSnapshot(`
      "内容检查：11 个错误，4 个警告（这个提示只在预览中显示，不会发布）
      本页文件的问题：
      [错误] content/infographics/components.mdx:10
      组件 <Figure> 的属性 value 写成了花括号表达式（{2019}）。属性值只能是英文双引号中的文字。
      改法：写成 value="2019"。
      [错误] content/infographics/components.mdx:11
      不认识的组件 <Figur>。图解只能使用这些组件：<Figure>、<Steps>、<Compare>、<Note>，无需导入。
      改法：是不是要写 <Figure>？否则删去 <Figur> 标签，改用 Markdown 书写。
      其他文件的错误（有错误时不能发布）：
      [错误] content/documents/active-html.md:9 body（正文）
      原文件正文里的 <script> 会在读者的浏览器里运行代码；发布时它连同其中的内容一起删除。
      改法：删去 <script> 到 </script> 之间的全部内容。
      [错误] content/interpretations/broken.mdx:9
      第 7 列附近无法按 MDX 读取正文（这一行：“担保金额 <500万元 的企业。”）。MDX 把 < 和 { 当作组件和代码的开头。
      改法：如果这里的 < 或 { 是普通文字，在它前面加反斜杠（写成 \\< 或 \\{），或改用全角“＜”“｛”；如果是组件，检查尖括号是否成对，属性值是否用英文双引号括起来。
      [错误] content/interpretations/html-comment.mdx:9
      MDX 文件里不能用 <!-- … --> 写注释（这一行：“<!-- 编辑留言：待审签 -->”）。
      改法：改写成 {/* 注释 */}，或删去这条注释。
      [错误] content/interpretations/runs-code.mdx:8
      解读里不能写 import 或 export（找到：“import Chart from '../../src/components/…”）。内容文件只能是文字和本站的组件，发布时不运行代码。
      改法：删去这一行。
      [错误] content/interpretations/runs-code.mdx:10
      解读里不能写花括号表达式（找到：“{1 + 1}”）。花括号里的内容会在发布时当作代码运行。
      改法：删去花括号；如果要显示花括号本身，在前面加反斜杠，写成 \\{ 和 \\}。
      [错误] content/interpretations/runs-code.mdx:12
      不认识的组件 <Chart>。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
      改法：删去 <Chart> 标签，改用 Markdown 书写。需要图解的，在 content/infographics/ 下另建图解（npm run new -- tujie）。
      [错误] content/interpretations/runs-code.mdx:14
      不认识的组件 <Figure>。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
      改法：删去 <Figure> 标签，改用 Markdown 书写。需要图解的，在 content/infographics/ 下另建图解（npm run new -- tujie）。
      [错误] content/interpretations/runs-code.mdx:16
      解读里不能直接写 HTML 标签 <div>。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
      改法：删去这个标签，改用 Markdown 书写：## 写标题，空一行分段，“- ”开头写列表。
      [错误] content/interpretations/runs-code.mdx:18 body（正文）
      链接地址“javascript:alert(1)”不是允许的地址（可能会运行代码）。只允许 http:、https:、mailto: 开头的网址和本站地址（以 / 开头）；发布时删去这个地址。
      改法：改为以 https:// 开头的完整网址（协议名用小写，中间不能有空格、制表符或换行），或本站地址如 /wenjian/guofa-2019-5/；否则删去这个链接。
      其他文件还有 4 个警告，运行 npm run check 查看。"
    `);
  });

  it('says nothing on a page when there is nothing to say', () => {
    const clean = checkContent(PROJECT);
    expect(renderBanner(clean, '/')).toBe('');
  });

  it('tells the editor a page is a draft or scheduled, which the published site will not show', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-dev-'));
    cpSync(PROJECT, dir, { recursive: true });
    const path = join(dir, 'content/documents/guobanfa-2019-6.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('publishedAt: 2019-02-14\n', 'publishedAt: 2019-02-14\npublishAt: 2099-01-01\n'));
    expect(text(renderBanner(checkContent(dir), '/wenjian/guobanfa-2019-6/'))).toContain('定时发布：2099-01-01 当天或之后的构建才会上线，现在只在预览中可以看到。');
  });

  it('goes right after the opening body tag', () => {
    expect(injectBanner('<html><body class="x"><main>页</main></body></html>', '<section>B</section>')).toBe('<html><body class="x"><section>B</section><main>页</main></body></html>');
    expect(injectBanner('<html><body></body></html>', '')).toBe('<html><body></body></html>');
  });
});

describe('the dev-server middleware', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** Starts the integration's middleware in front of a handler that answers like Astro's dev server. */
  async function serve(root: string, page: (req: IncomingMessage, res: ServerResponse) => void) {
    const middlewares: ((req: IncomingMessage, res: ServerResponse, next: () => void) => void)[] = [];
    const watchers: Record<string, (path: string) => void> = {};
    const sent: unknown[] = [];
    const fake = {
      config: { root },
      watcher: { add: () => undefined, on: (event: string, fn: (path: string) => void) => (watchers[event] = fn) },
      middlewares: { use: (fn: (typeof middlewares)[number]) => middlewares.push(fn) },
      ws: { send: (m: unknown) => sent.push(m) },
    };
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const hook = devProblems().hooks['astro:server:setup'] as unknown as (o: unknown) => void;
    hook({ server: fake, logger });
    server = createServer((req, res) => middlewares[0]!(req, res, () => page(req, res)));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    return { url, watchers, sent };
  }

  const astroPage = (status = 200) => (_req: IncomingMessage, res: ServerResponse) => {
    // Astro 7's dev server sends pages without a content type, in chunks.
    res.writeHead(status);
    res.write('<!DOCTYPE html><html lang="zh-CN"><head><title>页</title></head><body>');
    setTimeout(() => {
      res.write('<main>正文</main>');
      res.end('</body></html>');
    }, 5);
  };

  it('puts the banner into every page, with a correct length', async () => {
    const { url } = await serve(SAFETY, astroPage());
    const res = await fetch(`${url}/jiedu/runs-code/`, { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN"><head><title>页<\/title><\/head><body><section id="jiedu-dev-problems"/);
    expect(html).toContain('<main>正文</main></body></html>');
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(html));
  });

  it('shows the problems instead of a stack trace when a page fails and the content has errors', async () => {
    const { url } = await serve(SAFETY, (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' });
      res.end('<title>MDXError</title><script type="module" src="/@vite/client"></script>');
    });
    const res = await fetch(`${url}/jiedu/broken/`, { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(res.status).toBe(500);
    expect(html).toContain('这个页面因为内容有错误无法显示');
    expect(html).toContain('content/interpretations/broken.mdx:9');
    expect(html).not.toContain('/@vite/client');
  });

  it('leaves scripts, styles and images alone', async () => {
    const { url } = await serve(SAFETY, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/css' });
      res.end('body{color:red}');
    });
    const res = await fetch(`${url}/styles/site.css`, { headers: { accept: 'text/css' } });
    expect(await res.text()).toBe('body{color:red}');
  });

  it('re-runs the check when a content file changes, and reloads the browser when the problems changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-dev-'));
    cpSync(PROJECT, dir, { recursive: true });
    const { url, watchers, sent } = await serve(dir, astroPage());
    expect(await (await fetch(`${url}/`, { headers: { accept: 'text/html' } })).text()).not.toContain('jiedu-dev-problems');
    const file = join(dir, 'content/documents/guobanfa-2019-6.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n<script>alert(1)</script>\n`);
    watchers.change!(file);
    const html = await (await fetch(`${url}/`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('content/documents/guobanfa-2019-6.md:10');
    expect(sent).toEqual([{ type: 'full-reload' }]);
  });
});
