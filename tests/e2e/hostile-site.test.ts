// The sample site built with the hostile corpus (tests/fixtures/hostile/) forced past the content check, which
// would refuse it: the build's own sanitiser and escaping are the last line of defence. The built site is read
// with a real HTML parser (parse5, scripting on) and every hostile page is opened in Chromium with no CSP at all.
// A page with a script injected after the build (as a sanitiser bug would leave it) shows that the CSP allows
// no inline script whatever dist/ holds, and that release verification refuses it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/lib/csp';
import { serveDirectory } from '../support/static-server';
import { productionBuildEnv } from '../../src/release/build-env';
import { HEADERS_FILE, headerRules, renderHeadersFile } from '../../src/release/headers';
import { findUnsafeMarkup, scanSite } from '../../src/release/scan';
import { listSiteFiles } from '../../src/release/site-files';
import { verifySite } from '../../src/release/verify';
import { checkContent } from '../../src/check/validate';
import { attributeTextFiles, bodyFiles, CORPUS, mdxBodyFiles, valueFiles, writeFiles } from '../fixtures/hostile/corpus';
import { launchBrowser } from './browser';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { copyProjectSources } from '../support/project-copy';

const work = mkdtempSync(join(tmpdir(), 'jiedu-hostile-'));
const project = join(work, 'project');
const dist = join(project, 'dist');
// Frontmatter text values go into the build; hostile URLs cannot (the content schemas refuse them, in the build too).
// Attribute-text bodies pass the check (their markup is text in a title) and must stay text on the page.
const textFiles = attributeTextFiles();
const files = [...bodyFiles(), ...mdxBodyFiles(), ...textFiles, ...valueFiles(CORPUS.frontmatter)];

let browser: Browser;
let server: Server;
let base: string;

