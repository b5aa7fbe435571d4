import { CHECK_SCHEMAS, schemaFields } from './collections';

/**
 * Chinese names of frontmatter fields by key, shown after the English key in every message: the `title` of each
 * field's `.meta()` in src/schemas/ (every schema of CHECK_SCHEMAS), so a label is written once, on its field.
 * A key names one thing wherever it appears (tests/unit/schemas/field-meta.test.ts holds every field to one
 * label per key), because messages look labels up by the last key of a path.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = labelsByKey();

function labelsByKey(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const schema of Object.values(CHECK_SCHEMAS)) {
    for (const { key, meta } of schemaFields(schema)) if (meta.title !== undefined) labels[key] ??= meta.title;
  }
  return labels;
}

/** Formats a field path as editors see it: documents[1], signOff.by. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** The Chinese label of the last named key in a path. */
export function labelOf(path: readonly PropertyKey[]): string | undefined {
  const key = [...path].reverse().find((p) => typeof p === 'string');
  return key === undefined ? undefined : FIELD_LABELS[key as string];
}
