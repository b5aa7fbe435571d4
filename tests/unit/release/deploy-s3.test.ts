// Deploys releases of the fixture site to a real S3 server (s3rver) on 127.0.0.1 and reads the site back.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeFor, IMMUTABLE, REVALIDATE } from '../../../src/release/headers';
import { createS3Client, deployToS3, readLiveState, rollbackS3, s3SettingsFromEnv, s3Store, uploadPhase, type ObjectStore } from '../../../src/release/deploy-s3';
import { loadRelease, type LoadedRelease } from '../../../src/release/load-release';
import type { ReleaseManifest } from '../../../src/release/manifest';
import { brokenOnServer, NEW_INTERPRETATION, startS3, tempDir, threeReleases } from './helpers';

type S3 = Awaited<ReturnType<typeof startS3>>;

const pagesOf = (m: ReleaseManifest) =>
  m.files.filter((f) => f.path.endsWith('index.html')).map((f) => `/${f.path.replace(/index\.html$/, '')}`);

/** Every file of a release as the website serves it, compared with the release's bytes. */
async function differences(s3: S3, release: LoadedRelease): Promise<string[]> {
  const out: string[] = [];
  for (const f of release.manifest.files) {
    const r = await s3.get(`/${f.path}`);
    const body = Buffer.from(await r.arrayBuffer());
    if (r.status !== 200 || !body.equals(release.files.get(f.path)!)) out.push(f.path);
  }
  return out;
}

/** A store that records the order of writes and can refuse every put after the first `failAfter`. */
function recording(store: ObjectStore, failAfter = Infinity): ObjectStore & { puts: string[] } {
  const puts: string[] = [];
  return {
    ...store,
    puts,
    async put(key, body, meta) {
      if (puts.length >= failAfter) throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      puts.push(key);
      await store.put(key, body, meta);
    },
  };
}

let releases: Awaited<ReturnType<typeof threeReleases>>;
let v1: LoadedRelease;
let v2: LoadedRelease;
let v3: LoadedRelease;
let s3: S3;

beforeEach(async () => {
  releases ??= await threeReleases();
  v1 ??= await loadRelease(releases.v1.dir);
  v2 ??= await loadRelease(releases.v2.dir);
  v3 ??= await loadRelease(releases.v3.dir);
  s3 = await startS3();
});
afterEach(async () => {
  await s3.close();
});

