/**
 * Steps on the HTML tree of an imported body before it is sanitised and turned into Markdown (body.ts):
 * table parts outside tables, captions, images.
 */
import type { Element, Root as HastRoot, RootContent as HastContent } from 'hast';

export const TABLE_PARTS = new Set(['tbody', 'thead', 'tfoot', 'tr', 'td', 'th']);

/**
 * gov.cn pages keep the content in a layout cell (<tbody><tr><td id="UCAP-CONTENT">); cut out of its
 * table, that cell would turn the whole document into one table cell. Table parts outside a table are unwrapped.
 */
export function unwrapStrayTableParts(tree: HastRoot): void {
  const walk = (parent: HastRoot | Element, inTable: boolean) => {
    const children: HastContent[] = [];
    for (const child of parent.children) {
      if (child.type === 'element' && !inTable && TABLE_PARTS.has(child.tagName)) {
        walk(child, false);
        children.push(...(child.children as HastContent[]));
      } else {
        if (child.type === 'element') walk(child, inTable || child.tagName === 'table');
        children.push(child);
      }
    }
    parent.children = children as typeof parent.children;
  };
  walk(tree, false);
}

/** rehype-remark drops <caption>; its text becomes a paragraph before the table so no text is lost. */
export function keepCaptions(tree: HastRoot): void {
  const walk = (parent: HastRoot | Element) => {
    const children: HastContent[] = [];
    for (const child of parent.children) {
      if (child.type === 'element') {
        walk(child);
        if (child.tagName === 'table') {
          const captions = child.children.filter(
            (c): c is Element => c.type === 'element' && c.tagName === 'caption',
          );
          for (const caption of captions) {
            children.push({ type: 'element', tagName: 'p', properties: {}, children: caption.children });
          }
          child.children = child.children.filter((c) => !captions.includes(c as Element));
        }
      }
      children.push(child);
    }
    parent.children = children as typeof parent.children;
  };
  walk(tree);
}

/**
 * Images are dropped (the site does not hotlink other sites' images) and their addresses reported, before the
 * sanitiser, which would otherwise remove an external address and leave an image without one to report.
 */
export function dropImages(tree: HastRoot, dropped: string[]): void {
  const walk = (parent: HastRoot | Element) => {
    parent.children = parent.children.filter((child) => {
      if (child.type !== 'element') return true;
      if (child.tagName === 'img') {
        if (typeof child.properties.src === 'string') dropped.push(child.properties.src);
        return false;
      }
      walk(child);
      return true;
    }) as typeof parent.children;
  };
  walk(tree);
}

