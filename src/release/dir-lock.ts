/**
 * The lock that keeps a deploy target to one deploy or rollback at a time, on a directory: `<root>/.deploy.lock`,
 * a small JSON file naming its holder (host, pid, start time, what it does). It survives crashes: a lock whose
 * process is gone (same host, pid not running) is taken over; a lock held from another host is never taken
 * over automatically, because this machine cannot see whether that process still runs.
 *
 * The file is written complete under a temporary name and hard-linked into place, so no process ever reads a
 * half-written lock; a stale lock is broken by renaming it away and checking that what was renamed is the very
 * lock found stale (its nonce), so two processes breaking the same stale lock cannot both win.
 *
 * The temporary file (`.deploy.lock.<nonce>`) is removed whatever happens, a full disk included; temporary and
 * moved-away lock files left by a process that was killed are removed by the next process that takes the lock
 * (see {@link removeAbandonedLockFiles}).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds a lock: written into the lock file and quoted in messages. */
export interface LockHolder {
  /** Host name of the machine running the holder. */
  host: string;
  /** Process id of the holder on that host. */
  pid: number;
  /** ISO 8601 time the lock was taken. */
  startedAt: string;
  /** What the holder does, e.g. "部署 1.2.0" or "回滚". */
  action: string;
  /** Random id of this taking of the lock, so a holder can tell its own lock from a later one. */
  nonce: string;
}

/** Another deploy holds the lock (or the lock cannot be read); the message names the holder and what to do. */
export class LockHeldError extends Error {
  override name = 'DeployLockError';
  constructor(
    message: string,
    /** The holder found, when the lock could be read. */
    readonly holder?: LockHolder,
  ) {
    super(message);
  }
}

/** A lock taken by {@link acquireDirLock}. */
export interface DirLock {
  /** Path of the lock file. */
  file: string;
  holder: LockHolder;
  /** Throws {@link LockHeldError} unless the lock file is still this one (call before an irreversible step). */
  assertHeld(): void;
  /** Removes the lock file if it is still this one; never throws. */
  release(): void;
  /** Temporary lock files of killed processes removed when the lock was taken (names in the root). */
  removedLeftovers: string[];
}

/** A temporary lock file lives only while a process takes the lock (milliseconds); one older than this was abandoned. */
export const LOCK_TEMP_MAX_AGE_MS = 60_000;

/** Names of the lock's temporary files in the root: `.deploy.lock.<nonce>` and `.deploy.lock.stale-<nonce>`. */
const LOCK_TEMP = /^\.deploy\.lock\.(?:stale-)?[0-9a-f]{16}$/;

/** True while a process with this pid runs on this machine (a zombie counts as gone). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A killed process whose parent has not reaped it yet is a zombie (state Z): it holds nothing.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc (not Linux): signal 0 succeeded, so take it as running.
    return true;
  }
}

function readHolder(file: string): LockHolder | undefined {
  const text = readFileSync(file, 'utf8');
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string') return h as LockHolder;
  } catch {
    // A lock written by an earlier version of this tool holds only a pid.
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? { pid, host: hostname(), startedAt: '?', action: '部署', nonce: `legacy-${text.trim()}` } : undefined;
}

/** "主机 h 上的进程 123（部署 1.2.0，开始于 …）" */
export function describeHolder(h: LockHolder): string {
  return `主机 ${h.host} 上的进程 ${h.pid}（${h.action}，开始于 ${h.startedAt}）`;
}

/**
 * Takes `<root>/.deploy.lock` for `action` (e.g. "部署 1.2.0"), creating root if needed. Returns at once: throws
 * {@link LockHeldError} naming the holder when another live process holds it; a lock left by a dead process on
 * this host is taken over.
 */
