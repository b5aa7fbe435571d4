/**
 * Deploys a release to S3-compatible object storage (Aliyun OSS, Tencent COS, Huawei OBS, AWS S3, MinIO) so that
 * no live object is ever overwritten and readers switch from one release to the next in one step.
 *
 * Bucket layout (under JIEDU_S3_PREFIX, if set):
 *
 *   releases/<id>/<path>       every file of one release; <id> is <version>-<first 12 hex of the manifest's sha256>,
 *                              so a release made again with `release --force` gets a prefix of its own
 *   _releases/<id>.json        that release's manifest (written first: marks the prefix as ours)
 *   _releases/<id>.tar.gz      its archive, for rollbacks from a machine without release/
 *   _releases/live.json        the pointer: which release readers get, and the ones before it; the release id is
 *                              also in its metadata (x-amz-meta-release), where a proxy reads it
 *   _releases/lock.json        held by the one deploy or rollback running (see {@link acquireS3Lock})
 *
 * Readers reach the site through a proxy that reads the pointer and serves releases/<id>/ (nginx: see
 * {@link renderNginxProxyConf}); a deploy fills a new prefix completely (unchanged files copied inside the bucket
 * from the live release, the rest uploaded), checks it against the manifest, then writes the pointer: the one
 * write that switches. A deploy stopped at any moment leaves the pointer, and so the live release, untouched.
 * Garbage collection runs holding the lock after the switch and deletes only release prefixes that are neither
 * live, nor among the last releases kept for rollbacks, nor the one being deployed.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RELEASE_FILES, tarballName } from './create-release';
import { describeHolder, processAlive, type LockHolder } from './dir-lock';
import { explainWriteError } from './fs-errors';
import { cacheControlFor, contentTypeFor, isHashedAsset, HEADERS_FILE, securityHeaders } from './headers';
import { loadRelease, resolveReleaseDir, type LoadedRelease } from './load-release';
import { assertSafeVersion, isSafeVersion, parseManifest, type ReleaseManifest } from './manifest';
import { parseSwitches, plainRollbackTarget, withSwitch, type LiveSwitch } from './rollback-order';
import { sha256Hex } from './site-files';
import { readTarGz } from './tarball';

/** Key prefix of the deploy's own records in the bucket. */
export const STATE_PREFIX = '_releases/';
/** Key prefix under which each release has its own prefix. */
export const RELEASES_PREFIX = 'releases/';
/** How many releases the pointer remembers for rollbacks. */
const HISTORY_LENGTH = 50;
/** Releases whose files stay in the bucket (the live one included), so rollbacks to them are one pointer write. */
export const DEFAULT_S3_KEEP = 3;
/** A lock not refreshed for this long is taken over (ms); a running deploy refreshes it every LOCK_REFRESH_MS. */
export const LOCK_TTL_MS = 10 * 60_000;
const LOCK_REFRESH_MS = 60_000;

/** One object as a listing gives it. */
export interface ListedObject {
  key: string;
  /** Bytes. */
  size: number;
  /** The ETag without quotes, lower case; for a single-part upload without KMS it is the MD5 of the bytes. */
  etag: string;
  lastModified?: Date;
}

/** What a put may ask for besides the bytes. */
export interface PutOptions {
  contentType: string;
  cacheControl: string;
  /** Stored as x-amz-meta-sha256. */
  sha256?: string;
  /** Other user metadata (x-amz-meta-<name>). */
  metadata?: Record<string, string>;
  /** Only create: fail with {@link ObjectExistsError} when the key exists (If-None-Match: *). */
  ifNoneMatch?: boolean;
}

/** A conditional put found the key already there (HTTP 412, or 409 when two such puts met). */
export class ObjectExistsError extends Error {
  override name = 'ObjectExistsError';
}

