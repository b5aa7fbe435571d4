/**
 * How the form editor reads and writes content files: the same YAML library and options as the project's own
 * writers (`yaml` 2.9.1, `stringify(value, { lineWidth: 0 })`, as `npm run new` writes frontmatter), so a file
 * saved from the form has the bytes an editor would type: `---`, the fields in the schema's order, `---`, a blank
 * line, the body, a final newline. The body of an existing file is kept byte for byte. Registered with Decap as
 * the custom formats `jiedu-frontmatter` and `jiedu-yaml` (setup.ts); the check of `npm run cms` writes the
 * entry it checks with the same function (check-entry.ts). In the browser `yaml` comes from the import map of
 * index.html (the package's own browser build, served from node_modules).
 */
import { parse, stringify } from 'yaml';

/** A file's values as Decap holds them: the frontmatter fields, and `body` (the text after the frontmatter). */
export type FileValues = Record<string, unknown> & { body?: string };

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/** The values of a file with YAML frontmatter; a file without frontmatter is all body. */
export function frontmatterFromFile(content: string): FileValues {
  const m = FRONTMATTER.exec(content);
  if (!m) return content.trim() ? { body: content } : {};
  const data = (parse(m[1]!) ?? {}) as Record<string, unknown>;
  const body = m[2]!;
  return body.trim() ? { ...data, body } : data;
}

/**
 * The fields in `order` first, then any others in the order they came; `order` holds the form's field names,
 * nested ones dotted (signOff.by, history.date), as Decap passes them, so groups and list items are ordered too.
 */
function ordered(values: Record<string, unknown>, order: readonly string[] = [], prefix = ''): Record<string, unknown> {
  const own = order.filter((n) => n.startsWith(prefix) && !n.slice(prefix.length).includes('.')).map((n) => n.slice(prefix.length));
  const nest = (key: string, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((v) => nest(key, v));
    if (value !== null && typeof value === 'object') return ordered(value as Record<string, unknown>, order, `${prefix}${key}.`);
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const key of own) if (key in values) out[key] = nest(key, values[key]);
  for (const [key, value] of Object.entries(values)) if (!(key in out)) out[key] = nest(key, value);
  return out;
}

/**
 * The file text of `values`: YAML frontmatter (fields in `order`), then the body after one blank line. A body
 * that already starts with a newline (as read from an existing file) is written as it was.
 */
export function frontmatterToFile(values: FileValues, order?: readonly string[]): string {
  const { body = '', ...fields } = values;
  const meta = ordered(fields, order);
  const yaml = Object.keys(meta).length ? stringify(meta, { lineWidth: 0 }) : '';
  const text = typeof body === 'string' ? body : '';
  if (!text.trim()) return `---\n${yaml}---\n`;
  const separated = /^\r?\n/.test(text) ? text : `\n${text}`;
  return `---\n${yaml}---\n${separated.endsWith('\n') ? separated : `${separated}\n`}`;
}

/** The values of a plain YAML file (an organisation). */
export function yamlFromFile(content: string): FileValues {
  return (parse(content.replace(/^\uFEFF/, '')) ?? {}) as FileValues;
}

/** The text of a plain YAML file (an organisation), fields in `order`. */
export function yamlToFile(values: FileValues, order?: readonly string[]): string {
  return stringify(ordered(values, order), { lineWidth: 0 });
}
