/**
 * Writing planned content files so that a kill leaves each file old or new, never cut. Before the first write the
 * manifest lists the hash each file is about to get (`pending`), so a file written by an interrupted run is still
 * recognised as the importer's own and the next run completes the job; a file whose bytes the importer did not
 * write is an editor's and is only overwritten with --force.
 *
 * Files go in batches, each durable before it replaces its target, with as few fsyncs as that takes: every file of a
 * batch is written to a temporary name beside its target (`<file>.<digits>`, the run's `temp` in the manifest) and
 * made durable (the sync writer fsyncs each; the async writer of `npm run import` writes them in parallel and makes
 * the whole batch durable with one syncfs where the system has it, else fsyncs each), then renamed over its target,
 * then each folder of the batch is fsynced once, so the renames are on disk before the final manifest says so.
 * Temporary files left by a killed run are removed by the next one (the manifest names them).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import pLimit from 'p-limit';
import { syncFolder, writeFileAtomicSync, writeSyncedFile } from '../lib/write-atomic';
import type { Collection } from './existing';
import type { BodyEntry, ConversionNote } from './reuse';

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
  /** For a file with a converted body: what the manifest keeps so that a re-run need not convert it again (reuse.ts). */
  conversion?: ConversionNote;
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
  /** While an import is writing: the digits of its temporary names (`<file>.<temp>` for each pending file). */
  temp?: string;
  /** Per record whose body was converted, by its key (reuse.ts): its file and the hashes of its input and body. */
  bodies: Record<string, BodyEntry>;
}

function readManifest(root: string): Manifest {
  const path = join(root, MANIFEST_FILE);
  const empty: Manifest = { files: {}, pending: {}, rejects: {}, bodies: {} };
  if (!existsSync(path)) return empty;
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof data !== 'object' || data === null) return empty;
    const { files, pending, rejects, temp, bodies } = data as { files?: unknown; pending?: unknown; rejects?: unknown; temp?: unknown; bodies?: unknown };
    const asMap = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, string>) : {});
    return {
      files: asMap(files),
      pending: asMap(pending),
      rejects: asMap(rejects),
      temp: typeof temp === 'string' && /^\d+$/.test(temp) ? temp : undefined,
      bodies: typeof bodies === 'object' && bodies !== null ? (bodies as Record<string, BodyEntry>) : {},
    };
  } catch {
    // A damaged manifest only means every existing file counts as edited: nothing is lost.
    return empty;
  }
}

function renderManifest(files: Record<string, string>, pending: Record<string, string> | undefined, rejects: Record<string, string>, bodies: Record<string, BodyEntry>, temp?: string): string {
  const sorted = <T>(map: Record<string, T>) => {
    const out: Record<string, T> = {};
    for (const key of Object.keys(map).sort()) out[key] = map[key]!;
    return out;
  };
  return `${JSON.stringify(
    {
      about:
        '导入程序（npm run import）最后一次写入的每个文件的 SHA-256。重新导入时，与此不符的文件视为编辑改过，不会被覆盖。请勿手改。',
      files: sorted(files),
      ...(pending ? { pending: sorted(pending) } : {}),
      ...(temp ? { temp } : {}),
      ...(Object.keys(rejects).length > 0 ? { rejects: sorted(rejects) } : {}),
      ...(Object.keys(bodies).length > 0 ? { bodies: sorted(bodies) } : {}),
    },
    null,
    2,
  )}\n`;
}

/** What writePlanned decided: the outcomes, the files to write and the manifest after them. */
interface WritePlan {
  manifest: Manifest;
  outcomes: FileOutcome[];
  writes: { path: string; content: string }[];
  /** The manifest's files once every write is done. */
  next: Record<string, string>;
}

/** Decides, for every planned file, whether it is written (created, updated) or left (unchanged, skipped). */
function decideWrites(root: string, planned: PlannedFile[], force: boolean, rejectsHashes: Record<string, string>): WritePlan {
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
  return { manifest, outcomes, writes, next };
}

/**
 * The batches of a run's writes, each on disk (files and folder entries) before the next starts: 8 files, then
 * twice as many each time up to 512. A large import costs a few folder fsyncs per 512 files; a small one still
 * lands in several steps, so the kill tests (tests/unit/import/kill-import.test.ts) can stop it between two batches
 * and prove the next run finishes the job from there.
 */