describe('deploying to S3-compatible storage', () => {
  it('the first deploy uploads every file with its Content-Type and Cache-Control, and the site reads back', async () => {
    const report = await deployToS3(s3.store, v1);
    expect(report.uploaded).toHaveLength(v1.manifest.files.length);
    expect(await differences(s3, v1)).toEqual([]);
    const home = await s3.get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.headers.get('cache-control')).toBe(REVALIDATE);
    expect(await home.text()).toContain('<h1>政策解读示范站</h1>');
    const css = await s3.get('/_astro/site.B7dX2k9q.css');
    expect(css.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const f of v1.manifest.files) {
      const r = await s3.get(`/${f.path}`);
      await r.arrayBuffer();
      expect([r.headers.get('content-type'), r.headers.get('cache-control')], f.path).toEqual([contentTypeFor(f.path), cacheControlFor(f.path)]);
    }
    expect((await s3.get('/wenjian/nope/')).status).toBe(404);
    expect(await brokenOnServer(s3.get, pagesOf(v1.manifest))).toEqual([]);
    const live = await readLiveState(s3.store);
    expect(live.pointer).toMatchObject({ version: '1.0.0', history: ['1.0.0'] });
    expect(live.pending).toBeUndefined();
  });

  it('a later deploy uploads only changed files: hashed assets first, pages after them, the pointer last', async () => {
    await deployToS3(s3.store, v1);
    const store = recording(s3.store);
    const report = await deployToS3(store, v2);
    const changed = v2.manifest.files.filter((f) => v1.manifest.files.find((o) => o.path === f.path)?.sha256 !== f.sha256).map((f) => f.path);
    expect([...report.uploaded].sort()).toEqual(changed.sort());
    expect(report.skipped).toBe(v2.manifest.files.length - changed.length);
    expect(store.puts[0]).toBe('_releases/2.0.0.json');
    expect(store.puts[1]).toBe('_releases/pending.json');
    expect(store.puts.at(-2)).toBe('_releases/2.0.0.tar.gz');
    expect(store.puts.at(-1)).toBe('_releases/current.json');
    const files = store.puts.slice(2, -2);
    expect(files[0]).toBe('_astro/site.Vx2Lm8Qa.css');
    const phases = files.map(uploadPhase);
    expect(phases).toEqual([...phases].sort());
    expect(await differences(s3, v2)).toEqual([]);
    expect(await (await s3.get(`/${NEW_INTERPRETATION}`)).text()).toContain('答记者问');
  });

  it('assets of the previous release stay until two releases later; objects that are not ours are never deleted', async () => {
    await s3.store.put('MP_verify_abc.txt', Buffer.from('wechat'), { contentType: 'text/plain', cacheControl: REVALIDATE });
    await deployToS3(s3.store, v1);
    const second = await deployToS3(s3.store, v2);
    expect(second.deleted).toEqual([]);
    // Pages still in caches from 1.0.0 use this stylesheet.
    expect((await s3.get('/_astro/site.B7dX2k9q.css')).status).toBe(200);
    const third = await deployToS3(s3.store, v3);
    expect(third.deleted).toEqual(['_astro/site.B7dX2k9q.css']);
    expect((await s3.get('/_astro/site.B7dX2k9q.css')).status).toBe(404);
    // 2.0.0's stylesheet and withdrawn page stay for pages cached from 2.0.0.
    expect((await s3.get('/_astro/site.Vx2Lm8Qa.css')).status).toBe(200);
    expect((await s3.get('/MP_verify_abc.txt')).status).toBe(200);
    expect(await differences(s3, v3)).toEqual([]);
  });

  it('deploying the live version again does nothing', async () => {
    await deployToS3(s3.store, v1);
    const again = await deployToS3(recording(s3.store), v1);
    expect(again).toMatchObject({ unchanged: true, uploaded: [] });
  });

  it('a refused upload half-way stops the deploy, the previous release is still served whole, and running again completes it', async () => {
    await deployToS3(s3.store, v1);
    // The manifest, the pending marker and the new stylesheet go up; the new share image is refused.
    const failing = recording(s3.store, 3);
    const error = await deployToS3(failing, v2).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^上传 \S+ 失败：HTTP 403 AccessDenied: Access Denied\n {2}部署 2\.0\.0 已停止，线上版本记录仍是 1\.0\.0。线上仍完整提供 1\.0\.0/);
    expect((error as Error).message).toContain('重新运行 npm run deploy 会继续完成本次部署');
    expect(await differences(s3, v1)).toEqual([]);
    expect(await brokenOnServer(s3.get, pagesOf(v1.manifest))).toEqual([]);
    const live = await readLiveState(s3.store);
    expect(live.pointer?.version).toBe('1.0.0');
    expect(live.pending?.version).toBe('2.0.0');
    await deployToS3(s3.store, v2);
    expect(await differences(s3, v2)).toEqual([]);
    expect((await readLiveState(s3.store)).pending).toBeUndefined();
  });

  it('a deploy stopped while replacing pages leaves every page whole: old and new pages both find their assets', async () => {
    await deployToS3(s3.store, v1);
    const nonPages = v2.manifest.files.filter((f) => uploadPhase(f.path) < 2 && v1.manifest.files.find((o) => o.path === f.path)?.sha256 !== f.sha256).length;
    await expect(deployToS3(recording(s3.store, 2 + nonPages + 3), v2)).rejects.toThrow(/部分网页可能已是新版本；新旧网页引用的资源都在/);
    expect(await brokenOnServer(s3.get, [...new Set([...pagesOf(v1.manifest), ...pagesOf(v2.manifest)])].filter((p) => p !== '/jiedu/guofa-2019-5-wenda/'))).toEqual([]);
    // Rolling back after an interrupted deploy restores the release that was live, byte for byte.
    const back = await rollbackS3(s3.store, releases.releaseRoot);
    expect(back.version).toBe('1.0.0');
    expect(await differences(s3, v1)).toEqual([]);
    expect((await readLiveState(s3.store)).pointer).toMatchObject({ version: '1.0.0', history: ['1.0.0'] });
  });

  it('a deploy process killed after a few uploads leaves the previous release served, and a new run completes', async () => {
    await deployToS3(s3.store, v1);
    const child = spawn('npx', ['tsx', 'scripts/deploy.ts', '--target', 's3', '--version', '2.0.0', '--release-dir', releases.releaseRoot, '--concurrency', '1'], {
      env: { ...process.env, ...s3.env },
      stdio: 'pipe',
      // Its own process group, so the kill reaches the node process under npx too.
      detached: true,
    });
    let puts = 0;
    const onRequest = (req: IncomingMessage) => {
      // Kill it (no chance to clean up) while it uploads the new assets: manifest, marker, stylesheet, image.
      if (req.method === 'PUT' && ++puts === 4) process.kill(-child.pid!, 'SIGKILL');
    };
    s3.server.httpServer.on('request', onRequest);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c, signal) => resolve(signal ? null : c)));
    s3.server.httpServer.off('request', onRequest);
    expect(code).toBeNull();
    const live = await readLiveState(s3.store);
    expect(live.pointer?.version).toBe('1.0.0');
    expect(live.pending?.version).toBe('2.0.0');
    expect(await brokenOnServer(s3.get, pagesOf(v1.manifest))).toEqual([]);
    expect(await differences(s3, v1)).toEqual([]);
    await deployToS3(s3.store, v2);
    expect(await differences(s3, v2)).toEqual([]);
  });

  it('rollback returns to the previous release from its archive and rewrites the pointer', async () => {
    await deployToS3(s3.store, v1);
    await deployToS3(s3.store, v2);
    await deployToS3(s3.store, v3);
    const back = await rollbackS3(s3.store, releases.releaseRoot);
    expect(back).toMatchObject({ version: '2.0.0', from: '3.0.0' });
    expect(await differences(s3, v2)).toEqual([]);
    expect((await readLiveState(s3.store)).pointer).toMatchObject({ version: '2.0.0', history: ['1.0.0', '2.0.0'] });
    const again = await rollbackS3(s3.store, releases.releaseRoot);
    expect(again.version).toBe('1.0.0');
    expect(await differences(s3, v1)).toEqual([]);
    await expect(rollbackS3(s3.store, releases.releaseRoot)).rejects.toThrow(/线上版本 1\.0\.0 之前没有部署过其他版本，无从回滚/);
  });

  it('rollback on a machine without release/ (a fresh CI runner) takes the archive from the bucket', async () => {
    await deployToS3(s3.store, v1);
    await deployToS3(s3.store, v2);
    const empty = join(tempDir(), 'release');
    const back = await rollbackS3(s3.store, empty);
    expect(back.version).toBe('1.0.0');
    expect(await differences(s3, v1)).toEqual([]);
    expect(existsSync(join(empty, '1.0.0', 'manifest.json'))).toBe(true);
  });

  it('npm run rollback works on the command line with the same environment', async () => {
    await deployToS3(s3.store, v1);
    await deployToS3(s3.store, v2);
    const child = spawn('npx', ['tsx', 'scripts/rollback.ts', '--target', 's3', '--release-dir', releases.releaseRoot], { env: { ...process.env, ...s3.env }, stdio: 'pipe' });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('完成');
    expect(out).toContain('2.0.0 → 1.0.0');
    expect(await differences(s3, v1)).toEqual([]);
  });
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
