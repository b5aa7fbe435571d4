/**
 * HTML that pages insert with set:html, built as a hast tree (hastscript's `h`) and serialised here, so content
 * values are always text or attribute values, never markup: no template concatenates content into HTML.
 */
import type { ElementContent, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';

/**
 * Serialises nodes as HTML. Named references (&lt; &amp; &quot;) rather than hexadecimal ones; the serialiser
 * escapes only what must be escaped: `<` and `&` in text, `"` and `&` in attribute values.
 */
export function nodesToHtml(nodes: RootContent | Root | (RootContent | ElementContent)[]): string {
  const tree: Root | RootContent = Array.isArray(nodes) ? { type: 'root', children: nodes } : nodes;
  return toHtml(tree, { characterReferences: { useNamedReferences: true } });
}