function batches<T>(writes: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0, size = 8; i < writes.length; i += size, size = Math.min(size * 2, 512)) out.push(writes.slice(i, i + size));
  return out;
}
/** Files written and fsynced at once by the async writer. */
const PARALLEL_WRITES = 16;

/**
 * Removes the temporary files a killed run left (`<file>.<temp>` of its pending files; the digits are that run's
 * own, so no editor's file has the name), then announces this run's writes: the pending hashes and the digits of
 * its temporary names. Returns those digits.
 */
function announceWrites(root: string, plan: WritePlan): string {
  const { manifest, writes } = plan;
  if (manifest.temp) for (const path of Object.keys(manifest.pending)) rmSync(join(root, `${path}.${manifest.temp}`), { force: true });
  // Digits only: the name of a temporary file is then what write-file-atomic's would be (see isTempFile in tests).
  const temp = String(Date.now() % 1e9) + String(process.pid);
  // Announce first: a file found later with one of these hashes was written by this run, not by an editor.
  const pending: Record<string, string> = { ...manifest.pending };
  for (const w of writes) pending[w.path] = sha256(w.content);
  writeFileAtomicSync(join(root, MANIFEST_FILE), renderManifest(manifest.files, pending, manifest.rejects, manifest.bodies, temp));
  return temp;
}

/**
 * The final manifest: entries of files that are gone (deleted or renamed by editors) are dropped; the bodies of
 * the files this run wrote or found unchanged are recorded (reuse.ts), those of files no longer listed dropped.
 */
function finishManifest(root: string, plan: WritePlan, planned: PlannedFile[]): void {
  const { manifest, next } = plan;
  for (const path of Object.keys(next)) if (!existsSync(join(root, path))) delete next[path];
  const bodies = { ...manifest.bodies };
  planned.forEach((file, i) => {
    if (file.conversion && plan.outcomes[i]!.status !== 'skipped') bodies[file.conversion.key] = { path: file.path, input: file.conversion.input, body: file.conversion.body };
  });
  for (const [key, entry] of Object.entries(bodies)) if (next[entry.path] === undefined) delete bodies[key];
  const manifestPath = join(root, MANIFEST_FILE);
  // A killed run's temporary files go even when this run writes nothing.
  if (manifest.temp && plan.writes.length === 0) for (const path of Object.keys(manifest.pending)) rmSync(join(root, `${path}.${manifest.temp}`), { force: true });
  const manifestText = renderManifest(next, undefined, manifest.rejects, bodies);
  const before = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : undefined;
  if (before !== manifestText) writeFileAtomicSync(manifestPath, manifestText);
}

/**
 * Creates the folders the writes need. Returns a function giving the folders to fsync after a batch: those of its
 * files, and the parents of the folders created here (their entries must be on disk too), once.
 */
function makeFolders(root: string, writes: { path: string }[]): (batch: { path: string }[]) => string[] {
  const created = new Set<string>();
  for (const dir of new Set(writes.map((w) => dirname(join(root, w.path))))) {
    const first = mkdirSync(dir, { recursive: true });
    // mkdirSync gives the first folder it created: from there down to dir, each parent gains an entry.
    if (first) for (let d = dir; d.length >= first.length; d = dirname(d)) created.add(dirname(d));
  }
  return (batch) => {
    const folders = new Set(batch.map((w) => dirname(join(root, w.path))));
    for (const parent of created) folders.add(parent);
    created.clear();
    return [...folders];
  };
}

/** Renames a batch's temporary files over their targets, then makes the renames durable. */
function renameBatch(root: string, batch: { path: string }[], temp: string, folders: string[]): void {
  for (const w of batch) renameSync(join(root, `${w.path}.${temp}`), join(root, w.path));
  for (const dir of folders) syncFolder(dir);
}

function writeTempSync(full: string, content: string): void {
  writeSyncedFile(full, Buffer.from(content, 'utf8'), 'w');
}

