// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { fileURLToPath } from 'node:url';
import contentCheck from './src/integrations/content-check.ts';
import infographics from './src/integrations/infographics.ts';
import devProblems from './src/integrations/dev-problems.ts';
import searchIndex from './src/integrations/search-index.ts';
import siteSitemap from './src/integrations/sitemap.ts';
import buildWarnings from './src/integrations/build-warnings.ts';
import cmsAdmin from './src/cms/admin-build.ts';
import { holdSnapshot, readSnapshot } from './src/content/snapshot.ts';
import { astroCacheDir } from './src/content/astro-cache-dir.ts';
import { MARKDOWN_PROCESSOR_OPTIONS } from './src/markdown/pipeline.ts';

// One snapshot of content/ for the whole run (src/content/snapshot.ts): this config, the check, the content layer,
// the images and the pages all read each file once. The public address comes from the editors' site config, so
// canonical URLs and feeds agree with it; a site.yaml with errors leaves it unset and the check says why.
const root = fileURLToPath(new URL('.', import.meta.url));
holdSnapshot(root);
const siteData = readSnapshot(root).site?.data;
const site = siteData && typeof siteData === 'object' ? /** @type {{ baseUrl?: string }} */ (siteData) : {};

export default defineConfig({
  site: site.baseUrl,
  trailingSlash: 'always',
  // Stylesheets are files (/_astro/*.css), never inline: the Content-Security-Policy allows no inline code at all.
  build: { format: 'directory', inlineStylesheets: 'never' },
  markdown: {
    // unified rather than the default Sätteri: the content sanitiser is a rehype plugin (hast-util-sanitize), and
    // @astrojs/mdx inherits this processor, so .md documents and .mdx bodies pass the same allowlist
    // (src/markdown/sanitize-schema.ts) whether or not the check ran. Wide tables get their scroll region on the tree,
    // after the sanitiser (src/markdown/table-regions.ts): nothing rewrites the rendered HTML as a string afterwards.
    // Footnotes have a visible Chinese heading and Chinese back-link names (src/markdown/footnotes.ts).
    // Emphasis beside Chinese punctuation (**一、总体要求。**以…) is bold, not literal asterisks: remark-cjk-friendly,
    // the list the check parses with too (src/markdown/remark-plugins.ts). The options live in src/markdown/pipeline.ts
    // so tests render through exactly these steps.
    processor: unified(MARKDOWN_PROCESSOR_OPTIONS),
  },
  compressHTML: true,
  // Never inline a small script or asset as a data: URL or inline code (Vite's default is below 4 KB).
  vite: { build: { assetsInlineLimit: 0 } },
  devToolbar: { enabled: false },
  // Astro's caches (the content store, the incremental build's pages) in this checkout's .cache/, not in
  // node_modules/.astro/, which checkouts and generated benchmark sites sharing one node_modules would share;
  // one folder per version of the code, since Astro does not notice a change of the Markdown plugins.
  cacheDir: astroCacheDir(root),
  // Entry pages whose cacheKey (src/content/page-cache-key.ts) and code are unchanged are copied from the last build.
  experimental: { incrementalBuild: true },
  integrations: [contentCheck(), devProblems(), buildWarnings(), mdx(), infographics(), siteSitemap(), searchIndex(), cmsAdmin()],
});
