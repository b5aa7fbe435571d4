/**
 * Entries grouped by the keys `keysOf` gives each, in the entries' order; an entry is listed once under each of its
 * keys (twice the same key counts once), and undefined keys are skipped. One pass over the entries, `keysOf` called
 * once per entry: a page per key (an organisation's page) then reads its list instead of scanning every entry, which
 * for every organisation's page was organisations × documents steps.
 */
export function groupBy<T>(entries: readonly T[], keysOf: (entry: T) => readonly (string | undefined)[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const entry of entries) {
    for (const key of new Set(keysOf(entry))) {
      if (key === undefined) continue;
      const list = out.get(key);
      if (list) list.push(entry);
      else out.set(key, [entry]);
    }
  }
  return out;
}
