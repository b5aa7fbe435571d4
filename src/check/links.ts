/**
 * Which content files link to which: `npm run check -- <file>` also checks the files that link to a named file,
 * because a change there (its file name, its date, its 文号) shows up as a problem in them — a broken link, a late
 * interpretation — not in the named file itself.
 */
import type { SourceFile } from '../content/files';
import type { CollectionName } from '../content/registry';
import { findNearest } from '../lib/text-distance';

/**
 * Every link field of the frontmatter: the collection it is in, its key, and the collection it names an entry of
 * (the `ref()` fields of src/schemas/document.ts, interpretation.ts and infographic.ts; a test keeps them in step).
 */
export const LINK_FIELDS: readonly { from: CollectionName; key: string; to: CollectionName }[] = [
  { from: 'documents', key: 'issuer', to: 'organizations' },
  { from: 'documents', key: 'coIssuers', to: 'organizations' },
  { from: 'documents', key: 'successor', to: 'documents' },
  { from: 'interpretations', key: 'documents', to: 'documents' },
  { from: 'interpretations', key: 'office', to: 'organizations' },
  { from: 'infographics', key: 'document', to: 'documents' },
  { from: 'infographics', key: 'interpretation', to: 'interpretations' },
];

/** A file that links to a named file, and by which fields (keys of LINK_FIELDS). */
export interface LinkingFile {
  file: string;
  collection: CollectionName;
  keys: string[];
}

/**
 * Whether a missing id `missing` is likely the earlier name of the existing id `id`: one contains the other
 * (guofa-2019-5 → guofa-2019-5-new, guofa-2019-5-old → guofa-2019-5). Ids shorter than 4 characters never count.
 */
export function renamedFrom(missing: string, id: string): boolean {
  return missing.length >= 4 && id.length >= 4 && (id.includes(missing) || missing.includes(id));
}

/**
 * The existing id a missing id most likely means, or undefined: an id it was probably renamed to (`renamedFrom`,
 * the one starting with `missing` first, then the shortest), else the nearest by edit distance (src/lib/text-distance.ts).
 * A renamed file keeps its old name as a prefix far more often than it turns into a neighbour's name
 * (guofa-2019-5 → guofa-2019-5-new must not suggest guofa-2019-3).
 */
export function nearestId(missing: string, known: Iterable<string>): string | undefined {
  const ids = [...known];
  const renamed = ids
    .filter((id) => renamedFrom(missing, id))
    .sort((a, b) => Number(b.startsWith(missing)) - Number(a.startsWith(missing)) || a.length - b.length || a.localeCompare(b));
  return renamed[0] ?? findNearest(missing, ids, 1)[0];
}

/**
 * The files (sorted by path relative to the project root) that link to one of `targets` and are not among them:
 * a link field whose value is a target's id, or whose value names no entry and is probably the target's earlier
 * id (`renamedFrom`) or whose nearest id (`nearestId`) is a target's (the target was probably renamed, and the link
 * is now broken). Frontmatter is read as written, so a file with a
 * schema error still counts; a file that could not be parsed does not.
 */
export function findLinkingFiles(files: readonly SourceFile[], targets: readonly SourceFile[]): LinkingFile[] {
  const ids = new Map<CollectionName, Set<string>>();
  for (const f of files) if (f.collection !== 'site') (ids.get(f.collection) ?? ids.set(f.collection, new Set()).get(f.collection)!).add(f.id);
  const wanted = new Map<CollectionName, Set<string>>();
  for (const t of targets) if (t.collection !== 'site') (wanted.get(t.collection) ?? wanted.set(t.collection, new Set()).get(t.collection)!).add(t.id);
  const own = new Set(targets.map((t) => t.file));
  const linking: LinkingFile[] = [];
  for (const f of files) {
    if (own.has(f.file) || f.collection === 'site' || typeof f.data !== 'object' || f.data === null) continue;
    const keys = new Set<string>();
    const data = f.data as Record<string, unknown>;
    for (const { from, key, to } of LINK_FIELDS) {
      const targetIds = wanted.get(to);
      if (from !== f.collection || !targetIds) continue;
      const values = Array.isArray(data[key]) ? (data[key] as unknown[]) : [data[key]];
      for (const value of values) {
        if (typeof value !== 'string') continue;
        const known = ids.get(to) ?? new Set<string>();
        const named =
          targetIds.has(value) || (!known.has(value) && ([...targetIds].some((t) => renamedFrom(value, t)) || targetIds.has(nearestId(value, known) ?? '')));
        if (named) keys.add(key);
      }
    }
    if (keys.size) linking.push({ file: f.file, collection: f.collection, keys: [...keys] });
  }
  return linking.sort((a, b) => a.file.localeCompare(b.file));
}
