// Release verification refuses markup that could run code, parsed as a browser parses it (issue 10).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanPage, type UnsafeMarkup } from '../../../src/release/scan';
import { verifySite } from '../../../src/release/verify';
import { scanSite } from '../../../src/release/scan';
import { copySite, edit, FIXTURE_SITE, ORIGIN } from './helpers';

const DOC = 'wenjian/guofa-2019-5/index.html';
const page = readFileSync(join(FIXTURE_SITE, DOC), 'utf8');

/** The kinds of unsafe markup found when `html` replaces the document's text paragraph. */
function kindsIn(html: string): UnsafeMarkup['kind'][] {
  return scanPage(DOC, page.replace('<p>正文。</p>', html)).unsafe.map((u) => u.kind);
}

const CASES: [html: string, kind: UnsafeMarkup['kind']][] = [
  ['<script>alert(1)</script>', 'inline-script'],
  ['<SCRIPT >alert(1)</SCRIPT>', 'inline-script'],
  ['<script type="text/plain">x</script>', 'inline-script'],
  ['<script src="https://evil.example/x.js"></script>', 'foreign-script'],
  ['<script src="/_astro/elder-mode.D4kq9Xw2.js">alert(1)</script>', 'foreign-script'],
  ['<script src="/pagefind/x.js"></script>', 'foreign-script'],
  ['<details open ontoggle=alert(1)>x</details>', 'event-handler'],
  ['<img src=x onerror=alert(1)>', 'event-handler'],
  ['<img src=x /onerror=alert(1)>', 'event-handler'],
  ['<svg/onload=alert(1)>', 'event-handler'],
  ['<p oNcLiCk="alert(1)">x</p>', 'event-handler'],
  ['<body onpageshow=alert(1)>', 'event-handler'],
  ['<a href="java&#x09;script:alert(1)">x</a>', 'script-url'],
  ['<a href="jav&#x61;script:alert(1)">x</a>', 'script-url'],
  ['<a href=" &#14; javascript:alert(1)">x</a>', 'script-url'],
  ['<a href="JaVaScRiPt:alert(1)">x</a>', 'script-url'],
  ['<a href="vbscript:msgbox(1)">x</a>', 'script-url'],
  ['<a href="data:text/html,<script>alert(1)</script>">x</a>', 'script-url'],
  ['<img src="data:image/svg+xml,<svg onload=alert(1)>">', 'script-url'],
  ['<iframe srcdoc="<script>alert(1)</script>"></iframe>', 'embed'],
  ['<object data="x.swf"></object>', 'embed'],
  ['<embed src="x.swf">', 'embed'],
  ['<template><img src=x onerror=alert(1)></template>', 'embed'],
  ['<form action="https://evil.example/"><button>go</button></form>', 'form'],
  ['<button formaction="javascript:alert(1)">x</button>', 'form'],
  ['<svg><a xlink:href="#x"><text>x</text></a></svg>', 'svg-math'],
  ['<math><mtext>x</mtext></math>', 'svg-math'],
  ['<base href="https://evil.example/">', 'base'],
  ['<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', 'meta-refresh'],
  ['<meta http-equiv="refresh" content="0;url=//evil.example">', 'meta-refresh'],
  ['<meta http-equiv="refresh" content="1; URL=https://evil.example/">', 'meta-refresh'],
  ['<p style="background:url(javascript:alert(1))">x</p>', 'style-attribute'],
  ['<style>body{background:red}</style>', 'style-element'],
  ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', 'event-handler'],
  ['<a href="//evil.example/">x</a>', 'scheme-relative'],
  ['<a href="/\\evil.example/">x</a>', 'scheme-relative'],
  ['<a href="\\\\evil.example/">x</a>', 'scheme-relative'],
  ['<a href="\\/evil.example/">x</a>', 'scheme-relative'],
  ['<a href="/&#x09;/evil.example/">x</a>', 'scheme-relative'],
  ['<a href="/\n/evil.example/">x</a>', 'scheme-relative'],
  ['<a href=" //evil.example/">x</a>', 'scheme-relative'],
  ['<blockquote cite="//evil.example/">x</blockquote>', 'scheme-relative'],
  ['<img src="//evil.example/t.png" alt="">', 'scheme-relative'],
];

describe('markup that could run code, found with an HTML parser', () => {
  it.each(CASES)('%s is found as %s', (html, kind) => {
    expect(kindsIn(html)).toContain(kind);
  });

  it('the project\'s own markup is not: its script files, JSON-LD, the search form, plain content', () => {
    expect(scanPage(DOC, page).unsafe).toEqual([]);
    expect(kindsIn('<meta http-equiv="refresh" content="0;url=/wenjian/guofa-2019-5/">')).toEqual([]);
    expect(kindsIn('<p><a href="/wenjian/">x</a> <a href="mailto:a@b.cn">m</a> <img src="/og/a.png" alt=""> <img src="data:image/png;base64,AAAA" alt=""></p>')).toEqual([]);
    expect(kindsIn('<p><a href="#user-content-fn-1">1</a> <a href="../x/">x</a> <a href="x.pdf">p</a> <a href="https://www.gov.cn/">g</a> <a href="/a//b/">d</a></p>')).toEqual([]);
  });

  it('a JSON-LD block with a raw < is refused: the layout escapes it, so text broke out of the script', () => {
    const broken = page.replace(/<script type="application\/ld\+json">[^<]*/, (m) => `${m.replace('"name":"', '"name":"<b>')}`);
    expect(scanPage(DOC, broken).unsafe.map((u) => u.kind)).toContain('json-ld');
  });
});

describe('a release with content markup that could run code', () => {
  it('is refused with the file, line, what was found and what to do', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace('<p>正文。</p>', '<p>正文。</p><script>alert(document.domain)</script><img src="/og/interpretations/guofa-2019-5-jiedu.png" alt="" onerror=alert(1)>'));
    const problems = verifySite(scanSite(site), { siteOrigin: ORIGIN });
    expect(problems.map((p) => [p.file, p.label, p.field])).toEqual([
      ['dist/wenjian/guofa-2019-5/index.html', '内联脚本', '<script>'],
      ['dist/wenjian/guofa-2019-5/index.html', '事件脚本', 'onerror'],
    ]);
    expect(problems[0]!.message).toContain('页面有内联 <script>');
    expect(problems[0]!.fix).toContain('npm run check');
  });

  it('a link that looks site-relative but opens another site (//, /\\) is refused as 站外地址', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace('<p>正文。</p>', '<p>正文。<a href="//evil.example/">见此</a><a href="/\\evil.example/">见此</a></p>'));
    const problems = verifySite(scanSite(site), { siteOrigin: ORIGIN });
    expect(problems.map((p) => [p.file, p.label, p.field])).toEqual([
      ['dist/wenjian/guofa-2019-5/index.html', '站外地址', 'href'],
      ['dist/wenjian/guofa-2019-5/index.html', '站外地址', 'href'],
    ]);
    expect(problems[0]!.message).toContain('以 // 开头的地址 "//evil.example/"');
  });

  it('a page whose head does not open with the site CSP meta tag is refused', () => {
    const site = copySite();
    edit(site, DOC, (t) => t.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    const problems = verifySite(scanSite(site), { siteOrigin: ORIGIN });
    expect(problems.map((p) => p.field)).toEqual(['Content-Security-Policy']);
  });
});
