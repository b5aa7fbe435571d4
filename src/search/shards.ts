/**
 * The search index in shards: which pages go in which shard, where each shard is written, and how the search page
 * puts the results of merged shards in order. Plain TypeScript shared by the indexer (index-site.ts) and the
 * search page's client (client.ts).
 *
 * Layout under the index directory (dist/pagefind/): the first shard is Pagefind's index there, with Pagefind's
 * browser code (pagefind.js, the wasm file); shard n (from 1) is in shard-<n>/ without browser code; shards.json
 * lists them all oldest first. The client loads the first shard and merges the others with Pagefind's mergeIndex.
 *
 * Shards cost the reader: every query loads each shard's metadata and a chunk per word from each shard. Measured at
 * 1,210 pages (npm run bench:search, 4x CPU throttling, busy machine): one shard 163 KB median first query, 178–247
 * ms to the first results; 4 shards of 400 pages 209 KB, 402–513 ms; 7 shards of 200 pages 246 KB. Shards should
 * be as large as the build's memory allows.
 */

/** The file under the index directory that lists the shards. */
export const SHARDS_FILE = 'shards.json';

/** One shard as shards.json lists it. */
export interface ShardInfo {
  /** Folder under the index directory with a trailing slash, '' for the first shard. */
  dir: string;
  /** Pages in the shard. */
  pages: number;
  /** Publication dates (YYYY-MM-DD) of its oldest and newest page; '' where the pages have none. */
  from: string;
  to: string;
}

/** What shards.json holds: every shard, oldest pages first. */
export interface ShardList {
  shards: ShardInfo[];
}

/** Folder of shard n (from 0) under the index directory: '' for the first, shard-<n>/ for the others. */
export function shardDirectory(n: number): string {
  return n === 0 ? '' : `shard-${n}/`;
}

/** A page to index: its HTML file (relative to the site), its sort date ('' without one) and its size. */
export interface ShardPage {
  file: string;
  date: string;
  bytes: number;
}

/**
 * Splits pages into shards of at most maxPages pages and at most maxBytes bytes of HTML (a page larger than
 * maxBytes is a shard of its own), in date order, oldest first (pages without a date before all others, then by
 * file name), so each shard covers a range of dates after the previous one's. Same pages, same shards.
 */
export function planShards(pages: readonly ShardPage[], maxPages: number, maxBytes: number): ShardPage[][] {
  const sorted = [...pages].sort((a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file));
  const shards: ShardPage[][] = [];
  let current: ShardPage[] = [];
  let bytes = 0;
  for (const page of sorted) {
    if (current.length > 0 && (current.length >= maxPages || bytes + page.bytes > maxBytes)) {
      shards.push(current);
      current = [];
      bytes = 0;
    }
    current.push(page);
    bytes += page.bytes;
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

/**
 * Results of merged shards ordered by date. Pagefind scores a date-sorted result by its position within its own
 * shard, and the merged search orders all results by that score, which interleaves the shards. Since shards cover
 * consecutive date ranges, grouping the results by shard (newest shard first for 'desc') while keeping each
 * shard's own order gives the order of the whole site. shardOf returns a result's shard number (0 = oldest).
 */
export function orderByShard<T>(results: readonly T[], shardOf: (result: T) => number, direction: 'asc' | 'desc'): T[] {
  const sign = direction === 'desc' ? -1 : 1;
  return results
    .map((result, i) => ({ result, i, shard: shardOf(result) }))
    .sort((a, b) => sign * (a.shard - b.shard) || a.i - b.i)
    .map((x) => x.result);
}

/**
 * The text in Pagefind 1.6's pagefind.js where a search result is made, and what the indexer writes instead: the
 * same fields and the result's index folder (basePath), so the search page knows which shard a result came from
 * (its card, its text blocks and its place in a date sort). Pagefind gives results only an id, which is 7 hex
 * digits of a hash: at 20,000 pages two shards share an id more often than not.
 */
export const PAGEFIND_RESULT_FIELDS = 'score:result2.s*this.indexWeight,words:locations';
export const PATCHED_RESULT_FIELDS = 'score:result2.s*this.indexWeight,basePath:this.basePath,words:locations';