/** Writes a temporary file, fsynced unless `sync` is false (the batch is then made durable by syncFileSystem). */
async function writeTemp(full: string, content: string, sync = true): Promise<void> {
  const handle = await open(full, 'w');
  try {
    await handle.writeFile(content, 'utf8');
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync of a file already written and closed (the fallback when syncFileSystem fails after a batch was written). */
async function syncFile(full: string): Promise<void> {
  const handle = await open(full, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const run = promisify(execFile);
/** false once `sync --file-system` failed in this process: the writer fsyncs file by file from then on. */
let fileSystemSyncWorks = true;

/**
 * Makes everything written so far on the file system holding `dir` durable at once: syncfs(2), through coreutils'
 * `sync --file-system` (Linux). A batch of 512 files then costs one journal commit where an fsync per file cost one
 * each; measured on a shared 2-core VM (ext4), 2,000 files of 8 KB: 0.1–0.2 s, against 1.8–11 s fsynced one by
 * one, 16 at a time. Returns false, and is not tried again in this process, where the command is missing or
 * fails (Windows, macOS, an old coreutils): the caller fsyncs each file instead. Linux before 5.8 did not report
 * write-back errors through syncfs; the renames' folder fsyncs and the next run's hashes still catch a lost file.
 */
export async function syncFileSystem(dir: string): Promise<boolean> {
  if (!fileSystemSyncWorks) return false;
  try {
    await run('sync', ['--file-system', dir]);
    return true;
  } catch {
    fileSystemSyncWorks = false;
    return false;
  }
}

/**
 * Decides every file first, then writes: the manifest with the pending hashes, the files in durable batches (see
 * the top of this file), and the final manifest. Killed at any point, every file is its old or its new bytes, and
 * a re-run recognises both as the importer's and finishes the job. Throws what the file system throws.
 */
export function writePlanned(root: string, planned: PlannedFile[], force: boolean, dryRun: boolean, rejectsHashes: Record<string, string> = {}): FileOutcome[] {
  const plan = decideWrites(root, planned, force, rejectsHashes);
  if (dryRun) return plan.outcomes;
  if (plan.writes.length > 0) {
    const temp = announceWrites(root, plan);
    const foldersToSync = makeFolders(root, plan.writes);
    for (const batch of batches(plan.writes)) {
      for (const w of batch) writeTempSync(join(root, `${w.path}.${temp}`), w.content);
      renameBatch(root, batch, temp, foldersToSync(batch));
    }
  }
  finishManifest(root, plan, planned);
  return plan.outcomes;
}

/**
 * writePlanned with the temporary files of a batch written {@link PARALLEL_WRITES} at a time (libuv's threads) and
 * made durable together by one syncfs ({@link syncFileSystem}) before they are renamed; where that is not available,
 * each is fsynced as it is written. Same files, same manifest, the same guarantee: every file is on disk before it
 * replaces its target.
 */
export async function writePlannedAsync(root: string, planned: PlannedFile[], force: boolean, dryRun: boolean, rejectsHashes: Record<string, string> = {}): Promise<FileOutcome[]> {
  const plan = decideWrites(root, planned, force, rejectsHashes);
  if (dryRun) return plan.outcomes;
  if (plan.writes.length > 0) {
    const temp = announceWrites(root, plan);
    const foldersToSync = makeFolders(root, plan.writes);
    const limit = pLimit(PARALLEL_WRITES);
    for (const batch of batches(plan.writes)) {
      const fsyncEach = !fileSystemSyncWorks;
      await Promise.all(batch.map((w) => limit(() => writeTemp(join(root, `${w.path}.${temp}`), w.content, fsyncEach))));
      if (!fsyncEach && !(await syncFileSystem(root))) await Promise.all(batch.map((w) => limit(() => syncFile(join(root, `${w.path}.${temp}`)))));
      renameBatch(root, batch, temp, foldersToSync(batch));
    }
  }
  finishManifest(root, plan, planned);
  return plan.outcomes;
}

/** The hash of a text as the manifest keeps it (SHA-256, hex). */
export function textHash(text: string): string {
  return sha256(text);
}

/** What the manifest says of the files the importer last wrote: their hashes by path, and the bodies by record (reuse.ts). */
export function readConversions(root: string): { files: Record<string, string>; bodies: Record<string, BodyEntry> } {
  const { files, bodies } = readManifest(root);
  return { files, bodies };
}

/** The hashes of the rejects files the importer last wrote, by path relative to the project root. */
export function readRejectsHashes(root: string): Record<string, string> {
  return { ...readManifest(root).rejects };
}