/** The few object operations a deploy needs, so tests can inject failures and other stores can plug in. */
export interface ObjectStore {
  /** The object's bytes, or undefined when there is no such key. */
  get(key: string): Promise<Buffer | undefined>;
  put(key: string, body: Buffer, options: PutOptions): Promise<void>;
  /** Copies an object inside the bucket with its Content-Type, Cache-Control and metadata. */
  copy(from: string, to: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every object whose key starts with prefix, following continuation tokens past 1,000 keys. */
  list(prefix: string): Promise<ListedObject[]>;
  /** Where it is, for messages, e.g. s3://bucket/ at https://oss-cn-hangzhou.aliyuncs.com. */
  describe: string;
}

/** Settings of the S3 target. */
export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  /** Optional key prefix, e.g. "site/"; empty for the bucket root. */
  prefix: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Reads the S3 settings from the environment; throws in Chinese naming every missing variable. */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Settings {
  const missing: string[] = [];
  if (!env.JIEDU_S3_BUCKET) missing.push('JIEDU_S3_BUCKET（存储桶名称）');
  if (!env.AWS_ACCESS_KEY_ID) missing.push('AWS_ACCESS_KEY_ID（访问密钥 ID）');
  if (!env.AWS_SECRET_ACCESS_KEY) missing.push('AWS_SECRET_ACCESS_KEY（访问密钥）');
  if (missing.length) {
    throw new Error(
      `缺少对象存储的环境变量：${missing.join('、')}。\n  请在 CI 的密钥设置或本机环境中设置它们；另可设置 JIEDU_S3_ENDPOINT（如 https://oss-cn-hangzhou.aliyuncs.com）、JIEDU_S3_REGION、JIEDU_S3_PATH_STYLE=1、JIEDU_S3_PREFIX。`,
    );
  }
  const prefix = (env.JIEDU_S3_PREFIX ?? '').replace(/^\/+/, '');
  return {
    endpoint: env.JIEDU_S3_ENDPOINT || undefined,
    bucket: env.JIEDU_S3_BUCKET!,
    region: env.JIEDU_S3_REGION || 'us-east-1',
    forcePathStyle: ['1', 'true', 'yes'].includes((env.JIEDU_S3_PATH_STYLE ?? '').toLowerCase()),
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  };
}

/**
 * An S3 client for any S3-compatible service. Checksums only where the API requires them: the SDK's default
 * CRC32 headers and aws-chunked uploads are refused by several S3-compatible services.
 */
export function createS3Client(settings: S3Settings, extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    ...extra,
  });
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}

function isConditionFailed(e: unknown): boolean {
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 412 || status === 409;
}

/** An ObjectStore over an S3 client. Objects are deleted one by one: DeleteObjects needs a Content-MD5 that not every service gets from the SDK. */
export function s3Store(client: S3Client, settings: Pick<S3Settings, 'bucket' | 'prefix' | 'endpoint'>): ObjectStore {
  const { bucket, prefix } = settings;
  return {
    describe: `s3://${bucket}/${prefix}${settings.endpoint ? `（${settings.endpoint}）` : ''}`,
    async get(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + key }));
        return Buffer.from(await r.Body!.transformToByteArray());
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    async put(key, body, options) {
      const metadata = { ...options.metadata, ...(options.sha256 ? { sha256: options.sha256 } : {}) };
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: prefix + key,
            Body: body,
            ContentType: options.contentType,
            CacheControl: options.cacheControl,
            ContentLength: body.length,
            ...(Object.keys(metadata).length ? { Metadata: metadata } : {}),
            ...(options.ifNoneMatch ? { IfNoneMatch: '*' } : {}),
          }),
        );
      } catch (e) {
        if (options.ifNoneMatch && isConditionFailed(e)) throw new ObjectExistsError(`${key} 已存在`);
        throw e;
      }
    },
    async copy(from, to) {
      await client.send(
        new CopyObjectCommand({ Bucket: bucket, Key: prefix + to, CopySource: `${bucket}/${(prefix + from).split('/').map(encodeURIComponent).join('/')}`, MetadataDirective: 'COPY' }),
      );
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: prefix + key }));
    },
    async list(listPrefix) {
      const out: ListedObject[] = [];
      let token: string | undefined;
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + listPrefix, ContinuationToken: token }));
        for (const o of r.Contents ?? []) {
          if (o.Key) out.push({ key: o.Key.slice(prefix.length), size: o.Size ?? 0, etag: (o.ETag ?? '').replaceAll('"', '').toLowerCase(), lastModified: o.LastModified });
        }
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
      return out;
    },
  };
}

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

