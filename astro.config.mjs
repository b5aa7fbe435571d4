// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import contentCheck from './src/integrations/content-check.ts';
import infographics from './src/integrations/infographics.ts';
import devProblems from './src/integrations/dev-problems.ts';
import searchIndex from './src/integrations/search-index.ts';

// The public address comes from the editors' site config, so canonical URLs and feeds agree with it.
const site = parse(readFileSync(new URL('./content/site.yaml', import.meta.url), 'utf8'));

export default defineConfig({
  site: site.baseUrl,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  compressHTML: true,
  devToolbar: { enabled: false },
  integrations: [contentCheck(), devProblems(), mdx(), infographics(), searchIndex()],
});
