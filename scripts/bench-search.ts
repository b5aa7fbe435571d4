/**
 * `npm run bench:search`: search cost for a reader on a phone, measured in Chromium against the built site.
 *   1. Bytes of the first query on a cold cache: everything fetched from opening /search/?q=… until the results are
 *      shown (page, script, Pagefind, index chunks, result files), each counted gzip-compressed (level 6) as a CDN
 *      serves it; Pagefind's binary files are already compressed and count as they are.
 *   2. Time from the last keystroke to results shown, with the CPU slowed 4x (CDP Emulation.setCPUThrottlingRate):
 *      the first query after opening the page, and later queries, median over queries and runs; and each as a
 *      ratio to a baseline measured in the same run and page (a fixed script, BASELINE_SCRIPT), since on a shared
 *      machine the load moves every timing: a change shows in the ratio even when the load differs between runs.
 *   3. Index size per 1,000 pages: dist/pagefind divided by the pages indexed.
 * Reads dist/ (run `npm run build` first). Budgets: first query ≤ 150 KB, results within 300 ms.
 *   --dist DIR   built site (default dist)
 *   --runs N     timing runs per query (default 3)
 *   --bytes-only skip the timing runs
 *   --verbose    print the time of each query
 *   --json       print the figures as JSON as well
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { serveDirectory } from '../tests/support/static-server';
import { launchBrowser, PHONE } from '../tests/e2e/browser';
import { readShardList } from '../src/search/fragments';
import { readCommandLine } from './cli';

const USAGE = `Usage: npm run bench:search [-- --dist dist] [--runs 3] [--bytes-only] [--verbose] [--json]

Search cost for a reader on a phone, in Chromium against the built site: bytes of the first query, last keystroke
to results at 4x CPU throttling, index size per 1,000 pages. Run npm run build first.
手机读者的搜索代价：首次查询的字节数、4 倍 CPU 降速下从按键到出结果的时间、每千页索引大小；先运行 npm run build。

  --dist <dir>    built site (default dist)（已构建的网站目录）
  --runs <n>      timing runs per query (default 3)（每个查询的计时次数）
  --bytes-only    skip the timing runs（只量字节数）
  --verbose       print the time of each query（列出每个查询的时间）
  --json          print the figures as JSON as well（另以 JSON 输出）
  -h, --help      this text（显示本说明）`;

const { values } = readCommandLine({
  name: 'npm run bench:search',
  audience: 'operator',
  usage: USAGE,
  options: {
    dist: { type: 'string', default: 'dist' },
    runs: { type: 'string' },
    'bytes-only': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const DIST = resolve(values.dist);
const RUNS = Number(values.runs) || 3;
const BYTES_BUDGET = 150 * 1024;
const TIME_BUDGET_MS = 300;
const PAUSE_BEFORE_TYPING_MS = 1000;
/** Pause between the words a reader commits with an input method. */
const TYPING_GAP_MS = 150;

/**
 * Queries a reader types: words of titles and bodies, 文号 in several styles, issuers, two words, and a sentence
 * pasted from a page (31 characters, from the sample site's consumer-rights document: its clauses are searched as
 * phrases and its candidate pages' text read, the costliest first query a tester found, 151–186 KB).
 */
const QUERIES = [
  '双随机',
  '个人所得税',
  '养老服务',
  '国发〔2019〕5号',
  '国办发[2019]2号',
  '职业教育',
  '积分制入户',
  '融资担保 小微企业',
  '最高人民法院',
  '消防救援',
  '药品集中采购',
  '民事诉讼',
  '积极落实经营者主体责任，推动社会共治，有效维护消费者合法权益。',
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const TEXT_TYPES = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.xml', '.txt']);

/** Bytes a CDN sends for a file: text gzip-compressed at level 6; Pagefind's pre-compressed files as they are. */
function transferSize(urlPath: string): number {
  let file = join(DIST, decodeURIComponent(urlPath.split('?')[0]!));
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
  } catch {
    return 0;
  }
  const body = readFileSync(file);
  return TEXT_TYPES.has(extname(file)) ? gzipSync(body, { level: 6 }).length : body.length;
}

