/**
 * Reading and writing the infographic components (<Figure>, <Steps>, <Compare>, <Note>) in an MDX body, for the
 * form editor's “insert component” buttons (Decap's registerEditorComponent: pattern, fromBlock, toBlock). It writes
 * exactly what the hand-written sources look like (src/infographics/README.md): props in the vocabulary's order,
 * `name="text"` only, a self-closing tag without a body, a numbered list inside <Steps>, one line for a short <Note>.
 * No imports: `npm run cms` serves this file to the browser (transpiled by TypeScript), and the unit tests run it
 * in Node.
 */

/** How a component is shown in the form: which props, which of them required, what its body holds. */
export interface EditorComponentSpec {
  /** Decap's id of the component, e.g. figure. */
  id: string;
  /** The tag name, e.g. Figure. */
  tag: string;
  /** Chinese name on the insert button, e.g. 关键数字. */
  label: string;
  /** The props in the order they are written, with their Chinese labels and length limits. */
  props: { name: string; label: string; required: boolean; maxLength?: number }[];
  /**
   * none: always self-closing (Figure); steps: a numbered list (Steps); block: self-closing, or lines of Markdown
   * inside when given (Compare's 原来：/现在： lists); text: text inside, on the tag's line when it is one line (Note).
   */
  body: 'none' | 'steps' | 'block' | 'text';
}

/**
 * The values of one component as the form holds them: props by name, `steps` (a list) or `body` (text), and
 * `bodyLines` ('yes' when the body was written on lines of its own, <Note>⏎…⏎</Note>, kept as written).
 */
export type ComponentData = Record<string, string | string[] | undefined>;

const ATTRIBUTE = /([A-Za-z]+)="([^"]*)"/g;

function escapeAttribute(value: string): string {
  // Props are string literals only (the parser refuses expressions); a double quote cannot be written inside one.
  return value.replace(/"/g, '”');
}

function openTag(spec: EditorComponentSpec, data: ComponentData, selfClosing: boolean): string {
  const attributes = spec.props
    .map((p) => [p.name, data[p.name]] as const)
    .filter((pair): pair is readonly [string, string] => typeof pair[1] === 'string' && pair[1].trim() !== '')
    .map(([name, value]) => ` ${name}="${escapeAttribute(value.trim())}"`)
    .join('');
  return `<${spec.tag}${attributes}${selfClosing ? ' />' : '>'}`;
}

/**
 * The pattern Decap tries at the start of each block: the self-closing tag, or the opening tag, a body (which may
 * hold blank lines) and the closing tag. Group 1 is the attribute text, group 2 the body (undefined when
 * self-closing). No m flag (Decap refuses it).
 */
export function componentPattern(spec: EditorComponentSpec): RegExp {
  const open = `<${spec.tag}((?:\\s+[A-Za-z]+="[^"]*")*)\\s*`;
  if (spec.body === 'none') return new RegExp(`^${open}/>`);
  return new RegExp(`^${open}(?:/>|>([\\s\\S]*?)</${spec.tag}>)`);
}

/** The form values of a matched component (a RegExp match of componentPattern). */
export function componentFromBlock(spec: EditorComponentSpec, match: readonly (string | undefined)[]): ComponentData {
  const data: ComponentData = {};
  for (const m of (match[1] ?? '').matchAll(ATTRIBUTE)) data[m[1]!] = m[2];
  const body = match[2];
  if (body !== undefined) {
    if (spec.body === 'steps') {
      data.steps = body
        .split('\n')
        .map((line) => /^\s*\d+[.、．]\s*(.*)$/.exec(line)?.[1]?.trim())
        .filter((s): s is string => s !== undefined && s !== '');
    } else {
      if (body.startsWith('\n')) data.bodyLines = 'yes';
      data.body = body.replace(/^\n/, '').replace(/\n$/, '');
    }
  }
  return data;
}

/** The MDX of a component with the form's values, written the way the hand-written sources are. */
export function componentToBlock(spec: EditorComponentSpec, data: ComponentData): string {
  if (spec.body === 'steps') {
    const steps = (Array.isArray(data.steps) ? data.steps : []).map((s) => s.trim()).filter((s) => s !== '');
    return [openTag(spec, data, false), ...steps.map((s, i) => `${i + 1}. ${s}`), `</${spec.tag}>`].join('\n');
  }
  const body = typeof data.body === 'string' ? data.body.trim() : '';
  if (spec.body === 'none' || (spec.body === 'block' && body === '')) return openTag(spec, data, true);
  // A one-line text stays on the tag's line (<Note>提示。</Note>); lists and paragraphs get lines of their own.
  if (spec.body === 'text' && !body.includes('\n') && data.bodyLines !== 'yes') return `${openTag(spec, data, false)}${body}</${spec.tag}>`;
  return `${openTag(spec, data, false)}\n${body}\n</${spec.tag}>`;
}
