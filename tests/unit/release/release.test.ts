import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { RELEASE_FILES } from '../../../src/release/create-release';
import { HEADERS_FILE } from '../../../src/release/headers';
import { readManifest } from '../../../src/release/manifest';
import { sha256Hex, listSiteFiles } from '../../../src/release/site-files';
import { readTarGz } from '../../../src/release/tarball';
import { copySite, edit, FIXTURE_SITE, release, tempDir } from './helpers';

const PROJECT = join(import.meta.dirname, '..', '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx/esm');

describe('making a release', () => {
  it('writes the archive, manifest, headers, nginx include and notes into release/<version>/', async () => {
    const root = join(tempDir(), 'release');
    const r = await release(FIXTURE_SITE, root, '1.0.0');
    expect(readdirSync(r.dir).sort()).toEqual(['RELEASE-NOTES.md', HEADERS_FILE, 'headers.nginx.conf', 'jiedu-studio-1.0.0.tar.gz', 'manifest.json']);
    expect(readdirSync(root)).toEqual(['1.0.0']);
    const archive = await readTarGz(r.tarball);
    const paths = archive.map((e) => e.path);
    expect(paths).toContain('site/index.html');
    expect(paths).toContain(`site/${HEADERS_FILE}`);
    expect(paths).toContain(RELEASE_FILES.manifest);
    expect(paths).toContain(RELEASE_FILES.nginx);
    // The archive's site is the built site plus _headers, byte for byte.
    const site = archive.filter((e) => e.path.startsWith('site/') && e.path !== `site/${HEADERS_FILE}`);
    expect(site.map((e) => e.path.slice(5))).toEqual(listSiteFiles(FIXTURE_SITE));
    for (const e of site) expect(e.data.equals(readFileSync(join(FIXTURE_SITE, e.path.slice(5)))), e.path).toBe(true);
  });

  it('the manifest lists every file with size and sha256, content by kind with id and title, and where it came from', async () => {
    const r = await release(FIXTURE_SITE, join(tempDir(), 'release'), '1.0.0');
    const m = readManifest(join(r.dir, 'manifest.json'));
    expect(m).toMatchObject({ name: 'jiedu-studio', version: '1.0.0', packageVersion: '0.1.0', commit: 'c0ffee0000000000000000000000000000000000', dirty: false, builtAt: '2026-11-27T02:00:00.000Z', siteName: '政策解读示范站' });
    expect(m.counts).toEqual({ documents: 1, interpretations: 1, infographics: 1, pages: 11, files: 29, bytes: m.files.reduce((n, f) => n + f.size, 0) });
    // List pages (/wenjian/, /wenjian/2/) are not content.
    expect(m.content.documents.map((e) => [e.id, e.title, e.url])).toEqual([
      ['guofa-2019-5', '国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见', '/wenjian/guofa-2019-5/'],
    ]);
    expect(m.content.interpretations[0]!.id).toBe('guofa-2019-5-jiedu');
    expect(m.content.infographics[0]!.id).toBe('guofa-2019-5-tujie');
    const index = m.files.find((f) => f.path === 'index.html')!;
    expect(index.sha256).toBe(sha256Hex(readFileSync(join(FIXTURE_SITE, 'index.html'))));
    expect(m.files.map((f) => f.path)).toEqual([...m.files.map((f) => f.path)].sort());
  });

  it('two releases of the same site differ only in their build time', async () => {
    const a = await release(FIXTURE_SITE, join(tempDir(), 'release'), '1.0.0', '2026-11-27T02:00:00Z');
    const b = await release(FIXTURE_SITE, join(tempDir(), 'release'), '1.0.0', '2026-11-28T09:30:00Z');
    for (const f of [HEADERS_FILE, 'headers.nginx.conf']) expect(readFileSync(join(a.dir, f), 'utf8')).toBe(readFileSync(join(b.dir, f), 'utf8'));
    const strip = (dir: string) => readFileSync(join(dir, 'manifest.json'), 'utf8').replace(/"builtAt": "[^"]*"/, '');
    expect(strip(a.dir)).toBe(strip(b.dir));
  });

  it('a site with problems stops the release and writes nothing', async () => {
    const site = copySite();
    edit(site, 'index.html', (t) => t.replace('href="/wenjian/guofa-2019-5/"', 'href="/wenjian/guofa-2019-55/"'));
    const root = join(tempDir(), 'release');
    await expect(release(site, root, '1.0.0')).rejects.toThrow(/发布前检查发现 1 个问题，本次没有生成任何发布文件/);
    expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
  });

  it('a version that was already released is refused', async () => {
    const root = join(tempDir(), 'release');
    await release(FIXTURE_SITE, root, '1.0.0');
    await expect(release(FIXTURE_SITE, root, '1.0.0')).rejects.toThrow(/版本 1\.0\.0 已经发布过/);
  });
});

