/**
 * The saves of the form editor's local folder mode (`npm run cms` without --workflow), done by our server instead
 * of decap-server: decap-server 3.11.3 (src/middlewares/localFs/index.ts, utils/fs.ts) writes each file in place
 * with fs.promises.writeFile, so a kill or a crash in the middle of a save can leave an editor's file cut
 * (issue 10: every write of an editor's file is atomic). Here every file goes through writeFileAtomicSync
 * (src/lib/write-atomic.ts: temporary file, fsync, rename), with the same bytes and the same answers
 * decap-server gives: the entry's `raw` text as UTF-8, a media file's `content` decoded from its `encoding`.
 */
import { createHash } from 'node:crypto';
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeFileAtomicSync } from '../lib/write-atomic';

/** An answer to the page, as decap-server would give it (status and JSON body). */
export interface SaveAnswer {
  status: number;
  body: string;
}

/** Decap's proxy actions that write files in the local folder mode, and which this module handles. */
export const ATOMIC_SAVE_ACTIONS = ['persistEntry', 'persistMedia'] as const;

/** A file the page asks to write: a path relative to the project, and the bytes. */
interface FileWrite {
  path: string;
  bytes: Buffer;
}

/** A refused save: 422 with a Chinese reason (Decap shows `error` in its “保存内容失败” notice). */
class SaveRefused extends Error {}

const refuse = (message: string): never => {
  throw new SaveRefused(message);
};

/**
 * The absolute path of `filePath` inside `root`, refusing one that leaves it, lexically or through a symbolic
 * link in the part that exists: decap-server's resolveNewRepoPath (utils/path.ts), synchronously.
 */
export function resolveInsideRoot(root: string, filePath: string): string {
  const inside = (base: string, target: string) => {
    const rel = relative(base, target);
    return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };
  const lexical = resolve(root, filePath);
  if (!inside(resolve(root), lexical)) refuse(`文件路径 "${filePath}" 不在网站文件夹里，没有保存。`);
  const realRoot = realpathSync(resolve(root));
  const missing: string[] = [];
  let existing = lexical;
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      missing.unshift(basename(existing));
      existing = dirname(existing);
    }
  }
  const real = realpathSync(existing);
  if (!inside(realRoot, real)) refuse(`文件路径 "${filePath}" 经符号链接指到了网站文件夹以外，没有保存。`);
  return join(real, ...missing);
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

/** A media file of a request ({ path, content, encoding }), decoded as decap-server does (Buffer.from). */
function assetWrite(asset: unknown): FileWrite {
  const a = (asset ?? {}) as { path?: unknown; content?: unknown; encoding?: unknown };
  if (!isText(a.path) || !a.path || !isText(a.content) || !isText(a.encoding) || !Buffer.isEncoding(a.encoding)) {
    refuse('保存请求里的文件（assets）缺少路径、内容或编码，没有保存。请刷新页面后再试。');
  }
  return { path: a.path as string, bytes: Buffer.from(a.content as string, a.encoding as BufferEncoding) };
}

/** The files of a persistEntry request: the entry's files (raw text, UTF-8), then its media files. */
function entryWrites(params: unknown): FileWrite[] {
  const p = (params ?? {}) as { entry?: unknown; dataFiles?: unknown; assets?: unknown };
  const dataFiles = (Array.isArray(p.dataFiles) ? p.dataFiles : p.entry !== undefined ? [p.entry] : []) as { path?: unknown; raw?: unknown; newPath?: unknown }[];
  if (dataFiles.length === 0) refuse('保存请求里没有要写的文件（entry），没有保存。请刷新页面后再试。');
  const writes: FileWrite[] = [];
  for (const file of dataFiles) {
    if (!isText(file?.path) || !file.path || !isText(file.raw)) refuse('保存请求里的文件缺少路径（path）或内容（raw），没有保存。请刷新页面后再试。');
    // Decap sends newPath only for nested collections (a rename); the site's collections are flat folders.
    if (file.newPath !== undefined) refuse(`表单编辑器不改文件名（请求把 ${String(file.path)} 改成 ${String(file.newPath)}），没有保存。要改名请在 Git 里用 git mv。`);
    writes.push({ path: file.path as string, bytes: Buffer.from(file.raw as string, 'utf8') });
  }
  if (p.assets !== undefined && !Array.isArray(p.assets)) refuse('保存请求里的文件列表（assets）不是列表，没有保存。请刷新页面后再试。');
  for (const asset of (p.assets as unknown[] | undefined) ?? []) writes.push(assetWrite(asset));
  return writes;
}

/** Writes every file atomically, after resolving them all (a refused path writes nothing). */
function writeAll(root: string, writes: FileWrite[]): void {
  const targets = writes.map((w) => ({ path: w.path, target: resolveInsideRoot(root, w.path), bytes: w.bytes }));
  for (const { path, target, bytes } of targets) {
    try {
      writeFileAtomicSync(target, bytes);
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      throw new Error(`${path}：${error.code ?? error.message}`, { cause: e });
    }
  }
}

/**
 * Handles one of decap-server's writing actions (`persistEntry`, `persistMedia`) of the local folder mode in
 * `root`, atomically, and answers as decap-server does: `{ message: 'entry persisted' }` for an entry, the media
 * file read back ({ id: sha256 hex, content: base64, encoding, path, name }) for a media file. A request with a
 * missing part, a path outside `root` or a rename is refused with 422 and a Chinese `error`, writing nothing; a
 * file system error (disk full, no permission) answers 500 with its message, and the old file stays whole.
 */
export function saveAtomically(root: string, action: (typeof ATOMIC_SAVE_ACTIONS)[number], params: unknown): SaveAnswer {
  const json = (status: number, value: unknown): SaveAnswer => ({ status, body: JSON.stringify(value) });
  try {
    if (action === 'persistEntry') {
      writeAll(root, entryWrites(params));
      return json(200, { message: 'entry persisted' });
    }
    const asset = assetWrite((params as { asset?: unknown } | undefined)?.asset);
    writeAll(root, [asset]);
    return json(200, {
      id: createHash('sha256').update(asset.bytes).digest('hex'),
      content: asset.bytes.toString('base64'),
      encoding: 'base64',
      path: asset.path.replace(/\\/g, '/'),
      name: basename(asset.path),
    });
  } catch (e) {
    if (e instanceof SaveRefused) return json(422, { error: e.message });
    return json(500, { error: `保存失败（${(e as Error).message}），这个文件原来的内容没有改动。请检查磁盘空间和文件夹的写入权限后再保存。` });
  }
}
