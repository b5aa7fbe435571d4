/**
 * Cleaning a form's values before they are written, so a saved file looks like a hand-written one: a field the
 * editor left empty or cleared (an empty text, an empty list, a group with nothing filled in) is left out of the
 * frontmatter instead of being written as `summary: ""`, which the schema refuses. No imports: used by the
 * browser (the form's preSave step) and by `npm run cms`'s check in Node.
 */

/** true for a value that says nothing: undefined, null, blank text, an empty list or a group of such values. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmptyValue);
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).every(isEmptyValue);
  return false;
}

/**
 * A copy of the form's values without empty fields (isEmptyValue), at every depth; list elements that are empty
 * are dropped too. Keys keep their order; `false`, `0` and the body text are kept as they are.
 */
export function pruneEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => !isEmptyValue(v)).map(pruneEmpty) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (!isEmptyValue(v)) out[k] = pruneEmpty(v);
    return out as T;
  }
  return value;
}

/**
 * The paths of the empty fields and list elements in the form's values (what pruneEmpty leaves out), deepest
 * first and list indexes from the last down, so deleting them one after another (Immutable's deleteIn, as Decap
 * holds the values) never shifts a path still to come.
 */
export function emptyPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) {
      if (isEmptyValue(value[i])) out.push([...prefix, i]);
      else out.push(...emptyPaths(value[i], [...prefix, i]));
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (isEmptyValue(v)) out.push([...prefix, k]);
      else out.push(...emptyPaths(v, [...prefix, k]));
    }
  }
  return out;
}
