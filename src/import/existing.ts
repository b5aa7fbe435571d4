/**
 * What is already in content/: each collection's files with the facts the importer needs to recognise its own
 * entries (importedFrom.id), to reuse organisations (name, 文号 prefixes) and to link interpretations (title, 文号).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REGISTRY } from '../content/registry';

/** The collections the importer writes. */
export type Collection = 'organizations' | 'documents' | 'interpretations';

/** An existing content file, as the importer sees it. */
export interface ExistingEntry {
  /** Entry id (file name without extension). */
  id: string;
  /** Path relative to the project root, forward slashes. */
  path: string;
  /** importedFrom.id: the export record it was made from. */
  importId?: string;
  /** importedFrom.source: the collection or input file name that record came from. */
  importSource?: string;
  /** Organisations: full name. */
  name?: string;
  /** Documents: title. */
  title?: string;
  /** Documents: 文号. */
  docNumber?: string;
  /** 发布日期 (YYYY-MM-DD) of a document, when its frontmatter has one. */
  publishedAt?: string;
  /** Organisations: the 文号 prefixes (机关代字) it issues under. */
  docNumberPrefixes?: string[];
  /** draft: true in its frontmatter (not on the site yet). */
  draft?: boolean;
  /**
   * Set when its frontmatter cannot be read (no closing ---, broken YAML): the importer cannot tell whose entry it is,
   * so it imports nothing until the file is mended (it once wrote a second file beside it and relinked to that).
   */
  unreadable?: true;
}

/** Lists a collection's files with the importer-relevant facts: id, path, importedFrom.id, name, title, 文号. */
export function scanCollection(root: string, collection: Collection): ExistingEntry[] {
  const { dir, extensions } = REGISTRY[collection];
  const base = join(root, 'content', dir);
  if (!existsSync(base)) return [];
  const entries: ExistingEntry[] = [];
  for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const ext = extensions.find((e) => entry.name.endsWith(e));
    if (!ext) continue;
    const full = join(entry.parentPath, entry.name);
    const data = readFrontmatter(readFileSync(full, 'utf8'), ext !== '.md' && ext !== '.mdx');
    const importedFrom = data?.importedFrom as { id?: unknown; source?: unknown } | undefined;
    const prefixes = data?.docNumberPrefixes;
    entries.push({
      id: entry.name.slice(0, -ext.length),
      path: toPosix(relative(root, full)),
      importId: typeof importedFrom?.id === 'string' ? importedFrom.id : undefined,
      importSource: typeof importedFrom?.source === 'string' ? importedFrom.source : undefined,
      name: typeof data?.name === 'string' ? data.name : undefined,
      title: typeof data?.title === 'string' ? data.title : undefined,
      docNumber: typeof data?.docNumber === 'string' ? data.docNumber : undefined,
      publishedAt: dateText(data?.publishedAt),
      docNumberPrefixes: Array.isArray(prefixes) ? prefixes.filter((p): p is string => typeof p === 'string') : undefined,
      draft: data?.draft === true ? true : undefined,
      unreadable: data === undefined ? true : undefined,
    });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

function readFrontmatter(raw: string, wholeFileIsYaml: boolean): Record<string, unknown> | undefined {
  const yaml = wholeFileIsYaml ? raw : /^---\r?\n([\s\S]*?)\r?\n?---(?:\r?\n|$)/.exec(raw)?.[1];
  if (yaml === undefined) return undefined;
  try {
    const data: unknown = parseYaml(yaml);
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
  } catch {
    // An editor's broken file: the importer refuses to run until it is mended (ExistingEntry.unreadable).
    return undefined;
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}


/** The first entry per importedFrom.id. */
export function firstByImportId(entries: ExistingEntry[]): Map<string, ExistingEntry> {
  const map = new Map<string, ExistingEntry>();
  for (const entry of entries) if (entry.importId && !map.has(entry.importId)) map.set(entry.importId, entry);
  return map;
}

/**
 * Finds the entry made from a record: by importedFrom.id, the one from the same source (collection or input file
 * name) first, since two offices' systems may both number from 1; otherwise the first of that id (an export saved
 * under a new name, or its rejects file, still updates its own entries). Whether the entry found is really the same
 * document is the caller's to check (isSameEntry).
 */
export function importedEntryFinder(entries: ExistingEntry[]): (source: string, id: string) => ExistingEntry | undefined {
  const byId = new Map<string, ExistingEntry[]>();
  for (const entry of entries) if (entry.importId) byId.set(entry.importId, [...(byId.get(entry.importId) ?? []), entry]);
  return (source, id) => {
    const list = byId.get(id);
    return list?.find((e) => e.importSource === source) ?? list?.[0];
  };
}

/** A frontmatter date as YYYY-MM-DD: YAML gives a Date for an unquoted date and a string for a quoted one. */
function dateText(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}
