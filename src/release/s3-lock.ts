/**
 * The S3 deploy lock, _releases/lock.json: one deploy or rollback at a time per bucket. It is created with a
 * conditional put (If-None-Match: *), refreshed every minute while its holder runs, and taken over when it
 * expired, when its holder ran on this host and is gone, or with --break-lock. The directory target has its own
 * lock file (dir-lock.ts), whose holder record and messages this one shares.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { describeHolder, processAlive, type LockHolder } from './dir-lock';
import { DeployError, getJson, jsonBody, NO_STORE, s3Keys } from './s3-pointer';
import { describeError, ObjectExistsError, type ObjectStore } from './s3-store';

/** A lock not refreshed for this long is taken over (ms); a running deploy refreshes it every LOCK_REFRESH_MS. */
export const LOCK_TTL_MS = 10 * 60_000;
const LOCK_REFRESH_MS = 60_000;

/** _releases/lock.json: who deploys now. */
export interface S3LockRecord extends LockHolder {
  /** ISO 8601 time after which the lock counts as abandoned (refreshed while the deploy runs). */
  expiresAt: string;
  /** The release being deployed, kept by garbage collection. */
  id?: string;
}

/** A lock taken by {@link acquireS3Lock}. */
export interface S3Lock {
  record: S3LockRecord;
  /** Throws DeployError unless the lock in the bucket is still this one. */
  assertHeld(): Promise<void>;
  /** Stops refreshing and deletes the lock if it is still this one; never throws. */
  release(): Promise<void>;
}

/** Options of {@link acquireS3Lock}. */
export interface S3LockOptions {
  /** Take over the lock whoever holds it (the operator checked no deploy runs). */
  breakLock?: boolean;
  now?: () => Date;
  log?: (message: string) => void;
  /** Release being deployed, written into the lock. */
  id?: string;
}

/**
 * Takes _releases/lock.json for `action`. The lock is created with a conditional put (If-None-Match: *), so of
 * two deploys that start together exactly one gets it, on every service that supports conditional writes (AWS
 * S3, MinIO, Ceph and others); on one that ignores the condition, the lock read back after writing must be
 * ours. A lock is taken over when it expired (not refreshed for {@link LOCK_TTL_MS}) or its holder ran on this
 * host and is gone. Throws DeployError naming the holder otherwise.
 */
export async function acquireS3Lock(store: ObjectStore, action: string, options: S3LockOptions = {}): Promise<S3Lock> {
  const now = options.now ?? (() => new Date());
  const record = (): S3LockRecord => ({
    host: hostname(),
    pid: process.pid,
    startedAt: started,
    action,
    nonce,
    expiresAt: new Date(now().getTime() + LOCK_TTL_MS).toISOString(),
    ...(options.id ? { id: options.id } : {}),
  });
  const started = now().toISOString();
  const nonce = randomBytes(8).toString('hex');
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await store.put(s3Keys.lock, jsonBody(record()), { ...NO_STORE, ifNoneMatch: true });
    } catch (e) {
      if (!(e instanceof ObjectExistsError)) throw new DeployError(`无法写入部署锁 ${s3Keys.lock}（${describeError(e)}）。线上没有任何改动。\n  请检查访问密钥的写权限和网络后重新运行。`);
      const held = await getJson<S3LockRecord>(store, s3Keys.lock);
      if (!held) continue;
      const expired = Date.parse(held.expiresAt) < now().getTime();
      const dead = held.host === hostname() && !processAlive(held.pid);
      if (!expired && !dead && !options.breakLock) {
        throw new DeployError(
          `另一个部署正在使用 ${store.describe}：${describeHolder(held)}持有部署锁 ${s3Keys.lock}（到 ${held.expiresAt} 前有效）。本次没有做任何改动。\n  请等它结束后再运行；如确认没有部署在运行（例如 CI 任务已被取消），加 --break-lock 重新运行，或删除 ${s3Keys.lock}。`,
        );
      }
      options.log?.(`接管部署锁：原持有者 ${describeHolder(held)}${expired ? '已超时' : dead ? '已不在运行' : '由 --break-lock 解除'}。`);
      await store.delete(s3Keys.lock);
      continue;
    }
    // A service that ignores If-None-Match lets the last writer win: what is there now must be ours.
    const there = await getJson<S3LockRecord>(store, s3Keys.lock);
    if (there?.nonce !== nonce) {
      throw new DeployError(`另一个部署同时取得了部署锁 ${s3Keys.lock}${there ? `（${describeHolder(there)}）` : ''}。本次没有做任何改动。\n  请等它结束后再运行。`);
    }
    return lockHandle(store, nonce, record);
  }
  throw new DeployError(`无法取得部署锁 ${s3Keys.lock}：多次尝试都被其他部署抢先。请稍后重新运行。`);
}

/** The handle of a lock just taken: refreshes it every LOCK_REFRESH_MS until released. */
function lockHandle(store: ObjectStore, nonce: string, record: () => S3LockRecord): S3Lock {
  const ours = async () => (await getJson<S3LockRecord>(store, s3Keys.lock).catch(() => undefined))?.nonce === nonce;
  let refreshing = Promise.resolve();
  const timer = setInterval(() => {
    refreshing = (async () => {
      if (await ours()) await store.put(s3Keys.lock, jsonBody(record()), NO_STORE).catch(() => {});
    })();
  }, LOCK_REFRESH_MS);
  timer.unref();
  return {
    record: record(),
    async assertHeld() {
      if (!(await ours())) {
        throw new DeployError(`部署锁 ${s3Keys.lock} 已不属于本次部署（超时后被其他部署接管或被删除）。为免两个部署同时切换，本次在切换前停止，线上版本没有改变。\n  请确认没有其他部署在运行后重新运行。`);
      }
    },
    async release() {
      clearInterval(timer);
      await refreshing;
      try {
        if (await ours()) await store.delete(s3Keys.lock);
      } catch {
        // A lock left behind expires, or is taken over by the next deploy on this host.
      }
    },
  };
}
