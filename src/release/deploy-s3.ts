/**
 * Deploys a release to S3-compatible object storage (Aliyun OSS, Tencent COS, Huawei OBS, AWS S3, MinIO) so that
 * no live object is ever overwritten and readers switch from one release to the next in one step.
 *
 * A deploy fills a new prefix releases/<id>/ completely (unchanged files copied inside the bucket from the live
 * release, the rest uploaded), checks it against the manifest, then writes the pointer: the one write that
 * switches (bucket layout and records: s3-pointer.ts). Readers reach the site through a proxy that reads the
 * pointer and serves releases/<id>/ (nginx-s3-proxy.ts). A deploy stopped at any moment leaves the pointer, and
 * so the live release, untouched. It runs holding the lock (s3-lock.ts); garbage collection runs after the switch,
 * still holding it, and deletes only release prefixes that are neither live, nor among the last releases kept
 * for rollbacks, nor the one being deployed. Rollbacks: rollback-s3.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RELEASE_FILES } from './create-release';
import { cacheControlFor, contentTypeFor, isHashedAsset, HEADERS_FILE } from './headers';
import type { LoadedRelease } from './load-release';
import { withSwitch, type LiveSwitch } from './rollback-order';
import { acquireS3Lock } from './s3-lock';
import {
  assertPointerUnchanged,
  DeployError,
  HISTORY_LENGTH,
  isReleaseId,
  NO_STORE,
  readLiveState,
  releaseId,
  RELEASES_PREFIX,
  s3Keys,
  STATE_PREFIX,
  writePointer,
  type LivePointer,
  type ReleaseRef,
} from './s3-pointer';
import { describeError, listPrefix, type ListedObject, type ObjectStore } from './s3-store';
import { sha256Hex } from './site-files';

/** Releases whose files stay in the bucket (the live one included), so rollbacks to them are one pointer write. */
export const DEFAULT_S3_KEEP = 3;

/** The release's manifest.json bytes, whose hash names the release. */
function manifestBytes(release: LoadedRelease): Buffer {
  const bytes = release.extras.get(RELEASE_FILES.manifest);
  if (!bytes) throw new DeployError(`发布包 ${release.tarball} 中没有 ${RELEASE_FILES.manifest}，不是本工具生成的发布包。请重新运行 npm run release。`);
  return bytes;
}

/** Runs `work` on every item, `concurrency` at a time; stops taking new items at the first failure and throws it. */
async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * Files of a release prefix that are missing or differ from the release's bytes. An object whose ETag is a
 * plain MD5 is compared by it; any other (multipart, KMS) is downloaded and compared by sha256.
 */
async function differingFiles(store: ObjectStore, id: string, release: LoadedRelease, listed: Map<string, ListedObject>, concurrency: number): Promise<string[]> {
  const wrong: string[] = [];
  await runPool(release.manifest.files, concurrency, async (f) => {
    const o = listed.get(s3Keys.file(id, f.path));
    const data = release.files.get(f.path)!;
    if (!o || o.size !== f.size) return void wrong.push(f.path);
    if (/^[0-9a-f]{32}$/.test(o.etag)) {
      if (o.etag !== md5Hex(data)) wrong.push(f.path);
      return;
    }
    const body = await store.get(o.key);
    if (!body || sha256Hex(body) !== f.sha256) wrong.push(f.path);
  });
  return wrong.sort();
}

/** Upload phase of a file: 0 hashed assets, 1 other assets, 2 pages, 3 entry files (sitemap, feeds, search entry). */
export function uploadPhase(path: string): number {
  if (isHashedAsset(path)) return 0;
  if (['sitemap.xml', 'rss.xml', 'robots.txt', HEADERS_FILE].includes(path) || (path.startsWith('pagefind/') && !isHashedAsset(path))) return 3;
  if (path.endsWith('.html')) return 2;
  return 1;
}

/** What a deploy or rollback did. */
export interface S3DeployReport {
  version: string;
  /** The release id (prefix under releases/) now live. */
  id: string;
  /** The version live before. */
  from: string | null;
  /** Files uploaded from this machine. */
  uploaded: string[];
  /** Files copied inside the bucket from the live release (same bytes). */
  copied: string[];
  /** Files already in the release's prefix with the right bytes (an interrupted deploy's, or the live release's). */
  skipped: number;
  /** Files of the live release that differed from the manifest and were put right. */
  repaired: string[];
  /** Release ids whose prefixes were deleted by garbage collection. */
  deleted: string[];
  /** True when the release was already live and whole: nothing was written. */
  unchanged: boolean;
  ms: number;
}

