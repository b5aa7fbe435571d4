// Deploys releases of the fixture site to a real S3 server (s3rver with the harness fixes in helpers.ts) on
// 127.0.0.1 and reads the site back the way readers get it: through the pointer, as the nginx proxy does.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeFor, IMMUTABLE, REVALIDATE } from '../../../src/release/headers';
import { deployToS3 } from '../../../src/release/deploy-s3';
import { POINTER_CACHE_SECONDS, renderNginxProxyConf, renderNginxProxyHttpConf, SWITCH_SEEN_WITHIN_SECONDS } from '../../../src/release/nginx-s3-proxy';
import { rollbackS3 } from '../../../src/release/rollback-s3';
import { acquireS3Lock } from '../../../src/release/s3-lock';
import { readLiveState, releaseId, s3Keys } from '../../../src/release/s3-pointer';
import { createS3Client, s3SettingsFromEnv, s3Store, type ObjectStore } from '../../../src/release/s3-store';
import { loadRelease, type LoadedRelease } from '../../../src/release/load-release';
import type { ReleaseManifest } from '../../../src/release/manifest';
import { brokenOnServer, copySite, NEW_INTERPRETATION, NGINX, release, startNginx, startS3, tempDir, threeReleases } from './helpers';

type S3 = Awaited<ReturnType<typeof startS3>>;

const pagesOf = (m: ReleaseManifest) =>
  m.files.filter((f) => f.path.endsWith('index.html')).map((f) => `/${f.path.replace(/index\.html$/, '')}`);

/** Every file of a release as readers get it, compared with the release's bytes. */
async function differences(get: (path: string) => Promise<Response>, release: LoadedRelease, skip: string[] = []): Promise<string[]> {
  const out: string[] = [];
  for (const f of release.manifest.files.filter((f) => !skip.includes(f.path))) {
    const r = await get(`/${f.path}`);
    const body = Buffer.from(await r.arrayBuffer());
    if (r.status !== 200 || !body.equals(release.files.get(f.path)!)) out.push(f.path);
  }
  return out;
}

/** A store that records every write (put, copy, delete) and can refuse every put after the first `failAfter`. */
function recording(store: ObjectStore, failAfter = Infinity): ObjectStore & { puts: string[]; writes: string[] } {
  const puts: string[] = [];
  const writes: string[] = [];
  return {
    ...store,
    puts,
    writes,
    async put(key, body, options) {
      if (puts.length >= failAfter && !key.startsWith('_releases/lock')) throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      if (!key.startsWith('_releases/lock')) puts.push(key);
      writes.push(key);
      await store.put(key, body, options);
    },
    async copy(from, to) {
      writes.push(to);
      await store.copy(from, to);
    },
    async delete(key) {
      writes.push(key);
      await store.delete(key);
    },
  };
}

const idOf = (r: LoadedRelease) => releaseId(r.manifest.version, r.extras.get('manifest.json')!);

let releases: Awaited<ReturnType<typeof threeReleases>>;
let v1: LoadedRelease;
let v2: LoadedRelease;
let v3: LoadedRelease;
let s3: S3;

beforeAll(async () => {
  releases = await threeReleases();
  [v1, v2, v3] = await Promise.all([loadRelease(releases.v1.dir), loadRelease(releases.v2.dir), loadRelease(releases.v3.dir)]);
});
beforeEach(async () => {
  s3 = await startS3();
});
afterEach(async () => {
  await s3.close();
});

