/**
 * The sanitiser every content body goes through: raw HTML is parsed by a real HTML parser (hast-util-raw,
 * parse5), MDX syntax that is not one of the studio's components is taken out, and hast-util-sanitize applies
 * the allowlist of ./sanitize-schema.ts. The same function runs at build time (rehype plugin in
 * astro.config.mjs, for .md and .mdx), on imported HTML (src/import/body.ts) and in the check
 * (src/check/content-safety.ts), which reports what it removed; so what the check says is exactly what the build does.
 */
import type { Element, ElementContent, Properties, Root, RootContent } from 'hast';
import { raw } from 'hast-util-raw';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { VFile } from 'vfile';
import { CONTENT_SCHEMA, STRIPPED_ELEMENTS } from './sanitize-schema';

/** Node types of MDX syntax in a hast tree (import/export, {expressions}, <Components>). */
export const MDX_NODE_TYPES = ['mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'mdxJsxFlowElement', 'mdxJsxTextElement'] as const;

/** Something the sanitiser took out, with where it was in the source. */
export interface Removal {
  /**
   * element: an HTML element (unwrapped, or with its content for script/style); attribute: one attribute of a
   * kept element; mdx: MDX syntax (import/export, expression, a component that is not allowed).
   */
  kind: 'element' | 'attribute' | 'mdx';
  /** Tag name, component name, or the MDX node type. */
  name: string;
  /** For attributes: the attribute as written in HTML (onerror, href, style). */
  attribute?: string;
  /** For attributes: the value as the HTML parser decoded it. */
  value?: string;
  /** true when the element's content went with it (script, style). */
  withContent?: boolean;
  /** 1-based line and column in the text the tree was parsed from, when known. */
  line?: number;
  column?: number;
}

/** Options of {@link sanitizeContentTree}. */
export interface SanitizeOptions {
  /** MDX components the file may use (kept with their literal string props; children are sanitised). */
  components?: readonly string[];
  /** The text the tree was parsed from; with it, elements inside raw HTML get their line and column. */
  source?: string;
}

/** The result: the safe tree and what was removed, in document order. */
export interface SanitizeResult {
  tree: Root;
  removed: Removal[];
}

const MARKER = 'dataJieduSanitizeId';
const COMPONENT_TAG = 'jiedu-mdx-component';

interface MdxJsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}
interface MdxNode {
  type: (typeof MDX_NODE_TYPES)[number];
  name?: string | null;
  attributes?: MdxJsxAttribute[];
  children?: RootContent[];
  position?: Element['position'];
}

function isMdxNode(node: { type: string }): node is MdxNode {
  return (MDX_NODE_TYPES as readonly string[]).includes(node.type);
}

function hasRaw(node: Root | RootContent): boolean {
  if (node.type === 'raw') return true;
  return 'children' in node && (node.children as RootContent[]).some(hasRaw);
}