export function acquireDirLock(root: string, action: string): DirLock {
  mkdirSync(root, { recursive: true });
  const file = join(root, '.deploy.lock');
  const holder: LockHolder = { host: hostname(), pid: process.pid, startedAt: new Date().toISOString(), action, nonce: randomBytes(8).toString('hex') };
  const tmp = `${file}.${holder.nonce}`;
  const fd = openSync(tmp, 'wx');
  // From here on the temporary file is removed however this ends: a full disk fails the write below and once left a
  // 0-byte .deploy.lock.<nonce> behind.
  try {
    try {
      writeSync(fd, `${JSON.stringify(holder)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        linkSync(tmp, file);
        return lockHandle(file, holder, removeAbandonedLockFiles(root, tmp));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      let found: LockHolder | undefined;
      try {
        found = readHolder(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      if (!found) {
        throw new LockHeldError(`部署锁 ${file} 的内容无法识别，可能有另一个部署正在使用 ${root}。\n  请确认没有部署或回滚在运行后删除 ${file}，再重新运行。`);
      }
      const stale = found.host === holder.host && !processAlive(found.pid);
      if (!stale) {
        const where = found.host === holder.host ? '' : `\n  锁来自另一台主机，本机无法判断那个进程是否还在运行；如确认它已结束，删除 ${file} 后重试。`;
        throw new LockHeldError(
          `另一个部署正在使用 ${root}：${describeHolder(found)}持有部署锁 ${file}。本次没有做任何改动。\n  请等它结束后再运行；如确认该进程已不存在，删除 ${file} 后重试。${where}`,
          found,
        );
      }
      // Break the stale lock: move it away, then check what was moved is the lock found stale.
      const moved = `${file}.stale-${holder.nonce}`;
      try {
        renameSync(file, moved);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      try {
        let movedHolder: LockHolder | undefined;
        try {
          movedHolder = readHolder(moved);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw e;
        }
        if (movedHolder?.nonce !== found.nonce) {
          // Another process broke the stale lock and took a fresh one in between: put it back.
          try {
            linkSync(moved, file);
          } catch {
            // A third process took the lock meanwhile; the one moved finds out in assertHeld before switching.
          }
        }
      } finally {
        rmSync(moved, { force: true });
      }
    }
    throw new LockHeldError(`无法取得部署锁 ${file}：多次尝试都被其他进程抢先。请稍后重新运行。`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Removes temporary lock files (`.deploy.lock.<nonce>`, `.deploy.lock.stale-<nonce>`) that no process is using,
 * called by the process that has just taken the lock; `own` (its own temporary file) is left to it. A file is
 * abandoned when it is older than {@link LOCK_TEMP_MAX_AGE_MS}, or (a temporary file, which names the process
 * that wrote it) when its holder ran on this host and is gone. A process taking the lock keeps such a file for
 * milliseconds; the age rule also covers an empty one, left by a full disk before this was fixed. A younger
 * file of a live process, or of another host, may belong to a process taking the lock right now and is kept. The lock itself (`.deploy.lock`) is never touched. Returns the names removed; never throws.
 */
export function removeAbandonedLockFiles(root: string, own?: string, now: number = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const path = join(root, name);
    if (!LOCK_TEMP.test(name) || path === own) continue;
    try {
      const st = lstatSync(path);
      if (!st.isFile()) continue;
      let abandoned = now - st.mtimeMs > LOCK_TEMP_MAX_AGE_MS;
      // A moved-away lock names the holder of the lock that was broken, not the process breaking it: age only.
      if (!abandoned && !name.includes('.stale-')) {
        let h: LockHolder | undefined;
        try {
          h = readHolder(path);
        } catch {
          h = undefined;
        }
        abandoned = !!h && h.host === hostname() && !processAlive(h.pid);
      }
      if (!abandoned) continue;
      rmSync(path, { force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile, or not removable: left for the next deploy.
    }
  }
  return removed.sort();
}

function lockHandle(file: string, holder: LockHolder, removedLeftovers: string[]): DirLock {
  const isOurs = () => {
    try {
      return readHolder(file)?.nonce === holder.nonce;
    } catch {
      return false;
    }
  };
  return {
    file,
    holder,
    removedLeftovers,
    assertHeld() {
      if (!isOurs()) {
        throw new LockHeldError(`部署锁 ${file} 已不属于本进程（被其他部署接管或被删除），为免两个部署同时切换，本次部署在切换前停止。线上版本没有改变。\n  请确认没有其他部署在运行后重新运行。`);
      }
    },
    release() {
      if (isOurs()) rmSync(file, { force: true });
    },
  };
}
