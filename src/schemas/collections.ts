/**
 * The schema the check validates each kind of content file with (links as plain ids, resolved later by the
 * check), and the field names a schema accepts at a path, so that messages can name the right fields.
 */
import type { z } from 'astro/zod';
import { idRef, type CollectionName } from './common';
import { documentSchema } from './document';
import { infographicSchema } from './infographic';
import { interpretationSchema } from './interpretation';
import { OrganizationSchema } from './organization';
import { SiteSchema } from './site';

/** The check's schema of every collection, and of content/site.yaml ('site'). */
export const CHECK_SCHEMAS: Readonly<Record<CollectionName | 'site', z.ZodType>> = {
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
