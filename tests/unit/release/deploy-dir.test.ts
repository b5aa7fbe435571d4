// Deploys releases of the fixture site to a directory, serves <root>/current/site with the release's
// _headers applied, and reads the site back.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory } from '../../support/static-server';
import { deployToDirectory, liveVersion, readHistory, rollbackDirectory } from '../../../src/release/deploy-dir';
import { IMMUTABLE, REVALIDATE } from '../../../src/release/headers';
import { loadRelease, type LoadedRelease } from '../../../src/release/load-release';
import { listSiteFiles, sha256Hex } from '../../../src/release/site-files';
import { brokenOnServer, copySite, edit, makeSiteV2, makeSiteV3, NGINX, release, startNginx, tempDir, threeReleases } from './helpers';

let releases: Awaited<ReturnType<typeof threeReleases>>;
let v1: LoadedRelease;
let v2: LoadedRelease;
let v3: LoadedRelease;
beforeAll(async () => {
  releases = await threeReleases();
  [v1, v2, v3] = await Promise.all([loadRelease(releases.v1.dir), loadRelease(releases.v2.dir), loadRelease(releases.v3.dir)]);
});

/** The first 12 hex of the sha256 of a release's manifest.json: what tells two releases of one version apart. */
function hash12(r: LoadedRelease): string {
  return sha256Hex(r.extras.get('manifest.json')!).slice(0, 12);
}

/** Every file of a folder with its inode, modification time and sha256: equal before and after means untouched. */
function folderState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of listSiteFiles(dir)) {
    const st = lstatSync(join(dir, path));
    out[path] = `${st.ino} ${st.mtimeMs} ${sha256Hex(readFileSync(join(dir, path)))}`;
  }
  return out;
}

/**
 * Runs `npx tsx <args>` as spawnSync would report it, without blocking this process's event loop: the test's HTTP
 * server keeps answering meanwhile. With spawnSync the server's keep-alive timer fired as soon as the loop was free
 * again, closing a socket the client was about to reuse (ECONNRESET under load, seen in CI).
 */
