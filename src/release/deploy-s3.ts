/**
 * Deploys a release to S3-compatible object storage (Aliyun OSS, Tencent COS, Huawei OBS, AWS S3, MinIO).
 *
 * The bucket holds the site at its root (or under a prefix) and, under _releases/, each deployed release's
 * manifest, a pointer to the live one (current.json) and, while a deploy runs, pending.json. A deploy:
 *   1. uploads only files whose sha256 differs from the live release (and from an interrupted deploy's);
 *   2. in order: content-hashed assets, other assets, HTML pages, then the entry files that point at pages
 *      (sitemap, feeds, search index entry), so no page is served before what it uses;
 *   3. switches by writing _releases/current.json, its final write;
 *   4. then deletes objects that neither the new nor the previous release uses.
 * Old assets stay until two releases later, so pages in caches and a deploy that stops half-way still find
 * everything they reference; the pointer still names the previous release, and re-running completes it.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { cacheControlFor, contentTypeFor, HEADERS_FILE, isHashedAsset } from './headers';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RELEASE_FILES, tarballName } from './create-release';
import { loadRelease, resolveReleaseDir, type LoadedRelease } from './load-release';
import { readTarGz } from './tarball';
import { parseManifest, manifestToJson, type ReleaseManifest } from './manifest';

/** Key prefix of the deploy's own records in the bucket. */
export const STATE_PREFIX = '_releases/';
/** How many versions the pointer remembers for rollbacks. */
const HISTORY_LENGTH = 50;

/** The few object operations a deploy needs, so tests can inject failures and other stores can plug in. */
export interface ObjectStore {
  /** The object's bytes, or undefined when there is no such key. */
  get(key: string): Promise<Buffer | undefined>;
  put(key: string, body: Buffer, meta: { contentType: string; cacheControl: string; sha256?: string }): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key that starts with prefix. */
  list(prefix: string): Promise<string[]>;
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
    async put(key, body, meta) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: prefix + key,
          Body: body,
          ContentType: meta.contentType,
          CacheControl: meta.cacheControl,
          ContentLength: body.length,
          ...(meta.sha256 ? { Metadata: { sha256: meta.sha256 } } : {}),
        }),
      );
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: prefix + key }));
    },
    async list(listPrefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + listPrefix, ContinuationToken: token }));
        for (const o of r.Contents ?? []) if (o.Key) keys.push(o.Key.slice(prefix.length));
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
  };
}

/** _releases/current.json: which release is live and which were before it. */
export interface LivePointer {
  version: string;
  /** Versions deployed, oldest first, the live one last; a rollback removes the versions it leaves. */
  history: string[];
  switchedAt: string;
}

/** _releases/pending.json: a deploy in progress (left behind when one stops half-way). */
export interface PendingDeploy {
  version: string;
  /** The live version when it started. */
  from: string | null;
  startedAt: string;
}

/** A deploy or rollback failed; the message says what is live now and what to do. */
export class DeployError extends Error {
  override name = 'DeployError';
}

const keys = {
  pointer: `${STATE_PREFIX}current.json`,
  pending: `${STATE_PREFIX}pending.json`,
  manifest: (version: string) => `${STATE_PREFIX}${version}.json`,
  archive: (version: string) => `${STATE_PREFIX}${version}.tar.gz`,
};

async function getJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  if (!body) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new DeployError(`对象存储中的 ${key} 不是有效的 JSON，部署记录已损坏。\n  请检查 ${store.describe} 中的 ${STATE_PREFIX} 目录。`);
  }
}

