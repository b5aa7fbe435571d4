/**
 * Cache keys of entry pages for Astro's incremental build (astro.config.mjs `experimental.incrementalBuild`,
 * Astro 7.2+; https://docs.astro.build/en/reference/experimental-flags/incremental-build/): a page whose key and
 * whose code (Astro hashes the page's module graph itself) are the same as in the previous build is copied from
 * Astro's cache (.cache/astro/dist/) instead of being rendered again.
 *
 * The key must change whenever anything the page shows could change. A document's or interpretation's page shows
 * its own text, and of the rest of the site only metadata: titles, 文号, dates and links of related entries,
 * organisation names, the site's settings. So the key is its own file's digest together with one digest of every
 * published entry's metadata (frontmatter as parsed, with ids) and of the site settings: editing the body of one
 * document re-renders that page only; editing any metadata, adding, removing or publishing an entry (a scheduled
 * entry's day coming), or site.yaml re-renders them all. Infographic pages are left out: they show rendered
 * images that Astro does not see as page data.
 */
import { createHash } from 'node:crypto';

/** An entry as the pages get it from the content layer: id, parsed metadata and its file's digest. */
export interface KeyedEntry {
  id: string;
  data: unknown;
  digest?: string | number;
}

/**
 * One SHA-256 (hex) of the metadata of every entry in `collections` (by collection name, in the order given) and of
 * `settings` (the parsed site.yaml). Entries' bodies are not part of it.
 */
export function siteDataDigest(collections: Record<string, readonly KeyedEntry[]>, settings: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(settings) ?? 'undefined').update('\n');
  for (const name of Object.keys(collections).sort()) {
    hash.update(`[${name}]\n`);
    for (const entry of collections[name]!) hash.update(entry.id).update('\0').update(JSON.stringify(entry.data) ?? '').update('\n');
  }
  return hash.digest('hex');
}

/**
 * The cache key of an entry's page: the site digest (siteDataDigest) with the entry's own digest. Undefined when
 * the entry has no digest, so Astro renders the page every time rather than risk an old copy.
 */
export function pageCacheKey(siteDigest: string, entry: KeyedEntry): string | undefined {
  if (entry.digest === undefined) return undefined;
  return createHash('sha256').update(`${siteDigest}\n${entry.id}\n${entry.digest}`).digest('hex');
}