/** Options of {@link deployToS3}. */
export interface S3DeployOptions {
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  log?: (message: string) => void;
  /** The pointer's history (deploy order) after the switch; default: the old history with this release moved to the end. */
  history?: ReleaseRef[];
  /** How the switch is logged in the pointer (default 'deploy'; a rollback that has to upload again says 'rollback'). */
  switchBy?: LiveSwitch['by'];
  /** Upload every file even when the live release has the same bytes. */
  force?: boolean;
  /** Releases whose files stay in the bucket, the live one included (default {@link DEFAULT_S3_KEEP}). */
  keep?: number;
  /** Take over the deploy lock whoever holds it. */
  breakLock?: boolean;
  now?: () => Date;
  /** The pointer a rollback chose this release from: the deploy stops, writing nothing, when another switch came since. */
  decidedOn?: LivePointer;
  /** Called after every file is in place, right before the pointer is written; tests stop a deploy there. */
  beforeSwitch?: () => void | Promise<void>;
}

/**
 * Deploys a loaded release: takes the lock, fills releases/<id>/, checks it, writes the pointer, collects
 * garbage, releases the lock. Deploying the live release again checks every live file against the manifest and
 * repairs what differs. Throws DeployError in Chinese saying what is live; the live release is whole either way.
 */
export async function deployToS3(store: ObjectStore, release: LoadedRelease, options: S3DeployOptions = {}): Promise<S3DeployReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? 8;
  const { manifest } = release;
  const version = manifest.version;
  let id: string;
  try {
    id = releaseId(version, manifestBytes(release));
  } catch (e) {
    throw new DeployError((e as Error).message);
  }
  await readLiveState(store);
  const lock = await acquireS3Lock(store, `部署 ${id}`, { id, breakLock: options.breakLock, now, log });
  try {
    const live = await readLiveState(store);
    if (options.decidedOn) assertPointerUnchanged(options.decidedOn, live.pointer);
    const from = live.pointer?.version ?? null;
    const prefix = s3Keys.releasePrefix(id);
    const report = (r: Partial<S3DeployReport>): S3DeployReport => ({
      version, id, from, uploaded: [], copied: [], skipped: 0, repaired: [], deleted: [], unchanged: false, ...r, ms: performance.now() - started,
    });

    if (live.pointer?.id === id && !options.force) {
      // The same release (same manifest bytes) is live: check what readers get, file by file, and put it right.
      const listed = await listPrefix(store, prefix);
      const wrong = await differingFiles(store, id, release, listed, concurrency);
      const extra = [...listed.keys()].filter((k) => !release.files.has(k.slice(prefix.length)));
      await runPool(wrong, concurrency, (path) => putFile(store, id, path, release));
      await runPool(extra, concurrency, (key) => store.delete(key));
      const repaired = [...wrong, ...extra.map((k) => k.slice(prefix.length))].sort();
      if (repaired.length) log(`线上版本 ${version}（${id}）有 ${repaired.length} 个文件与清单不符，已修复：${repaired.slice(0, 5).join('、')}${repaired.length > 5 ? ' 等' : ''}。`);
      else log(`版本 ${version}（${id}）已经在线上，逐个核对了 ${manifest.files.length} 个文件，全部与清单一致。`);
      return report({ skipped: manifest.files.length - wrong.length, repaired, unchanged: repaired.length === 0 });
    }
    if (live.pointer?.version === version) log(`注意：线上的 ${version} 是另一次发布（${live.pointer.id}），本次发布的清单不同（${id}），按新发布部署。`);

    try {
      await store.put(s3Keys.manifest(id), manifestBytes(release), NO_STORE);
    } catch (e) {
      throw new DeployError(`无法写入发布清单 ${s3Keys.manifest(id)}（${describeError(e)}）。线上仍是 ${from ?? '（尚无版本）'}，没有任何改动。\n  请检查存储桶名称、访问密钥的写权限和网络，然后重新运行。`);
    }

    // What an interrupted deploy of this release already put there is reused when its bytes are right.
    const existing = await listPrefix(store, prefix);
    const wrong = new Set(await differingFiles(store, id, release, existing, concurrency));
    const liveSha = new Map((live.manifest?.files ?? []).map((f) => [f.path, f.sha256]));
    const liveObjects = live.pointer && !options.force ? await listPrefix(store, s3Keys.releasePrefix(live.pointer.id)) : new Map<string, ListedObject>();
    const uploaded: string[] = [];
    const copied: string[] = [];
    const todo = manifest.files.filter((f) => wrong.has(f.path)).sort((a, b) => uploadPhase(a.path) - uploadPhase(b.path));
    try {
      await runPool(todo, concurrency, async (f) => {
        const source = live.pointer && s3Keys.file(live.pointer.id, f.path);
        if (source && liveSha.get(f.path) === f.sha256 && liveObjects.get(source)?.size === f.size) {
          try {
            await store.copy(source, s3Keys.file(id, f.path));
            copied.push(f.path);
            return;
          } catch {
            // Some services refuse copies (permissions, policy): upload the bytes instead.
          }
        }
        await putFile(store, id, f.path, release);
        uploaded.push(f.path);
      });
    } catch (e) {
      throw new DeployError(
        `${(e as Error).message}\n  部署 ${version} 已停止。线上仍完整提供 ${from ?? '（尚无版本）'}：新版本的文件都在它自己的前缀 ${prefix} 下，线上的文件一个也没有被改动。\n  重新运行 npm run deploy 会接着完成本次部署（已上传的文件不再上传）。`,
      );
    }
    log(`已准备 ${prefix}：上传 ${uploaded.length} 个文件，在存储桶内复制未变的 ${copied.length} 个，沿用已在的 ${manifest.files.length - todo.length} 个。`);

    // The archive goes into the bucket too, so a rollback from a machine without release/ (a fresh CI runner) works.
    try {
      if (!(await store.list(s3Keys.archive(id))).some((o) => o.key === s3Keys.archive(id))) {
        await store.put(s3Keys.archive(id), readFileSync(release.tarball), { contentType: 'application/gzip', cacheControl: 'no-store' });
      }
      // The prefix must be whole before readers are sent to it.
      const check = await differingFiles(store, id, release, await listPrefix(store, prefix), concurrency);
      if (check.length) throw new Error(`${check.length} 个文件上传后核对不符，例如 ${check.slice(0, 3).join('、')}`);
    } catch (e) {
      throw new DeployError(`${describeError(e)}。线上仍是 ${from ?? '（尚无版本）'}，没有切换。\n  重新运行 npm run deploy 即可完成。`);
    }

    await options.beforeSwitch?.();
    await lock.assertHeld();
    const ref = { id, version };
    const history = options.history ?? [...(live.pointer?.history ?? []).filter((r) => r.id !== id), ref].slice(-HISTORY_LENGTH);
    const switches = withSwitch(live.pointer?.switches ?? [], { at: now().toISOString(), from: live.pointer?.id ?? null, to: id, by: options.switchBy ?? 'deploy' });
    await writePointer(store, { ...ref, manifestSha256: sha256Hex(manifestBytes(release)), history, switches, switchedAt: now().toISOString() }, from);
    log(`已切换到 ${version}（${id}）${from ? `，原为 ${live.pointer!.version}（${live.pointer!.id}）` : ''}。`);
    const deleted = await collectGarbageQuietly(store, history, live.pointer?.id, id, options.keep ?? DEFAULT_S3_KEEP, log);
    return report({ uploaded, copied, skipped: manifest.files.length - todo.length, deleted });
  } finally {
    await lock.release();
  }
}

