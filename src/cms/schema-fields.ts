/**
 * The form fields of a collection, read from its zod schema (src/schemas/), so the form editor is never written
 * a second time: each frontmatter field becomes one form field with its kind (text, date, choice, link to another
 * entry, list, group), whether it is required, its Chinese label (the `title` of the field's zod `.meta()` in
 * src/schemas/, where the check reads it too) and its Chinese help text (chineseHelpOf: the `fix` of the field's
 * `.meta()`, the same words the check prints under a mistake; never an English doc comment). No Astro and no
 * browser code: `npm run cms` and the tests call it in Node.
 */
import type { z } from 'astro/zod';
import { ID_PATTERN, httpUrl, isoDate, linkUrl, type CollectionName } from '../schemas/common';
import { documentSchema } from '../schemas/document';
import { infographicSchema } from '../schemas/infographic';
import { interpretationSchema } from '../schemas/interpretation';
import { OrganizationSchema } from '../schemas/organization';
import { z as zod } from 'astro/zod';

/** What kind of input a field takes, and what the form offers for it. */
export type FieldKind =
  | { kind: 'text'; pattern?: RegExp; minLength?: number; maxLength?: number }
  /** A calendar date written YYYY-MM-DD (isoDate). */
  | { kind: 'date' }
  /** An address: http(s) only (httpUrl) or also mailto: and site addresses (linkUrl). */
  | { kind: 'url'; httpOnly: boolean }
  /** One of a fixed list (z.enum). */
  | { kind: 'select'; options: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number }
  /** The id of an entry of another collection (a link resolved by the check). */
  | { kind: 'reference'; collection: CollectionName }
  /** A list; `item` says what each element is. */
  | { kind: 'list'; item: FieldKind }
  /** A group of named fields (an object). */
  | { kind: 'group'; fields: FormField[] };

/** One field of the form, as read from the schema. */
export type FormField = FieldKind & {
  /** The frontmatter key, e.g. publishedAt. */
  key: string;
  /** Dotted path from the top of the frontmatter, e.g. signOff.by, history.note (list elements have no index). */
  path: string;
  /** Chinese label from the field's `.meta({ title })`, e.g. 发布日期 (every schema field has one: tests/unit/schemas/). */
  label?: string;
  /** Chinese help text shown under the field (chineseHelpOf); none when the schema has no Chinese words for it. */
  help?: string;
  /** false when the schema makes it optional or gives it a default. */
  required: boolean;
  /** The schema's default, when it has one (draft: false, validity: 有效). */
  defaultValue?: unknown;
};

/** The parts of a zod 4 definition this module reads. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string>;
  checks?: { _zod: { def: { check: string; format?: string; pattern?: RegExp; minimum?: number; maximum?: number; value?: number; inclusive?: boolean } } }[];
  defaultValue?: unknown;
  format?: string;
  schema?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Which collection each link schema made by `refTo` points at. */
const REFERENCES = new WeakMap<z.ZodType, CollectionName>();

/** The link factory the form generator gives the schemas: an id string that remembers its target collection. */
function refTo(collection: CollectionName): z.ZodType {
  const schema = zod.string().regex(ID_PATTERN);
  REFERENCES.set(schema, collection);
  return schema;
}

/** The schema of each collection's frontmatter, built with link schemas the generator can recognise. */
export const FORM_SCHEMAS: Readonly<Record<CollectionName, z.ZodType>> = {
  organizations: OrganizationSchema,
  documents: documentSchema(refTo),
  interpretations: interpretationSchema(refTo),
  infographics: infographicSchema(refTo),
};

/** What zod keeps in a field's `.meta()` (or `.describe()`) that the form reads. */
interface FieldMeta {
  title?: string;
  description?: string;
  /** The exact fix the check prints under a mistake in this field (src/check/schema-messages.ts). */
  fix?: string;
}

/** Meta data zod keeps for a schema (`.meta()`, `.describe()`). */
function metaOf(schema: z.ZodType): FieldMeta {
  const meta = (zod.globalRegistry.get(schema) ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof meta[key] === 'string' ? (meta[key] as string) : undefined);
  return { title: text('title'), description: text('description'), fix: text('fix') };
}

/**
 * Whether `text` is written in Chinese, not English with a Chinese example in it: it does not open with a Latin
 * word, and has more Chinese characters than Latin letters once addresses, paths and format codes (https://…,
 * content/documents/, YYYY-MM-DD, e.g.) are set aside. “Form (解读形式).” and “Title, e.g. 《…》政策解读.” are English;
 * “写成 YYYY-MM-DD，例如 2019-02-15。” is Chinese.
 */
