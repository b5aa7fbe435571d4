/**
 * Indexes the built site for search after `astro build`: documents, interpretations and infographics, with the
 * metadata, filters and sort key their pages carry (see src/search/). The work is in src/search/index-site.ts.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { indexSite } from '../search/index-site';

export default function searchIndex(): AstroIntegration {
  return {
    name: 'jiedu-search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        await indexSite(fileURLToPath(dir), logger);
      },
    },
  };
}