/** The machine's load average (1, 5, 15 minutes), printed beside each timing: on a shared machine it moves them. */
const load = () => `load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

function directorySize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

async function waitForResults(page: Page): Promise<void> {
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '') !== '', null, { timeout: 30_000 });
}

/** Everything fetched for one query on a cold cache, from opening /search/?q=… to results shown. */
async function firstQueryBytes(context: BrowserContext, base: string, query: string): Promise<{ total: number; files: { path: string; bytes: number }[] }> {
  const page = await context.newPage();
  const paths: string[] = [];
  page.on('requestfinished', (req) => {
    const url = new URL(req.url());
    if (url.origin === base) paths.push(url.pathname);
  });
  await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`);
  await waitForResults(page);
  // Result files load before the status is set; give late requests a moment to finish.
  await page.waitForLoadState('networkidle');
  await page.close();
  const files = paths.map((path) => ({ path, bytes: transferSize(path) }));
  return { total: files.reduce((s, f) => s + f.bytes, 0), files };
}

/**
 * Types each query into the open search page and times last keystroke → results shown, CPU slowed 4x.
 * Text goes in as an input method commits it, a word or two per input event; the page records the time of the last
 * input event and of the status update, so no polling from the test runs on the page while it works.
 */
async function typingLatency(context: BrowserContext, base: string, queries: string[]): Promise<{ first: number; later: number[]; byQuery: [string, number][]; baseline: number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${base}/search/`);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // The baseline: the median of three timings of the fixed script, in this page under this throttling.
  const baselines: number[] = [];
  for (let i = 0; i < 3; i++) baselines.push((await page.evaluate(BASELINE_SCRIPT)).ms);
  const baseline = median(baselines);
  await page.evaluate(() => {
    const w = window as unknown as Timing;
    w.lastInput = 0;
    w.shown = 0;
    document.getElementById('search-q')!.addEventListener('input', (e) => (w.lastInput = e.timeStamp));
    new MutationObserver(() => {
      w.shown = performance.now();
      if (w.shown > w.lastInput) w.onShown?.();
    }).observe(document.getElementById('search-status')!, { childList: true, characterData: true, subtree: true });
    w.waitShown = () => new Promise<void>((resolve) => (w.shown > w.lastInput ? resolve() : (w.onShown = resolve)));
  });
  // A reader needs a moment to read the page and tap the search box; Pagefind loads meanwhile.
  await page.waitForTimeout(PAUSE_BEFORE_TYPING_MS);
  await page.locator('#search-q').click();
  const times: number[] = [];
  for (const q of queries) {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(300);
    for (const chunk of q.match(/.{1,2}/gu) ?? []) {
      await page.keyboard.insertText(chunk);
      await page.waitForTimeout(TYPING_GAP_MS);
    }
    const ms = await page.evaluate(async () => {
      const w = window as unknown as Timing;
      w.onShown = undefined;
      await w.waitShown();
      return w.shown - w.lastInput;
    });
    times.push(ms);
    await page.waitForLoadState('networkidle');
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.close();
  return { first: times[0]!, later: times.slice(1), byQuery: queries.map((q, i) => [q, times[i]!]), baseline };
}

/**
 * A fixed piece of work timed in the search page under the same throttling, before each run's queries: parsing
 * and walking a JSON text of 2,000 result-like records, the kind of work the page does with its result files.
 */
const BASELINE_SCRIPT = () => {
  const records = Array.from({ length: 2000 }, (_, i) => ({ url: `/wenjian/p-${i}/`, meta: { title: `关于第${i}号文件的通知`, date: '2019-02-15' }, words: [i, i + 1, i + 2] }));
  const text = JSON.stringify(records);
  const start = performance.now();
  let n = 0;
  for (let k = 0; k < 10; k++) for (const r of JSON.parse(text) as { meta: { title: string } }[]) n += r.meta.title.length;
  return { ms: performance.now() - start, n };
};

interface Timing {
  lastInput: number;
  shown: number;
  onShown?: () => void;
  waitShown: () => Promise<void>;
}

// Every shard of the index (src/search/shards.ts); an index without shards.json is one shard.
const shardDirs = readShardList(join(DIST, 'pagefind')).shards.map((s) => s.dir);
const pagesIndexed = shardDirs
  .map((dir) => JSON.parse(readFileSync(join(DIST, 'pagefind', dir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> })
  .reduce((sum, entry) => sum + Object.values(entry.languages).reduce((s, l) => s + l.page_count, 0), 0);
const indexBytes = directorySize(join(DIST, 'pagefind'));

const { server, url: base } = await serveDirectory(DIST);
const browser = await launchBrowser();
try {
  console.log(`Search benchmark on ${DIST}: ${pagesIndexed} pages indexed in ${shardDirs.length} shard(s), ${QUERIES.length} queries, ${RUNS} timing runs.\n`);

  const bytes: { query: string; total: number; files: { path: string; bytes: number }[] }[] = [];
  for (const query of QUERIES) {
    const context = await browser.newContext({ viewport: PHONE });
    bytes.push({ query, ...(await firstQueryBytes(context, base, query)) });
    await context.close();
  }
  console.log('First query on a cold cache (gzip -6 as a CDN serves it):');
  for (const b of bytes) console.log(`  ${(b.total / 1024).toFixed(1).padStart(6)} KB  ${String(b.files.length).padStart(3)} files  ${b.query}`);
  const worst = bytes.reduce((a, b) => (b.total > a.total ? b : a));
  const byKind = new Map<string, number>();
  for (const f of worst.files) {
    const kind = f.path.startsWith('/pagefind/') ? f.path.replace(/^\/pagefind\/(?:shard-\d+\/)?([a-z]+\/)?.*?(\.[a-z_]+)$/, 'pagefind $1*$2') : f.path.replace(/\/[^/]*\.(js|css)$/, '/*.$1');
    byKind.set(kind, (byKind.get(kind) ?? 0) + f.bytes);
  }
  console.log(`  largest: "${worst.query}" — ${[...byKind].map(([k, v]) => `${k} ${(v / 1024).toFixed(1)} KB`).join(', ')}`);
  const bytesMedian = median(bytes.map((b) => b.total));
  console.log(`  median ${(bytesMedian / 1024).toFixed(1)} KB, max ${(worst.total / 1024).toFixed(1)} KB (budget ${BYTES_BUDGET / 1024} KB)\n`);

  const firsts: number[] = [];
  const laters: number[] = [];
  /** Each timing divided by its run's baseline. */
  const firstRatios: number[] = [];
  const laterRatios: number[] = [];
  const baselines: number[] = [];
  for (let run = 0; run < (values['bytes-only'] ? 0 : RUNS); run++) {
    // Each run starts cold and types the queries in a different order.
    const order = QUERIES.map((_, i) => QUERIES[(i + run * 5) % QUERIES.length]!);
    const context = await browser.newContext({ viewport: PHONE });
    const { first, later, byQuery, baseline } = await typingLatency(context, base, order);
    await context.close();
    if (values.verbose) console.log(`  run ${run + 1} (${load()}, baseline ${baseline.toFixed(0)} ms): ${byQuery.map(([q, t]) => `${q} ${t.toFixed(0)}`).join(', ')}`);
    firsts.push(first);
    laters.push(...later);
    baselines.push(baseline);
    firstRatios.push(first / baseline);
    laterRatios.push(...later.map((t) => t / baseline));
  }
  const firstMedian = median(firsts);
  const laterMedian = median(laters);
  if (firsts.length) {
    console.log(`Last keystroke → results shown, CPU 4x slower (${load()} after the runs):`);
    console.log(`  first query, typed ${PAUSE_BEFORE_TYPING_MS / 1000} s after opening the page: median ${firstMedian.toFixed(0)} ms (runs: ${firsts.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`  later queries: median ${laterMedian.toFixed(0)} ms, max ${Math.max(...laters).toFixed(0)} ms over ${laters.length} (budget ${TIME_BUDGET_MS} ms)`);
    console.log(`  baseline (fixed script, same page and throttling): median ${median(baselines).toFixed(0)} ms (runs: ${baselines.map((t) => t.toFixed(0)).join(', ')}); ratio to it: first query ${median(firstRatios).toFixed(2)}, later queries ${median(laterRatios).toFixed(2)}\n`);
  }

  const per1000 = (indexBytes / pagesIndexed) * 1000;
  console.log(`Index: ${(indexBytes / 1024 / 1024).toFixed(2)} MB for ${pagesIndexed} pages = ${(per1000 / 1024 / 1024).toFixed(1)} MB per 1,000 pages`);

  if (values.json) {
    console.log(JSON.stringify({ pagesIndexed, indexBytes, bytesPer1000Pages: Math.round(per1000), firstQueryBytes: { median: bytesMedian, max: worst.total, perQuery: bytes.map((b) => ({ query: b.query, bytes: b.total })) }, latencyMs: { first: firsts, firstMedian, laterMedian, laterMax: Math.max(...laters) }, baselineMs: baselines, ratioToBaseline: { first: median(firstRatios), later: median(laterRatios) }, load: loadavg() }, null, 2));
  }
} finally {
  await browser.close();
  server.close();
}
