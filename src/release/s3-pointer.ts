/**
 * What an S3 deploy keeps in the bucket and how it reads and writes its records. Bucket layout (under
 * JIEDU_S3_PREFIX, if set):
 *
 *   releases/<id>/<path>       every file of one release; <id> is <version>-<first 12 hex of the manifest's sha256>,
 *                              so a release made again with `release --force` gets a prefix of its own
 *   _releases/<id>.json        that release's manifest (written first: marks the prefix as ours)
 *   _releases/<id>.tar.gz      its archive, for rollbacks from a machine without release/
 *   _releases/live.json        the pointer: which release readers get, and the ones before it; the release id is
 *                              also in its metadata (x-amz-meta-release), where a proxy reads it
 *   _releases/lock.json        held by the one deploy or rollback running (see s3-lock.ts)
 *
 * Writing the pointer is the one write that switches readers from one release to the next (deploy-s3.ts,
 * rollback-s3.ts); the proxy in front of the bucket reads it (nginx-s3-proxy.ts).
 */
import { sha256Hex } from './site-files';
import { isSafeVersion, assertSafeVersion, parseManifest, type ReleaseManifest } from './manifest';
import { parseSwitches, plainRollbackTarget, type LiveSwitch } from './rollback-order';
import type { S3LockRecord } from './s3-lock';
import { describeError, type ObjectStore } from './s3-store';

/** Key prefix of the deploy's own records in the bucket. */
export const STATE_PREFIX = '_releases/';
/** Key prefix under which each release has its own prefix. */
export const RELEASES_PREFIX = 'releases/';
/** How many releases the pointer remembers for rollbacks. */
export const HISTORY_LENGTH = 50;

/** One release in the bucket: its id (the prefix under releases/) and version. */
export interface ReleaseRef {
  /** `<version>-<12 hex of the manifest's sha256>`. */
  id: string;
  version: string;
}

/** _releases/live.json: which release readers get, the deploy order and the log of switches (see rollback-order.ts). */
export interface LivePointer extends ReleaseRef {
  /** sha256 of the live release's manifest.json. */
  manifestSha256: string;
  /** Releases in deploy order, oldest first, each once (the newest {@link HISTORY_LENGTH}); rollbacks leave it unchanged. */
  history: ReleaseRef[];
  /** Each change of the live release by release id, oldest first; absent in pointers written before it was kept. */
  switches?: LiveSwitch[];
  switchedAt: string;
}

/** A deploy or rollback failed; the message says what is live now and what to do. */
export class DeployError extends Error {
  override name = 'DeployError';
}

/** The bucket keys of the deploy's records and of each release. */
export const s3Keys = {
  pointer: `${STATE_PREFIX}live.json`,
  lock: `${STATE_PREFIX}lock.json`,
  manifest: (id: string) => `${STATE_PREFIX}${id}.json`,
  archive: (id: string) => `${STATE_PREFIX}${id}.tar.gz`,
  releasePrefix: (id: string) => `${RELEASES_PREFIX}${id}/`,
  file: (id: string, path: string) => `${RELEASES_PREFIX}${id}/${path}`,
};

const ID = /^(.+)-([0-9a-f]{12})$/;

/** The release id of a manifest's bytes: `<version>-<first 12 hex of their sha256>`. */
export function releaseId(version: string, manifestBytes: Buffer | string): string {
  assertSafeVersion(version, '发布清单');
  return `${version}-${sha256Hex(manifestBytes).slice(0, 12)}`;
}

/** true for a release id: `<safe version>-<12 hex>`. */
export function isReleaseId(id: unknown): id is string {
  const m = typeof id === 'string' ? ID.exec(id) : null;
  return !!m && isSafeVersion(m[1]);
}

/** The JSON record at key, or undefined when there is none; a record that does not parse is a DeployError. */
export async function getJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  if (!body) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new DeployError(`对象存储中的 ${key} 不是有效的 JSON，部署记录已损坏。\n  请检查 ${store.describe} 中的 ${STATE_PREFIX} 目录。`);
  }
}

/** The bytes of a record: pretty JSON with a final newline (a string is written as it is). */
export function jsonBody(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
}