describe('npm run release', () => {
  const run = (args: string[]) =>
    spawnSync('npx', ['tsx', 'scripts/release.ts', '--skip-build', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('on a broken site exits 1 with a Chinese message naming the file, the problem and the fix', () => {
    const site = copySite();
    edit(site, 'tujie/guofa-2019-5-tujie/index.html', (t) => t.replace('src="/tujie/guofa-2019-5-tujie.png"', 'src="/tujie/guofa-2019-5-tujie.jpg"'));
    const out = join(tempDir(), 'release');
    const r = run(['--dist', site, '--out', out, '--version', '9.9.9']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('发布失败：发布前检查发现 1 个问题，本次没有生成任何发布文件：');
    expect(r.stderr).toContain('tujie/guofa-2019-5-tujie/index.html:1  src (资源地址)  [错误]');
    expect(r.stderr).toContain('"/tujie/guofa-2019-5-tujie.jpg" 指向的 /tujie/guofa-2019-5-tujie.jpg 不存在');
    expect(r.stderr).toContain('请改正图片地址');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a version that cannot name a directory', () => {
    const r = run(['--dist', FIXTURE_SITE, '--out', join(tempDir(), 'release'), '--version', '../1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('版本号 "../1" 不能用');
  });

  it('releases the fixture site and compares with --previous', async () => {
    const out = join(tempDir(), 'release');
    const first = await release(FIXTURE_SITE, join(tempDir(), 'old'), '0.9.0');
    const r = run(['--dist', FIXTURE_SITE, '--out', out, '--version', 'v1.0.0', '--previous', join(first.dir, 'manifest.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('发布 1.0.0 完成');
    expect(r.stdout).toContain('对比的上一版本：0.9.0');
    const m = readManifest(join(out, '1.0.0', 'manifest.json'));
    expect(m.version).toBe('1.0.0');
  });

  it('with SOURCE_DATE_EPOCH set, two releases of the same site are byte-identical archives', () => {
    const releaseAt = (epoch: string) => {
      const out = join(tempDir(), 'release');
      const r = spawnSync('npx', ['tsx', 'scripts/release.ts', '--skip-build', '--dist', FIXTURE_SITE, '--out', out, '--version', '3.0.0'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: epoch },
      });
      return { r, out };
    };
    const a = releaseAt('1764400000');
    const b = releaseAt('1764400000');
    expect(a.r.status).toBe(0);
    expect(b.r.status).toBe(0);
    const archive = (out: string) => readFileSync(join(out, '3.0.0', 'jiedu-studio-3.0.0.tar.gz'));
    expect(archive(a.out).equals(archive(b.out))).toBe(true);
    expect(readManifest(join(a.out, '3.0.0', 'manifest.json')).builtAt).toBe('2025-11-29T07:06:40.000Z');
    const bad = releaseAt('yesterday');
    expect(bad.r.status).toBe(1);
    expect(bad.r.stderr).toContain('SOURCE_DATE_EPOCH="yesterday" 不是整数秒');
    expect(existsSync(bad.out)).toBe(false);
  });

  it('records the commit of the project it runs in, clean or not, and no commit outside Git', () => {
    // A project of its own, so the result does not depend on how this copy of the code was obtained.
    const project = tempDir();
    cpSync('package.json', join(project, 'package.json'));
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.gov.cn', '-c', 'user.name=t', ...args], { cwd: project, encoding: 'utf8' });
    const releaseIn = (cwd: string, version: string) => {
      const out = join(tempDir(), 'release');
      const r = spawnSync(process.execPath, ['--import', TSX, join(PROJECT, 'scripts/release.ts'), '--skip-build', '--dist', FIXTURE_SITE, '--out', out, '--version', version], { cwd, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return readManifest(join(out, version, 'manifest.json'));
    };
    expect(releaseIn(project, '1.0.0')).toMatchObject({ commit: null, dirty: false });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const head = git('rev-parse', 'HEAD').stdout.trim();
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(releaseIn(project, '1.0.1')).toMatchObject({ commit: head, dirty: false });
    writeFileSync(join(project, 'changed.txt'), 'x');
    expect(releaseIn(project, '1.0.2')).toMatchObject({ commit: head, dirty: true });
  });
});

describe('the CI recipes in docs/ci/', () => {
  it('are valid YAML and run only npm scripts the project has', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const file of ['docs/ci/github-actions-release.yml', 'docs/ci/gitlab-ci-release.yml']) {
      const text = readFileSync(file, 'utf8');
      expect(() => parseYaml(text), file).not.toThrow();
      const used = [...text.matchAll(/npm (?:run (\w[\w:-]*)|(test))/g)].map((m) => m[1] ?? m[2]!);
      expect(used.length, file).toBeGreaterThan(3);
      for (const name of used) expect(scripts[name], `${file}: npm run ${name}`).toBeDefined();
    }
  });
});
