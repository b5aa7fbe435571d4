/**
 * The schema the check validates each kind of content file with (links as plain ids, resolved later by the
 * check), and the field names a schema accepts at a path, so that messages can name the right fields.
 */
import type { z } from 'astro/zod';
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