async function putFile(store: ObjectStore, id: string, path: string, release: LoadedRelease): Promise<void> {
  const body = release.files.get(path)!;
  try {
    await store.put(s3Keys.file(id, path), body, { contentType: contentTypeFor(path), cacheControl: cacheControlFor(path), sha256: sha256Hex(body) });
  } catch (e) {
    throw new DeployError(`上传 ${path} 失败：${describeError(e)}`);
  }
}


async function collectGarbageQuietly(store: ObjectStore, history: ReleaseRef[], previousLive: string | undefined, id: string, keep: number, log: (m: string) => void): Promise<string[]> {
  try {
    const deleted = await collectGarbage(store, history, [id, ...(previousLive ? [previousLive] : [])], keep);
    if (deleted.length) log(`已删除不再保留的旧发布：${deleted.join('、')}。`);
    return deleted;
  } catch (e) {
    log(`注意：新版本已上线，但清理旧发布时出错（${describeError(e)}）；旧文件留在存储中不影响访问，下次部署会再清理。`);
    return [];
  }
}

/**
 * Deletes the prefixes of releases that are not kept: kept are `always` (the live release, the one live before,
 * the one being deployed) and the last `keep` releases of the history. Only prefixes under releases/ named like
 * our release ids are touched; objects anyone else put in the bucket never are. Manifests and archives of
 * releases still in the history stay, so a rollback to them can upload them again. Call holding the lock.
 */
export async function collectGarbage(store: ObjectStore, history: ReleaseRef[], always: string[], keep: number): Promise<string[]> {
  const kept = new Set([...always, ...history.slice(-Math.max(1, keep)).map((r) => r.id)]);
  const inHistory = new Set(history.map((r) => r.id));
  const byId = new Map<string, string[]>();
  for (const o of await store.list(RELEASES_PREFIX)) {
    const id = o.key.slice(RELEASES_PREFIX.length).split('/')[0]!;
    if (!isReleaseId(id) || kept.has(id)) continue;
    byId.set(id, [...(byId.get(id) ?? []), o.key]);
  }
  for (const o of await store.list(STATE_PREFIX)) {
    const m = /^_releases\/(.+)\.(json|tar\.gz)$/.exec(o.key);
    if (!m || !isReleaseId(m[1]) || kept.has(m[1]!) || inHistory.has(m[1]!)) continue;
    byId.set(m[1]!, [...(byId.get(m[1]!) ?? []), o.key]);
  }
  for (const keys of byId.values()) await runPool(keys, 8, (k) => store.delete(k));
  return [...byId.keys()].sort();
}

