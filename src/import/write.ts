/**
 * Writing planned content files: every file atomically (src/lib/write-atomic.ts), so a kill leaves each file old
 * or new, never cut. Before the first write the manifest lists the hash each file is about to get (`pending`), so
 * a file written by an interrupted run is still recognised as the importer's own and the next run completes the
 * job; a file whose bytes the importer did not write is an editor's and is only overwritten with --force.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../lib/write-atomic';
import type { Collection } from './existing';

/** Where the importer keeps the hash of every file it last wrote, relative to the project root. */
export const MANIFEST_FILE = 'content/.import-manifest.json';

/** Why a file was left alone. */
export const SKIP_EDITED = '编辑已修改，未覆盖（使用 --force 覆盖）';
/** Why a file the importer never wrote was left alone. */
export const SKIP_FOREIGN = '已有同名文件且不是导入程序写的，未覆盖（使用 --force 覆盖）';

/** What happened to one content file. */
export interface FileOutcome {
  /** Path relative to the project root, forward slashes. */
  path: string;
  /** Collection the file belongs to. */
  collection: Collection;
  /** created: new file; updated: rewritten; unchanged: already as the import would write it; skipped: left alone. */
  status: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** Why, for skipped files and forced overwrites. */
  reason?: string;
}

/** A content file the import means to write. */
export interface PlannedFile {
  path: string;
  collection: Collection;
  content: string;
  /** true when the file was found by its importedFrom.id: an entry the importer made, whatever its name now. */
  imported?: boolean;
  /**
   * An existing organisation file with the missing fields added (or unchanged): written whatever the
   * manifest says, since it keeps every byte the editor wrote.
   */
  merged?: boolean;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The manifest: the hash of every file the importer last wrote (`files`), and while an import is writing,
 * the hash each file is about to get (`pending`). A file whose hash is either one is the importer's own.
 */
interface Manifest {
  files: Record<string, string>;
  pending: Record<string, string>;
  /** The hash of each rejects file the importer last wrote, by path relative to the project root (rejects.ts). */
  rejects: Record<string, string>;
}

function readManifest(root: string): Manifest {
  const path = join(root, MANIFEST_FILE);
  const empty: Manifest = { files: {}, pending: {}, rejects: {} };
  if (!existsSync(path)) return empty;
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof data !== 'object' || data === null) return empty;
    const { files, pending, rejects } = data as { files?: unknown; pending?: unknown; rejects?: unknown };
    const asMap = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, string>) : {});
    return { files: asMap(files), pending: asMap(pending), rejects: asMap(rejects) };
  } catch {
    // A damaged manifest only means every existing file counts as edited: nothing is lost.
    return empty;
  }
}

function renderManifest(files: Record<string, string>, pending: Record<string, string> | undefined, rejects: Record<string, string>): string {
  const sorted = (map: Record<string, string>) => {
    const out: Record<string, string> = {};
    for (const key of Object.keys(map).sort()) out[key] = map[key]!;
    return out;
  };
  return `${JSON.stringify(
    {
      about:
        '导入程序（npm run import）最后一次写入的每个文件的 SHA-256。重新导入时，与此不符的文件视为编辑改过，不会被覆盖。请勿手改。',
      files: sorted(files),
      ...(pending ? { pending: sorted(pending) } : {}),
      ...(Object.keys(rejects).length > 0 ? { rejects: sorted(rejects) } : {}),
    },
    null,
    2,
  )}\n`;
}

/**
 * Decides every file first, then writes: the manifest with the pending hashes, each file atomically, and
 * the final manifest. Killed at any point, every file is its old or its new bytes, and a re-run recognises
 * both as the importer's and finishes the job.
 */
export function writePlanned(root: string, planned: PlannedFile[], force: boolean, dryRun: boolean, rejectsHashes: Record<string, string> = {}): FileOutcome[] {
  const manifest = readManifest(root);
  // The rejects files this run wrote (rejects.ts) are recorded in the same manifest writes: no extra version of it.
  manifest.rejects = { ...manifest.rejects, ...rejectsHashes };
  const ownHash = (path: string) => new Set([manifest.files[path], manifest.pending[path]].filter((h) => h !== undefined));
  const writtenHashes = new Set([...Object.values(manifest.files), ...Object.values(manifest.pending)]);
  const next: Record<string, string> = { ...manifest.files };
  const outcomes: FileOutcome[] = [];
  const writes: { path: string; content: string }[] = [];

  for (const file of planned) {
    const full = join(root, file.path);
    const hash = sha256(file.content);
    const base = { path: file.path, collection: file.collection };
    if (!existsSync(full)) {
      writes.push(file);
      next[file.path] = hash;
      outcomes.push({ ...base, status: 'created' });
      continue;
    }
    const current = readFileSync(full, 'utf8');
    if (current === file.content) {
      // An editor's organisation file the import had nothing to add to is not claimed as the importer's.
      if (!file.merged || next[file.path] !== undefined) next[file.path] = hash;
      outcomes.push({ ...base, status: 'unchanged' });
      continue;
    }
    if (file.merged) {
      writes.push(file);
      next[file.path] = hash;
      outcomes.push({ ...base, status: 'updated', reason: '已补上缺少的字段，原有内容未改动' });
      continue;
    }
    const currentHash = sha256(current);
    // A file renamed by an editor is not under its path in the manifest, but its content may still be ours.
    const known = ownHash(file.path);
    const ours = known.size > 0 ? known.has(currentHash) : writtenHashes.has(currentHash);
    if (ours || force) {
      writes.push(file);
      next[file.path] = hash;
      outcomes.push({ ...base, status: 'updated', reason: ours ? undefined : '已按 --force 覆盖编辑的修改' });
    } else {
      outcomes.push({
        ...base,
        status: 'skipped',
        reason: manifest.files[file.path] !== undefined || file.imported ? SKIP_EDITED : SKIP_FOREIGN,
      });
    }
  }
  if (dryRun) return outcomes;

  const manifestPath = join(root, MANIFEST_FILE);
  if (writes.length > 0) {
    // Announce first: a file found later with one of these hashes was written by this run, not by an editor.
    const pending: Record<string, string> = { ...manifest.pending };
    for (const w of writes) pending[w.path] = sha256(w.content);
    writeFileAtomicSync(manifestPath, renderManifest(manifest.files, pending, manifest.rejects));
  }
  for (const w of writes) writeFileAtomicSync(join(root, w.path), w.content);

  // Entries of files that are gone (deleted or renamed by editors) are dropped.
  for (const path of Object.keys(next)) if (!existsSync(join(root, path))) delete next[path];
  const manifestText = renderManifest(next, undefined, manifest.rejects);
  const before = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : undefined;
  if (before !== manifestText) writeFileAtomicSync(manifestPath, manifestText);
  return outcomes;
}

/** The hash of a text as the manifest keeps it (SHA-256, hex). */
export function textHash(text: string): string {
  return sha256(text);
}

/** The hashes of the rejects files the importer last wrote, by path relative to the project root. */
export function readRejectsHashes(root: string): Record<string, string> {
  return { ...readManifest(root).rejects };
}

