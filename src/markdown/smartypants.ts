/**
 * SmartyPants (straight quotes to curly, -- and --- to dashes, ... to …) as Astro runs it on every Markdown and MDX
 * body (remark-smartypants, Astro's `smartypants: true` default), but only on the bodies it can change.
 *
 * remark-smartypants parses the whole text of a body into a natural-language tree (retext) twice, whether or not it
 * holds one character it would replace. Chinese bodies almost never do (full-width “” and …… are already what it
 * would make): at 1,000 documents of 6,000 characters it was 10% of the pages' samples in a CPU profile (about 7.5 s
 * of their 75 s of CPU), none of the 1,000 bodies changed by it. A body whose text holds none of its characters is
 * left as it is, which is what remark-smartypants would have returned; any other body goes through remark-smartypants
 * itself, so the output is unchanged.
 * pipeline.ts turns Astro's own copy off (`smartypants: false`) and puts this one where Astro put it: after remark-gfm,
 * before the project's plugins.
 */
import remarkSmartypants from 'remark-smartypants';
import type { Root } from 'mdast';
import type { Transformer } from 'unified';
import { visit } from 'unist-util-visit';

/**
 * What SmartyPants replaces, looked for in the text of a body (its text nodes joined with a space, so a sequence
 * across two nodes is found too: a superset of what it could change): quotes and backticks, two hyphens (-- and ---),
 * two dots (... and . . .).
 */
const REPLACED = /["'`]|-\s*-|\.\s*\./;

/** true when SmartyPants could change the text of `tree`. */
export function smartypantsCouldChange(tree: Root): boolean {
  const texts: string[] = [];
  visit(tree, 'text', (node) => {
    texts.push(node.value);
  });
  return REPLACED.test(texts.join(' '));
}

/** remark-smartypants with its options, run only on a tree whose text it could change (see smartypantsCouldChange). */
export function remarkSmartypantsWhereNeeded(options?: Parameters<typeof remarkSmartypants>[0]): Transformer<Root> {
  // The plugin's own code uses no `this` (node_modules/remark-smartypants/dist/plugin.js).
  const transform = (remarkSmartypants as unknown as (o?: typeof options) => Transformer<Root>)(options);
  // Two parameters: unified would take a third as a callback to wait for. remark-smartypants's transformer is
  // synchronous and uses the tree only.
  return (tree, file) => {
    if (!smartypantsCouldChange(tree)) return undefined;
    return (transform as (t: Root, f: typeof file) => ReturnType<Transformer<Root>>)(tree, file);
  };
}
