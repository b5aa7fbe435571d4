/**
 * Builds the search index of a built site with Pagefind's Node API and writes it to <site>/pagefind/.
 * Only pages that mark their main content with data-pagefind-body are indexed (documents, interpretations,
 * infographics); their metadata, filters and sort key come from the hidden block that src/search/fields.ts renders.
 *
 * Large sites are indexed in shards, so memory is bounded by the shard size and not by the site: Pagefind's
 * indexer holds every word of every page it was given until it writes (about 1 MB per page of 6,000 Chinese
 * characters, measured), so each shard gets a fresh Pagefind process that is closed (killed) once the shard is
 * written. Pages are put in shards in date order, oldest first, so shards cover consecutive date ranges; the
 * search page merges them in the browser (Pagefind's mergeIndex) and orders a date sort by shard (see shards.ts).
 */
import * as pagefind from 'pagefind';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileToUrlPath } from '../content/registry';
import { readIndexedPages } from './fragments';
import { FIELDS_END_ID } from './fields';
import { CARD_DIR, TEXT_DIR, blockPath, cardPath, splitWords, textBlocks, type ResultCard } from './result-files';
import { htmlHash, indexerDigest, pruneShardCache, restoreShard, shardCacheKey, storeShard } from './shard-cache';
import { PAGEFIND_RESULT_FIELDS, PATCHED_RESULT_FIELDS, SHARDS_FILE, planShards, shardDirectory, type ShardList, type ShardPage } from './shards';

/** Where the index goes, under the site directory. */
export const INDEX_DIR = 'pagefind';

/** Files Pagefind writes for its own UIs; the site has its own small client, so they are not published. */
const UNUSED_FILES = /^pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$/;

/**
 * Pagefind's index chunk size, in word positions (Pagefind's default is 20,000), for a site of `pages` pages.
 * A query loads the chunk of each of its words, and a Chinese query has several words; every chunk also costs an
 * entry in the metadata file each query loads. Bytes per query are lowest with chunks that grow with the square
 * root of the site: 2,000 for a hundred pages (a third of the bytes of the default), the default at 10,000 pages.
 * Pagefind 1.6 reads it from the environment (not yet a public option).
 */
export function indexChunkSize(pages: number): number {
  return Math.round(Math.min(20_000, Math.max(2_000, 20_000 * Math.sqrt(pages / 10_000))));
}

/**
 * Pagefind's indexer peaks at about 2 MB of memory per page of 6,000 Chinese characters, while it writes the index
 * (measured: 2.23 GiB for 1,210 pages in one process, 781–826 MB for shards of 400).
 */
const BYTES_PER_PAGE_ESTIMATE = 2 * 1024 * 1024;

/** Files of Pagefind's browser code: written once, for the first shard; merged shards use the first one's. */
const BROWSER_FILES = /^(pagefind\.js|pagefind-worker\.js|wasm\..*\.pagefind)$/;

/** How the pages are split into shards; see DEFAULT_SHARD_PAGES and DEFAULT_SHARD_BYTES. */
export interface ShardOptions {
  /** Most pages in one shard. */
  shardPages?: number;
  /** Most bytes of page HTML in one shard (Pagefind's memory grows with the words indexed, not the pages). */
  shardBytes?: number;
  /**
   * Index only these shards (numbers from 0), leaving the others' folders as they are: separate CI runners each
   * index some shards of the same built site and the publish step puts the folders together. Every runner writes
   * the same shards.json, since the plan depends only on the pages; the runner of shard 0 writes pagefind.js.
   */
  only?: number[];
  /**
   * Folder of the shard cache (shard-cache.ts): shards whose pages did not change since a build that used the same
   * folder are copied from it instead of indexed again. Without it every shard is indexed.
   */
  cacheDir?: string;
}

/**
 * Pages in one shard by default. Measured on a generated site of 1,000 documents, 200 interpretations and 10
 * infographics (npm run bench:scale): Pagefind peaked at 0.78–0.83 GB per shard of 400 pages, while Astro's Node
 * process held about 1.6 GB during indexing and peaked at 2.7 GB earlier in the build; so a shard of 400 keeps
 * indexing below the build's own peak. Smaller shards cost the reader: every query loads a metadata file and a
 * chunk per word from every shard. The sample site (about 120 pages) is one shard.
 */
