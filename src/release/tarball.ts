/**
 * Reproducible .tar.gz archives of a release: regular files only, sorted, fixed owner, mode and time, POSIX
 * (pax) headers for long or non-ASCII names, so the same files always give the same bytes and any tar reads
 * them. Reading refuses absolute paths and "..", so unpacking cannot write outside its directory.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { compareCodePoints } from './site-files';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** One file in an archive. */
export interface TarEntry {
  /** Relative path with forward slashes. */
  path: string;
  data: Buffer;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, type: string, mtime: number, prefix = ''): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, Buffer.alloc(BLOCK - rest)];
}

/** A pax record "<len> key=value\n", where len counts the whole record including itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function checkPath(path: string): void {
  if (path === '' || path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '') || path.includes('\\')) {
    throw new Error(`不安全的归档路径 "${path}"（绝对路径、空段或 ".."）。`);
  }
}

/** Builds an uncompressed tar of the entries, sorted by path. mtime is seconds since 1970. */
export function createTar(entries: TarEntry[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  const sorted = [...entries].sort((a, b) => compareCodePoints(a.path, b.path));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) throw new Error(`归档中有重复的路径 "${sorted[i]!.path}"。`);
  }
  for (const entry of sorted) {
    checkPath(entry.path);
    const ascii = /^[\x20-\x7e]*$/.test(entry.path);
    if (!ascii || Buffer.byteLength(entry.path) > 100) {
      const pax = Buffer.from(paxRecord('path', entry.path), 'utf8');
      const short = `PaxHeader/${Buffer.from(entry.path).subarray(-80).toString('latin1').replace(/[^\x20-\x7e]/g, '_')}`;
      parts.push(header(short, pax.length, 'x', mtime), ...padded(pax));
      parts.push(header(ascii ? entry.path.slice(-100) : short.slice(10), entry.data.length, '0', mtime));
    } else {
      parts.push(header(entry.path, entry.data.length, '0', mtime));
    }
    parts.push(...padded(entry.data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function field(h: Buffer, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** Reads the regular files of an uncompressed tar (pax and GNU long names understood; directories skipped). */
export function parseTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let nextPath: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) break;
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156]!);
    const data = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
      if (path !== undefined) nextPath = path;
      continue;
    }
    if (type === 'L') {
      nextPath = field(data, 0, data.length);
      continue;
    }
    const prefix = field(h, 345, 155);
    const path = nextPath ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    nextPath = undefined;
    if (type !== '0' && type !== '\0') continue;
    checkPath(path);
    entries.push({ path, data: Buffer.from(data) });
  }
  return entries;
}

/** Writes entries as a reproducible .tar.gz. */
export async function writeTarGz(file: string, entries: TarEntry[], mtime = 0): Promise<void> {
  const gz = await gzipAsync(createTar(entries, mtime), { level: 9 });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, gz);
}

/** Reads every file of a .tar.gz. */
export async function readTarGz(file: string): Promise<TarEntry[]> {
  return parseTar(await gunzipAsync(readFileSync(file)));
}

/** Unpacks a .tar.gz into dir (created if needed); returns the paths written. */
export async function extractTarGz(file: string, dir: string): Promise<string[]> {
  const entries = await readTarGz(file);
  for (const e of entries) {
    const target = join(dir, e.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, e.data);
  }
  return entries.map((e) => e.path);
}
