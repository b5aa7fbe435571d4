/**
 * hast → mdast for the importer without copying the tree first. `toMdast` of hast-util-to-mdast 10.1.3 (what
 * rehype-remark runs) starts with a structuredClone of the whole tree, because rehype-minify-whitespace then
 * changes the tree it is given; the importer's tree is its own (the sanitiser's output of one body, thrown away after
 * this step), so the copy only costs: it was 5% of the CPU of a 5,000-record import and a good part of its garbage
 * (cpu-prof). The steps below are that function's, line for line, minus the copy: the Markdown is byte for byte
 * the same (tests/unit/import/to-mdast.test.ts compares the two on the corpus).
 */
import type { Root as HastRoot } from 'hast';
import type { Nodes as MdastNodes, Root as MdastRoot, RootContent as MdastRootContent } from 'mdast';
import rehypeMinifyWhitespace from 'rehype-minify-whitespace';
import { visit } from 'unist-util-visit';
// Not in the package's exports: toMdast is index.js only; its state (the handlers) is this file. The version is the
// lockfile's (10.1.3); the test above fails if an upgrade changes what toMdast does.
import { createState } from '../../node_modules/hast-util-to-mdast/lib/state.js';

/** rehype-remark's options (`document: true`), the only ones the importer uses. */
const OPTIONS = { document: true } as const;

/**
 * The mdast of `tree`, as rehype-remark gives it. The hast tree is changed (its whitespace minified) and must not be
 * used afterwards.
 */
export function toMdastInPlace(tree: HastRoot): MdastRoot {
  const transformWhitespace = rehypeMinifyWhitespace({ newlines: false });
  const state = createState(OPTIONS);
  transformWhitespace(tree);
  visit(tree, (node) => {
    if (node && node.type === 'element' && node.properties) {
      const id = String(node.properties.id || '') || undefined;
      if (id && !state.elementById.has(id)) state.elementById.set(id, node);
    }
  });
  const result = state.one(tree, undefined);
  let mdast: MdastNodes;
  if (!result) mdast = { type: 'root', children: [] };
  else if (Array.isArray(result)) mdast = { type: 'root', children: result as MdastRootContent[] };
  else mdast = result;

  // Collapse text nodes and fix whitespace, as toMdast does.
  visit(mdast, (node, index, parent) => {
    if (node.type === 'text' && index !== undefined && parent) {
      const previous = parent.children[index - 1];
      if (previous && previous.type === node.type) {
        previous.value += node.value;
        parent.children.splice(index, 1);
        if (previous.position && node.position) previous.position.end = node.position.end;
        return index - 1;
      }
      node.value = node.value.replace(/[\t ]*(\r?\n|\r)[\t ]*/, '$1');
      if (parent.type === 'heading' || parent.type === 'paragraph' || parent.type === 'root') {
        if (!index) node.value = node.value.replace(/^[\t ]+/, '');
        if (index === parent.children.length - 1) node.value = node.value.replace(/[\t ]+$/, '');
      }
      if (!node.value) {
        parent.children.splice(index, 1);
        return index;
      }
    }
  });
  return mdast as MdastRoot;
}

/** A unified plugin in place of rehype-remark (hast → mdast), without its copy of the tree. */
export function rehypeRemarkInPlace() {
  return (tree: HastRoot) => toMdastInPlace(tree);
}
