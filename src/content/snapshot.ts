/**
 * The content snapshot: every file under content/ read and parsed once per run (src/content/files.ts), shared by
 * every consumer in the process — the check (src/check/validate.ts), the image build (src/infographics/sources.ts),
 * Astro's content layer (src/content/loader.ts), astro.config.mjs (site.yaml), `npm run check` and `npm run stats`.
 *
 * A snapshot is held for the run by holdSnapshot(root): `astro build` and `astro dev` hold theirs (astro.config.mjs),
 * and so do the commands. A held snapshot is kept until a file is named to invalidateSnapshot() (the dev server's
 * watchers do that on every change); the next readSnapshot() then reads only the files that changed and lists the
 * folders again for new and removed files. Without holdSnapshot() every readSnapshot() reads the tree afresh, so a
 * test or script that writes files and checks again always sees what is on disk.
 *
 * The state lives on globalThis: Astro loads astro.config.mjs, content.config.ts and the built pages as separate
 * module graphs in one process, and all of them must see the same snapshot.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readContentTree, type FileRead, type SourceFile } from './files';
import { COLLECTIONS, type CollectionName } from './registry';
import type { Problem } from '../lib/problems';

/** Everything under one content/ folder, read once: files, reading problems, and per-run derived results. */
export interface ContentSnapshot {
  /** Project root (absolute); file paths are relative to it. */
  readonly root: string;
  /** The content folder (absolute), normally <root>/content. */
  readonly contentDir: string;
  /** Counts up each time the snapshot of this folder is read again (0 for the first), for logs and tests. */
  readonly generation: number;
  /** content/site.yaml and every collection's files, sorted by path (files.ts: readContentTree). */
  readonly files: readonly SourceFile[];
  /** Problems found while reading (not a regular file, not UTF-8, bad YAML, stray files and folders …). */
  readonly problems: readonly Problem[];
  /** content/site.yaml, when it exists. */
  readonly site: SourceFile | undefined;
  /** The files of one collection, sorted by path. */
  entriesOf(collection: CollectionName): readonly SourceFile[];
  /**
   * A result derived from this snapshot only, computed once: the check, the images' content, parsed
   * infographics. `key` names the result and anything else it depends on (e.g. check:2026-11-29).
   */
  memo<T>(key: string, compute: () => T): T;
}

/** What this process keeps per content folder. */
interface FolderState {
  /** true once holdSnapshot() was called for the folder. */
  held: boolean;
  /** Files read so far, by path relative to the root; changed files are dropped by invalidateSnapshot(). */
  reads: Map<string, FileRead>;
  /** The current snapshot of a held folder; undefined after an invalidation. */
  snapshot?: ContentSnapshot;
  generation: number;
}

const STATE = Symbol.for('jiedu.content.snapshots');
function folders(): Map<string, FolderState> {
  const g = globalThis as { [STATE]?: Map<string, FolderState> };
  return (g[STATE] ??= new Map());
}
function stateOf(contentDir: string): FolderState {
  let state = folders().get(contentDir);
  if (!state) folders().set(contentDir, (state = { held: false, reads: new Map(), generation: -1 }));
  return state;
}

/**
 * The snapshot of `root`'s content (contentDir defaults to <root>/content). Held (see holdSnapshot): the same
 * object until a file changes; otherwise read afresh on every call. Never throws for content: every problem of
 * a file is in `problems`, and a file that could not be parsed has `data` undefined.
 */
export function readSnapshot(root: string, contentDir?: string): ContentSnapshot {
  const rootDir = resolve(root);
  const dir = resolve(contentDir ?? join(rootDir, 'content'));
  const state = stateOf(dir);
  if (state.held && state.snapshot?.root === rootDir) return state.snapshot;
  const { files, problems } = readContentTree(rootDir, dir, state.held ? state.reads : undefined);
  const snapshot = makeSnapshot(rootDir, dir, ++state.generation, files, problems);
  if (state.held) state.snapshot = snapshot;
  return snapshot;
}

/**
 * Keeps the snapshot of `root`'s content for the rest of the process: readSnapshot() reads each file once, and
 * again only after invalidateSnapshot() names it. Call it once at the start of a run (build, dev server, command).
 */
export function holdSnapshot(root: string, contentDir?: string): void {
  const dir = resolve(contentDir ?? join(resolve(root), 'content'));
  stateOf(dir).held = true;
}

/**
 * Marks a file (absolute, or relative to the project root) as changed, added or removed, so the next
 * readSnapshot() reads it again and lists the folders again; without `path`, every file is read again.
 * Paths outside every held content folder are ignored. Safe to call several times for one change.
 */
export function invalidateSnapshot(root: string, path?: string): void {
  const rootDir = resolve(root);
  for (const [dir, state] of folders()) {
    if (path === undefined) {
      if (dir === resolve(rootDir, 'content') || dir.startsWith(`${rootDir}${sep}`)) {
        state.reads.clear();
        state.snapshot = undefined;
      }
      continue;
    }
    const full = isAbsolute(path) ? path : resolve(rootDir, path);
    if (full !== dir && !full.startsWith(`${dir}${sep}`)) continue;
    state.reads.delete(relative(rootDir, full).split(sep).join('/'));
    state.snapshot = undefined;
  }
}

/** Forgets every held snapshot and what was read (for tests). */
export function releaseSnapshots(): void {
  folders().clear();
}

/** A short digest of a file's text (sha1, hex): changes when the file does. Astro's content store compares it. */
export function digestOf(source: SourceFile): string {
  return createHash('sha1').update(source.raw).digest('hex');
}

function makeSnapshot(root: string, contentDir: string, generation: number, files: SourceFile[], problems: Problem[]): ContentSnapshot {
  const byCollection = new Map<CollectionName, SourceFile[]>(COLLECTIONS.map((c) => [c, []]));
  for (const f of files) if (f.collection !== 'site') byCollection.get(f.collection)!.push(f);
  const memos = new Map<string, unknown>();
  return {
    root,
    contentDir,
    generation,
    files,
    problems,
    site: files.find((f) => f.collection === 'site'),
    entriesOf: (collection) => byCollection.get(collection) ?? [],
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
}
