/**
 * The options of the build's unified Markdown processor (astro.config.mjs passes them to `unified()` from
 * @astrojs/markdown-remark, and @astrojs/mdx inherits them for .mdx), in one place so tests render through exactly
 * the same steps: remark-gfm (added by Astro), remark-cjk-friendly (./remark-plugins.ts), Chinese footnotes
 * (./footnotes.ts), the content sanitiser (./sanitize.ts) and wide-table regions (./table-regions.ts).
 */
import type { RehypePlugins, RemarkPlugins } from 'astro';
import { rehypeSanitizeContent } from './sanitize';
import { rehypeTableRegions } from './table-regions';
import { FOOTNOTE_OPTIONS } from './footnotes';
import { REMARK_PLUGINS } from './remark-plugins';
import { remarkSmartypantsWhereNeeded } from './smartypants';
import { componentsForPath } from '../check/content-safety';

/** Options for `unified()` of @astrojs/markdown-remark: plugin lists and remark-rehype options. */
export const MARKDOWN_PROCESSOR_OPTIONS = {
  // Astro's SmartyPants runs on every body; ours only on a body it can change, with the same output (./smartypants.ts).
  smartypants: false,
  remarkPlugins: [remarkSmartypantsWhereNeeded, ...REMARK_PLUGINS] as RemarkPlugins,
  remarkRehype: FOOTNOTE_OPTIONS,
  rehypePlugins: [[rehypeSanitizeContent, { componentsFor: componentsForPath }], rehypeTableRegions] as RehypePlugins,
};