export function isChineseText(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const prose = text.replace(/[^\s\p{Script=Han}，。；：（）、]*[/.:@`_][^\s\p{Script=Han}，。；：（）、]*/gu, ' ').replace(/\b[A-Z]{2,}(?:-[A-Z]{2,})*\b/g, ' ');
  const latin = prose.match(/[A-Za-z]/g)?.length ?? 0;
  return !/^[A-Za-z]/.test(text.trim()) && han > latin;
}

/**
 * The help text a form shows under a field, in Chinese only (editors are not programmers, STYLE.md “Errors editors
 * read”): the schema's description when it is Chinese, else the `fix` of its `.meta()`, else its doc comment when
 * that is Chinese (src/schemas/site.ts writes them so). The English doc comments of the content schemas are the
 * developers' documentation and are never shown; a field with nothing Chinese gets no help text.
 */
export function chineseHelpOf(meta: FieldMeta, docComment?: string): string | undefined {
  return [meta.description, meta.fix, docComment].find((t): t is string => !!t && isChineseText(t));
}

/**
 * The shared schema a field stands for (isoDate, httpUrl, linkUrl, a link made by `refTo`), or the field itself:
 * a field's `.meta()` is a copy of the shared schema that zod links to it as its parent.
 */
function sharedOrigin(schema: z.ZodType): z.ZodType {
  for (let s: z.ZodType | undefined = schema, i = 0; s && i < 20; s = (s as unknown as { _zod: { parent?: z.ZodType } })._zod.parent, i++) {
    if (s === isoDate || s === httpUrl || s === linkUrl || REFERENCES.has(s)) return s;
  }
  return schema;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Strips optional/default wrappers, noting whether the field may be left out and its default; meta on any layer counts. */
function unwrapField(schema: z.ZodType): { inner: z.ZodType; required: boolean; defaultValue?: unknown; meta: FieldMeta } {
  let current = schema;
  let required = true;
  let defaultValue: unknown;
  let meta = metaOf(current);
  for (let i = 0; i < 20; i++) {
    // A shared schema, or a field's `.meta()` copy of one, is a kind of its own (date, address, link): stop there.
    const origin = sharedOrigin(current);
    if (origin === isoDate || origin === httpUrl || origin === linkUrl || REFERENCES.has(origin)) {
      current = origin;
      break;
    }
    const def = defOf(current);
    if (!WRAPPERS.has(def.type) || !def.innerType) break;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') required = false;
    if (def.type === 'default') defaultValue = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
    current = def.innerType;
    const inner = metaOf(current);
    meta = { title: meta.title ?? inner.title, description: meta.description ?? inner.description, fix: meta.fix ?? inner.fix };
  }
  return { inner: current, required, defaultValue, meta };
}

/** The object schema inside refinements (`.refine` keeps the object's def in zod 4) and wrappers. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const { inner } = unwrapField(schema);
  const def = defOf(inner);
  return def.type === 'object' ? def.shape : undefined;
}

/** Reads the kind of a field's inner schema; throws on a zod type the form does not know (so a new one is noticed). */
function kindOf(schema: z.ZodType, path: string, docs: ReadonlyMap<string, string>): FieldKind {
  if (schema === isoDate) return { kind: 'date' };
  if (schema === httpUrl) return { kind: 'url', httpOnly: true };
  if (schema === linkUrl) return { kind: 'url', httpOnly: false };
  const target = REFERENCES.get(schema);
  if (target) return { kind: 'reference', collection: target };
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      const out: FieldKind & { kind: 'text' } = { kind: 'text' };
      for (const c of def.checks ?? []) {
        const d = c._zod.def;
        if (d.check === 'string_format' && d.format === 'regex' && d.pattern) out.pattern = d.pattern;
        if (d.check === 'min_length' && typeof d.minimum === 'number') out.minLength = d.minimum;
        if (d.check === 'max_length' && typeof d.maximum === 'number') out.maxLength = d.maximum;
      }
      return out;
    }
    case 'enum':
      return { kind: 'select', options: Object.values(def.entries ?? {}) };
    case 'boolean':
      return { kind: 'boolean' };
    case 'number': {
      const out: FieldKind & { kind: 'number' } = { kind: 'number', integer: false };
      for (const c of def.checks ?? []) {
        const d = c._zod.def;
        if (d.check === 'number_format' && (d.format === 'safeint' || d.format === 'int32')) out.integer = true;
        if (d.check === 'greater_than' && typeof d.value === 'number') out.min = d.value;
        if (d.check === 'less_than' && typeof d.value === 'number') out.max = d.value;
      }
      return out;
    }
    case 'array': {
      const { inner } = unwrapField(def.element!);
      return { kind: 'list', item: kindOf(inner, path, docs) };
    }
    case 'object':
      return { kind: 'group', fields: fieldsOfShape(def.shape ?? {}, path, docs) };
    default:
      throw new Error(`表单生成器不认识字段 ${path} 的 zod 类型 ${def.type}：请在 src/cms/schema-fields.ts 的 kindOf 中为它选一种表单控件。`);
  }
}

function fieldsOfShape(shape: Record<string, z.ZodType>, prefix: string, docs: ReadonlyMap<string, string>): FormField[] {
  return Object.entries(shape).map(([key, schema]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const { inner, required, defaultValue, meta } = unwrapField(schema);
    const field: FormField = {
      ...kindOf(inner, path, docs),
      key,
      path,
      label: meta.title,
      help: chineseHelpOf(meta, docs.get(path)),
      required,
    };
    if (defaultValue !== undefined) field.defaultValue = defaultValue;
    return field;
  });
}

/**
 * The form fields of a schema's top-level object, in the schema's order. `docs` maps dotted field paths to their
 * doc comments (readSchemaDocs). Throws when the schema is not an object or holds a zod type the form cannot show.
 */
export function schemaToFormFields(schema: z.ZodType, docs: ReadonlyMap<string, string> = new Map()): FormField[] {
  const shape = objectShape(schema);
  if (!shape) throw new Error('表单生成器需要一个对象 schema（z.object / z.strictObject）。');
  return fieldsOfShape(shape, '', docs);
}

/** Every field path of a list of form fields, groups included, e.g. signOff, signOff.by, signOff.at. */
export function formFieldPaths(fields: readonly FormField[]): string[] {
  const out: string[] = [];
  const walk = (f: FieldKind & { path?: string }) => {
    if (f.path) out.push(f.path);
    if (f.kind === 'group') f.fields.forEach(walk);
    if (f.kind === 'list') walk(f.item);
  };
  fields.forEach(walk);
  return out;
}