function isReleaseId(id: unknown): id is string {
  const m = typeof id === 'string' ? ID.exec(id) : null;
  return !!m && isSafeVersion(m[1]);
}

function manifestBytes(release: LoadedRelease): Buffer {
  const bytes = release.extras.get(RELEASE_FILES.manifest);
  if (!bytes) throw new DeployError(`发布包 ${release.tarball} 中没有 ${RELEASE_FILES.manifest}，不是本工具生成的发布包。请重新运行 npm run release。`);
  return bytes;
}

function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err?.$metadata?.httpStatusCode ? `HTTP ${err.$metadata.httpStatusCode} ` : '';
  return `${status}${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`;
}

async function getJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  if (!body) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new DeployError(`对象存储中的 ${key} 不是有效的 JSON，部署记录已损坏。\n  请检查 ${store.describe} 中的 ${STATE_PREFIX} 目录。`);
  }
}

function jsonBody(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
}

const NO_STORE = { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' };

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

async function getManifest(store: ObjectStore, id: string): Promise<ReleaseManifest | undefined> {
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

async function listPrefix(store: ObjectStore, prefix: string): Promise<Map<string, ListedObject>> {
  return new Map((await store.list(prefix)).map((o) => [o.key, o]));
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

/** Writes the pointer: the single write that switches readers. Its metadata names the release a plain rollback returns to. */
async function writePointer(store: ObjectStore, pointer: LivePointer, from: string | null): Promise<void> {
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

/**
 * Which release a rollback returns to (see rollback-order.ts): right after a deploy, the release live before it;
 * otherwise the one deployed before the live one; with `to`, the newest release of that version. The history
 * (deploy order) returned is the pointer's, unchanged: a rollback only switches, and is logged as a switch.
 */
export function rollbackTarget(pointer: LivePointer | undefined, to?: string): { ref: ReleaseRef; history: ReleaseRef[] } {
  if (!pointer) throw new DeployError(`对象存储中还没有部署过任何版本（没有 ${s3Keys.pointer}），无从回滚。`);
  // A pointer written before the deploy order was kept whole may not list the live release: it was deployed last.
  const history = pointer.history.some((r) => r.id === pointer.id) ? pointer.history : [...pointer.history, { id: pointer.id, version: pointer.version }];
  if (to) {
    const i = history.map((r) => r.version).lastIndexOf(to);
    if (i < 0) throw new DeployError(`线上记录里没有部署过版本 ${to}，无法回滚到它。线上仍是 ${pointer.version}。\n  要上线这个版本，请运行 npm run deploy -- --target s3 --version ${to}。`);
    return { ref: history[i]!, history };
  }
  const id = plainRollbackTarget(
    history.map((r) => r.id),
    pointer.id,
    pointer.switches ?? [],
  );
  const ref = history.find((r) => r.id === id);
  if (!ref) {
    throw new DeployError(
      `线上版本 ${pointer.version} 之前没有部署过其他版本，无从回滚（部署顺序中它是最早的）。线上仍是 ${pointer.version}。\n  要换成某个版本，请运行 npm run rollback -- --target s3 --to <版本号>。`,
    );
  }
  return { ref, history };
}

/**
 * Returns readers to the previous release (or the last one of version `to`). When its prefix is still whole in
 * the bucket, that is one pointer write; otherwise its files are uploaded again from its archive (in
 * releaseRoot, or the copy in the bucket) and then the pointer is written.
 */
export async function rollbackS3(store: ObjectStore, releaseRoot: string, options: S3DeployOptions & { to?: string } = {}): Promise<S3DeployReport> {
  const started = performance.now();
  if (options.to !== undefined) {
    try {
      assertSafeVersion(options.to, '--to');
    } catch (e) {
      throw new DeployError((e as Error).message);
    }
  }
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const live = await readLiveState(store);
  const target = rollbackTarget(live.pointer, options.to);
  const manifest = await getManifest(store, target.ref.id);
  if (manifest) {
    const lock = await acquireS3Lock(store, `回滚到 ${target.ref.id}`, { id: target.ref.id, breakLock: options.breakLock, now, log });
    try {
      const again = await readLiveState(store);
      const prefix = s3Keys.releasePrefix(target.ref.id);
      const listed = await listPrefix(store, prefix);
      const whole = manifest.files.every((f) => listed.get(s3Keys.file(target.ref.id, f.path))?.size === f.size);
      if (whole) {
        await lock.assertHeld();
        const bytes = await store.get(s3Keys.manifest(target.ref.id));
        const switches = withSwitch(again.pointer?.switches ?? [], { at: now().toISOString(), from: again.pointer?.id ?? null, to: target.ref.id, by: 'rollback' });
        await writePointer(store, { ...target.ref, manifestSha256: sha256Hex(bytes!), history: target.history, switches, switchedAt: now().toISOString() }, again.pointer?.version ?? null);
        log(`已回滚到 ${target.ref.version}（${target.ref.id}），原为 ${again.pointer?.version}；只改写了线上指针。`);
        return { version: target.ref.version, id: target.ref.id, from: again.pointer?.version ?? null, uploaded: [], copied: [], skipped: manifest.files.length, repaired: [], deleted: [], unchanged: false, ms: performance.now() - started };
      }
    } finally {
      await lock.release();
    }
  }
  let release: LoadedRelease;
  try {
    const local = join(releaseRoot, target.ref.version);
    const localId = existsSync(join(local, RELEASE_FILES.manifest)) ? releaseId(target.ref.version, readFileSync(join(local, RELEASE_FILES.manifest))) : undefined;
    if (localId !== target.ref.id) await fetchRelease(store, target.ref, releaseRoot, log);
    release = await loadRelease(resolveReleaseDir(releaseRoot, target.ref.version));
  } catch (e) {
    const refused = explainWriteError(e, {
      root: releaseRoot,
      action: `回滚 ${store.describe} 时把 ${target.ref.id} 的发布包下载到 ${releaseRoot}`,
      liveState: `线上没有任何改动，仍是 ${live.pointer?.version ?? '（尚无版本）'}。`,
    });
    throw new DeployError(refused ?? `无法回滚到 ${target.ref.version}：${(e as Error).message}\n  回滚需要该版本的发布包；线上没有任何改动。`);
  }
  return deployToS3(store, release, { ...options, history: target.history, switchBy: 'rollback' });
}

/** Downloads a deployed release's archive from the store into releaseRoot/<version>/ (its manifest beside it). */
export async function fetchRelease(store: ObjectStore, ref: ReleaseRef, releaseRoot: string, log?: (message: string) => void): Promise<string> {
  const archive = await store.get(s3Keys.archive(ref.id));
  if (!archive) throw new Error(`本机 ${releaseRoot}/${ref.version}/ 中没有这次发布（${ref.id}），对象存储的 ${s3Keys.archive(ref.id)} 也不在了。`);
  const dir = join(releaseRoot, ref.version);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'archive.tar.gz');
  writeFileSync(file, archive);
  const manifest = (await readTarGz(file)).find((e) => e.path === RELEASE_FILES.manifest);
  if (!manifest) throw new Error(`对象存储中的 ${s3Keys.archive(ref.id)} 里没有 ${RELEASE_FILES.manifest}，不是本工具生成的发布包。`);
  const m = parseManifest(JSON.parse(manifest.data.toString('utf8')), s3Keys.archive(ref.id));
  renameSync(file, join(dir, tarballName(m.name, m.version)));
  writeFileSync(join(dir, RELEASE_FILES.manifest), manifest.data);
  log?.(`本机没有 ${ref.id} 的发布包，已从对象存储下载到 ${dir}。`);
  return dir;
}

/** The live release's manifest in the store, for release notes made on a machine without release/. */
export async function liveManifest(store: ObjectStore): Promise<ReleaseManifest | undefined> {
  return (await readLiveState(store)).manifest;
}

/** Seconds nginx keeps the pointer it read (proxy_cache_valid of the micro-cache). */
export const POINTER_CACHE_SECONDS = 1;
/**
 * Seconds after the pointer is written within which every reader through nginx gets the new release: nginx
 * counts cache validity in whole seconds, so an entry lives up to one second longer than {@link POINTER_CACHE_SECONDS}.
 */
export const SWITCH_SEEN_WITHIN_SECONDS = POINTER_CACHE_SECONDS + 1;
/** Directory of the pointer's micro-cache on the nginx host, unless the operator chooses another. */
export const DEFAULT_NGINX_CACHE_DIR = '/var/cache/nginx/jiedu-live';

/** Where the nginx in front of the bucket finds it. */
export interface NginxProxyInput {
  /** Bucket origin nginx proxies to, e.g. http://127.0.0.1:9000 or https://bucket.oss-cn-hangzhou-internal.aliyuncs.com. */
  upstream: string;
  /** Path of the bucket root on that origin: "/bucket/" for path-style, "/" for virtual-host style. */
  bucketPath: string;
  /** JIEDU_S3_PREFIX ("" or ending in "/"). */
  prefix: string;
  /** Host header to send (virtual-host style services need the bucket's host name); default: the upstream's. */
  host?: string;
  /** The Content-Security-Policy of the site's pages. */
  csp: string;
}

/**
 * The http {} part of the nginx recipe: the cache zone `jiedu_live` that keeps the pointer for
 * {@link POINTER_CACHE_SECONDS} seconds (proxy_cache_path is only allowed in http {}). `cacheDir` must be
 * writable by nginx's worker processes.
 */
export function renderNginxProxyHttpConf(cacheDir: string = DEFAULT_NGINX_CACHE_DIR): string {
  return [
    '# 解读 Studio：线上指针的缓存区。由 npm run deploy -- --target s3 --nginx-conf 生成，写在 http {} 中（server {} 之外）。',
    `# nginx 每 ${POINTER_CACHE_SECONDS} 秒最多向对象存储读一次 _releases/live.json（部署切换后最多约 ${SWITCH_SEEN_WITHIN_SECONDS} 秒所有读者都看到新版本）；目录须可被 nginx 的 worker 进程写入。`,
    `proxy_cache_path ${cacheDir} levels=1 keys_zone=jiedu_live:1m max_size=1m inactive=1m use_temp_path=off;`,
    '',
  ].join('\n');
}

/**
 * The nginx configuration (inside server {}) that serves the live release from the bucket: each request first
 * reads the pointer's metadata (x-amz-meta-release) with auth_request, kept for {@link POINTER_CACHE_SECONDS}
 * seconds in the `jiedu_live` cache zone ({@link renderNginxProxyHttpConf}), so a switch is seen by every reader
 * within {@link SWITCH_SEEN_WITHIN_SECONDS} seconds and the bucket gets one pointer read per interval, not one per request; then it proxies to
 * releases/<id>/ of that release. A directory URL gets its index.html; a URL without its trailing slash whose
 * folder has an index.html gets a 301 to the slash form, as nginx does for a directory; any other missing file
 * gets the release's 404.html with status 404 (S3 answers 403 for a missing key without list permission). Objects
 * keep their Content-Type and Cache-Control; nginx adds the security headers. Nothing in it changes with a
 * release, so nginx never needs a reload after a deploy.
 */
export function renderNginxProxyConf(input: NginxProxyInput): string {
  const base = `${input.upstream.replace(/\/+$/, '')}${input.bucketPath.replace(/\/*$/, '/')}${input.prefix}`;
  const host = input.host ? [`    proxy_set_header Host ${input.host};`] : [];
  const headers = securityHeaders(input.csp).map(([name, value]) => `    add_header ${name} "${value.replace(/["\\]/g, '\\$&')}" always;`);
  // A HEAD request for one key: no body, none of the reader's headers (cookies, conditional requests).
  const head = [...host, '    proxy_method HEAD;', '    proxy_pass_request_body off;', '    proxy_pass_request_headers off;', '    proxy_set_header Content-Length "";'];
  return [
    '# 解读 Studio：从对象存储提供线上发布。由 npm run deploy -- --target s3 --nginx-conf 生成，写在 server {} 中；',
    '# 同时生成的 *.http.conf（线上指针的缓存区 jiedu_live）写在 http {} 中。',
    '# 每个请求先读 _releases/live.json 的元数据得知线上发布，再从 releases/<发布编号>/ 取文件；部署只改写这一个对象，nginx 不需要 reload。',
    `# 指针在 nginx 中缓存 ${POINTER_CACHE_SECONDS} 秒：部署切换后，最多约 ${SWITCH_SEEN_WITHIN_SECONDS} 秒所有读者都看到新版本。`,
    'location = /_jiedu_live {',
    '    internal;',
    `    proxy_pass ${base}${s3Keys.pointer};`,
    ...head,
    '    proxy_cache jiedu_live;',
    `    proxy_cache_key "${base}${s3Keys.pointer}";`,
    `    proxy_cache_valid 200 ${POINTER_CACHE_SECONDS}s;`,
    // The pointer is stored with Cache-Control: no-store (for any other reader); here it is kept on purpose.
    '    proxy_ignore_headers Cache-Control Expires Set-Cookie;',
    '    proxy_cache_lock on;',
    '    proxy_cache_use_stale updating;',
    '}',
    'location / {',
    '    auth_request /_jiedu_live;',
    '    auth_request_set $jiedu_release $upstream_http_x_amz_meta_release;',
    '    set $jiedu_key $uri;',
    '    if ($jiedu_key ~ /$) {',
    '        set $jiedu_key ${jiedu_key}index.html;',
    '    }',
    `    proxy_pass ${base}${RELEASES_PREFIX}$jiedu_release$jiedu_key;`,
    ...host,
    '    proxy_hide_header x-amz-meta-sha256;',
    '    proxy_intercept_errors on;',
    '    recursive_error_pages on;',
    '    error_page 403 404 = @jiedu_missing;',
    ...headers,
    '}',
    '# 对象不存在：不带末尾斜杠、而同名目录下有 index.html 的网址，像 nginx 对目录那样 301 到带斜杠的网址；其余给本发布的 404.html。',
    'location @jiedu_missing {',
    '    set $jiedu_folder $uri;',
    '    auth_request /_jiedu_folder;',
    '    recursive_error_pages on;',
    '    error_page 403 =404 /404.html;',
    '    try_files /.jiedu-no-such-file @jiedu_slash;',
    '}',
    'location = /_jiedu_folder {',
    '    internal;',
    `    proxy_pass ${base}${RELEASES_PREFIX}$jiedu_release$jiedu_folder/index.html;`,
    ...head,
    '    proxy_intercept_errors on;',
    '    error_page 403 404 = @jiedu_no_folder;',
    '}',
    'location @jiedu_no_folder {',
    '    return 403;',
    '}',
    'location @jiedu_slash {',
    '    return 301 $uri/$is_args$args;',
    '}',
    'location = /_headers {',
    '    return 404;',
    '}',
    '',
  ].join('\n');
}