async function putJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  const text = typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`;
  await store.put(key, Buffer.from(text), { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' });
}

/** The live release in a store: pointer, its manifest and any interrupted deploy. */
export interface LiveState {
  pointer?: LivePointer;
  manifest?: ReleaseManifest;
  pending?: PendingDeploy;
  pendingManifest?: ReleaseManifest;
}

async function getManifest(store: ObjectStore, version: string): Promise<ReleaseManifest | undefined> {
  const data = await getJson<unknown>(store, keys.manifest(version));
  return data === undefined ? undefined : parseManifest(data, `${store.describe}${keys.manifest(version)}`);
}

/** Reads what is live in the store; a store that cannot be read is a DeployError saying what to check. */
export async function readLiveState(store: ObjectStore): Promise<LiveState> {
  try {
    return await readLiveStateUnchecked(store);
  } catch (e) {
    if (e instanceof DeployError) throw e;
    throw new DeployError(
      `无法读取对象存储 ${store.describe} 的部署记录（${describeError(e)}）。线上没有任何改动。\n  请检查 JIEDU_S3_ENDPOINT、JIEDU_S3_REGION、存储桶名称、访问密钥及其读写权限和网络；阿里云 OSS 等只支持虚拟主机式地址的服务不要设置 JIEDU_S3_PATH_STYLE。`,
    );
  }
}

async function readLiveStateUnchecked(store: ObjectStore): Promise<LiveState> {
  const pointer = await getJson<LivePointer>(store, keys.pointer);
  const manifest = pointer ? await getManifest(store, pointer.version) : undefined;
  const pending = await getJson<PendingDeploy>(store, keys.pending);
  const pendingManifest = pending ? await getManifest(store, pending.version) : undefined;
  return { pointer, manifest, pending, pendingManifest };
}

/** Entry files that point at pages (sitemap, feeds, the search index's entry): uploaded after the pages. */
function isEntryFile(path: string): boolean {
  return ['sitemap.xml', 'rss.xml', 'robots.txt', HEADERS_FILE].includes(path) || (path.startsWith('pagefind/') && !isHashedAsset(path));
}

/** Upload phase of a file: 0 hashed assets, 1 other assets, 2 pages, 3 entry files. */
export function uploadPhase(path: string): number {
  if (isHashedAsset(path)) return 0;
  if (isEntryFile(path)) return 3;
  if (path.endsWith('.html')) return 2;
  return 1;
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

/** What a deploy did. */
export interface S3DeployReport {
  version: string;
  /** The version live before. */
  from: string | null;
  uploaded: string[];
  skipped: number;
  deleted: string[];
  /** True when the version was already live and nothing was done. */
  unchanged: boolean;
  ms: number;
}

/** Options of {@link deployToS3}. */
export interface S3DeployOptions {
  concurrency?: number;
  log?: (message: string) => void;
  /** The pointer's history after the switch; default: the old history plus this version. */
  history?: string[];
  /** Upload every file even when the live release has the same bytes. */
  force?: boolean;
  now?: () => Date;
}

function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err?.$metadata?.httpStatusCode ? `HTTP ${err.$metadata.httpStatusCode} ` : '';
  return `${status}${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`;
}

/** Deploys a loaded release; see the module comment for the order of writes. */
export async function deployToS3(store: ObjectStore, release: LoadedRelease, options: S3DeployOptions = {}): Promise<S3DeployReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const { manifest } = release;
  const version = manifest.version;
  const live = await readLiveState(store);
  const from = live.pointer?.version ?? null;

  if (from === version && !live.pending && !options.force) {
    log(`版本 ${version} 已经在线上，无需上传。`);
    return { version, from, uploaded: [], skipped: manifest.files.length, deleted: [], unchanged: true, ms: performance.now() - started };
  }
  if (live.pointer && !live.manifest) log(`注意：找不到线上版本 ${from} 的清单，将上传全部文件。`);
  if (live.pending) log(`注意：上次部署 ${live.pending.version} 没有完成（开始于 ${live.pending.startedAt}），本次会一并修复。`);

  const liveSha = new Map((live.manifest?.files ?? []).map((f) => [f.path, f.sha256]));
  const pendingSha = new Map((live.pendingManifest?.files ?? []).map((f) => [f.path, f.sha256]));
  const toUpload = manifest.files.filter((f) => {
    if (options.force || liveSha.get(f.path) !== f.sha256) return true;
    // An interrupted deploy may have replaced this object with other bytes.
    const half = pendingSha.get(f.path);
    return half !== undefined && half !== f.sha256;
  });

  try {
    await putJson(store, keys.manifest(version), manifestToJson(manifest));
    await putJson(store, keys.pending, { version, from, startedAt: now().toISOString() } satisfies PendingDeploy);
  } catch (e) {
    throw new DeployError(`无法写入部署记录（${describeError(e)}）。线上仍是 ${from ?? '（尚无版本）'}，没有任何网页被改动。\n  请检查存储桶名称、访问密钥的写权限和网络，然后重新运行。`);
  }

  const uploaded: string[] = [];
  for (const phase of [0, 1, 2, 3]) {
    const files = toUpload.filter((f) => uploadPhase(f.path) === phase);
    try {
      await runPool(files, options.concurrency ?? 8, async (f) => {
        const body = release.files.get(f.path)!;
        try {
          await store.put(f.path, body, { contentType: contentTypeFor(f.path), cacheControl: cacheControlFor(f.path), sha256: f.sha256 });
        } catch (e) {
          throw new DeployError(`上传 ${f.path} 失败：${describeError(e)}`);
        }
        uploaded.push(f.path);
      });
    } catch (e) {
      const state =
        phase < 2
          ? `线上仍完整提供 ${from ?? '（尚无版本）'}：网页还没有开始替换，已上传的 ${uploaded.length} 个文件只是新版本的资源，不影响现有网页。`
          : `已上传 ${uploaded.length} 个文件，部分网页可能已是新版本；新旧网页引用的资源都在，每个网页都能正常显示。`;
      throw new DeployError(
        `${(e as Error).message}\n  部署 ${version} 已停止，线上版本记录仍是 ${from ?? '（尚无版本）'}。${state}\n  重新运行 npm run deploy 会继续完成本次部署；要回到 ${from ?? '原状'}，运行 npm run rollback。`,
      );
    }
    if (files.length) log(`已上传 ${['带哈希的资源', '其他资源', '网页', '入口文件'][phase]} ${files.length} 个。`);
  }

  // The archive goes into the bucket too, so a rollback from a machine without release/ (a fresh CI runner) works.
  try {
    if (!(await store.list(keys.archive(version))).includes(keys.archive(version))) {
      await store.put(keys.archive(version), readFileSync(release.tarball), { contentType: 'application/gzip', cacheControl: 'no-store' });
    }
  } catch (e) {
    throw new DeployError(`上传发布包 ${keys.archive(version)} 失败（${describeError(e)}）。网页文件已全部上传，线上版本记录仍是 ${from ?? '（尚无版本）'}。\n  重新运行 npm run deploy 即可完成。`);
  }

  const history = options.history ?? [...(live.pointer?.history ?? (from ? [from] : [])).filter((v) => v !== version), version].slice(-HISTORY_LENGTH);
  try {
    await putJson(store, keys.pointer, { version, history, switchedAt: now().toISOString() } satisfies LivePointer);
  } catch (e) {
    throw new DeployError(`全部文件已上传，但写入线上版本记录 ${keys.pointer} 失败（${describeError(e)}）。\n  重新运行 npm run deploy 即可完成切换。`);
  }
  // From here the new release is live; what follows only tidies up.
  const deleted: string[] = [];
  try {
    await store.delete(keys.pending);
    // Keep the release live before the switch and the one before this version in the history: after a
    // rollback or a deploy that stopped between the switch and here, they differ.
    const before = history.at(-2);
    const kept = [live.manifest, before && before !== live.manifest?.version ? await getManifest(store, before) : undefined];
    deleted.push(...(await collectGarbage(store, manifest, kept)));
  } catch (e) {
    log(`注意：${version} 已上线，但清理旧文件时出错（${describeError(e)}）；旧文件留在存储中不影响访问，下次部署会再清理。`);
  }
  return { version, from, uploaded, skipped: manifest.files.length - toUpload.length, deleted, unchanged: false, ms: performance.now() - started };
}

/**
 * Deletes objects that neither the new nor the previous release uses and that some earlier release of ours
 * uploaded; objects put there by anyone else (a verification file, a hand-uploaded PDF) are never touched.
 */
async function collectGarbage(store: ObjectStore, next: ReleaseManifest, previous: (ReleaseManifest | undefined)[]): Promise<string[]> {
  const keep = new Set([next, ...previous].flatMap((m) => m?.files ?? []).map((f) => f.path));
  const all = await store.list('');
  const candidates = new Set(all.filter((k) => !k.startsWith(STATE_PREFIX) && !keep.has(k)));
  if (candidates.size === 0) return [];
  const ours = new Set<string>();
  for (const key of all.filter((k) => k.startsWith(STATE_PREFIX) && k.endsWith('.json'))) {
    if (key === keys.pointer || key === keys.pending) continue;
    const m = await getJson<ReleaseManifest>(store, key);
    for (const f of m?.files ?? []) if (candidates.has(f.path)) ours.add(f.path);
  }
  const deleted: string[] = [];
  for (const key of [...ours].sort()) {
    await store.delete(key);
    deleted.push(key);
  }
  return deleted;
}

/** Which release a rollback returns to: after an interrupted deploy, the live one; else the one before it. */
export function rollbackTarget(live: LiveState, to?: string): { version: string; history: string[] } {
  const history = live.pointer?.history ?? [];
  if (to) {
    const i = history.lastIndexOf(to);
    return { version: to, history: i >= 0 ? history.slice(0, i + 1) : [...history, to] };
  }
  if (!live.pointer) throw new DeployError('对象存储中还没有部署过任何版本（没有 _releases/current.json），无从回滚。');
  if (live.pending && live.pending.version !== live.pointer.version) {
    return { version: live.pointer.version, history };
  }
  if (history.length < 2) {
    throw new DeployError(`线上版本 ${live.pointer.version} 之前没有部署过其他版本，无从回滚。\n  要部署某个旧版本，请运行 npm run rollback -- --to <版本号>。`);
  }
  return { version: history.at(-2)!, history: history.slice(0, -1) };
}

/** Returns the store to the previous release (or `to`), re-uploading its files from its archive in releaseRoot. */
export async function rollbackS3(store: ObjectStore, releaseRoot: string, options: S3DeployOptions & { to?: string } = {}): Promise<S3DeployReport> {
  const live = await readLiveState(store);
  const target = rollbackTarget(live, options.to);
  let release: LoadedRelease;
  try {
    if (!existsSync(join(releaseRoot, target.version, RELEASE_FILES.manifest))) {
      await fetchRelease(store, target.version, releaseRoot, options.log);
    }
    release = await loadRelease(resolveReleaseDir(releaseRoot, target.version));
  } catch (e) {
    throw new DeployError(`无法回滚到 ${target.version}：${(e as Error).message}\n  回滚需要该版本的发布包；线上没有任何改动。`);
  }
  return deployToS3(store, release, { ...options, history: target.history });
}

/** Downloads a deployed release's archive from the store into releaseRoot/<version>/ (its manifest beside it). */
export async function fetchRelease(store: ObjectStore, version: string, releaseRoot: string, log?: (message: string) => void): Promise<string> {
  const archive = await store.get(keys.archive(version));
  if (!archive) throw new Error(`本机 ${releaseRoot}/${version}/ 和对象存储的 ${keys.archive(version)} 中都没有这个版本的发布包。`);
  const dir = join(releaseRoot, version);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'archive.tar.gz');
  writeFileSync(file, archive);
  const manifest = (await readTarGz(file)).find((e) => e.path === RELEASE_FILES.manifest);
  if (!manifest) throw new Error(`对象存储中的 ${keys.archive(version)} 里没有 ${RELEASE_FILES.manifest}，不是本工具生成的发布包。`);
  const m = parseManifest(JSON.parse(manifest.data.toString('utf8')), keys.archive(version));
  renameSync(file, join(dir, tarballName(m.name, m.version)));
  writeFileSync(join(dir, RELEASE_FILES.manifest), manifest.data);
  log?.(`本机没有 ${version} 的发布包，已从对象存储下载到 ${dir}。`);
  return dir;
}

/** The live release's manifest in the store, for release notes made on a machine without release/. */
export async function liveManifest(store: ObjectStore): Promise<ReleaseManifest | undefined> {
  return (await readLiveState(store)).manifest;
}
