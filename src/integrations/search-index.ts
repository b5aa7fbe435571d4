/**
 * Indexes the built site for search after `astro build`: documents, interpretations and infographics, with the
 * metadata, filters and sort key their pages carry (see src/search/). The work is in src/search/index-site.ts.
 */
import type { AstroIntegration } from 'astro';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexSite } from '../search/index-site';

/**
 * The shard cache of the build (src/search/shard-cache.ts), beside the infographics' images in .cache/: shards
 * whose pages did not change since the last build are copied from it instead of indexed again.
 */
export const SEARCH_CACHE_DIR = join('.cache', 'search-shards');

export default function searchIndex(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'jiedu-search-index',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        await indexSite(fileURLToPath(dir), logger, { cacheDir: join(root, SEARCH_CACHE_DIR) });
      },
    },
  };
}