export const DEFAULT_SHARD_PAGES = 400;
/**
 * Bytes of page HTML in one shard by default, for sites with long pages: Pagefind's memory follows the words, about
 * 80 bytes per byte of HTML (2 MB for a 25 KB page), so 10 MiB is about the memory of 400 ordinary pages.
 */
export const DEFAULT_SHARD_BYTES = 10 * 1024 * 1024;

/**
 * The shard options of a build: JIEDU_SEARCH_SHARD_PAGES and JIEDU_SEARCH_SHARD_BYTES when set (whole numbers
 * above 0), otherwise the defaults. Throws on a value that is not a whole number above 0.
 */
export function shardOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Required<Omit<ShardOptions, 'only' | 'cacheDir'>> {
  const read = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${text}：应为大于 0 的整数（例如 ${fallback}）。`);
    return n;
  };
  return { shardPages: read('JIEDU_SEARCH_SHARD_PAGES', DEFAULT_SHARD_PAGES), shardBytes: read('JIEDU_SEARCH_SHARD_BYTES', DEFAULT_SHARD_BYTES) };
}

/** What happened, for the build log and the benchmark. */
export interface IndexReport {
  /** Pages in the index. */
  pages: number;
  /** HTML files looked at. */
  htmlFiles: number;
  /** Total bytes of the written index directory. */
  bytes: number;
  /** Index bytes per 1,000 pages. */
  bytesPer1000Pages: number;
  /** Shards the index was written in (1 for a small site). */
  shards: number;
  /** Shards copied from the shard cache instead of indexed (0 without a cache). */
  reused: number;
  /** Peak memory of the largest Pagefind process (one per shard) in bytes, where the system reports it (Linux). */
  peakMemory?: number;
  /** Wall time in milliseconds. */
  ms: number;
  /** Problems with single pages (missing title or date); the index is still written. */
  warnings: string[];
}

interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** Every HTML file under dir, as paths relative to it with forward slashes; the index directory is skipped. */
function htmlFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((f) => !f.startsWith(`${INDEX_DIR}/`))
    .sort();
}

function directorySize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  }
  return total;
}

/** Peak resident memory (VmHWM) of the running Pagefind service, a child of this process; Linux only. */
function pagefindPeakMemory(): number | undefined {
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      // stat is "pid (comm) state ppid …"; comm may contain spaces, so read after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid || !comm.startsWith('pagefind')) continue;
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kb) return Number(kb) * 1024;
    }
  } catch {
    // No /proc (macOS, Windows): the figure is left out.
  }
  return undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data));
}

/**
 * Makes Pagefind's browser code tell each result's index folder (see PATCHED_RESULT_FIELDS in shards.ts). Throws
 * when pagefind.js does not hold the expected text exactly once: Pagefind was upgraded, and the search page would
 * show results of merged shards with the wrong card.
 */
export function patchPagefindScript(indexDir: string): void {
  const file = join(indexDir, 'pagefind.js');
  const script = readFileSync(file, 'utf8');
  const found = script.split(PAGEFIND_RESULT_FIELDS).length - 1;
  if (found !== 1) {
    throw new Error(
      `${file}: expected Pagefind's result fields "${PAGEFIND_RESULT_FIELDS}" once, found ${found} times. ` +
        `Pagefind was upgraded (pinned 1.6.0): update PAGEFIND_RESULT_FIELDS in src/search/shards.ts to the new pagefind.js, or return to Pagefind 1.6.0.`,
    );
  }
  writeFileSync(file, script.replace(PAGEFIND_RESULT_FIELDS, PATCHED_RESULT_FIELDS));
}

/**
 * Replaces Pagefind's fragments (one file with the whole text of each page) by a card and small text blocks per
 * page (see result-files.ts); the search page shows results from those.
 */
export function writeResultFiles(indexDir: string): void {
  rmSync(join(indexDir, CARD_DIR), { recursive: true, force: true });
  rmSync(join(indexDir, TEXT_DIR), { recursive: true, force: true });
  for (const page of readIndexedPages(indexDir)) {
    const words = splitWords(page.content);
    // The page's own text starts after its fields block (title, 文号, issuers), marked by an empty element.
    const start = page.anchors?.find((a) => a.id === FIELDS_END_ID)?.location ?? 0;
    const card: ResultCard = { url: page.url, meta: page.meta };
    writeJson(join(indexDir, cardPath(page.id)), card);
    textBlocks(words, start).forEach((block, n) => {
      const path = join(indexDir, blockPath(page.id, n));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, block);
    });
  }
  rmSync(join(indexDir, 'fragment'), { recursive: true, force: true });
}