describe('deploying to S3-compatible storage', () => {
  it('the first deploy puts every file under the release prefix with its Content-Type and Cache-Control, then the pointer', async () => {
    const report = await deployToS3(s3.store, v1);
    expect(report.uploaded).toHaveLength(v1.manifest.files.length);
    expect(report.id).toMatch(/^1\.0\.0-[0-9a-f]{12}$/);
    expect(await differences(s3.get, v1)).toEqual([]);
    const home = await s3.get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.headers.get('cache-control')).toBe(REVALIDATE);
    expect(await home.text()).toContain('<h1>政策解读示范站</h1>');
    expect((await s3.get('/_astro/site.B7dX2k9q.css')).headers.get('cache-control')).toBe(IMMUTABLE);
    for (const f of v1.manifest.files) {
      const r = await s3.getKey(s3Keys.file(report.id, f.path));
      await r.arrayBuffer();
      expect([r.headers.get('content-type'), r.headers.get('cache-control')], f.path).toEqual([contentTypeFor(f.path), cacheControlFor(f.path)]);
    }
    expect((await s3.get('/wenjian/nope/')).status).toBe(404);
    expect(await brokenOnServer(s3.get, pagesOf(v1.manifest))).toEqual([]);
    const pointer = await s3.getKey(s3Keys.pointer, { method: 'HEAD' });
    expect(pointer.headers.get('x-amz-meta-release')).toBe(report.id);
    expect(pointer.headers.get('cache-control')).toBe('no-store');
    const live = await readLiveState(s3.store);
    expect(live.pointer).toMatchObject({ version: '1.0.0', id: report.id, history: [{ id: report.id, version: '1.0.0' }] });
    expect(live.lock).toBeUndefined();
  });

  it('a later deploy never writes a key of the live release: it copies unchanged files inside the bucket, uploads the rest, and writes the pointer last', async () => {
    const first = await deployToS3(s3.store, v1);
    const store = recording(s3.store);
    const report = await deployToS3(store, v2);
    const changed = v2.manifest.files.filter((f) => v1.manifest.files.find((o) => o.path === f.path)?.sha256 !== f.sha256).map((f) => f.path);
    expect([...report.uploaded].sort()).toEqual(changed.sort());
    expect(report.copied.length).toBe(v2.manifest.files.length - changed.length);
    expect(store.writes.filter((k) => k.startsWith(`releases/${first.id}/`) || k === `_releases/${first.id}.json`)).toEqual([]);
    expect(store.puts[0]).toBe(`_releases/${report.id}.json`);
    expect(store.puts.at(-1)).toBe(s3Keys.pointer);
    expect(await differences(s3.get, v2)).toEqual([]);
    expect(await (await s3.get(`/${NEW_INTERPRETATION}`)).text()).toContain('答记者问');
  });

  it('keeps the last releases for rollbacks and deletes older prefixes; objects that are not ours are never deleted', async () => {
    await s3.store.put('MP_verify_abc.txt', Buffer.from('wechat'), { contentType: 'text/plain', cacheControl: REVALIDATE });
    const a = await deployToS3(s3.store, v1, { keep: 2 });
    await deployToS3(s3.store, v2, { keep: 2 });
    expect((await s3.store.list(`releases/${a.id}/`)).length).toBe(v1.manifest.files.length);
    const third = await deployToS3(s3.store, v3, { keep: 2 });
    expect(third.deleted).toEqual([a.id]);
    expect(await s3.store.list(`releases/${a.id}/`)).toEqual([]);
    // Its archive stays while it is in the history, so a rollback to it can upload it again.
    expect((await s3.store.list(s3Keys.archive(a.id))).length).toBe(1);
    expect((await s3.getKey('MP_verify_abc.txt')).status).toBe(200);
    expect(await differences(s3.get, v3)).toEqual([]);
  });

  it('deploying the live release again checks every live file against the manifest and repairs what differs', async () => {
    const { id } = await deployToS3(s3.store, v1);
    expect(await deployToS3(s3.store, v1)).toMatchObject({ unchanged: true, repaired: [] });
    await s3.store.put(s3Keys.file(id, 'wenjian/guofa-2019-5/index.html'), Buffer.from('<p>被改动的网页</p>'), { contentType: 'text/html', cacheControl: REVALIDATE });
    await s3.store.delete(s3Keys.file(id, '_astro/site.B7dX2k9q.css'));
    await s3.store.put(s3Keys.file(id, 'evil.html'), Buffer.from('<script>alert(1)</script>'), { contentType: 'text/html', cacheControl: REVALIDATE });
    const logs: string[] = [];
    const again = await deployToS3(s3.store, v1, { log: (m) => logs.push(m) });
    expect(again.repaired).toEqual(['_astro/site.B7dX2k9q.css', 'evil.html', 'wenjian/guofa-2019-5/index.html']);
    expect(logs.join('\n')).toContain('有 3 个文件与清单不符，已修复');
    expect(await differences(s3.get, v1)).toEqual([]);
    expect((await s3.get('/evil.html')).status).toBe(404);
  });

  it('a release made again with release --force under the live version is told apart by its manifest and deployed', async () => {
    const site = copySite();
    const root = join(tempDir(), 'release');
    await release(site, root, '5.0.0', '2026-11-27T01:00:00Z');
    const first = await loadRelease(join(root, '5.0.0'));
    const a = await deployToS3(s3.store, first);
    writeFileSync(join(site, 'index.html'), readFileSync(join(site, 'index.html'), 'utf8').replace('<h1>政策解读示范站</h1>', '<h1>政策解读示范站（更正）</h1>'));
    const { createRelease } = await import('../../../src/release/create-release');
    await createRelease({ siteDir: site, releaseRoot: root, name: 'jiedu-studio', version: '5.0.0', packageVersion: '0.1.0', git: { commit: null, dirty: false }, builtAt: new Date('2026-11-27T02:00:00Z'), mtime: 1_790_000_000, force: true, siteOrigin: 'https://zcjd.example.gov.cn' });
    const second = await loadRelease(join(root, '5.0.0'));
    const b = await deployToS3(s3.store, second);
    expect(b.id).not.toBe(a.id);
    expect(b.unchanged).toBe(false);
    expect(await (await s3.get('/')).text()).toContain('（更正）');
    expect(await differences(s3.get, second)).toEqual([]);
  });

  it('a refused upload half-way leaves the live release untouched and whole; running again completes without uploading twice', async () => {
    await deployToS3(s3.store, v1);
    const failing = recording(s3.store, 3);
    const error = await deployToS3(failing, v2).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^上传 \S+ 失败：HTTP 403 AccessDenied: Access Denied\n {2}部署 2\.0\.0 已停止。线上仍完整提供 1\.0\.0：新版本的文件都在它自己的前缀 releases\/2\.0\.0-[0-9a-f]{12}\/ 下，线上的文件一个也没有被改动。/);
    expect(await differences(s3.get, v1)).toEqual([]);
    expect(await brokenOnServer(s3.get, pagesOf(v1.manifest))).toEqual([]);
    expect((await readLiveState(s3.store)).lock).toBeUndefined();
    const done = await deployToS3(s3.store, v2);
    expect(done.skipped).toBeGreaterThan(0);
    expect(await differences(s3.get, v2)).toEqual([]);
  });

  it('a deploy process killed after a few uploads leaves the previous release served whole, and a new run completes', async () => {
    await deployToS3(s3.store, v1);
    // One node process (no npx wrapper), its output read as it comes, so a busy machine only makes it slower.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy.ts', '--target', 's3', '--version', '2.0.0', '--release-dir', releases.releaseRoot, '--concurrency', '1'], {
      env: { ...process.env, ...s3.env },
      stdio: 'pipe',
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    let puts = 0;
    const onRequest = (req: IncomingMessage) => {
      // Lock, manifest, then files: kill it while it uploads files.
      if (req.method === 'PUT' && ++puts === 5) child.kill('SIGKILL');
    };
    s3.server.httpServer.on('request', onRequest);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c, signal) => resolve(signal ? null : c)));
    s3.server.httpServer.off('request', onRequest);
    // A deploy that ended by itself before its fifth PUT says why in its output.
    expect(code, `exit ${code} after ${puts} PUT requests:\n${output}`).toBeNull();
    const live = await readLiveState(s3.store);
    expect(live.pointer?.version).toBe('1.0.0');
    expect(live.lock?.action).toMatch(/^部署 2\.0\.0-/);
    expect(live.lock?.pid).toBe(child.pid);
    expect(await differences(s3.get, v1)).toEqual([]);
    // The lock of the dead process (this host) is taken over.
    await deployToS3(s3.store, v2);
    expect(await differences(s3.get, v2)).toEqual([]);
  }, 150_000);

  it('rollback rewrites only the pointer while the previous release is kept, and uploads it again from its archive once collected', async () => {
    await deployToS3(s3.store, v1, { keep: 2 });
    await deployToS3(s3.store, v2, { keep: 2 });
    await deployToS3(s3.store, v3, { keep: 2 });
    const store = recording(s3.store);
    const back = await rollbackS3(store, releases.releaseRoot);
    expect(back).toMatchObject({ version: '2.0.0', from: '3.0.0', uploaded: [] });
    expect(store.puts).toEqual([s3Keys.pointer]);
    expect(await differences(s3.get, v2)).toEqual([]);
    // A rollback only switches: the deploy order stays whole.
    expect((await readLiveState(s3.store)).pointer?.history.map((r) => r.version)).toEqual(['1.0.0', '2.0.0', '3.0.0']);
    // 1.0.0's files were collected when 3.0.0 went live: they come back from the archive in the bucket.
    const empty = join(tempDir(), 'release');
    const again = await rollbackS3(s3.store, empty, { keep: 2 });
    expect(again.version).toBe('1.0.0');
    expect(again.uploaded.length).toBeGreaterThan(0);
    expect(await differences(s3.get, v1)).toEqual([]);
    expect(existsSync(join(empty, '1.0.0', 'manifest.json'))).toBe(true);
    await expect(rollbackS3(s3.store, releases.releaseRoot)).rejects.toThrow(/线上版本 1\.0\.0 之前没有部署过其他版本，无从回滚/);
  });

  it('rollback keeps the deploy order: after --to a plain rollback goes on back in that order, --to a newer release still works, and a rollback right after a deploy undoes it', async () => {
    for (const r of [v1, v2, v3]) await deployToS3(s3.store, r);
    const version = async () => (await readLiveState(s3.store)).pointer?.version;
    expect((await rollbackS3(s3.store, releases.releaseRoot)).version).toBe('2.0.0');
    expect((await rollbackS3(s3.store, releases.releaseRoot)).version).toBe('1.0.0');
    // --to a release rolled back from: it is still in the order (it used to be cut off, and this was refused).
    expect(await rollbackS3(s3.store, releases.releaseRoot, { to: '3.0.0' })).toMatchObject({ version: '3.0.0', from: '1.0.0' });
    expect(await rollbackS3(s3.store, releases.releaseRoot)).toMatchObject({ version: '2.0.0', from: '3.0.0' });
    expect(await version()).toBe('2.0.0');
    expect(await differences(s3.get, v2)).toEqual([]);
    const pointer = (await readLiveState(s3.store)).pointer!;
    expect(pointer.history.map((r) => r.version)).toEqual(['1.0.0', '2.0.0', '3.0.0']);
    expect(pointer.switches?.map((s) => `${s.by} ${s.to.split('-')[0]}`)).toEqual(['deploy 1.0.0', 'deploy 2.0.0', 'deploy 3.0.0', 'rollback 2.0.0', 'rollback 1.0.0', 'rollback 3.0.0', 'rollback 2.0.0']);
    // The pointer's metadata names the release a plain rollback goes to next.
    expect((await s3.getKey(s3Keys.pointer, { method: 'HEAD' })).headers.get('x-amz-meta-previous')).toBe(idOf(v1));
    // Deploying 3.0.0 again from 2.0.0, then a rollback: back to 2.0.0, the release live before that deploy.
    await deployToS3(s3.store, v3);
    expect(await rollbackS3(s3.store, releases.releaseRoot)).toMatchObject({ version: '2.0.0', from: '3.0.0' });
    expect(await rollbackS3(s3.store, releases.releaseRoot)).toMatchObject({ version: '1.0.0', from: '2.0.0' });
    await expect(rollbackS3(s3.store, releases.releaseRoot)).rejects.toThrow(/线上版本 1\.0\.0 之前没有部署过其他版本，无从回滚（部署顺序中它是最早的）/);
  });

  it('npm run rollback works on the command line with the same environment', async () => {
    await deployToS3(s3.store, v1);
    await deployToS3(s3.store, v2);
    const r = await runScript('scripts/rollback.ts', ['--target', 's3', '--release-dir', releases.releaseRoot], s3.env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2.0.0 → 1.0.0');
    expect(await differences(s3.get, v1)).toEqual([]);
  });
});

