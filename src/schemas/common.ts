import { z } from 'astro/zod';
import type { CollectionName } from '../content/registry';
import { isSafeUrl } from '../markdown/sanitize-schema';

// The collections and their facts live in the registry; schemas name them from there.
export { COLLECTIONS, type CollectionName } from '../content/registry';

/**
 * Builds the schema of a link to another entry. Astro passes its `reference()`;
 * the checker passes a plain id schema and resolves links itself, so both share one schema.
 */
export type RefFactory<R extends z.ZodType = z.ZodType> = (collection: CollectionName) => R;

/** An entry id: the file name without extension, lower-case letters, digits and hyphens. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The checker's link schema: an id string whose target is resolved in a later pass. */
export const idRef = (_collection: CollectionName) => z.string().regex(ID_PATTERN);

/** A calendar date written YYYY-MM-DD. YAML parsers may hand over a Date; both become the string. */
export const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, { params: { kind: 'calendar-date' } }),
);

/**
 * An absolute http(s) URL with nothing a browser would silently drop (whitespace, control characters), so
 * what the page links to is what the editor sees. Refused with the `http-url` message (src/check/schema-messages.ts).
 */
export const httpUrl = z.string().refine((s) => /^https?:\/\//i.test(s) && isSafeUrl(s), { params: { kind: 'http-url' } });

/**
 * An address written in a frontmatter field and put into a link (attachments, contact): http(s), mailto or
 * site-relative (/…), the rule the body sanitiser applies to links (isSafeUrl in src/markdown/sanitize-schema.ts).
 * A `javascript:` address, or one hiding it with a tab or newline (`java\tscript:`), is refused with the
 * `safe-url` message.
 */
export const linkUrl = z.string().min(1).refine(isSafeUrl, { params: { kind: 'safe-url' } });