function runTsx(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Serves root/current/site as a CDN would with the release's _headers. */
async function serve(root: string): Promise<{ get: (path: string, init?: RequestInit) => Promise<Response>; close: () => void }> {
  const { server, url } = await serveDirectory(join(root, 'current', 'site'), { headers: true });
  return { get: (path, init) => fetch(url + path, { redirect: 'manual', ...init }), close: () => (server as Server).close() };
}

async function servesRelease(get: (path: string) => Promise<Response>, release: LoadedRelease): Promise<string[]> {
  const wrong: string[] = [];
  for (const f of release.manifest.files.filter((f) => f.path !== '_headers')) {
    const r = await get(`/${f.path}`);
    if (r.status !== 200 || !Buffer.from(await r.arrayBuffer()).equals(release.files.get(f.path)!)) wrong.push(f.path);
  }
  return wrong;
}

describe('deploying to a directory on an origin server', () => {
  it('unpacks the release under releases/<version>/ and points current at it; the site reads back with its headers', async () => {
    const root = tempDir();
    const report = await deployToDirectory(root, v1);
    expect(report).toMatchObject({ version: '1.0.0', from: null, reused: false });
    expect(liveVersion(root)).toBe('1.0.0');
    expect(readdirSync(join(root, 'releases', '1.0.0')).sort()).toEqual(['RELEASE-NOTES.md', 'headers.nginx.conf', 'manifest.json', 'site']);
    const site = await serve(root);
    try {
      expect(await servesRelease(site.get, v1)).toEqual([]);
      const page = await site.get('/wenjian/guofa-2019-5/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe(REVALIDATE);
      expect(page.headers.get('content-security-policy')).toBe(v1.manifest.csp);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(page.headers.get('permissions-policy')).toContain('camera=()');
      const css = await site.get('/_astro/site.B7dX2k9q.css');
      expect(css.headers.get('cache-control')).toBe(IMMUTABLE);
      const etag = page.headers.get('etag')!;
      expect((await site.get('/wenjian/guofa-2019-5/', { headers: { 'If-None-Match': etag } })).status).toBe(304);
      const missing = await site.get('/wenjian/nope/');
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('页面不存在');
      expect((await site.get('/_headers')).status).toBe(404);
      expect(await brokenOnServer(site.get, ['/', '/wenjian/guofa-2019-5/', '/jiedu/guofa-2019-5-jiedu/', '/tujie/guofa-2019-5-tujie/'])).toEqual([]);
    } finally {
      site.close();
    }
  });

  it('switches to a new release with one rename, while the server keeps running', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    const site = await serve(root);
    try {
      expect(await (await site.get('/wenjian/guofa-2019-5/')).text()).toContain('<p>正文。</p>');
      const report = await deployToDirectory(root, v2);
      expect(report.from).toBe('1.0.0');
      expect(await (await site.get('/wenjian/guofa-2019-5/')).text()).toContain('<p>正文（已修订）。</p>');
      expect(await servesRelease(site.get, v2)).toEqual([]);
      expect(readHistory(root)).toEqual(['1.0.0', '2.0.0']);
    } finally {
      site.close();
    }
  });

  it('a deploy stopped before the switch leaves the previous release served whole', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    await expect(
      deployToDirectory(root, v2, {
        beforeSwitch: () => {
          throw new Error('进程在切换前被终止');
        },
      }),
    ).rejects.toThrow('进程在切换前被终止');
    expect(liveVersion(root)).toBe('1.0.0');
    const site = await serve(root);
    try {
      expect(await servesRelease(site.get, v1)).toEqual([]);
    } finally {
      site.close();
    }
    // Deploying again reuses what was unpacked and switches.
    expect(await deployToDirectory(root, v2)).toMatchObject({ version: '2.0.0', reused: true });
  });

  it('a deploy process killed while unpacking leaves current untouched and no half release in releases/', async () => {
    // A release with thousands of files, so the kill lands while it is being unpacked.
    const site = copySite();
    makeSiteV2(site);
    mkdirSync(join(site, 'bulk'));
    for (let i = 0; i < 4000; i++) writeFileSync(join(site, 'bulk', `${i}.txt`), `文件 ${i}\n`);
    await release(site, releases.releaseRoot, '2.1.0', '2026-11-27T02:30:00Z');
    const root = tempDir();
    await deployToDirectory(root, v1);
    const child = spawn('npx', ['tsx', 'scripts/deploy.ts', '--target', 'dir', '--dir', root, '--version', '2.1.0', '--release-dir', releases.releaseRoot], {
      stdio: 'ignore',
      // Its own process group, so the kill reaches the node process under npx too.
      detached: true,
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('the deploy never started unpacking')), 60_000);
      const watcher = watch(join(root, 'releases'), (_event, name) => {
        if (!String(name).startsWith('.staging-')) return;
        process.kill(-child.pid!, 'SIGKILL');
        watcher.close();
        clearTimeout(timeout);
        resolve();
      });
    });
    await exited;
    expect(liveVersion(root)).toBe('1.0.0');
    expect(existsSync(join(root, 'releases', '2.1.0'))).toBe(false);
    expect(readdirSync(join(root, 'releases')).some((d) => d.startsWith('.staging-'))).toBe(true);
    const served = await serve(root);
    try {
      expect(await servesRelease(served.get, v1)).toEqual([]);
    } finally {
      served.close();
    }
    // The lock of the dead process is taken over; the next deploy completes and removes the half-unpacked copy.
    await deployToDirectory(root, v2);
    expect(liveVersion(root)).toBe('2.0.0');
    expect(readdirSync(join(root, 'releases')).filter((d) => d.startsWith('.'))).toEqual([]);
  });

  it('rollback swaps current back to the previous release, and again to the one before', async () => {
    const root = tempDir();
    for (const r of [v1, v2, v3]) await deployToDirectory(root, r);
    const site = await serve(root);
    try {
      expect(await rollbackDirectory(root)).toMatchObject({ version: '2.0.0', from: '3.0.0' });
      expect(await servesRelease(site.get, v2)).toEqual([]);
      expect((await rollbackDirectory(root)).version).toBe('1.0.0');
      expect(await servesRelease(site.get, v1)).toEqual([]);
      await expect(rollbackDirectory(root)).rejects.toThrow(/线上版本 1\.0\.0 之前没有部署过其他版本，无从回滚/);
      expect((await rollbackDirectory(root, { to: '3.0.0' })).version).toBe('3.0.0');
    } finally {
      site.close();
    }
  });

  it('rollback keeps the deploy order: after --to a plain rollback goes on back in that order, --to a newer release still works, and a rollback right after a deploy undoes it', async () => {
    const root = tempDir();
    for (const r of [v1, v2, v3]) await deployToDirectory(root, r);
    expect((await rollbackDirectory(root)).version).toBe('2.0.0');
    expect((await rollbackDirectory(root)).version).toBe('1.0.0');
    // Rollbacks only switch: the deploy order is whole (it used to be cut to ["1.0.0"]).
    expect(readHistory(root)).toEqual(['1.0.0', '2.0.0', '3.0.0']);
    expect(await rollbackDirectory(root, { to: '3.0.0' })).toMatchObject({ version: '3.0.0', from: '1.0.0' });
    // Back from 3.0.0 reached by --to: the release deployed before it, not the one live before the --to.
    expect(await rollbackDirectory(root)).toMatchObject({ version: '2.0.0', from: '3.0.0' });
    expect(await rollbackDirectory(root)).toMatchObject({ version: '1.0.0', from: '2.0.0' });
    await expect(rollbackDirectory(root)).rejects.toThrow(/线上版本 1\.0\.0 之前没有部署过其他版本，无从回滚（.* 的部署顺序中它是最早的）。线上仍是 1\.0\.0。/);
    // A deploy made after rolling back (2.0.0 live, 3.0.0 withdrawn): a rollback undoes it, to 2.0.0, not to 3.0.0.
    await rollbackDirectory(root, { to: '2.0.0' });
    const site = copySite();
    makeSiteV2(site);
    makeSiteV3(site);
    edit(site, 'wenjian/guofa-2019-5/index.html', (t) => t.replace('</main>', '<p>第四版。</p></main>'));
    const v4 = await loadRelease((await release(site, join(tempDir(), 'release'), '4.0.0', '2026-11-27T04:00:00Z')).dir);
    await deployToDirectory(root, v4);
    expect(readHistory(root)).toEqual(['1.0.0', '2.0.0', '3.0.0', '4.0.0']);
    expect(await rollbackDirectory(root)).toMatchObject({ version: '2.0.0', from: '4.0.0' });
    expect(await rollbackDirectory(root)).toMatchObject({ version: '1.0.0', from: '2.0.0' });
    // Every switch is in the record, oldest first.
    const record = JSON.parse(readFileSync(join(root, 'history.json'), 'utf8')) as { switches: { from: string | null; to: string; by: string }[] };
    expect(record.switches.map((s) => `${s.by} ${s.from ?? '-'}→${s.to}`)).toEqual([
      'deploy -→1.0.0',
      'deploy 1.0.0→2.0.0',
      'deploy 2.0.0→3.0.0',
      'rollback 3.0.0→2.0.0',
      'rollback 2.0.0→1.0.0',
      'rollback 1.0.0→3.0.0',
      'rollback 3.0.0→2.0.0',
      'rollback 2.0.0→1.0.0',
      'rollback 1.0.0→2.0.0',
      'deploy 2.0.0→4.0.0',
      'rollback 4.0.0→2.0.0',
      'rollback 2.0.0→1.0.0',
    ]);
  });

  it('npm run rollback swaps the symlink back on the command line', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    await deployToDirectory(root, v2);
    const r = await runTsx(['scripts/rollback.ts', '--target', 'dir', '--dir', root]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2.0.0 → 1.0.0');
    expect(liveVersion(root)).toBe('1.0.0');
  });

  it('keeps the last N releases and never removes the live one', async () => {
    const root = tempDir();
    for (const r of [v1, v2, v3]) await deployToDirectory(root, r, { keep: 2 });
    expect(readdirSync(join(root, 'releases')).sort()).toEqual(['2.0.0', '3.0.0']);
    await rollbackDirectory(root);
    await expect(rollbackDirectory(root)).rejects.toThrow(/版本 1\.0\.0 的目录 .* 已不存在（只保留最近的几个版本）。线上仍是 2\.0\.0/);
    expect(liveVersion(root)).toBe('2.0.0');
  });

  it('refuses to run while another deploy holds the lock, and never writes a live folder whose manifest differs in place', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    writeFileSync(join(root, '.deploy.lock'), String(process.pid));
    await expect(deployToDirectory(root, v2)).rejects.toThrow(/另一个部署正在使用 .*：主机 \S+ 上的进程 \d+（部署，开始于 \?）持有部署锁 /);
    writeFileSync(join(root, '.deploy.lock'), '999999999');
    await deployToDirectory(root, v2);
    writeFileSync(join(root, 'releases', '2.0.0', 'manifest.json'), '{}');
    const before = folderState(join(root, 'releases', '2.0.0'));
    const report = await deployToDirectory(root, v2);
    // Not the same release any more (its manifest differs): a whole copy beside it, then the switch.
    expect(report.releaseDir).toBe(join(root, 'releases', `2.0.0-${hash12(v2)}`));
    expect(readlinkSync(join(root, 'current'))).toBe(`releases/2.0.0-${hash12(v2)}`);
    expect(folderState(join(root, 'releases', '2.0.0'))).toEqual(before);
    const site = await serve(root);
    try {
      expect(await servesRelease(site.get, v2)).toEqual([]);
    } finally {
      site.close();
    }
  });

  it('a re-release of the live version (release --force, other content) is told by its manifest hash: unpacked beside the live folder, which is never touched, and switched to; rollbacks return to the first one', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    await deployToDirectory(root, v2);
    // The same version released again from changed content, as release --force does.
    const site = copySite();
    makeSiteV2(site);
    edit(site, 'wenjian/guofa-2019-5/index.html', (t) => t.replace('<p>正文（已修订）。</p>', '<p>正文（再次修订）。</p>'));
    const againRoot = join(tempDir(), 'release');
    const again = await loadRelease((await release(site, againRoot, '2.0.0', '2026-11-27T04:00:00Z')).dir);
    expect(again.manifest.version).toBe(v2.manifest.version);
    const liveFolder = join(root, 'releases', '2.0.0');
    const before = folderState(liveFolder);
    const served = await serve(root);
    try {
      const logs: string[] = [];
      const report = await deployToDirectory(root, again, {
        log: (m) => logs.push(m),
        // Everything is unpacked and readers still get the first 2.0.0, whole.
        beforeSwitch: async () => {
          expect(readlinkSync(join(root, 'current'))).toBe('releases/2.0.0');
          expect(await servesRelease(served.get, v2)).toEqual([]);
        },
      });
      const entry = `2.0.0-${hash12(again)}`;
      expect(report).toMatchObject({ version: '2.0.0', from: '2.0.0', reused: false, releaseDir: join(root, 'releases', entry) });
      expect(logs.join('\n')).toContain(`releases/2.0.0 中是版本 2.0.0 的另一次发布（清单的 sha256 不同，可能用 release --force 重新生成过），正在提供服务；本次发布解包到 releases/${entry}/，不改动原目录。`);
      expect(readlinkSync(join(root, 'current'))).toBe(`releases/${entry}`);
      expect(liveVersion(root)).toBe('2.0.0');
      expect(readHistory(root)).toEqual(['1.0.0', '2.0.0', entry]);
      expect(await servesRelease(served.get, again)).toEqual([]);
      expect(await (await served.get('/wenjian/guofa-2019-5/')).text()).toContain('正文（再次修订）');
      expect(folderState(liveFolder)).toEqual(before);
      // Deploying it again finds it by its hash, checks it and changes nothing.
      expect(await deployToDirectory(root, again)).toMatchObject({ reused: true, repaired: [], releaseDir: join(root, 'releases', entry) });
      expect(readHistory(root)).toEqual(['1.0.0', '2.0.0', entry]);
      // Rollback returns to the first 2.0.0, then to 1.0.0; --to 2.0.0 finds the newest release of that version.
      expect(await rollbackDirectory(root)).toMatchObject({ version: '2.0.0', from: '2.0.0', releaseDir: liveFolder });
      expect(await servesRelease(served.get, v2)).toEqual([]);
      expect((await rollbackDirectory(root)).version).toBe('1.0.0');
      expect(await servesRelease(served.get, v1)).toEqual([]);
      await deployToDirectory(root, again);
      await deployToDirectory(root, v3);
      expect(await rollbackDirectory(root, { to: '2.0.0' })).toMatchObject({ version: '2.0.0', from: '3.0.0', releaseDir: join(root, 'releases', entry) });
      expect(await servesRelease(served.get, again)).toEqual([]);
      // On the command line too: the old code refused this deploy.
      await deployToDirectory(root, v2);
      const r = await runTsx(['scripts/deploy.ts', '--target', 'dir', '--dir', root, '--version', '2.0.0', '--release-dir', againRoot]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`已切换到 2.0.0（releases/${entry}）（原为 2.0.0）`);
      expect(await servesRelease(served.get, again)).toEqual([]);
    } finally {
      served.close();
    }
  });

  it('a current that is a plain directory is reported, not overwritten', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'current'), { recursive: true });
    writeFileSync(join(root, 'current', 'index.html'), 'hand-made');
    await expect(deployToDirectory(root, v1)).rejects.toThrow(/是普通目录而不是符号链接/);
    expect(readFileSync(join(root, 'current', 'index.html'), 'utf8')).toBe('hand-made');
  });
});

