/**
 * The remark steps every body goes through before it becomes HTML, in the build (astro.config.mjs, inherited by
 * @astrojs/mdx for .mdx) and in the check (src/check/lint/markdown.ts), so the check reads the same tree the page
 * shows.
 *
 * remark-cjk-friendly (tats-u/markdown-cjk-friendly, the maintained proposal for CommonMark issue #650): plain
 * CommonMark does not open or close `**` beside Chinese punctuation when the other side is a letter, so
 * `**一、总体要求。**以…` and `深化**“放管服”**改革` showed their asterisks. The plugin changes only the
 * flanking rule of `*`/`_` delimiter runs next to CJK characters; everything else parses as before.
 */
import remarkCjkFriendly from 'remark-cjk-friendly';
import type { PluggableList } from 'unified';

/** Remark plugins of the build and the check, in order (after remark-gfm, which Astro and the check add first). */
export const REMARK_PLUGINS: PluggableList = [remarkCjkFriendly];
