import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTar, extractTarGz, parseTar, readTarGz, writeTarGz } from '../../../src/release/tarball';
import { tempDir } from './helpers';

const ENTRIES = [
  { path: 'site/index.html', data: Buffer.from('<!doctype html><title>首页</title>') },
  { path: `site/${'a'.repeat(60)}/${'b'.repeat(60)}/index.html`, data: Buffer.from('long') },
  { path: 'site/tujie/双随机.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
  { path: 'manifest.json', data: Buffer.from('{}\n') },
  { path: 'empty.txt', data: Buffer.alloc(0) },
];

describe('release archives', () => {
  it('read back exactly what was written, long and Chinese names included', () => {
    const back = parseTar(createTar(ENTRIES));
    expect(back.map((e) => e.path)).toEqual([...ENTRIES.map((e) => e.path)].sort());
    for (const e of ENTRIES) expect(back.find((b) => b.path === e.path)!.data.equals(e.data)).toBe(true);
  });

  it('are byte-identical for the same files in any order', async () => {
    const dir = tempDir();
    await writeTarGz(join(dir, 'a.tar.gz'), ENTRIES, 1_790_000_000);
    await writeTarGz(join(dir, 'b.tar.gz'), [...ENTRIES].reverse(), 1_790_000_000);
    expect(readFileSync(join(dir, 'a.tar.gz')).equals(readFileSync(join(dir, 'b.tar.gz')))).toBe(true);
  });

  it('are readable by the system tar, names and contents intact', async () => {
    const dir = tempDir();
    await writeTarGz(join(dir, 'r.tar.gz'), ENTRIES, 1_790_000_000);
    const list = spawnSync('tar', ['-tzf', join(dir, 'r.tar.gz')], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n').sort()).toEqual([...ENTRIES.map((e) => e.path)].sort());
    const out = join(dir, 'out');
    spawnSync('mkdir', [out]);
    expect(spawnSync('tar', ['-xzf', join(dir, 'r.tar.gz'), '-C', out]).status).toBe(0);
    expect(readFileSync(join(out, 'site/tujie/双随机.png')).equals(ENTRIES[2]!.data)).toBe(true);
  });

  it('unpack into a directory, and archives made by the system tar read too', async () => {
    const dir = tempDir();
    await writeTarGz(join(dir, 'r.tar.gz'), ENTRIES);
    const written = await extractTarGz(join(dir, 'r.tar.gz'), join(dir, 'x'));
    expect(written).toHaveLength(ENTRIES.length);
    expect(spawnSync('tar', ['-czf', join(dir, 'sys.tar.gz'), '-C', join(dir, 'x'), 'site']).status).toBe(0);
    const back = await readTarGz(join(dir, 'sys.tar.gz'));
    expect(back.map((e) => e.path).sort()).toEqual(ENTRIES.filter((e) => e.path.startsWith('site/')).map((e) => e.path).sort());
  });

  it('refuse paths that would escape the directory', () => {
    expect(() => createTar([{ path: '../etc/passwd', data: Buffer.from('x') }])).toThrow(/不安全的归档路径/);
    expect(() => createTar([{ path: '/etc/passwd', data: Buffer.from('x') }])).toThrow(/不安全的归档路径/);
  });

  it('refuse to read or unpack an archive with a path that escapes the directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'evil'), 'x');
    // -P keeps the ".." that tar would otherwise strip.
    expect(spawnSync('tar', ['-czPf', join(dir, 'evil.tar.gz'), '../evil'], { cwd: join(dir, 'a', 'b') }).status).toBe(0);
    await expect(readTarGz(join(dir, 'evil.tar.gz'))).rejects.toThrow(/不安全的归档路径 "\.\.\/evil"/);
    await expect(extractTarGz(join(dir, 'evil.tar.gz'), join(dir, 'a', 'b', 'x'))).rejects.toThrow(/不安全的归档路径/);
    expect(existsSync(join(dir, 'a', 'b', 'x'))).toBe(false);
  });

  it('give every file the same owner, mode and time, whoever made the release and when', async () => {
    const dir = tempDir();
    await writeTarGz(join(dir, 'r.tar.gz'), ENTRIES, 1_790_000_000);
    const list = spawnSync('tar', ['--numeric-owner', '--full-time', '-tvzf', join(dir, 'r.tar.gz')], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(ENTRIES.length);
    for (const line of lines) expect(line).toMatch(/^-rw-r--r-- 0\/0 +\d+ 2026-09-21 14:13:20 /);
  });
});
