/**
 * How GFM footnotes (`注释[^1]` … `[^1]: 说明。`) appear on a page: a visible heading “注释” above the list (older
 * readers look for it; a hidden heading would leave an unexplained list at the end of the text), and back
 * links whose accessible name is Chinese. The same options go to remark-rehype in the build
 * (astro.config.mjs, for .md and .mdx) and to the check's run of the sanitiser (./content-safety.ts), so the
 * footer the build writes is exactly what the allowlist (./sanitize-schema.ts) keeps.
 */
import type { Options } from 'mdast-util-to-hast';

/** The heading above the footnotes. */
export const FOOTNOTE_LABEL = '注释';

/** The class of that heading: a small visible heading (src/styles/site.css `.footnotes-label`). */
export const FOOTNOTE_LABEL_CLASS = 'footnotes-label';

/**
 * The accessible name of a back link (the ↩ after a note): referenceIndex is the note's number from 0,
 * rereferenceIndex counts the places in the text that cite the same note, from 1. The name says which note
 * it belongs to, not a count of places in the text (a third citation of another note is not “第 2 处”):
 * e.g. 返回正文中注释 1 的引用处; a note cited twice: 返回正文中注释 1 的第 2 处引用.
 */
export function footnoteBackLabel(referenceIndex: number, rereferenceIndex: number): string {
  const note = referenceIndex + 1;
  return rereferenceIndex > 1 ? `返回正文中注释 ${note} 的第 ${rereferenceIndex} 处引用` : `返回正文中注释 ${note} 的引用处`;
}

/** The footnote options of remark-rehype / mdast-util-to-hast. */
export const FOOTNOTE_OPTIONS = {
  footnoteLabel: FOOTNOTE_LABEL,
  footnoteLabelTagName: 'h2',
  footnoteLabelProperties: { className: [FOOTNOTE_LABEL_CLASS] },
  footnoteBackLabel,
} satisfies Options;
