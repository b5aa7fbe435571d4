/**
 * Wide tables (coordinates, fee schedules) scroll inside a labelled, keyboard-focusable region, so the page
 * itself never scrolls sideways on a phone. This is done on the hast tree, after the content sanitiser
 * (./sanitize.ts), by adding element nodes: text and attribute values are never re-read as HTML, so a title
 * such as `"<table onfocus=…>"` stays text. (It used to be a regex over the rendered HTML string in
 * src/components/Prose.astro, which took such a title for a table and published the markup inside it.)
 */
import type { Element, Root, RootContent } from 'hast';

/** The class of the scroll region (src/styles/site.css: `.scroll { overflow-x: auto }`). */
export const TABLE_REGION_CLASS = 'scroll';

/** The accessible name of the n-th table's region (1-based), read out when a keyboard or screen reader reaches it. */
export function tableRegionLabel(n: number): string {
  return `表格 ${n}（可左右滑动）`;
}

/**
 * Wraps every table of a tree that is not inside another table in
 * `<div class="scroll" role="region" tabindex="0" aria-label="表格 N（可左右滑动）">`, numbering them from 1
 * in document order. A table already alone in such a region is left as it is (running twice changes nothing).
 * Mutates and returns the tree.
 */
export function wrapTables(tree: Root): Root {
  let n = 0;
  const walk = (parent: Root | Element): void => {
    const children = parent.children as RootContent[];
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type !== 'element') continue;
      if (child.tagName === 'table') {
        n += 1;
        if (!isRegion(parent)) {
          children[i] = {
            type: 'element',
            tagName: 'div',
            properties: { className: [TABLE_REGION_CLASS], role: 'region', tabIndex: 0, ariaLabel: tableRegionLabel(n) },
            children: [child],
            ...(child.position ? { position: child.position } : {}),
          };
        }
        // Tables inside this one are part of its region: not wrapped, not numbered.
        continue;
      }
      walk(child);
    }
  };
  walk(tree);
  return tree;
}

function isRegion(node: Root | Element): boolean {
  return node.type === 'element' && node.tagName === 'div' && node.properties.role === 'region' && node.children.filter((c) => c.type === 'element').length === 1;
}

/** The rehype plugin for astro.config.mjs; it must run after the sanitiser, which would remove role and tabindex. */
export function rehypeTableRegions() {
  return (tree: Root): Root => wrapTables(tree);
}