/** The date a page sorts by (its data-pagefind-sort="date" value), or '' when it has none. */
function sortDate(html: string): string {
  return /data-pagefind-sort="date"[^>]*>([^<]*)</u.exec(html)?.[1]?.trim() ?? '';
}

/** The index chunk size a shard of these pages is written with: the environment's, else indexChunkSize(). */
function chunkSizeOf(pages: readonly ShardPage[]): string {
  return process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE ?? String(indexChunkSize(pages.length));
}

/**
 * Indexes one shard with a fresh Pagefind process and writes it to outputPath; the process is ended before this
 * returns, so its memory is given back before the next shard starts. Returns the process's peak memory (Linux).
 */
async function indexShard(siteDir: string, pages: ShardPage[], outputPath: string, warnings: string[]): Promise<number | undefined> {
  // The Pagefind service is started by createIndex and reads its environment then.
  const savedChunkSize = process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE;
  process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE = chunkSizeOf(pages);
  const { index, errors } = await pagefind.createIndex({});
  if (savedChunkSize === undefined) delete process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE;
  if (!index) {
    await pagefind.close();
    throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  }
  try {
    for (const { file } of pages) {
      const url = fileToUrlPath(file);
      const added = await index.addHTMLFile({ url, content: readFileSync(join(siteDir, file), 'utf8') });
      if (added.errors.length) throw new Error(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
      if (!added.file.meta.title) warnings.push(`${file}: 没有标题（title），搜索结果将无法显示标题。`);
      if (!added.file.meta.date) warnings.push(`${file}: 没有日期（date），按日期排序时会排在最后。`);
      if (added.file.uniqueWords === 0) warnings.push(`${file}: 正文为空，只能按标题和文号找到。`);
    }
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(`Pagefind could not write the index: ${written.errors.join('; ')}`);
    return pagefindPeakMemory();
  } finally {
    await index.deleteIndex().catch(() => undefined);
    // Ends the Pagefind process: deleting the index alone leaves its memory with the process.
    await pagefind.close();
  }
}

/**
 * Indexes the built site in siteDir and writes siteDir/pagefind/: the first shard there, with Pagefind's browser
 * code, the others in pagefind/shard-<n>/, and shards.json listing them all (see shards.ts). Shard sizes come
 * from options, else from the environment (shardOptionsFromEnv). Throws when Pagefind reports an error, so a
 * broken index never ships silently.
 */
export async function indexSite(siteDir: string, log: Logger = console, options: ShardOptions = {}): Promise<IndexReport> {
  const started = Date.now();
  const files = htmlFilesIn(siteDir);
  const pages: ShardPage[] = [];
  const hashes = new Map<string, string>();
  for (const file of files) {
    const html = readFileSync(join(siteDir, file), 'utf8');
    if (!html.includes('data-pagefind-body')) continue;
    pages.push({ file, date: sortDate(html), bytes: Buffer.byteLength(html) });
    if (options.cacheDir) hashes.set(file, htmlHash(html));
  }
  const code = options.cacheDir ? indexerDigest() : undefined;
  if (options.cacheDir && !code) log.warn(`搜索索引：读不到 src/search/ 的代码，本次不使用分片缓存（${options.cacheDir}），每个分片都重新索引。`);
  const limits = { ...shardOptionsFromEnv(), ...options };
  const shards = planShards(pages, limits.shardPages, limits.shardBytes);
  const wanted = options.only ?? shards.map((_, n) => n);
  const unknown = wanted.filter((n) => !Number.isInteger(n) || n < 0 || n >= Math.max(1, shards.length));
  if (unknown.length) {
    const there = shards.length <= 1 ? '只有 1 个分片（编号 0）' : `共有 ${shards.length} 个分片（编号 0 至 ${shards.length - 1}）`;
    throw new Error(`没有分片 ${unknown.join('、')}：这个网站按当前分片大小${there}。`);
  }
  const largest = Math.max(0, ...shards.map((s) => s.length));
  const need = largest * BYTES_PER_PAGE_ESTIMATE;
  if (need > freemem()) {
    log.warn(`搜索索引：每个分片最多 ${largest} 个页面，预计需要约 ${megabytes(need)} 内存，本机可用 ${megabytes(freemem())}。如索引失败，请设置 JIEDU_SEARCH_SHARD_PAGES 为更小的数（当前 ${limits.shardPages}）后重新构建。`);
  }

  const warnings: string[] = [];
  let peakMemory: number | undefined;
  let reused = 0;
  const usedKeys = new Set<string>();
  const indexDir = join(siteDir, INDEX_DIR);
  if (options.only) {
    // Only this runner's shards are replaced: shard 0's files in the index folder, the others' own folders.
    mkdirSync(indexDir, { recursive: true });
    for (const n of wanted) {
      if (n > 0) rmSync(join(indexDir, shardDirectory(n)), { recursive: true, force: true });
      else for (const name of readdirSync(indexDir)) if (!/^shard-\d+$/.test(name)) rmSync(join(indexDir, name), { recursive: true, force: true });
    }
  } else {
    rmSync(indexDir, { recursive: true, force: true });
  }
  const list: ShardList = { shards: shards.map((shard, n) => ({ dir: shardDirectory(n), pages: shard.length, from: shard[0]?.date ?? '', to: shard.at(-1)?.date ?? '' })) };
  for (const [n, shard] of shards.entries()) {
    if (!wanted.includes(n)) continue;
    const dir = shardDirectory(n);
    const outputPath = join(indexDir, dir);
    const key = code && options.cacheDir ? shardCacheKey(n, shard.map((p) => ({ file: p.file, htmlHash: hashes.get(p.file)! })), chunkSizeOf(shard), code) : undefined;
    if (key) usedKeys.add(key);
    let peak: number | undefined;
    const fromCache = key !== undefined && restoreShard(options.cacheDir!, key, outputPath);
    if (fromCache) {
      reused++;
    } else {
      peak = await indexShard(siteDir, shard, outputPath, warnings);
      if (peak !== undefined) peakMemory = Math.max(peakMemory ?? 0, peak);
      for (const name of readdirSync(outputPath)) {
        if (UNUSED_FILES.test(name) || (n > 0 && BROWSER_FILES.test(name))) rmSync(join(outputPath, name));
      }
      writeResultFiles(outputPath);
      if (key) storeShard(options.cacheDir!, key, outputPath);
    }
    if (shards.length > 1) log.info(`搜索索引：分片 ${n}（共 ${shards.length} 个，${INDEX_DIR}/${dir}），${shard.length} 个页面（${shard[0]?.date || '无日期'} 至 ${shard.at(-1)?.date || '无日期'}）${fromCache ? '，页面未变，取自缓存' : peak ? `，内存峰值 ${megabytes(peak)}` : ''}。`);
  }
  if (shards.length === 0) {
    // No page to index: an empty index, so the search page still loads and finds nothing.
    await indexShard(siteDir, [], indexDir, warnings);
    for (const name of readdirSync(indexDir)) if (UNUSED_FILES.test(name)) rmSync(join(indexDir, name));
    writeResultFiles(indexDir);
    list.shards.push({ dir: '', pages: 0, from: '', to: '' });
  }
  writeJson(join(indexDir, SHARDS_FILE), list);
  if (wanted.includes(0)) patchPagefindScript(indexDir);
  // A runner indexing some shards (only) keeps the cache entries of the others.
  if (options.cacheDir && code && !options.only) pruneShardCache(options.cacheDir, usedKeys);

  const bytes = directorySize(join(siteDir, INDEX_DIR));
  const report: IndexReport = {
    pages: options.only ? wanted.reduce((sum, n) => sum + (shards[n]?.length ?? 0), 0) : pages.length,
    htmlFiles: files.length,
    shards: list.shards.length,
    reused,
    bytes,
    bytesPer1000Pages: pages.length ? Math.round((bytes / pages.length) * 1000) : 0,
    peakMemory,
    ms: Date.now() - started,
    warnings,
  };
  for (const w of warnings) log.warn(w);
  log.info(
    `搜索索引：${report.pages} 个页面（共 ${report.htmlFiles} 个 HTML 文件，${report.shards} 个分片${reused ? `，其中 ${reused} 个未变、取自缓存` : ''}），索引 ${megabytes(bytes)}，` +
      `每千页 ${megabytes(report.bytesPer1000Pages)}${peakMemory ? `，索引程序内存峰值 ${megabytes(peakMemory)}` : ''}，用时 ${(report.ms / 1000).toFixed(1)} 秒。`,
  );
  return report;
}