describe('directory deploys that cannot break the live site', () => {
  it('a manifest whose version is a path is refused when the release is loaded, and nothing outside --dir is touched', async () => {
    const base = tempDir();
    const root = join(base, 'srv', 'jiedu');
    mkdirSync(join(base, 'x'), { recursive: true });
    writeFileSync(join(base, 'x', 'keep.txt'), '别删我');
    const dir = join(tempDir(), '1.0.0');
    cpSync(releases.v1.dir, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: '../../x' }));
    await expect(loadRelease(dir)).rejects.toThrow(/manifest\.json 中的版本号 "\.\.\/\.\.\/x" 不合法/);
    // A release built in memory with such a version is refused too, before the lock or any folder is made.
    await expect(deployToDirectory(root, { ...v1, manifest: { ...v1.manifest, version: '../../x' } })).rejects.toThrow(/版本号 "\.\.\/\.\.\/x" 不合法/);
    expect(readFileSync(join(base, 'x', 'keep.txt'), 'utf8')).toBe('别删我');
    expect(existsSync(root)).toBe(false);
    await expect(rollbackDirectory(root, { to: '../x' })).rejects.toThrow(/--to 中的版本号 "\.\.\/x" 不合法/);
  });

  it('a full disk while unpacking stops the deploy with a clear message, leaves no staging, and the retry succeeds once there is room', async () => {
    const root = tempDir();
    // A real full disk where this machine allows a small tmpfs (as root); an injected ENOSPC elsewhere.
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', root]).status === 0;
    try {
      await deployToDirectory(root, v1);
      const big = Buffer.alloc(400 * 1024, 1);
      const filler = join(root, 'filler.bin');
      const enospc = (file: string, data: Buffer) => {
        if (file.includes('wenjian')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        writeFileSync(file, data);
      };
      if (mounted) writeFileSync(filler, big.subarray(0, 600 * 1024 - 3 * v1.manifest.counts.bytes));
      for (let attempt = 0; attempt < 3; attempt++) {
        const error = await deployToDirectory(root, v2, mounted ? {} : { writeFile: enospc }).catch((e: Error) => e);
        expect((error as Error).message).toMatch(
          /^\S+ 所在的磁盘已满，部署 2\.0\.0 到 \S+ 没有完成（ENOSPC，写入 .*\.staging-2\.0\.0-\d+\/site\/.* 时）。已删除未完成的解包目录 .*\.staging-2\.0\.0-\d+。线上版本没有改变，仍是 1\.0\.0。\n {2}请先用 df -h \S+ 查看该磁盘的剩余空间/,
        );
        expect(readdirSync(join(root, 'releases')).sort()).toEqual(['1.0.0']);
        expect(liveVersion(root)).toBe('1.0.0');
      }
      rmSync(filler, { force: true });
      expect((await deployToDirectory(root, v2)).version).toBe('2.0.0');
      figuresNote.push(`full-disk test used ${mounted ? 'a 600 KiB tmpfs' : 'an injected ENOSPC'}`);
    } finally {
      if (mounted) spawnSync('umount', [root]);
    }
  });

  it('quota and permission errors while unpacking get the same kind of message, naming the file, from one place', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    const expected: Record<string, RegExp> = {
      EDQUOT: /^用户 \S+ 在 \S+ 所在磁盘上的配额已用完，部署 2\.0\.0 到 \S+ 没有完成（EDQUOT，写入 \S+\/\.staging-2\.0\.0-\d+\/site\/\S+ 时）。已删除未完成的解包目录 \S+。线上版本没有改变，仍是 1\.0\.0。\n {2}请用 quota -s 查看配额，/,
      EACCES: /^用户 \S+ 没有写入权限，部署 2\.0\.0 到 \S+ 没有完成（EACCES，写入 \S+ 时）。已删除未完成的解包目录 \S+。线上版本没有改变，仍是 1\.0\.0。\n {2}请用 ls -ld /,
      EPERM: /^用户 \S+ 没有写入权限，部署 2\.0\.0 到 \S+ 没有完成（EPERM，写入 \S+ 时）。/,
    };
    for (const [code, message] of Object.entries(expected)) {
      const refuse = (file: string, data: Buffer) => {
        if (file.includes('wenjian')) throw Object.assign(new Error(`${code}: refused, write`), { code, syscall: 'write' });
        writeFileSync(file, data);
      };
      const error = (await deployToDirectory(root, v2, { writeFile: refuse }).catch((e: Error) => e)) as Error;
      expect(error.message, code).toMatch(message);
      expect(error.message, code).toContain('然后重新运行同一条命令。');
      expect(readdirSync(join(root, 'releases')), code).toEqual(['1.0.0']);
    }
    expect(liveVersion(root)).toBe('1.0.0');
  });

  it('temporary lock files left by killed or failed deploys are removed when the lock is next taken, but not one a live process may be using', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    const holder = (pid: number, nonce: string) => JSON.stringify({ host: hostname(), pid, startedAt: '2026-11-27T02:00:00.000Z', action: '部署 9.9.9', nonce });
    // Empty (a full disk failed the write) and two minutes old.
    writeFileSync(join(root, '.deploy.lock.0123456789abcdef'), '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(root, '.deploy.lock.0123456789abcdef'), old, old);
    // Written by a process that is gone.
    writeFileSync(join(root, '.deploy.lock.fedcba9876543210'), holder(999_999_999, 'fedcba9876543210'));
    // A process taking the lock right now (alive, just written), and a lock it is breaking: both kept.
    writeFileSync(join(root, '.deploy.lock.aaaaaaaaaaaaaaaa'), holder(process.ppid, 'aaaaaaaaaaaaaaaa'));
    writeFileSync(join(root, '.deploy.lock.stale-bbbbbbbbbbbbbbbb'), holder(999_999_999, 'cccccccccccccccc'));
    const logs: string[] = [];
    await deployToDirectory(root, v2, { log: (m) => logs.push(m) });
    expect(logs[0]).toBe('已清理被中断的部署留下的临时锁文件：.deploy.lock.0123456789abcdef、.deploy.lock.fedcba9876543210。');
    expect(readdirSync(root).filter((n) => n.startsWith('.deploy.lock')).sort()).toEqual(['.deploy.lock.aaaaaaaaaaaaaaaa', '.deploy.lock.stale-bbbbbbbbbbbbbbbb']);
    expect(liveVersion(root)).toBe('2.0.0');
  });

  it('a release folder whose name is not its manifest\'s version is refused, on the command line too, and the target is untouched', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    await deployToDirectory(root, v2);
    const evilRoot = join(tempDir(), 'release');
    cpSync(releases.v3.dir, join(evilRoot, 'evil'), { recursive: true });
    // Its manifest says 3.0.0, its folder says evil.
    await expect(loadRelease(join(evilRoot, 'evil'))).rejects.toThrow(
      new RegExp(`^发布目录 ${join(evilRoot, 'evil')} 的名字是 evil，但其中的 manifest\\.json 说它是版本 3\\.0\\.0：两者不一致，没有部署，部署目标没有任何改动。\n {2}目录可能被改名或复制错了。`),
    );
    const before = readdirSync(join(root, 'releases')).sort();
    const r = await runTsx(['scripts/deploy.ts', '--target', 'dir', '--dir', root, '--version', 'evil', '--release-dir', evilRoot]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('部署失败：发布目录');
    expect(r.stderr).toContain(`请确认它是哪个版本：是 3.0.0 就把目录改回 ${join(evilRoot, '3.0.0')}`);
    expect(readdirSync(join(root, 'releases')).sort()).toEqual(before);
    expect(liveVersion(root)).toBe('2.0.0');
  });

  it('a non-live folder holding another release of the version is never replaced: beside it, or when both names are taken, a refusal naming them', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    await deployToDirectory(root, v2);
    // releases/1.0.0 and releases/1.0.0-<hash12 of v1> both hold other releases of 1.0.0 (other manifests).
    const plain = join(root, 'releases', '1.0.0');
    const hashed = join(root, 'releases', `1.0.0-${hash12(v1)}`);
    cpSync(plain, hashed, { recursive: true });
    for (const dir of [plain, hashed]) {
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { builtAt: string };
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, builtAt: `${m.builtAt} ${dir}` }));
    }
    const states = [folderState(plain), folderState(hashed)];
    await expect(deployToDirectory(root, v1)).rejects.toThrow(
      new RegExp(`releases/1\\.0\\.0 和 releases/1\\.0\\.0-${hash12(v1)} 都已存在，里面是版本 1\\.0\\.0 的其他发布（manifest\\.json 与本次发布包的不同）。为免覆盖另一次发布，本次没有部署，线上仍是 2\\.0\\.0。`),
    );
    expect([folderState(plain), folderState(hashed)]).toEqual(states);
    expect(liveVersion(root)).toBe('2.0.0');
    // A folder with no manifest at all is not a whole release: it is replaced.
    rmSync(join(hashed, 'manifest.json'));
    const logs: string[] = [];
    const report = await deployToDirectory(root, v1, { log: (m) => logs.push(m) });
    expect(report.releaseDir).toBe(hashed);
    expect(logs.join('\n')).toContain(`releases/1.0.0-${hash12(v1)} 中没有发布清单（不完整或已损坏），它不在线上，重新解包。`);
    expect(folderState(plain)).toEqual(states[0]);
    const served = await serve(root);
    try {
      expect(await servesRelease(served.get, v1)).toEqual([]);
    } finally {
      served.close();
    }
  });

  it('staging folders left by killed deploys are removed by the next deploy', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    mkdirSync(join(root, 'releases', '.staging-2.0.0-99999', 'site'), { recursive: true });
    writeFileSync(join(root, 'releases', '.staging-2.0.0-99999', 'site', 'index.html'), 'half');
    const logs: string[] = [];
    await deployToDirectory(root, v2, { log: (m) => logs.push(m) });
    expect(logs[0]).toBe('已清理上次中断的部署留下的 1 项：releases/.staging-2.0.0-99999。');
    expect(readdirSync(join(root, 'releases')).sort()).toEqual(['1.0.0', '2.0.0']);
  });

  it('deploying the live version again checks every file against the manifest and repairs what differs', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    const site = join(root, 'current', 'site');
    writeFileSync(join(site, 'wenjian/guofa-2019-5/index.html'), '<p>被改动</p>');
    rmSync(join(site, '_astro/site.B7dX2k9q.css'));
    writeFileSync(join(site, 'evil.html'), '<script>alert(1)</script>');
    const report = await deployToDirectory(root, v1);
    expect(report.repaired).toEqual(['site/_astro/site.B7dX2k9q.css', 'site/evil.html', 'site/wenjian/guofa-2019-5/index.html']);
    const served = await serve(root);
    try {
      expect(await servesRelease(served.get, v1)).toEqual([]);
      expect((await served.get('/evil.html')).status).toBe(404);
    } finally {
      served.close();
    }
    expect((await deployToDirectory(root, v1)).repaired).toEqual([]);
  });

  it('the nginx include is written once to <root>/headers.nginx.conf, and a changed one is reported with the reload command', async () => {
    const root = tempDir();
    const logs: string[] = [];
    await deployToDirectory(root, v1, { log: (m) => logs.push(m) });
    expect(logs.at(-1)).toContain(`include ${join(root, 'headers.nginx.conf')};`);
    expect(readFileSync(join(root, 'headers.nginx.conf'))).toEqual(v1.extras.get('headers.nginx.conf'));
    logs.length = 0;
    expect((await deployToDirectory(root, v2, { log: (m) => logs.push(m) })).nginxIncludeChanged).toBe(false);
    expect(logs.join('\n')).not.toContain('nginx');
    writeFileSync(join(root, 'headers.nginx.conf'), 'add_header X-Old "1";\n');
    const r = await deployToDirectory(root, v3, { log: (m) => logs.push(m) });
    expect(r.nginxIncludeChanged).toBe(true);
    expect(logs.at(-1)).toMatch(/nginx 响应头配置与之前不同，已更新 .*headers\.nginx\.conf。nginx 只在启动和 reload 时读取它[\s\S]*sudo nginx -t && sudo systemctl reload nginx/);
  });

  it('another live deploy holding the lock is named, and nothing changes', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    const holder = { host: hostname(), pid: process.ppid, startedAt: '2026-11-27T02:00:00.000Z', action: '部署 9.9.9', nonce: 'abc' };
    writeFileSync(join(root, '.deploy.lock'), JSON.stringify(holder));
    await expect(deployToDirectory(root, v2)).rejects.toThrow(
      new RegExp(`^另一个部署正在使用 ${root}：主机 ${hostname()} 上的进程 ${process.ppid}（部署 9\\.9\\.9，开始于 2026-11-27T02:00:00\\.000Z）持有部署锁 ${root}/\\.deploy\\.lock。本次没有做任何改动。`),
    );
    expect(liveVersion(root)).toBe('1.0.0');
    const r = await runTsx(['scripts/deploy.ts', '--target', 'dir', '--dir', root, '--version', '2.0.0', '--release-dir', releases.releaseRoot]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('部署失败：另一个部署正在使用');
  });
});

