/**
 * Builds the search index of a built site with Pagefind's Node API and writes it to <site>/pagefind/.
 * Only pages that mark their main content with data-pagefind-body are indexed (documents, interpretations,
 * infographics); their metadata, filters and sort key come from the hidden block that src/search/fields.ts renders.
 */
import * as pagefind from 'pagefind';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileToUrlPath } from '../content/registry';
import { readIndexedPages } from './fragments';
import { FIELDS_END_ID } from './fields';
import { CARD_DIR, TEXT_DIR, blockPath, cardPath, splitWords, textBlocks, type ResultCard } from './result-files';

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

/** Pagefind's indexer needs about 1 GB of memory per 1,000 long Chinese pages (measured). */
const BYTES_PER_PAGE_ESTIMATE = 1024 * 1024;

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
  /** Peak memory of the Pagefind process in bytes, where the system reports it (Linux). */
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

/**
 * Indexes the built site in siteDir and writes siteDir/pagefind/. Throws when Pagefind reports an error, so a
 * broken index never ships silently.
 */
export async function indexSite(siteDir: string, log: Logger = console): Promise<IndexReport> {
  const started = Date.now();
  const files = htmlFilesIn(siteDir);
  const pages = files.filter((f) => readFileSync(join(siteDir, f), 'utf8').includes('data-pagefind-body'));
  const need = pages.length * BYTES_PER_PAGE_ESTIMATE;
  if (need > freemem()) {
    log.warn(`搜索索引：${pages.length} 个页面预计需要约 ${megabytes(need)} 内存，本机可用 ${megabytes(freemem())}。如索引失败，请在内存更大的机器上构建。`);
  }

  // The Pagefind service is started by createIndex and reads its environment then.
  const savedChunkSize = process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE;
  process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE = savedChunkSize ?? String(indexChunkSize(pages.length));
  const { index, errors } = await pagefind.createIndex({});
  if (savedChunkSize === undefined) delete process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE;
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const warnings: string[] = [];
  let peakMemory: number | undefined;
  try {
    for (const file of pages) {
      const url = fileToUrlPath(file);
      const added = await index.addHTMLFile({ url, content: readFileSync(join(siteDir, file), 'utf8') });
      if (added.errors.length) throw new Error(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
      if (!added.file.meta.title) warnings.push(`${file}: 没有标题（title），搜索结果将无法显示标题。`);
      if (!added.file.meta.date) warnings.push(`${file}: 没有日期（date），按日期排序时会排在最后。`);
      if (added.file.uniqueWords === 0) warnings.push(`${file}: 正文为空，只能按标题和文号找到。`);
    }
    const outputPath = join(siteDir, INDEX_DIR);
    rmSync(outputPath, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(`Pagefind could not write the index: ${written.errors.join('; ')}`);
    peakMemory = pagefindPeakMemory();
    for (const name of readdirSync(outputPath)) if (UNUSED_FILES.test(name)) rmSync(join(outputPath, name));
    writeResultFiles(outputPath);
  } finally {
    await index.deleteIndex().catch(() => undefined);
    await pagefind.close();
  }

  const bytes = directorySize(join(siteDir, INDEX_DIR));
  const report: IndexReport = {
    pages: pages.length,
    htmlFiles: files.length,
    bytes,
    bytesPer1000Pages: pages.length ? Math.round((bytes / pages.length) * 1000) : 0,
    peakMemory,
    ms: Date.now() - started,
    warnings,
  };
  for (const w of warnings) log.warn(w);
  log.info(
    `搜索索引：${report.pages} 个页面（共 ${report.htmlFiles} 个 HTML 文件），索引 ${megabytes(bytes)}，` +
      `每千页 ${megabytes(report.bytesPer1000Pages)}${peakMemory ? `，索引程序内存峰值 ${megabytes(peakMemory)}` : ''}，用时 ${(report.ms / 1000).toFixed(1)} 秒。`,
  );
  return report;
}
