/**
 * The object store a deploy writes to: the few operations it needs (get, put with an optional create-only
 * condition, copy inside the bucket, delete, list), its S3 implementation over the AWS SDK for any S3-compatible
 * service (Aliyun OSS, Tencent COS, Huawei OBS, AWS S3, MinIO), and the S3 settings read from the environment.
 * Keys are relative to JIEDU_S3_PREFIX; what the deploy keeps under them is in s3-pointer.ts.
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

/** true when the SDK error says the key does not exist. */
function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}

/** true when a conditional request was refused (412, or 409 when two conditional puts met). */
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

/** Every object whose key starts with prefix, by key. */
export async function listPrefix(store: ObjectStore, prefix: string): Promise<Map<string, ListedObject>> {
  return new Map((await store.list(prefix)).map((o) => [o.key, o]));
}

/** An SDK or network error in one line for a message: HTTP status, error name and message. */
export function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err?.$metadata?.httpStatusCode ? `HTTP ${err.$metadata.httpStatusCode} ` : '';
  return `${status}${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`;
}
