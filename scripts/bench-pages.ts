/**
 * `npm run bench:pages`: page weight of the built site and Lighthouse mobile scores.
 * Reads dist/ (run `npm run build` first). Prints the figures; budgets are enforced by tests/e2e/budgets.test.ts.
 *   --runs N     Lighthouse runs per page (median reported), default 3
 *   --no-lighthouse   weights only
 *   --path P     Lighthouse only this page (a path such as /search/?q=双随机); repeatable
 */
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { firstRenderPart, gzipSize, pageScripts, FIRST_RENDER_BUDGET } from '../tests/support/page-weight';
import { serveDirectory } from '../tests/support/static-server';
import { COLLECTIONS, REGISTRY } from '../src/content/registry';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run bench:pages [-- --runs 3] [--no-lighthouse]

Page weight (gzip) of every page of the built site in dist/ and Lighthouse mobile scores of four pages.
Run npm run build first. 已构建网站（dist/）各页面的体积和 Lighthouse 移动端得分；先运行 npm run build。

  --runs <n>          Lighthouse runs per page, median reported (default 3)（每页运行次数）
  --no-lighthouse     page weights only（只量页面体积）
  --path <path>       Lighthouse only this page, e.g. /search/?q=双随机; repeatable（只测这个页面，可重复）
  -h, --help          this text（显示本说明）`;

const { values } = readCommandLine({
  name: 'npm run bench:pages',
  audience: 'operator',
  usage: USAGE,
  options: { runs: { type: 'string' }, 'no-lighthouse': { type: 'boolean', default: false }, path: { type: 'string', multiple: true } },
});
const DIST = join(process.cwd(), 'dist');
const runs = Number(values.runs) || 3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const pages = readdirSync(DIST, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.html'))
  .map((e) => relative(DIST, join(e.parentPath, e.name)).split(sep).join('/'))
  .filter((f) => !f.startsWith('pagefind/'));

// Pages of one entry each: the collections' pages and the topic, statistics and search pages.
const ENTRY_PAGE = new RegExp(`^(${[...COLLECTIONS.map((c) => REGISTRY[c].urlPrefix), 'zhuti', 'tongji', 'search'].join('|')})/[^/]+/index\\.html$`);
const groups = new Map<string, { file: string; first: number; total: number; raw: number; js: number }[]>();
for (const file of pages) {
  const html = readFileSync(join(DIST, file), 'utf8');
  const group = ENTRY_PAGE.test(file) && !/\/\d+\/index/.test(file)
    ? `${file.split('/')[0]}/<id>`
    : file.replace(/\/\d+\/index\.html$/, '/<n>/index.html');
  if (!groups.has(group)) groups.set(group, []);
  groups.get(group)!.push({ file, first: gzipSize(firstRenderPart(html)), total: gzipSize(html), raw: Buffer.byteLength(html), js: pageScripts(html).inlineBytes });
}

console.log(`Page weight (gzip -6), ${pages.length} pages; first-render budget ${FIRST_RENDER_BUDGET} B`);
console.log('group'.padEnd(26), 'pages', 'first med', 'first max', 'total med', 'total max', 'inline JS');
for (const [group, list] of [...groups].sort()) {
  console.log(
    group.padEnd(26),
    String(list.length).padStart(5),
    String(median(list.map((p) => p.first))).padStart(9),
    String(Math.max(...list.map((p) => p.first))).padStart(9),
    String(median(list.map((p) => p.total))).padStart(9),
    String(Math.max(...list.map((p) => p.total))).padStart(9),
    String(Math.max(...list.map((p) => p.js))).padStart(9),
  );
}

if (!values['no-lighthouse']) {
  const docs = groups.get(`${REGISTRY.documents.urlPrefix}/<id>`) ?? [];
  const longest = [...docs].sort((a, b) => b.raw - a.raw)[0];
  // The longest interpretation (a law's article-by-article reading) is the worst case; the median one is typical.
  const interpretations = [...(groups.get(`${REGISTRY.interpretations.urlPrefix}/<id>`) ?? [])].sort((a, b) => b.raw - a.raw);
  const page = (name: string, p: { file: string; raw: number } | undefined) =>
    p ? [{ name: `${name} (${Math.round(p.raw / 1024)} KB HTML)`, path: `/${p.file.replace(/index\.html$/, '')}` }] : [];
  const targets = [
    { name: 'home', path: '/' },
    ...page('long document', longest),
    ...page('longest interpretation', interpretations[0]),
    ...page('median interpretation', interpretations[Math.floor(interpretations.length / 2)]),
    // The search page empty, and as a reader lands on it from the header's box: with a query and its results.
    { name: 'search', path: '/search/' },
    { name: 'search with a query', path: `/search/?q=${encodeURIComponent('双随机')}` },
  ].filter((t) => !values.path || values.path.includes(decodeURIComponent(t.path)));
  for (const path of values.path ?? []) if (!targets.some((t) => decodeURIComponent(t.path) === path)) targets.push({ name: path, path: encodeURI(path) });
  const { server, url } = await serveDirectory(DIST);
  const profile = mkdtempSync(join(tmpdir(), 'jiedu-lh-'));
  const port = 9300 + Math.floor(Math.random() * 500);
  const chrome = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank',
  ], { stdio: 'ignore' });
  try {
    await waitForPort(port);
    const { default: lighthouse } = await import('lighthouse');
    console.log(`\nLighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, mobile preset (simulated slow 4G, 4x CPU), median of ${runs} runs`);
    console.log("page".padEnd(44), 'perf', 'a11y', 'best', 'seo', '  LCP ms', '  TBT ms', 'CLS');
    for (const target of targets) {
      const results: Record<string, number[]> = { perf: [], a11y: [], best: [], seo: [], lcp: [], tbt: [], cls: [] };
      for (let i = 0; i < runs; i++) {
        const r = await lighthouse(url + target.path, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] });
        const lhr = r!.lhr;
        results.perf!.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
        results.a11y!.push(Math.round((lhr.categories.accessibility?.score ?? 0) * 100));
        results.best!.push(Math.round((lhr.categories['best-practices']?.score ?? 0) * 100));
        results.seo!.push(Math.round((lhr.categories.seo?.score ?? 0) * 100));
        results.lcp!.push(Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0));
        results.tbt!.push(Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0));
        results.cls!.push(lhr.audits['cumulative-layout-shift']?.numericValue ?? 0);
        if (i === 0) {
          const failed = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => a.id);
          if (failed.length) console.log(`  (${target.name}) failing binary audits: ${failed.join(', ')}`);
        }
      }
      console.log(
        target.name.padEnd(44),
        String(median(results.perf!)).padStart(4),
        String(median(results.a11y!)).padStart(4),
        String(median(results.best!)).padStart(4),
        String(median(results.seo!)).padStart(4),
        String(median(results.lcp!)).padStart(8),
        String(median(results.tbt!)).padStart(8),
        median(results.cls!).toFixed(3),
      );
    }
  } finally {
    // Chromium writes its profile until it has exited; remove the profile after that.
    const exited = new Promise((resolve) => chrome.once('exit', resolve));
    chrome.kill();
    await exited;
    server.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`);
      if (res.ok) return;
    } catch {
      // Chromium is still starting.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Chromium did not open its debugging port ${port}`);
}