/** Put options of the deploy's records: JSON that no cache keeps. */
export const NO_STORE = { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' };

/** Reads and checks the pointer; a pointer naming an unsafe id is refused before anything uses it. */
async function readPointer(store: ObjectStore): Promise<LivePointer | undefined> {
  const p = await getJson<LivePointer>(store, s3Keys.pointer);
  if (!p) return undefined;
  const refs = [p, ...(Array.isArray(p.history) ? p.history : [])];
  if (!Array.isArray(p.history) || refs.some((r) => !isReleaseId(r?.id) || !isSafeVersion(r?.version))) {
    throw new DeployError(`对象存储中的 ${s3Keys.pointer} 含有不合法的发布编号，可能被改动过。没有做任何改动。\n  请检查 ${store.describe}${s3Keys.pointer}。`);
  }
  return { ...p, switches: parseSwitches(p.switches, isReleaseId) };
}

/** The manifest of a release in the store (checked like a local one), or undefined when it is not there. */
export async function getManifest(store: ObjectStore, id: string): Promise<ReleaseManifest | undefined> {
  const data = await getJson<unknown>(store, s3Keys.manifest(id));
  return data === undefined ? undefined : parseManifest(data, `${store.describe}${s3Keys.manifest(id)}`);
}

/** The live release in a store: the pointer and the live release's manifest. */
export interface LiveState {
  pointer?: LivePointer;
  manifest?: ReleaseManifest;
  /** The lock, when a deploy runs or one stopped without releasing it. */
  lock?: S3LockRecord;
}

/** Reads what is live in the store; a store that cannot be read is a DeployError saying what to check. */
export async function readLiveState(store: ObjectStore): Promise<LiveState> {
  try {
    const pointer = await readPointer(store);
    const manifest = pointer ? await getManifest(store, pointer.id) : undefined;
    const lock = await getJson<S3LockRecord>(store, s3Keys.lock);
    return { pointer, manifest, lock };
  } catch (e) {
    if (e instanceof DeployError) throw e;
    throw new DeployError(
      `无法读取对象存储 ${store.describe} 的部署记录（${describeError(e)}）。线上没有任何改动。\n  请检查 JIEDU_S3_ENDPOINT、JIEDU_S3_REGION、存储桶名称、访问密钥及其读写权限和网络；阿里云 OSS 等只支持虚拟主机式地址的服务不要设置 JIEDU_S3_PATH_STYLE。`,
    );
  }
}

/** Writes the pointer: the single write that switches readers. Its metadata names the release a plain rollback returns to. */
export async function writePointer(store: ObjectStore, pointer: LivePointer, from: string | null): Promise<void> {
  const previous = plainRollbackTarget(
    pointer.history.map((r) => r.id),
    pointer.id,
    pointer.switches ?? [],
  );
  try {
    await store.put(s3Keys.pointer, jsonBody(pointer), { ...NO_STORE, metadata: { release: pointer.id, ...(previous ? { previous } : {}) } });
  } catch (e) {
    throw new DeployError(`新版本的文件已全部就位，但写入线上指针 ${s3Keys.pointer} 失败（${describeError(e)}）。线上仍是 ${from ?? '（尚无版本）'}。\n  重新运行 npm run deploy 即可完成切换。`);
  }
}

/**
 * Throws DeployError unless the pointer is still the one a rollback chose its target from (same release, same
 * switch time): a deploy or rollback that switched in between would otherwise be undone unseen, and its place in
 * the deploy order lost. Call holding the lock, before any write.
 */
export function assertPointerUnchanged(decidedOn: LivePointer, current: LivePointer | undefined): void {
  if (current?.id === decidedOn.id && current.switchedAt === decidedOn.switchedAt) return;
  const now = current ? `现在线上是 ${current.version}（${current.id}，${current.switchedAt} 切换）` : `现在没有线上指针 ${s3Keys.pointer}`;
  throw new DeployError(
    `线上版本在本次回滚读取之后变了：回滚是按当时的线上版本 ${decidedOn.version}（${decidedOn.id}，${decidedOn.switchedAt} 切换）决定回到哪个版本的，${now}，另一个部署或回滚刚刚切换过。为免回到不该回的版本、丢掉部署顺序，本次没有做任何改动。\n  请确认现在的线上版本后重新运行 npm run rollback（要回到某个版本，加 --to <版本号>）。`,
  );
}

/** The live release's manifest in the store, for release notes made on a machine without release/. */
export async function liveManifest(store: ObjectStore): Promise<ReleaseManifest | undefined> {
  return (await readLiveState(store)).manifest;
}