/** HTML attribute name of a hast property name: onError → onerror, className → class, dataFooBar → data-foo-bar. */
function attributeName(property: string): string {
  if (property === 'className') return 'class';
  if (property === 'htmlFor') return 'for';
  if (property.startsWith('data') && property.length > 4) return `data${property.slice(4).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  if (property.startsWith('aria') && property.length > 4) return `aria-${property.slice(4).toLowerCase()}`;
  return property.toLowerCase();
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.join(' ');
  return value === true ? '' : String(value);
}

function start(node: { position?: Element['position'] }): Pick<Removal, 'line' | 'column'> {
  const p = node.position?.start;
  return p ? { line: p.line, column: p.column } : {};
}

/**
 * Takes MDX syntax out of a tree: import/export and expressions go; a component on the allowlist becomes a
 * placeholder element (restored after sanitising); any other JSX element, lowercase HTML included, is
 * unwrapped so its text stays but the element never reaches the page (script/style go with their content).
 */
function replaceMdx(children: RootContent[], components: readonly string[], saved: MdxNode[], removed: Removal[]): RootContent[] {
  const out: RootContent[] = [];
  for (const child of children) {
    if (!isMdxNode(child)) {
      if ('children' in child) child.children = replaceMdx(child.children as RootContent[], components, saved, removed) as ElementContent[];
      out.push(child);
      continue;
    }
    if (child.type === 'mdxJsxFlowElement' || child.type === 'mdxJsxTextElement') {
      const name = child.name ?? '';
      const inner = replaceMdx(child.children ?? [], components, saved, removed);
      if (name !== '' && components.includes(name)) {
        // Props are kept only as literal strings: an {expression} prop would run code at build time.
        child.attributes = (child.attributes ?? []).filter((a) => a.type === 'mdxJsxAttribute' && (a.value === null || a.value === undefined || typeof a.value === 'string') && !/^on/i.test(a.name ?? ''));
        child.children = [];
        saved.push(child);
        out.push({ type: 'element', tagName: COMPONENT_TAG, properties: { [MARKER]: `c${saved.length - 1}` }, children: inner as ElementContent[], position: child.position });
        continue;
      }
      const withContent = (STRIPPED_ELEMENTS as readonly string[]).includes(name.toLowerCase());
      removed.push({ kind: 'mdx', name: name || '<>', ...(withContent ? { withContent } : {}), ...start(child) });
      if (!withContent) out.push(...inner);
      continue;
    }
    removed.push({ kind: 'mdx', name: child.type, ...start(child) });
  }
  return out;
}

/**
 * Sanitises a hast tree of a content body (mutates and returns a new tree): raw HTML parsed, MDX syntax
 * handled as {@link replaceMdx} says, then the allowlist of {@link CONTENT_SCHEMA}. Returns what was removed:
 * every element not allowed (by its tag name) and every attribute not allowed (by name, value or URL scheme),
 * not the contents of an element already reported as removed with its content.
 */
export function sanitizeContentTree(input: Root, options: SanitizeOptions = {}): SanitizeResult {
  const removed: Removal[] = [];
  const saved: MdxNode[] = [];
  let tree: Root = input;
  tree.children = replaceMdx(tree.children, options.components ?? [], saved, removed);
  // Raw HTML in Markdown: parse it as a browser would, so what is checked is what the browser would build.
  if (hasRaw(tree)) tree = raw(tree, options.source === undefined ? {} : { file: new VFile(options.source) }) as Root;

  // Number every element so that what the sanitiser kept can be told from what it removed.
  const originals: { node: Element; properties: Properties }[] = [];
  const number = (node: Root | RootContent) => {
    if (node.type === 'element' && node.tagName !== COMPONENT_TAG) {
      originals.push({ node, properties: { ...node.properties } });
      node.properties = { ...node.properties, [MARKER]: String(originals.length - 1) };
    }
    if ('children' in node) for (const child of node.children as RootContent[]) number(child);
  };
  number(tree);

  const schema: Schema = {
    ...CONTENT_SCHEMA,
    tagNames: [...(CONTENT_SCHEMA.tagNames ?? []), COMPONENT_TAG],
    attributes: { ...CONTENT_SCHEMA.attributes, '*': [...(CONTENT_SCHEMA.attributes?.['*'] ?? []), MARKER] },
  };
  const clean = sanitize(tree, schema) as Root;

  const kept = new Map<number, Element>();
  const restore = (parent: Root | Element): void => {
    const children: RootContent[] = [];
    for (const child of parent.children as RootContent[]) {
      if (child.type === 'element') {
        restore(child);
        const id = String(child.properties[MARKER] ?? '');
        delete child.properties[MARKER];
        if (child.tagName === COMPONENT_TAG) {
          const component = saved[Number(id.slice(1))]!;
          component.children = child.children as RootContent[];
          children.push(component as unknown as RootContent);
          continue;
        }
        if (id !== '') kept.set(Number(id), child);
      }
      children.push(child);
    }
    parent.children = children as typeof parent.children;
  };
  restore(clean);

  // What was removed, top-most first: an element whose content was stripped hides its descendants.
  const hidden = new Set<Element>();
  const hide = (node: Element) => {
    for (const child of node.children) {
      if (child.type === 'element') {
        hidden.add(child);
        hide(child);
      }
    }
  };
  originals.forEach(({ node, properties }, index) => {
    if (hidden.has(node)) return;
    const result = kept.get(index);
    if (!result) {
      const withContent = (STRIPPED_ELEMENTS as readonly string[]).includes(node.tagName);
      removed.push({ kind: 'element', name: node.tagName, ...(withContent ? { withContent } : {}), ...start(node) });
      if (withContent) hide(node);
      return;
    }
    for (const [key, value] of Object.entries(properties)) {
      if (value === undefined || value === null || value === false) continue;
      const after = result.properties[key];
      const same = Array.isArray(value) ? Array.isArray(after) && after.length === value.length : after !== undefined;
      if (!same) removed.push({ kind: 'attribute', name: node.tagName, attribute: attributeName(key), value: valueText(value), ...start(node) });
    }
  });
  return { tree: clean, removed: removed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)) };
}

/**
 * The rehype plugin for astro.config.mjs: sanitises every Markdown and MDX body at build time. A file under
 * content/infographics/ may use the infographic components, one under content/interpretations/ the
 * interpretation components; nothing else. The check reports the same removals as errors, so in a build that
 * passed the check this plugin changes nothing; it is the last line of defence when check was bypassed.
 */
export function rehypeSanitizeContent(options: { componentsFor?: (path: string) => readonly string[] } = {}) {
  return (tree: Root, file: VFile): Root => {
    const components = options.componentsFor?.(file.path ?? '') ?? [];
    return sanitizeContentTree(tree, { components, source: String(file) }).tree;
  };
}
