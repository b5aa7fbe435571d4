// Shared by the release tests: a copy of the fixture site to change, releases of it, a loopback S3 server.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll } from 'vitest';
import { createS3Client, s3Store, type ObjectStore } from '../../../src/release/s3-store';
import { createRelease, type ReleaseResult } from '../../../src/release/create-release';
import { scanPage } from '../../../src/release/scan';
import { listSiteFiles } from '../../../src/release/site-files';
import { resolveReference } from '../../../src/release/verify';

/** The smallest built site that has every kind of file a release handles. */
export const FIXTURE_SITE = join(process.cwd(), 'tests/fixtures/release/site');
export const ORIGIN = 'https://zcjd.example.gov.cn';

/** Debian's nginx where installed (apt-get install nginx-light); the nginx tests are skipped without it. */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

/** A loopback TCP port nothing listens on now (the kernel's pick for port 0, released before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A running test nginx: `get` fetches a path from it (redirects not followed). */
export interface TestNginx {
  prefix: string;
  get: (path: string) => Promise<Response>;
  errorLog: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts Debian's nginx (NGINX must be set) on a free loopback port with a configuration of its own in a fresh
 * temporary prefix: `http` lines go into the http block, `server` lines into the one server block (after its
 * listen directive). Files the configuration includes can be written into `prefix` by `prepare` first.
 * Throws nginx's own message when `nginx -t` refuses the configuration; waits until `probe` (default `/`) answers
 * with any status (pick a path that does not touch what a test counts, e.g. the S3 proxy's pointer reads).
 */
export async function startNginx(config: { http?: string[]; server: string[]; prepare?: (prefix: string) => void; probe?: string }): Promise<TestNginx> {
  const port = await freePort();
  const prefix = tempDir('jiedu-nginx-');
  config.prepare?.(prefix);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      // Workers read the test directories, which are private to their owner, so they run as the owner (root here).
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'worker_processes 1;',
      `pid ${prefix}/nginx.pid;`,
      `error_log ${prefix}/error.log;`,
      'events { worker_connections 64; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log off;',
      `  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;`,
      ...(config.http ?? []).map((line) => `  ${line}`),
      '  server {',
      `    listen 127.0.0.1:${port};`,
      ...config.server.map((line) => `    ${line}`),
      '  }',
      '}',
    ].join('\n'),
  );
  const check = spawnSync(NGINX!, ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(check.stderr);
  const server = spawn(NGINX!, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
  for (let i = 0; i < 100 && !(await get(config.probe ?? '/').then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    prefix,
    get,
    errorLog: () => readFileSync(join(prefix, 'error.log'), 'utf8'),
    stop: async () => {
      if (server.exitCode !== null) return;
      server.kill('SIGTERM');
      await new Promise((resolve) => server.on('exit', resolve));
    },
  };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = 'jiedu-release-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A copy of the fixture site to change. */
export function copySite(): string {
  const dir = join(tempDir(), 'dist');
  cpSync(FIXTURE_SITE, dir, { recursive: true });
  return dir;
}

/** Rewrites one file of a site. */
export function edit(siteDir: string, file: string, change: (text: string) => string): void {
  const path = join(siteDir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

/** Replaces text in every HTML file of a site. */
export function editAllHtml(siteDir: string, change: (text: string) => string): void {
  for (const f of listSiteFiles(siteDir).filter((f) => f.endsWith('.html'))) edit(siteDir, f, change);
}

export const NEW_INTERPRETATION = 'jiedu/guofa-2019-5-wenda/index.html';

/**
 * Version 2 of the fixture: one document's text changed, a new interpretation with its share image, and the
 * site's hashed stylesheet renamed (as a CSS change does), so every page changes.
 */
export function makeSiteV2(siteDir: string): void {
  edit(siteDir, 'wenjian/guofa-2019-5/index.html', (t) => t.replace('<p>正文。</p>', '<p>正文（已修订）。</p>'));
  const jd = readFileSync(join(siteDir, 'jiedu/guofa-2019-5-jiedu/index.html'), 'utf8')
    .replaceAll('guofa-2019-5-jiedu/', 'guofa-2019-5-wenda/')
    .replaceAll('guofa-2019-5-jiedu.png', 'guofa-2019-5-wenda.png')
    .replaceAll('“双随机、一公开”监管十问', '“双随机、一公开”答记者问');
  cpSync(join(siteDir, 'jiedu/guofa-2019-5-jiedu'), join(siteDir, 'jiedu/guofa-2019-5-wenda'), { recursive: true });
  writeFileSync(join(siteDir, NEW_INTERPRETATION), jd);
  cpSync(join(siteDir, 'og/interpretations/guofa-2019-5-jiedu.png'), join(siteDir, 'og/interpretations/guofa-2019-5-wenda.png'));
  renameSync(join(siteDir, '_astro/site.B7dX2k9q.css'), join(siteDir, '_astro/site.Vx2Lm8Qa.css'));
  edit(siteDir, '_astro/site.Vx2Lm8Qa.css', (t) => `${t}main{padding:1rem}\n`);
  editAllHtml(siteDir, (t) => t.replaceAll('site.B7dX2k9q.css', 'site.Vx2Lm8Qa.css'));
}

/** Version 3: the interpretation added in version 2 is withdrawn and the stylesheet changes again. */
export function makeSiteV3(siteDir: string): void {
  rmSync(join(siteDir, 'jiedu/guofa-2019-5-wenda'), { recursive: true });
  rmSync(join(siteDir, 'og/interpretations/guofa-2019-5-wenda.png'));
  renameSync(join(siteDir, '_astro/site.Vx2Lm8Qa.css'), join(siteDir, '_astro/site.P0k9Rt4e.css'));
  edit(siteDir, '_astro/site.P0k9Rt4e.css', (t) => `${t}footer{padding:1rem}\n`);
  editAllHtml(siteDir, (t) => t.replaceAll('site.Vx2Lm8Qa.css', 'site.P0k9Rt4e.css'));
}

/** A release of a site with fixed commit and time, so outputs are comparable. */
export function release(siteDir: string, releaseRoot: string, version: string, builtAt = '2026-11-27T02:00:00Z'): Promise<ReleaseResult> {
  return createRelease({
    siteDir,
    releaseRoot,
    name: 'jiedu-studio',
    version,
    packageVersion: '0.1.0',
    git: { commit: 'c0ffee0000000000000000000000000000000000', dirty: false },
    siteOrigin: ORIGIN,
    builtAt: new Date(builtAt),
    mtime: 1_790_000_000,
  });
}

/** Releases 1.0.0, 2.0.0 and 3.0.0 of the fixture into one release root. */
export async function threeReleases(): Promise<{ releaseRoot: string; v1: ReleaseResult; v2: ReleaseResult; v3: ReleaseResult }> {
  const releaseRoot = join(tempDir(), 'release');
  const site = copySite();
  const v1 = await release(site, releaseRoot, '1.0.0', '2026-11-27T01:00:00Z');
  makeSiteV2(site);
  const v2 = await release(site, releaseRoot, '2.0.0', '2026-11-27T02:00:00Z');
  makeSiteV3(site);
  const v3 = await release(site, releaseRoot, '3.0.0', '2026-11-27T03:00:00Z');
  return { releaseRoot, v1, v2, v3 };
}

const require = createRequire(import.meta.url);
// s3rver's error type, so the harness answers a failed precondition the way S3 does (412 with an XML body).
const { default: S3Error } = { default: require('s3rver/lib/models/error.js') as new (code: string, message: string, detail?: Record<string, string>) => Error };

/**
 * Makes s3rver 3.7.1 behave like S3 where the deploy depends on it, as a Koa middleware put in front of its
 * routes (node_modules stays untouched):
 * - ListObjectsV2 past 1,000 keys: s3rver encrypts continuation tokens with DES, which OpenSSL 3 (Node 22) no
 *   longer has, so the second page was an HTTP 500 and no listing of a real-size site ever completed. The
 *   middleware answers V2 requests through s3rver's V1 listing (marker = the last key) with its own tokens.
 * - PutObject with If-None-Match: * (conditional create, AWS S3 since 2024, MinIO): 412 PreconditionFailed
 *   when the key exists, checked and written under a per-key mutex so two such puts cannot both succeed.
 * - A PUT or DELETE is atomic for readers, as on S3: a GET or HEAD of that key waits until it is done (s3rver
 *   streams a PUT straight into the file a GET reads).
 */
export function s3CompatMiddleware(store: { existsObject(bucket: string, key: string): Promise<boolean> }, hooks: S3Hooks = {}) {
  const busy = new Map<string, Promise<void>>();
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    const [, bucket = '', ...rest] = ctx.path.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const request = { method: ctx.method, key };
    if (hooks.before) await hooks.before(request);
    try {
      await handle(ctx, bucket, key, next);
    } finally {
      if (hooks.after) await hooks.after(request);
    }
  };
  async function handle(ctx: KoaContext, bucket: string, key: string, next: () => Promise<void>): Promise<void> {
    if (ctx.method === 'GET' && bucket && !key && ctx.query['list-type'] === '2') {
      const query = { ...ctx.query };
      const token = query['continuation-token'];
      const after = token ? Buffer.from(token, 'base64url').toString('utf8') : query['start-after'];
      delete query['list-type'];
      delete query['continuation-token'];
      delete query['start-after'];
      if (after) query.marker = after;
      ctx.query = query;
      await next();
      const result = (ctx.body as { ListBucketResult?: Record<string, unknown> } | undefined)?.ListBucketResult;
      if (result) {
        const contents = (result.Contents as { Key: string }[] | undefined) ?? [];
        delete result.Marker;
        delete result.NextMarker;
        result.KeyCount = contents.length;
        if (token) result.ContinuationToken = token;
        if (result.IsTruncated && contents.length) result.NextContinuationToken = Buffer.from(contents.at(-1)!.Key).toString('base64url');
      }
      return;
    }
    if (!bucket || !key) return next();
    const id = `${bucket}/${key}`;
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      await busy.get(id);
      return next();
    }
    if (ctx.method !== 'PUT' && ctx.method !== 'DELETE') return next();
    const before = busy.get(id) ?? Promise.resolve();
    let done!: () => void;
    const mine = before.then(() => new Promise<void>((resolve) => (done = resolve)));
    busy.set(id, mine);
    await before;
    try {
      if (ctx.method === 'PUT' && ctx.headers['if-none-match'] === '*' && !ctx.headers['x-amz-copy-source'] && (await store.existsObject(bucket, key))) {
        throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
      }
      await next();
    } finally {
      done();
      if (busy.get(id) === mine) busy.delete(id);
    }
  }
}

/** The part of s3rver's Koa context the middleware uses. */
type KoaContext = { method: string; path: string; query: Record<string, string>; headers: Record<string, string | undefined>; body: unknown };

/** One request the test S3 server got: its method and key (empty for a bucket request such as a listing). */
export interface S3Request {
  method: string;
  key: string;
}

/**
 * Called for every request of the test S3 server: `before` ahead of handling it (a test may hold it there, or
 * kill the client first), `after` once it is handled and before the response goes out.
 */
export interface S3Hooks {
  before?: (request: S3Request) => void | Promise<void>;
  after?: (request: S3Request) => void | Promise<void>;
}

/** A loopback S3 server: s3rver with {@link s3CompatMiddleware}, and an empty bucket "site". */
export async function startS3(): Promise<{
  server: S3rver;
  endpoint: string;
  bucket: string;
  store: ObjectStore;
  env: Record<string, string>;
  /** GET a site path the way readers get it: the release the pointer names (see {@link readThroughPointer}). */
  get: (path: string) => Promise<Response>;
  /** GET a key of the bucket. */
  getKey: (key: string, init?: RequestInit) => Promise<Response>;
  /** Set hooks.before / hooks.after to see or hold each request (see {@link S3Hooks}). */
  hooks: S3Hooks;
  close: () => Promise<void>;
}> {
  const hooks: S3Hooks = {};
  const directory = tempDir('jiedu-s3-');
  // The middleware rewrites list queries after the client signed them.
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, allowMismatchedSignatures: true, configureBuckets: [{ name: 'site' }] });
  (server as unknown as { middleware: unknown[] }).middleware.splice(2, 0, s3CompatMiddleware((server as unknown as { store: { existsObject(b: string, k: string): Promise<boolean> } }).store, hooks));
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const settings = { endpoint, bucket: 'site', region: 'us-east-1', forcePathStyle: true, prefix: '', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  const client = createS3Client(settings);
  const getKey = (key: string, init?: RequestInit) => fetch(`${endpoint}/site/${key.split('/').map(encodeURIComponent).join('/')}`, { redirect: 'manual', ...init });
  return {
    server,
    endpoint,
    bucket: 'site',
    store: s3Store(client, settings),
    env: {
      JIEDU_S3_ENDPOINT: endpoint,
      JIEDU_S3_BUCKET: 'site',
      JIEDU_S3_REGION: 'us-east-1',
      JIEDU_S3_PATH_STYLE: '1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
    get: (path) => readThroughPointer(getKey, path),
    getKey,
    hooks,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

/**
 * What the nginx in front of the bucket does (renderNginxProxyConf), in a few lines: read the pointer's
 * x-amz-meta-release, then GET releases/<id>/<path> (index.html for a directory); a missing file is the
 * release's 404.html with status 404.
 */
export async function readThroughPointer(getKey: (key: string, init?: RequestInit) => Promise<Response>, path: string): Promise<Response> {
  const pointer = await getKey('_releases/live.json', { method: 'HEAD' });
  const id = pointer.headers.get('x-amz-meta-release');
  if (pointer.status !== 200 || !id) return new Response('no live release', { status: 500 });
  const file = decodeURIComponent(path.replace(/^\//, '')) + (path.endsWith('/') ? 'index.html' : '');
  const r = await getKey(`releases/${id}/${file}`);
  if (r.status !== 404) return r;
  await r.arrayBuffer();
  const notFound = await getKey(`releases/${id}/404.html`);
  return new Response(await notFound.arrayBuffer(), { status: 404, headers: notFound.headers });
}

/**
 * Fetches every page of a release from a server and every file its pages use; returns what failed. An empty
 * list means the site is served whole and consistent.
 */
export async function brokenOnServer(get: (path: string) => Promise<Response>, pages: string[]): Promise<string[]> {
  const broken: string[] = [];
  const seen = new Set<string>();
  for (const url of pages) {
    const r = await get(url);
    if (r.status !== 200) {
      broken.push(`${url} → ${r.status}`);
      continue;
    }
    const page = scanPage(url.replace(/^\//, '') + 'index.html', await r.text());
    for (const ref of page.references) {
      if (!ref.subresource) continue;
      const target = resolveReference(ref.value, url, ORIGIN);
      if (target.kind !== 'internal' || seen.has(target.path)) continue;
      seen.add(target.path);
      const asset = await get(target.path);
      await asset.arrayBuffer();
      if (asset.status !== 200) broken.push(`${url} 用到的 ${target.path} → ${asset.status}`);
    }
  }
  return broken;
}

