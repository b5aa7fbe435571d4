import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/lib/problems';
import { scanSite } from '../../../src/release/scan';
import { verifySite } from '../../../src/release/verify';
import { copySite, edit, FIXTURE_SITE, ORIGIN } from './helpers';

function problemsOf(siteDir: string, options = {}): string {
  return verifySite(scanSite(siteDir), { siteOrigin: ORIGIN, ...options })
    .map(formatProblem)
    .join('\n');
}

const DOC = 'wenjian/guofa-2019-5/index.html';

describe('verifying a built site before release', () => {
  it('the fixture site, with every kind of file, has no problems', () => {
    expect(problemsOf(FIXTURE_SITE)).toBe('');
  });

  it('a link to a missing page fails with the file, the attribute and the fix', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace('<p>正文。</p>', '<p>见<a href="/jiedu/guofa-2019-5x/">解读</a>。</p>'));
    expect(problemsOf(site)).toMatchInlineSnapshot(`
      "dist/wenjian/guofa-2019-5/index.html:1  href (链接)  [错误]
        "/jiedu/guofa-2019-5x/" 指向的 /jiedu/guofa-2019-5x/ 不存在（dist/ 中没有 jiedu/guofa-2019-5x/index.html）。
        如果链接写在内容文件里，请改正内容中的地址；如果由模板生成，请检查 src/pages/ 中是否生成了该页面，或该内容是否被设为草稿（draft）。"
    `);
  });

  it('relative links resolve against the page, and a link without its trailing slash finds the page', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace('<p>正文。</p>', '<p><a href="../../jiedu/guofa-2019-5-jiedu/">解读</a> <a href="/tujie">图解</a> <a href="../index.html">列表</a></p>'));
    expect(problemsOf(site)).toBe('');
  });

  it('a missing image in srcset and a missing file in a stylesheet url() fail', () => {
    const site = copySite();
    edit(site, 'tujie/guofa-2019-5-tujie/index.html', (t) => t.replace('/tujie/guofa-2019-5-tujie.png 2x', '/tujie/guofa-2019-5-tujie@2x.png 2x'));
    edit(site, '_astro/site.B7dX2k9q.css', (t) => t.replace('url(/favicon.svg)', 'url("../logo.svg")'));
    const report = problemsOf(site);
    expect(report).toContain('dist/tujie/guofa-2019-5-tujie/index.html:1  srcset (图片地址)');
    expect(report).toContain('"/tujie/guofa-2019-5-tujie@2x.png" 指向的 /tujie/guofa-2019-5-tujie@2x.png 不存在');
    expect(report).toContain('dist/_astro/site.B7dX2k9q.css:1  url() (样式中的地址)');
    expect(report).toContain('"../logo.svg" 指向的 /logo.svg 不存在');
  });

  it('a #fragment with no element of that id fails, on the same page and on another page', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace('href="#yi"', 'href="#er"'));
    edit(site, 'jiedu/guofa-2019-5-jiedu/index.html', (t) => t.replace(`/wenjian/guofa-2019-5/#yi`, '/wenjian/guofa-2019-5/#san'));
    expect(problemsOf(site)).toMatchInlineSnapshot(`
      "dist/jiedu/guofa-2019-5-jiedu/index.html:1  href (链接)  [错误]
        锚点链接 "/wenjian/guofa-2019-5/#san" 指向 wenjian/guofa-2019-5/index.html 中的 "#san"，但那一页没有 id="san" 的元素。
        请改正锚点名称，使它与目标标题的 id 一致；标题改过名时，链接也要跟着改。
      dist/wenjian/guofa-2019-5/index.html:1  href (链接)  [错误]
        锚点链接 "#er" 指向本页的 "#er"，但本页没有 id="er" 的元素。
        请改正锚点名称，使它与目标标题的 id 一致；标题改过名时，链接也要跟着改。"
    `);
  });

  it('external links, mailto:, tel:, #top and text fragments are not checked', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace('<p>正文。</p>', '<p><a href="https://www.gov.cn/nope/">外部</a><a href="mailto:x@y.cn">信</a><a href="tel:110">电话</a><a href="#top">顶部</a><a href="#:~:text=正文">正文</a></p>'));
    expect(problemsOf(site)).toBe('');
  });

  it('an image from another site fails, because the Content-Security-Policy would block it', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace('<p>正文。</p>', '<p><img src="https://img.example.com/a.png" alt=""></p>'));
    expect(problemsOf(site)).toContain('<img> 引用了外部资源 "https://img.example.com/a.png"。内容安全策略（CSP）只允许本站资源，浏览器会拦截它。');
  });

  it('inline event handlers, style attributes and javascript: links fail, whatever the policy would do with them', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace('<p>正文。</p>', '<p style="color:red" onclick="alert(1)">正文。<a href="javascript:void(0)">x</a></p>'));
    expect(problemsOf(site)).toMatchInlineSnapshot(`
      "dist/wenjian/guofa-2019-5/index.html:1  style (内联样式)  [错误]
        页面<p> 有 style 属性（"color:red"）；本站样式都在 /_astro/ 下的样式表文件里。这不是本站模板写出的内容，发布后可能在读者的浏览器里运行。
        请运行 npm run check，按提示改正对应的内容文件（正文里的 HTML、链接和元数据），再重新构建；如果内容检查没有报错，说明构建或模板有漏洞，请报告给开发人员，不要发布。
      dist/wenjian/guofa-2019-5/index.html:1  onclick (事件脚本)  [错误]
        页面<p> 有事件属性 onclick="alert(1)"，会运行代码。这不是本站模板写出的内容，发布后可能在读者的浏览器里运行。
        请运行 npm run check，按提示改正对应的内容文件（正文里的 HTML、链接和元数据），再重新构建；如果内容检查没有报错，说明构建或模板有漏洞，请报告给开发人员，不要发布。
      dist/wenjian/guofa-2019-5/index.html:1  href (脚本地址)  [错误]
        页面<a> 的 href 是会运行代码的地址 "javascript:void(0)"（解码并去掉空白和控制字符后以 javascript:、vbscript: 或非图片的 data: 开头）。这不是本站模板写出的内容，发布后可能在读者的浏览器里运行。
        请运行 npm run check，按提示改正对应的内容文件（正文里的 HTML、链接和元数据），再重新构建；如果内容检查没有报错，说明构建或模板有漏洞，请报告给开发人员，不要发布。"
    `);
  });

  it('an article page without PubDate fails; a list page without it passes', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace(/<meta name="PubDate"[^>]*>/, ''));
    edit(site, 'wenjian/index.html', (t) => t.replace(/<meta name="PubDate"[^>]*>/, ''));
    expect(problemsOf(site)).toMatchInlineSnapshot(`
      "dist/wenjian/guofa-2019-5/index.html  PubDate (发布日期)  [错误]
        缺少政府网站元数据 <meta name="PubDate">（发布日期），文章页（ColumnType 文章）必须有它。
        请在内容文件中填写发布日期（publishedAt），并确认页面把它传给布局的 pubDate。"
    `);
  });

  it('a page without title, canonical URL or site meta tags fails for each', () => {
    const site = copySite();
    edit(site, 'jiedu/index.html', (t) =>
      t.replace(/<title>[^<]*<\/title>/, '<title> </title>').replace(/<link rel="canonical"[^>]*>/, '').replace(/<meta name="(SiteIDCode|ColumnName)"[^>]*>/g, ''),
    );
    const fields = verifySite(scanSite(site), { siteOrigin: ORIGIN }).map((p) => p.field);
    expect(fields).toEqual(['title', 'canonical', 'SiteIDCode', 'ColumnName']);
  });

  it('the home page needs no ColumnName; a PubDate in the wrong form fails', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace(/<meta name="PubDate" content="[^"]*">/, '<meta name="PubDate" content="2019/02/15">'));
    expect(problemsOf(site)).toContain('<meta name="PubDate"> 的值 "2019/02/15" 格式不对，应为 YYYY-MM-DD HH:MM。');
  });

  it('the 404 page and redirect pages need no meta tags', () => {
    const site = copySite();
    edit(site, '404.html', (t) => t.replace(/<meta name="[^"]*" content="[^"]*">/g, ''));
    expect(problemsOf(site)).toBe('');
  });

  it('a site without the search index fails and names the integration that makes it', () => {
    const site = copySite();
    rmSync(join(site, 'pagefind/pagefind.js'));
    expect(problemsOf(site)).toMatchInlineSnapshot(`
      "dist/pagefind/pagefind.js  [错误]
        缺少搜索索引文件 pagefind/pagefind.js，站内搜索将无法使用。
        搜索索引在构建结束时由 src/integrations/search-index.ts 生成：请确认 astro.config.mjs 启用了它，并查看构建日志中的搜索索引错误。"
    `);
  });

  it('a search index entry naming a missing language index fails', () => {
    const site = copySite();
    writeFileSync(join(site, 'pagefind/pagefind-entry.json'), JSON.stringify({ version: '1.6.0', languages: { 'zh-cn': { hash: 'zh-cn_000000000' } } }));
    expect(problemsOf(site)).toContain('搜索索引入口列出的 zh-cn 索引文件 pagefind/pagefind.zh-cn_000000000.pf_meta 不存在');
  });

  it('the same broken link on every page is reported once, with how many other pages have it', () => {
    const site = copySite();
    for (const f of ['index.html', 'wenjian/index.html', 'jiedu/index.html', 'tujie/index.html', DOC]) {
      edit(site, f, (t) => t.replace('<a href="/rss.xml">订阅</a>', '<a href="/feed.xml">订阅</a>'));
    }
    const problems = verifySite(scanSite(site), { siteOrigin: ORIGIN });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('另有 4 个文件有同样的问题：dist/jiedu/index.html、dist/tujie/index.html、dist/wenjian/guofa-2019-5/index.html 等。');
  });

  it('absolute URLs on the site origin are checked like internal ones', () => {
    const site = copySite();
    edit(site, 'jiedu/guofa-2019-5-jiedu/index.html', (t) => t.replace('/og/interpretations/guofa-2019-5-jiedu.png', '/og/interpretations/missing.png'));
    expect(problemsOf(site)).toContain('分享图在构建时生成到 /og/');
  });
});
