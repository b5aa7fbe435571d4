import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../../src/lib/write-atomic';

const dirs: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiedu-atomic-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeFileAtomicSync', () => {
  it('replaces a file with the complete new text and leaves no temporary file behind', () => {
    const dir = folder();
    const path = join(dir, 'a.md');
    writeFileSync(path, '旧内容\n');
    chmodSync(path, 0o640);
    writeFileAtomicSync(path, '新内容，完整的。\n');
    expect(readFileSync(path, 'utf8')).toBe('新内容，完整的。\n');
    expect(readdirSync(dir)).toEqual(['a.md']);
    // The editor's permissions are kept.
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('replaces the file by rename: the old inode is never written to, so a reader holding it sees the old bytes whole', () => {
    const dir = folder();
    const path = join(dir, 'a.md');
    writeFileSync(path, '旧内容\n');
    const before = statSync(path).ino;
    writeFileAtomicSync(path, '新内容\n');
    expect(statSync(path).ino).not.toBe(before);
  });

  it('creates missing folders', () => {
    const dir = folder();
    writeFileAtomicSync(join(dir, 'content', 'organizations', 'x.yaml'), 'name: x\n');
    expect(readFileSync(join(dir, 'content', 'organizations', 'x.yaml'), 'utf8')).toBe('name: x\n');
  });

  it('exclusive: refuses to replace an existing file with EEXIST, leaving it and no temporary file', () => {
    const dir = folder();
    const path = join(dir, 'a.mdx');
    writeFileSync(path, '编辑的文件\n');
    expect(() => writeFileAtomicSync(path, '模板\n', { exclusive: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(path, 'utf8')).toBe('编辑的文件\n');
    expect(readdirSync(dir)).toEqual(['a.mdx']);
    writeFileAtomicSync(join(dir, 'b.mdx'), '模板\n', { exclusive: true });
    expect(readFileSync(join(dir, 'b.mdx'), 'utf8')).toBe('模板\n');
    expect(readdirSync(dir).sort()).toEqual(['a.mdx', 'b.mdx']);
  });
});
