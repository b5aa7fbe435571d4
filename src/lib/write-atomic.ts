/**
 * The one way this project writes an editor's or an imported file: a temporary file in the same folder,
 * fsync, then rename over the target (write-file-atomic), then fsync of the folder. A reader, a crash or a
 * kill at any moment sees either the old bytes or the complete new bytes, never an empty or cut file.
 * Used by `npm run import` (content files and its manifest), `npm run check -- --fix` and `npm run new`.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import writeFileAtomic from 'write-file-atomic';

/** How to write. */
export interface WriteAtomicOptions {
  /**
   * Fail with an EEXIST error (and leave the existing file alone) when the target exists, like the `wx`
   * flag of fs.writeFile; the check and the creation are one step (a hard link), so nothing that appears
   * meanwhile is overwritten.
   */
  exclusive?: boolean;
}

/**
 * Writes `data` to `path` atomically and durably, creating missing parent folders. Text is written as
 * UTF-8. Throws what the file system throws (EEXIST with `exclusive` when the target exists, EACCES,
 * ENOSPC…); after a throw the target still holds its old bytes (or is still absent).
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: WriteAtomicOptions = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  if (options.exclusive) writeExclusive(path, bytes);
  else writeFileAtomic.sync(path, bytes, { fsync: true });
  syncFolder(dir);
}

/**
 * Writes all of `bytes` to `path` opened with `flag` ('w' replaces, 'wx' refuses an existing file) and fsyncs it
 * before closing. Not atomic by itself: callers write a temporary name and rename or link it. Throws the fs error.
 */
export function writeSyncedFile(path: string, bytes: Uint8Array, flag: 'w' | 'wx'): void {
  const fd = openSync(path, flag);
  try {
    let offset = 0;
    // writeSync may write fewer bytes than asked: continue from where it stopped.
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Temp file written and synced by hand, then hard-linked to the target: link() fails when the target exists. */
function writeExclusive(path: string, bytes: Buffer): void {
  // A dot name with the target's own name, so a leftover after a kill is recognisable and never read as content.
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  writeSyncedFile(tmp, bytes, 'wx');
  try {
    linkSync(tmp, path);
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * fsync of a folder: a rename in it is durable only once the folder entry is on disk. A file system that cannot
 * sync a folder (EISDIR/EINVAL/EPERM) is ignored; the rename itself is still atomic. Throws nothing.
 */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EINVAL/EPERM on file systems that do not support it: the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