beforeAll(async () => {
  copyProjectSources(project, { infographicCache: true });
  writeFiles(project, files);
  // Force the content past the check: the copy's config runs without the check integration.
  const configPath = join(project, 'astro.config.mjs');
  const config = readFileSync(configPath, 'utf8');
  const forced = config.replace('integrations: [contentCheck(), ', 'integrations: [');
  if (forced === config) throw new Error('astro.config.mjs no longer lists contentCheck() first; update this test.');
  writeFileSync(configPath, forced);
  const result = spawnSync('npx', ['astro', 'build'], { cwd: project, encoding: 'utf8', env: productionBuildEnv() });
  if (result.status !== 0) throw new Error(`astro build of the hostile site failed:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  browser = await launchBrowser();
  ({ server, url: base } = await serveDirectory(dist));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a site built from hostile content that skipped the check', () => {
  it('holds content the check refuses, so only the build stood in its way', () => {
    const errors = checkContent(project).problems.filter((p) => p.severity === 'error' && p.file.includes('/hostile-'));
    const refused = new Set(errors.map((p) => p.file));
    const passed = files.filter((f) => /^[bx]\d/.test(f.item) && !refused.has(f.path)).map((f) => f.path);
    expect(refused.size).toBeGreaterThanOrEqual(CORPUS.bodies.length + CORPUS.mdxBodies.length);
    expect(passed).toEqual([]);
  });

  it('has a page for every hostile entry', () => {
    const missing = files.filter((f) => !existsSync(join(dist, f.url, 'index.html'))).map((f) => f.url);
    expect(missing).toEqual([]);
  });

  it('has no executable markup in any HTML file, read with a real HTML parser', () => {
    const pages = listSiteFiles(dist).filter((f) => f.endsWith('.html'));
    const found = pages.flatMap((f) => findUnsafeMarkup(readFileSync(join(dist, f), 'utf8')).map((u) => `${f}:${u.line} ${u.kind} <${u.tag}> ${u.attribute} ${u.value.slice(0, 60)}`));
    expect(pages.length).toBeGreaterThan(250);
    expect(found).toEqual([]);
  });

  it('passes release verification for executable markup', () => {
    const unsafe = verifySite(scanSite(dist), { siteOrigin: 'https://zcjd.example.gov.cn' }).filter((p) =>
      ['内联脚本', '外来脚本', '结构化数据', '事件脚本', '脚本地址', '内联样式', '嵌入内容', '表单', 'SVG/MathML', '基准地址', '跳转', '站外地址', '内容安全策略'].includes(p.label ?? ''),
    );
    expect(unsafe).toEqual([]);
  });

  it('keeps markup written in titles as text: the titles read back exactly, and only real tables are in scroll regions', () => {
    const wrong: string[] = [];
    for (const f of textFiles) {
      const body = CORPUS.attributeText.find((b) => b.id === f.item)!.body;
      const written = [...body.matchAll(/ "([^"]*)"\)|title="([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
      const article = { titles: [] as string[], tables: [] as string[] };
      visit(fromHtml(readFileSync(join(dist, f.url, 'index.html'), 'utf8')), 'element', (node: Element) => {
        if (node.tagName !== 'article' || !String(node.properties.className ?? '').includes('prose')) return;
        visit(node, 'element', (inner: Element, _j, up) => {
          if (typeof inner.properties.title === 'string') article.titles.push(inner.properties.title);
          if (inner.tagName === 'table') article.tables.push(up?.type === 'element' ? String(up.properties.ariaLabel ?? up.tagName) : '');
        });
      });
      const realTables = (body.match(/^\| - \|/gm) ?? []).map((_, i) => `表格 ${i + 1}（可左右滑动）`);
      if (JSON.stringify(article.titles) !== JSON.stringify(written) || JSON.stringify(article.tables) !== JSON.stringify(realTables)) {
        wrong.push(`${f.url}: titles ${JSON.stringify(article.titles)}, tables ${JSON.stringify(article.tables)}`);
      }
    }
    expect(textFiles.length).toBe(CORPUS.attributeText.length);
    expect(wrong).toEqual([]);
  });

  it('keeps hostile frontmatter text as text: the JSON-LD gives back exactly what the editor wrote', () => {
    const f001 = files.find((f) => f.item === 'f001')!;
    const html = readFileSync(join(dist, f001.url, 'index.html'), 'utf8');
    const jsonLd = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(jsonLd!).name).toBe(CORPUS.frontmatter[0]!.value);
    expect(jsonLd).toContain('\\u003c/script\\u003e');
  });

  it('raises no dialog on any hostile page in Chromium with no Content-Security-Policy', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const dialogs: string[] = [];
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    for (const f of files) {
      await page.goto(`${base}${f.url}`, { waitUntil: 'load' });
      // Handlers that need a pointer or focus: move over the text and tab through the page.
      await page.mouse.move(100, 300);
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    }
    await page.waitForTimeout(500);
    await context.close();
    expect(dialogs).toEqual([]);
  });
});

describe('a script put into a built page after the build', () => {
  const INJECTED = "<script>alert('injected')</script>";
  let injectedDist: string;

  beforeAll(() => {
    injectedDist = join(work, 'injected');
    cpSync(dist, injectedDist, { recursive: true });
    const page = join(injectedDist, 'wenjian/guofa-2019-5/index.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace('</main>', `${INJECTED}</main>`));
    writeFileSync(join(injectedDist, HEADERS_FILE), renderHeadersFile(headerRules(listSiteFiles(injectedDist))));
  });

  it('is not allowed by the CSP: the policy is the constant one, with no hash of it', () => {
    const headers = readFileSync(join(injectedDist, HEADERS_FILE), 'utf8');
    expect(headers).toContain(`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`);
    expect(headers).not.toContain('sha256-');
  });

  it('is refused by release verification', () => {
    const problems = verifySite(scanSite(injectedDist), { siteOrigin: 'https://zcjd.example.gov.cn' });
    expect(problems.filter((p) => p.label === '内联脚本').map((p) => p.file)).toEqual(['dist/wenjian/guofa-2019-5/index.html']);
  });

  it('does not run in Chromium under the generated headers, and would run without a CSP', async () => {
    const { server: headed, url } = await serveDirectory(injectedDist, { headers: true });
    const run = async (bypassCSP: boolean) => {
      const context = await browser.newContext({ bypassCSP });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${url}/wenjian/guofa-2019-5/`, { waitUntil: 'load' });
      await page.waitForTimeout(200);
      await context.close();
      return dialogs;
    };
    try {
      expect(await run(false)).toEqual([]);
      expect(await run(true)).toEqual(['injected']);
    } finally {
      headed.close();
    }
  });
});
