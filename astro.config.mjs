// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import contentCheck from './src/integrations/content-check.ts';
import infographics from './src/integrations/infographics.ts';
import devProblems from './src/integrations/dev-problems.ts';
import searchIndex from './src/integrations/search-index.ts';
import siteSitemap from './src/integrations/sitemap.ts';
import { MARKDOWN_PROCESSOR_OPTIONS } from './src/markdown/pipeline.ts';

// The public address comes from the editors' site config, so canonical URLs and feeds agree with it.
const site = parse(readFileSync(new URL('./content/site.yaml', import.meta.url), 'utf8'));

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
  integrations: [contentCheck(), devProblems(), mdx(), infographics(), siteSitemap(), searchIndex()],
});
