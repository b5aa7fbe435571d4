/**
 * Reproducible .tar.gz archives of a release, written and read by node-tar: regular files only, sorted, in
 * portable mode (no owner, fixed mode 0644, one fixed mtime, pax headers for long or non-ASCII names, a gzip
 * header without time or OS), so the same files always give the same bytes and any tar reads them. Reading
 * refuses absolute paths and "..", so unpacking cannot write outside its directory.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { extract, Header, PackSync, Parser, ReadEntry } from 'tar';
import { compareCodePoints } from './site-files';

/** One file in an archive. */
export interface TarEntry {
  /** Relative path with forward slashes. */
  path: string;
  data: Buffer;
}

function checkPath(path: string): void {
  if (path === '' || path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '') || path.includes('\\')) {
    throw new Error(`不安全的归档路径 "${path}"（绝对路径、空段或 ".."）。`);
  }
}

/** The archive bytes of the entries, sorted by path, gzipped when asked. */
function pack(entries: TarEntry[], mtime: number, gzip: boolean): Buffer {
  const sorted = [...entries].sort((a, b) => compareCodePoints(a.path, b.path));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) throw new Error(`归档中有重复的路径 "${sorted[i]!.path}"。`);
  }
  for (const entry of sorted) checkPath(entry.path);
  const time = new Date(mtime * 1000);
  // portable: no uid/gid/uname/gname, atime or ctime, and a gzip header with no OS byte; mtime: one time for all.
  const archive = new PackSync({ portable: true, mtime: time, gzip: gzip ? { level: 9 } : undefined });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const entry of sorted) {
    // The files are in memory, not on disk: node-tar packs a ReadEntry (an entry of another archive) as given,
    // so each file is handed over as one with its header.
    const file = new ReadEntry(new Header({ path: entry.path, type: 'File', size: entry.data.length, mode: 0o644, mtime: time }));
    file.end(entry.data);
    archive.add(file);
  }
  archive.end();
  return Buffer.concat(chunks);
}

/** Builds an uncompressed tar of the entries, sorted by path. mtime is seconds since 1970. */
export function createTar(entries: TarEntry[], mtime = 0): Buffer {
  return pack(entries, mtime, false);
}

/** Reads the regular files of a tar, plain or gzipped (pax and GNU long names understood; directories skipped). */
export function parseTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let failure: unknown;
  const parser = new Parser({
    onReadEntry: (entry) => {
      if (entry.type !== 'File' && entry.type !== 'OldFile') {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => entries.push({ path: entry.path, data: Buffer.concat(chunks) }));
    },
  });
  parser.on('error', (e: unknown) => (failure ??= e));
  // node-tar parses (and gunzips, with minizlib) synchronously as it is written, so every entry is read here.
  parser.end(tar);
  if (failure) throw failure;
  for (const entry of entries) checkPath(entry.path);
  return entries;
}

/** Writes entries as a reproducible .tar.gz. */
export async function writeTarGz(file: string, entries: TarEntry[], mtime = 0): Promise<void> {
  const gz = pack(entries, mtime, true);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, gz);
}

/** Reads every file of a .tar.gz. */
export async function readTarGz(file: string): Promise<TarEntry[]> {
  return parseTar(readFileSync(file));
}

/** Unpacks a .tar.gz into dir (created if needed); returns the paths written. */
export async function extractTarGz(file: string, dir: string): Promise<string[]> {
  // Read first: an unsafe path refuses the whole archive (node-tar would only skip that entry with a warning).
  const entries = await readTarGz(file);
  mkdirSync(dir, { recursive: true });
  // Regular files only, like readTarGz; times are the unpacking time (the archive's is a fixed one).
  await extract({ file, cwd: dir, noMtime: true, filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'OldFile') });
  return entries.map((e) => e.path);
}
