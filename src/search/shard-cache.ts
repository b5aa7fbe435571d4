/**
 * The cache of search index shards between builds (the way .cache/infographics/ keeps images): a shard whose pages
 * are the same as in an earlier build is copied from the cache instead of being indexed by Pagefind again, so a
 * rebuild after one document changed indexes only that document's shard.
 *
 * A shard is stored under <cacheDir>/<key>/ exactly as it was published (Pagefind's files with our result files,
 * before pagefind.js is patched, which happens to the published copy only). The key is a SHA-256 over everything
 * the shard's files follow from:
 *   - each page's file name and the SHA-256 of its whole HTML, in shard order (Pagefind reads only the marked
 *     body, its metadata and filters, so hashing the whole page can only re-index more than needed, never less);
 *   - the shard's number (shard 0 carries Pagefind's browser code) and Pagefind's index chunk size;
 *   - the installed Pagefind's version;
 *   - the text of the indexer's own code (src/search/*.ts), so a change to how result files are written is never
 *     served from an old cache.
 * Entries are written to a temporary folder and renamed, so a killed build leaves either a whole entry or none.
 * After a build, entries this build did not use are removed (pruneShardCache), so the cache holds one site's index.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Changes when the layout of a cache entry changes. */
const CACHE_FORMAT = 1;

/** One page of a shard as the key sees it: its HTML file (relative to the site) and the SHA-256 of its HTML (hex). */
export interface CachedPage {
  file: string;
  htmlHash: string;
}

/** SHA-256 of a page's HTML, hex: what CachedPage.htmlHash holds. */
export function htmlHash(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

let codeDigest: string | undefined | null = null;

/** node_modules/pagefind/package.json as Node would find it from dir (Pagefind exports no package.json). */
function pagefindManifest(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, 'node_modules', 'pagefind', 'package.json');
    if (existsSync(file)) return file;
    if (dirname(d) === d) throw new Error(`no node_modules/pagefind above ${dir}`);
  }
}

/**
 * SHA-256 of the indexer's code (every .ts file beside this one, by name) and of the installed Pagefind's version,
 * or undefined when they cannot be read (the code was bundled elsewhere): then nothing is cached.
 */
export function indexerDigest(): string | undefined {
  if (codeDigest !== null) return codeDigest;
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const hash = createHash('sha256').update(`format ${CACHE_FORMAT}\n`);
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts')).sort();
    if (!sources.includes('index-site.ts')) throw new Error(`no index-site.ts in ${here}`);
    for (const name of sources) hash.update(`${name}\n`).update(readFileSync(join(here, name))).update('\n');
    const pagefindVersion = (JSON.parse(readFileSync(pagefindManifest(here), 'utf8')) as { version: string }).version;
    codeDigest = hash.update(`pagefind ${pagefindVersion}\n`).digest('hex');
  } catch {
    codeDigest = undefined;
  }
  return codeDigest;
}

/**
 * The cache key of shard n (from 0) made of these pages, in shard order, indexed with this chunk size (Pagefind's
 * PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE); codeDigest is indexerDigest(). 64 hex digits.
 */
export function shardCacheKey(n: number, pages: readonly CachedPage[], chunkSize: string, code: string): string {
  const hash = createHash('sha256').update(`${code}\nshard ${n}\nchunk ${chunkSize}\n`);
  for (const page of pages) hash.update(`${page.file}\0${page.htmlHash}\n`);
  return hash.digest('hex');
}

/**
 * Copies the cached shard `key` into outputPath (created if missing; the caller has emptied it of this shard's
 * files) and returns true; false when the shard is not cached.
 */
export function restoreShard(cacheDir: string, key: string, outputPath: string): boolean {
  const entry = join(cacheDir, key);
  if (!existsSync(entry)) return false;
  cpSync(entry, outputPath, { recursive: true });
  return true;
}

/**
 * Stores the finished shard in outputPath as cache entry `key`. Shard 0's folder also holds the other shards'
 * folders (shard-<n>/) and shards.json, which are left out. An entry already there is kept.
 */
export function storeShard(cacheDir: string, key: string, outputPath: string): void {
  const entry = join(cacheDir, key);
  if (existsSync(entry)) return;
  mkdirSync(cacheDir, { recursive: true });
  const temporary = join(cacheDir, `.${key}.${process.pid}.tmp`);
  rmSync(temporary, { recursive: true, force: true });
  cpSync(outputPath, temporary, {
    recursive: true,
    filter: (source) => {
      const name = source.slice(outputPath.length + 1);
      return !/^shard-\d+(\/|$)/.test(name) && name !== 'shards.json';
    },
  });
  try {
    renameSync(temporary, entry);
  } catch (error) {
    // Another build stored the same shard first: its copy is the same.
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(entry)) throw error;
  }
}

/** Removes every cache entry whose key is not in `keep` (and temporary folders of killed builds); returns how many. */
export function pruneShardCache(cacheDir: string, keep: ReadonlySet<string>): number {
  if (!existsSync(cacheDir)) return 0;
  let removed = 0;
  for (const name of readdirSync(cacheDir)) {
    if (keep.has(name)) continue;
    rmSync(join(cacheDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