const figuresNote: string[] = [];
// Which file system the full-disk test really used, for the run's log (a tmpfs needs root; otherwise ENOSPC is injected).
afterAll(() => {
  if (figuresNote.length) console.log(`deploy-dir: ${figuresNote.join('; ')}`);
});

/** Mounts a tmpfs of `size` (e.g. "4m") on dir; false where this machine does not allow it (not root). */
function mountTmpfs(dir: string, size: string, options = ''): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options}`, 'tmpfs', dir]).status === 0;
}

/** True where tmpfs can be mounted here: the full-disk and read-only tests need a real file system that refuses writes. */
const CAN_MOUNT = (() => {
  const probe = tempDir('jiedu-mount-');
  const ok = mountTmpfs(probe, '64k');
  if (ok) spawnSync('umount', [probe]);
  return ok;
})();

/** The deploy command line for a release of the fixture. */
function deployCli(root: string, version: string): SpawnSyncReturns<string> {
  return spawnSync('npx', ['tsx', 'scripts/deploy.ts', '--target', 'dir', '--dir', root, '--version', version, '--release-dir', releases.releaseRoot], { encoding: 'utf8' });
}

describe.skipIf(!CAN_MOUNT)('a directory deploy on a file system that refuses writes (a real tmpfs)', () => {
  it('a completely full disk: the operator gets a Chinese message with what to do, the live release and the target are untouched, no lock file is left, and the same command works once there is room', async () => {
    const root = tempDir();
    expect(mountTmpfs(root, '4m')).toBe(true);
    try {
      await deployToDirectory(root, v1);
      await deployToDirectory(root, v2);
      const live = folderState(join(root, 'releases', '2.0.0'));
      // Fill the disk to the last page: even the lock's few bytes cannot be written (creating an empty file still works).
      const filler = join(root, 'filler.bin');
      expect(() => writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024, 1))).toThrow(/ENOSPC/);
      const r = deployCli(root, '3.0.0');
      expect(r.status).toBe(1);
      expect(r.stderr).not.toContain('no space left');
      expect(r.stderr).toContain(`部署失败：${root} 所在的磁盘已满，部署 3.0.0 到 ${root} 没有完成（ENOSPC`);
      expect(r.stderr).toContain('线上版本没有改变，仍是 2.0.0。');
      expect(r.stderr).toContain(`请先用 df -h ${root} 查看该磁盘的剩余空间`);
      expect(r.stderr).toContain(`可删除不再需要的旧版本目录（如 rm -rf ${join(root, 'releases', '1.0.0')}；不要删除 current 指向的线上版本）`);
      expect(r.stderr).toContain('--keep');
      expect(r.stderr).toContain('然后重新运行同一条命令。');
      // Nothing left behind: no temporary lock file (a 0-byte .deploy.lock.<nonce> was), no lock, no staging.
      expect(readdirSync(root).sort()).toEqual(['current', 'filler.bin', 'headers.nginx.conf', 'history.json', 'releases']);
      expect(readdirSync(join(root, 'releases')).sort()).toEqual(['1.0.0', '2.0.0']);
      expect(liveVersion(root)).toBe('2.0.0');
      expect(folderState(join(root, 'releases', '2.0.0'))).toEqual(live);
      rmSync(filler);
      const again = deployCli(root, '3.0.0');
      expect(again.status, again.stderr).toBe(0);
      expect(liveVersion(root)).toBe('3.0.0');
    } finally {
      spawnSync('umount', [root]);
    }
  });

  it('a read-only file system is named with the command to check the mount, and nothing changes', async () => {
    const root = tempDir();
    expect(mountTmpfs(root, '4m')).toBe(true);
    try {
      await deployToDirectory(root, v1);
      expect(spawnSync('mount', ['-o', 'remount,ro', root]).status).toBe(0);
      const error = (await deployToDirectory(root, v2).catch((e: Error) => e)) as Error;
      expect(error.message).toMatch(new RegExp(`^${root} 所在的文件系统是只读的，部署 2\\.0\\.0 到 ${root} 没有完成（EROFS，创建 ${root}/\\.deploy\\.lock\\.[0-9a-f]{16} 时）。线上版本没有改变，仍是 1\\.0\\.0。\n {2}请用 findmnt -T ${root} 查看挂载方式`));
      expect(liveVersion(root)).toBe('1.0.0');
    } finally {
      spawnSync('umount', [root]);
    }
  });
});


describe.skipIf(!NGINX)('the nginx include on a real nginx', () => {
  it('serves the directory deploy with the same headers as _headers, and swaps releases without a reload', async () => {
    const root = tempDir();
    await deployToDirectory(root, v1);
    // The include at a path that never changes (deploy rewrites it only when its directives change).
    const nginx = await startNginx({ server: [`root ${root}/current/site;`, `include ${root}/headers.nginx.conf;`] });
    const get = nginx.get;
    try {
      const expected = await serve(root);
      try {
        for (const path of ['/', '/wenjian/guofa-2019-5/', '/_astro/site.B7dX2k9q.css', '/pagefind/pagefind.js', '/pagefind/fragment/zh-cn_a526a77.pf_fragment', '/pagefind/pagefind.zh-cn_3866e4f312fef.pf_meta', '/tujie/guofa-2019-5-tujie.png']) {
          const [a, b] = [await get(path), await expected.get(path)];
          expect(a.status, path).toBe(200);
          for (const h of ['cache-control', 'content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'x-frame-options']) {
            expect(a.headers.get(h), `${path} ${h}`).toBe(b.headers.get(h));
          }
          expect(Buffer.from(await a.arrayBuffer()).equals(Buffer.from(await b.arrayBuffer())), path).toBe(true);
        }
        const missing = await get('/wenjian/nope/');
        expect(missing.status).toBe(404);
        expect(missing.headers.get('content-security-policy')).toBe(v1.manifest.csp);
        expect(await missing.text()).toContain('页面不存在');
        expect((await get('/_headers')).status).toBe(404);
        expect((await get('/wenjian')).status).toBe(301);
      } finally {
        expected.close();
      }
      const report = await deployToDirectory(root, v2);
      expect(report.nginxIncludeChanged).toBe(false);
      // Without a reload, every page comes with the live release's CSP and its stylesheet loads.
      for (const f of v2.manifest.files.filter((f) => f.path.endsWith('index.html'))) {
        const path = `/${f.path.replace(/index\.html$/, '')}`;
        const page = await get(path);
        expect(page.headers.get('content-security-policy'), path).toBe(v2.manifest.csp);
        expect(await page.text(), path).toBe(v2.files.get(f.path)!.toString('utf8'));
      }
      const css = await get('/_astro/site.Vx2Lm8Qa.css');
      expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css']);
      expect(await (await get('/wenjian/guofa-2019-5/')).text()).toContain('正文（已修订）');
    } finally {
      await nginx.stop();
    }
  });
});
