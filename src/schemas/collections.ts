/**
 * The schema the check validates each kind of content file with (links as plain ids, resolved later by the
 * check), the field names a schema accepts at a path, so that messages can name the right fields, and what each
 * field documents for editors in its zod `.meta()` (its Chinese label and fix).
 */
import { z } from 'astro/zod';
import { idRef, type CollectionName } from './common';
import { documentSchema, type DocumentData } from './document';
import { infographicSchema, type InfographicData } from './infographic';
import { interpretationSchema, type InterpretationData } from './interpretation';
import { OrganizationSchema, type Organization } from './organization';
import { SiteSchema, type Site } from './site';

/**
 * The data of each kind of file once it has passed the check's schema, links as plain ids (the schema functions
 * inferred with `idRef`: `z.infer<ReturnType<typeof documentSchema<ReturnType<typeof idRef>>>>`, see DocumentData).
 */
interface CheckedDataOf {
  organizations: Organization;
  documents: DocumentData;
  interpretations: InterpretationData;
  infographics: InfographicData;
  site: Site;
}

/** The frontmatter of a file of collection `C` (or content/site.yaml) after its schema: defaults filled in, links as ids. */
export type CheckedData<C extends CollectionName | 'site'> = CheckedDataOf[C];

/** The check's schema of every collection, and of content/site.yaml ('site'); parsing with it yields CheckedData<C>. */
export const CHECK_SCHEMAS: { readonly [C in CollectionName | 'site']: z.ZodType<CheckedData<C>> } = {
  organizations: OrganizationSchema,
  documents: documentSchema(idRef),
  interpretations: interpretationSchema(idRef),
  infographics: infographicSchema(idRef),
  site: SiteSchema,
};

/** The parts of a zod schema's definition this module reads. */
interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Wrappers that hold one schema (optional, default…) and pipes (preprocess) are looked through. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

/**
 * The field names an object accepts at `path` (['signOff'], ['history', 0], [] for the top level), in the
 * schema's order; undefined when there is no object there.
 */
export function fieldNamesAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    const def = defOf(current);
    if (typeof key === 'number') current = def.type === 'array' ? def.element : undefined;
    else current = def.type === 'object' ? def.shape?.[String(key)] : undefined;
    if (!current) return undefined;
    current = unwrap(current);
  }
  const def = defOf(current);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/**
 * What a schema field documents for editors, written on the field with zod `.meta({ title, fix })` in src/schemas/:
 * the one place a field's label and fix live. The check's messages, FIELD_LABELS (field-labels.ts) and the form
 * editor (src/cms/schema-fields.ts) read it from there.
 */
export interface FieldMeta {
  /** Chinese label, shown after the English key in every message and on the form, e.g. 发布日期. */
  title?: string;
  /** The fix printed with a format or type error of the field, e.g. 写成 YYYY-MM-DD，例如 2019-02-15。 */
  fix?: string;
}

/**
 * The meta of one field's schema: the first title and fix found from the outermost schema inwards through
 * optional, default and the other one-schema wrappers, so `.meta()` may sit on either side of `.optional()`.
 */
export function fieldMetaOf(schema: z.ZodType): FieldMeta {
  const out: FieldMeta = {};
  let current: z.ZodType | undefined = schema;
  for (let i = 0; current && i < 20; i++) {
    const meta = z.globalRegistry.get(current);
    if (out.title === undefined && typeof meta?.title === 'string') out.title = meta.title;
    if (out.fix === undefined && typeof meta?.fix === 'string') out.fix = meta.fix;
    const def: SchemaDef = defOf(current);
    current = WRAPPERS.has(def.type) ? def.innerType : undefined;
  }
  return out;
}

/**
 * The meta of the field a path names (['signOff', 'at'], ['documents', 2]: the field of the last named key; list
 * indexes are looked through); empty when the path leaves the schema.
 */
export function fieldMetaAt(schema: z.ZodType, path: readonly PropertyKey[]): FieldMeta {
  let current: z.ZodType = unwrap(schema);
  let meta: FieldMeta = {};
  for (const key of path) {
    const def = defOf(current);
    const next = typeof key === 'number' ? (def.type === 'array' ? def.element : undefined) : def.type === 'object' ? def.shape?.[String(key)] : undefined;
    if (!next) return {};
    if (typeof key !== 'number') meta = fieldMetaOf(next);
    current = unwrap(next);
  }
  return meta;
}

/** One field of a schema, at any depth. */
export interface SchemaField {
  /** Its keys from the top of the file, list elements looked through: ['history', 'note']. */
  path: string[];
  /** Its own key, e.g. note. */
  key: string;
  meta: FieldMeta;
}

/** Every field of an object schema, nested groups and fields of list items included, in the schema's order. */
export function schemaFields(schema: z.ZodType): SchemaField[] {
  const out: SchemaField[] = [];
  const walk = (objectSchema: z.ZodType, prefix: string[]) => {
    for (const [key, field] of Object.entries(defOf(objectSchema).shape ?? {})) {
      const path = [...prefix, key];
      out.push({ path, key, meta: fieldMetaOf(field) });
      let inner = unwrap(field);
      if (defOf(inner).type === 'array' && defOf(inner).element) inner = unwrap(defOf(inner).element!);
      if (defOf(inner).type === 'object') walk(inner, path);
    }
  };
  const top = unwrap(schema);
  if (defOf(top).type === 'object') walk(top, []);
  return out;
}