/** Runs a script without blocking this process (the S3 server it talks to runs here). */
function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('npx', ['tsx', script, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('one deploy at a time on S3', () => {
  it('of deploys started together exactly one takes the lock (a conditional put); the others stop naming the holder', async () => {
    await deployToS3(s3.store, v1);
    const results = await Promise.allSettled([v2, v3, v2, v3].map((r) => deployToS3(s3.store, r)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const l of lost) expect((l.reason as Error).message).toMatch(/^另一个部署正在使用 s3:\/\/site\/.*：主机 \S+ 上的进程 \d+（部署 [23]\.0\.0-[0-9a-f]{12}，开始于 .*）持有部署锁 _releases\/lock\.json/);
    const live = (won[0] as PromiseFulfilledResult<{ version: string }>).value.version;
    expect(await differences(s3.get, live === '2.0.0' ? v2 : v3)).toEqual([]);
  });

  it('a lock held by a live process on another host is respected until it expires or --break-lock', async () => {
    await deployToS3(s3.store, v1);
    const other = { host: 'ci-runner-7', pid: 4242, startedAt: '2026-11-27T02:00:00.000Z', action: '部署 9.9.9', nonce: 'x', expiresAt: new Date(Date.now() + 60_000).toISOString() };
    await s3.store.put(s3Keys.lock, Buffer.from(JSON.stringify(other)), { contentType: 'application/json', cacheControl: 'no-store' });
    await expect(deployToS3(s3.store, v2)).rejects.toThrow(/主机 ci-runner-7 上的进程 4242（部署 9\.9\.9，开始于 2026-11-27T02:00:00\.000Z）持有部署锁[\s\S]*加 --break-lock 重新运行/);
    expect((await readLiveState(s3.store)).pointer?.version).toBe('1.0.0');
    const logs: string[] = [];
    await deployToS3(s3.store, v2, { breakLock: true, log: (m) => logs.push(m) });
    expect(logs[0]).toMatch(/^接管部署锁：原持有者 主机 ci-runner-7/);
    await s3.store.put(s3Keys.lock, Buffer.from(JSON.stringify({ ...other, expiresAt: '2026-01-01T00:00:00.000Z' })), { contentType: 'application/json', cacheControl: 'no-store' });
    expect((await deployToS3(s3.store, v3)).version).toBe('3.0.0');
  });

  it('a second lock cannot be created while one exists (the server honours If-None-Match)', async () => {
    const lock = await acquireS3Lock(s3.store, '测试');
    await expect(s3.store.put(s3Keys.lock, Buffer.from('{}'), { contentType: 'application/json', cacheControl: 'no-store', ifNoneMatch: true })).rejects.toThrow(/已存在/);
    await lock.release();
    expect((await readLiveState(s3.store)).lock).toBeUndefined();
  });
});

describe('records that name a path', () => {
  it('a pointer naming an unsafe release is refused before any write', async () => {
    await deployToS3(s3.store, v1);
    const live = await readLiveState(s3.store);
    await s3.store.put(s3Keys.pointer, Buffer.from(JSON.stringify({ ...live.pointer, id: '../../x-0123456789ab' })), { contentType: 'application/json', cacheControl: 'no-store' });
    const store = recording(s3.store);
    await expect(deployToS3(store, v2)).rejects.toThrow(/_releases\/live\.json 含有不合法的发布编号/);
    expect(store.writes).toEqual([]);
  });
});

describe('a real-size site (more than 1,000 objects)', () => {
  it('lists past the first 1,000 keys and garbage collection removes a whole old release', async () => {
    const site = copySite();
    mkdirSync(join(site, 'bulk'));
    for (let i = 0; i < 1100; i++) writeFileSync(join(site, 'bulk', `${i}.txt`), `文件 ${i}\n`);
    const root = join(tempDir(), 'release');
    await release(site, root, '7.0.0');
    const big = await loadRelease(join(root, '7.0.0'));
    const a = await deployToS3(s3.store, big, { concurrency: 16 });
    expect((await s3.store.list(`releases/${a.id}/`)).length).toBe(big.manifest.files.length);
    await deployToS3(s3.store, v1, { keep: 1 });
    const last = await deployToS3(s3.store, v2, { keep: 1 });
    expect(last.deleted).toEqual([a.id]);
    expect(await s3.store.list(`releases/${a.id}/`)).toEqual([]);
    expect(await differences(s3.get, v2)).toEqual([]);
  }, 180_000); // 1,100 extra objects through the loopback S3 server: 48–58 s at a load of 20, over 60 s at times.
});

describe('S3 settings', () => {
  it('missing variables are named together, in Chinese', () => {
    expect(() => s3SettingsFromEnv({ JIEDU_S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com' })).toThrowErrorMatchingInlineSnapshot(`
      [Error: 缺少对象存储的环境变量：JIEDU_S3_BUCKET（存储桶名称）、AWS_ACCESS_KEY_ID（访问密钥 ID）、AWS_SECRET_ACCESS_KEY（访问密钥）。
        请在 CI 的密钥设置或本机环境中设置它们；另可设置 JIEDU_S3_ENDPOINT（如 https://oss-cn-hangzhou.aliyuncs.com）、JIEDU_S3_REGION、JIEDU_S3_PATH_STYLE=1、JIEDU_S3_PREFIX。]
    `);
  });

  it('path style, region and prefix are read from the environment', () => {
    expect(
      s3SettingsFromEnv({ JIEDU_S3_BUCKET: 'b', AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's', JIEDU_S3_PATH_STYLE: 'true', JIEDU_S3_REGION: 'cn-north-4', JIEDU_S3_PREFIX: '/zcjd' }),
    ).toMatchObject({ bucket: 'b', forcePathStyle: true, region: 'cn-north-4', prefix: 'zcjd/' });
  });
});

describe('an unreachable or misconfigured bucket', () => {
  it('stops before any write with a message saying what to check', async () => {
    const settings = { endpoint: 'http://127.0.0.1:9', bucket: 'site', region: 'us-east-1', forcePathStyle: true, prefix: '', credentials: { accessKeyId: 'k', secretAccessKey: 's' } };
    const client = createS3Client(settings, { maxAttempts: 1 });
    const error = await deployToS3(s3Store(client, settings), v1).catch((e: Error) => e);
    client.destroy();
    expect((error as Error).message).toMatch(/^无法读取对象存储 s3:\/\/site\/（http:\/\/127\.0\.0\.1:9） 的部署记录（Error: connect ECONNREFUSED .*）。线上没有任何改动。\n {2}请检查 JIEDU_S3_ENDPOINT/);
  });
});


/** Starts nginx with the proxy configuration in front of the test server; returns a fetch and a stop. */
export async function startNginxProxy(endpoint: string, csp: string): Promise<{ get: (path: string) => Promise<Response>; stop: () => Promise<void>; errorLog: () => string }> {
  return startNginx({
    prepare: (prefix) => {
      writeFileSync(join(prefix, 'jiedu-s3.conf'), renderNginxProxyConf({ upstream: endpoint, bucketPath: '/site/', prefix: '', csp }));
      writeFileSync(join(prefix, 'jiedu-s3.http.conf'), renderNginxProxyHttpConf(join(prefix, 'cache')));
    },
    http: ['include jiedu-s3.http.conf;'],
    server: ['include jiedu-s3.conf;'],
    // nginx refuses /_headers itself: waiting on it reads no pointer before a test counts the reads.
    probe: '/_headers',
  });
}

describe.skipIf(!NGINX)('nginx in front of the bucket (the operator setup in the README)', () => {
  it('serves the live release with its headers and the security headers, and the next deploy without a reload', async () => {
    await deployToS3(s3.store, v1);
    const nginx = await startNginxProxy(s3.endpoint, v1.manifest.csp);
    try {
      expect(await differences(nginx.get, v1, ['_headers'])).toEqual([]);
      const page = await nginx.get('/wenjian/guofa-2019-5/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe(REVALIDATE);
      expect(page.headers.get('content-security-policy')).toBe(v1.manifest.csp);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await nginx.get('/_astro/site.B7dX2k9q.css')).headers.get('cache-control')).toBe(IMMUTABLE);
      const missing = await nginx.get('/wenjian/nope/');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-security-policy')).toBe(v1.manifest.csp);
      expect(await missing.text()).toContain('页面不存在');
      expect(await brokenOnServer(nginx.get, pagesOf(v1.manifest))).toEqual([]);
      await deployToS3(s3.store, v2);
      await switchSeen(nginx.get, v2);
      expect(await differences(nginx.get, v2, ['_headers'])).toEqual([]);
      await rollbackS3(s3.store, releases.releaseRoot);
      await switchSeen(nginx.get, v1);
      expect(await differences(nginx.get, v1, ['_headers'])).toEqual([]);
    } finally {
      await nginx.stop();
    }
  });

  it('a URL without its trailing slash gets a 301 to the slash form, as nginx gives for a directory; a missing one the 404 page', async () => {
    await deployToS3(s3.store, v1);
    const nginx = await startNginxProxy(s3.endpoint, v1.manifest.csp);
    try {
      for (const page of pagesOf(v1.manifest).filter((p) => p !== '/')) {
        const r = await nginx.get(page.slice(0, -1));
        expect(r.status, page).toBe(301);
        expect(new URL(r.headers.get('location')!).pathname, page).toBe(page);
      }
      const withQuery = await nginx.get('/wenjian/guofa-2019-5?from=share');
      expect([withQuery.status, new URL(withQuery.headers.get('location')!).search]).toEqual([301, '?from=share']);
      expect((await nginx.get('/wenjian')).status).toBe(301);
      // Not a folder of the release: the release's 404 page with the security headers, no redirect.
      for (const path of ['/wenjian/nope', '/wenjian/nope/', '/_astro/nope.css', '/wenjian/guofa-2019-5/index.html/']) {
        const r = await nginx.get(path);
        expect(r.status, path).toBe(404);
        expect(r.headers.get('content-security-policy'), path).toBe(v1.manifest.csp);
        expect(await r.text(), path).toContain('页面不存在');
      }
      const page = await nginx.get('/wenjian/guofa-2019-5/');
      expect([page.status, (await page.text()).includes('<p>正文。</p>')]).toEqual([200, true]);
    } finally {
      await nginx.stop();
    }
  });

  it(`reads the pointer from the bucket at most once every ${POINTER_CACHE_SECONDS} s however many requests come, and a switch is seen within ${SWITCH_SEEN_WITHIN_SECONDS} s, each page whole`, async () => {
    await deployToS3(s3.store, v1);
    const nginx = await startNginxProxy(s3.endpoint, v1.manifest.csp);
    const pointerReads: number[] = [];
    s3.hooks.before = (r) => {
      if (r.key === s3Keys.pointer && (r.method === 'HEAD' || r.method === 'GET')) pointerReads.push(performance.now());
    };
    try {
      const pages = pagesOf(v1.manifest);
      const started = performance.now();
      let requests = 0;
      for (let round = 0; round < 5; round++) {
        for (const page of pages) {
          expect((await nginx.get(page)).status, `${page}\n${nginx.errorLog()}`).toBe(200);
          requests++;
        }
      }
      const elapsed = performance.now() - started;
      const reads = pointerReads.length;
      // Without the cache every request reads the pointer (the recipe before did); with it, one read per interval.
      expect(requests).toBeGreaterThanOrEqual(20);
      expect(pointerReads.length).toBeGreaterThanOrEqual(1);
      expect(pointerReads.length).toBeLessThanOrEqual(Math.ceil(elapsed / (POINTER_CACHE_SECONDS * 1000)) + 1);
      // The switch: every answer is the whole old page or the whole new one, and the new one comes within the interval.
      const deployed = await deployToS3(s3.store, v2);
      const switched = performance.now();
      const seen = await switchSeen(nginx.get, v2);
      expect(seen.ms).toBeLessThanOrEqual(SWITCH_SEEN_WITHIN_SECONDS * 1000 + 500);
      expect(seen.old + seen.new).toBe(seen.polls);
      expect(deployed.version).toBe('2.0.0');
      figures.push(`nginx pointer micro-cache: ${requests} requests in ${Math.round(elapsed)} ms read the pointer ${reads} times; the switch was seen ${Math.round(seen.ms)} ms after deploy returned (${Math.round(performance.now() - switched)} ms incl. checks), ${seen.polls} polls, every one a whole page`);
    } finally {
      s3.hooks.before = undefined;
      await nginx.stop();
    }
  });
});

describe('npm run deploy -- --nginx-conf', () => {
  it('writes the server {} part and, beside it, the http {} part with the pointer cache zone, and says where each goes', async () => {
    const dir = tempDir();
    const r = spawnSync('npx', ['tsx', 'scripts/deploy.ts', '--target', 's3', '--nginx-conf', join(dir, 'jiedu-s3.conf'), '--release-dir', releases.releaseRoot, '--version', '1.0.0'], {
      encoding: 'utf8',
      env: { ...process.env, ...s3.env },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'jiedu-s3.conf'), 'utf8')).toBe(renderNginxProxyConf({ upstream: s3.endpoint, bucketPath: '/site/', prefix: '', csp: v1.manifest.csp }));
    expect(readFileSync(join(dir, 'jiedu-s3.http.conf'), 'utf8')).toBe(renderNginxProxyHttpConf());
    expect(readFileSync(join(dir, 'jiedu-s3.http.conf'), 'utf8')).toContain('keys_zone=jiedu_live:');
    expect(r.stdout).toContain(`${join(dir, 'jiedu-s3.conf')}（在 server {} 中 include）和 ${join(dir, 'jiedu-s3.http.conf')}（在 http {} 中、server {} 之外 include`);
    expect(r.stdout).toContain(`部署切换后最多约 ${SWITCH_SEEN_WITHIN_SECONDS} 秒所有读者都看到新版本`);
  });
});

const figures: string[] = [];
afterAll(() => {
  if (figures.length) console.log(figures.join('\n'));
});

/**
 * Polls /wenjian/guofa-2019-5/ through nginx until it is the page of `release` (at most 10 s); each answer must be
 * that page or the other release's, byte for byte. Returns how long it took and what the polls got.
 */
async function switchSeen(get: (path: string) => Promise<Response>, release: LoadedRelease): Promise<{ ms: number; polls: number; old: number; new: number }> {
  const file = 'wenjian/guofa-2019-5/index.html';
  const wanted = release.files.get(file)!;
  const others = [v1, v2, v3].map((r) => r.files.get(file)!).filter((b) => !b.equals(wanted));
  const started = performance.now();
  let polls = 0;
  let old = 0;
  for (;;) {
    const body = Buffer.from(await (await get(`/${file.replace(/index\.html$/, '')}`)).arrayBuffer());
    polls++;
    if (body.equals(wanted)) return { ms: performance.now() - started, polls, old, new: 1 };
    if (others.some((o) => o.equals(body))) old++;
    if (performance.now() - started > 10_000) throw new Error(`nginx 在 10 秒内没有切换到 ${release.manifest.version}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
