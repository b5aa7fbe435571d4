import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROJECT = join(import.meta.dirname, '..', '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx/esm');
/** 19 errors and 4 warnings in 12 files (tests/unit/check/validate.test.ts pins each). */
const ERRORS = join(PROJECT, 'tests', 'fixtures', 'content-errors');
const COPY = join(PROJECT, 'tests', 'fixtures', 'editor', 'copy');

/** `npm run check -- <args>` in the project at `cwd` (INIT_CWD as npm sets it: the folder the editor is in). */
function check(cwd: string, args: string[], initCwd = cwd) {
  const r = spawnSync(process.execPath, ['--import', TSX, join(PROJECT, 'scripts', 'check.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: initCwd },
  });
  // The first line of each problem: file[:line]  field  [错误|警告]
  const located = r.stdout.split('\n').filter((l) => /\[(错误|警告)\]$/.test(l)).map((l) => l.split(/[:\s]/)[0]);
  return { ...r, located, summary: r.stdout.trimEnd().split('\n').slice(-2).join('\n').replace(/；\d+ ms/, '；… ms') };
}

describe('npm run check -- <files>', () => {
  it('prints only the problems of the named file, counts only them, and says what the other files hold', () => {
    const r = check(ERRORS, ['content/documents/bad-number.md']);
    expect(new Set(r.located)).toEqual(new Set(['content/documents/bad-number.md']));
    expect(r.summary).toMatchInlineSnapshot(`
      "检查完毕：3 个错误，0 个警告（organizations 1，documents 6，interpretations 2，infographics 1；… ms）。
      以上是 content/documents/bad-number.md（没有别的文件链接到它）中的问题；其他文件只检查了元数据和链接（正文没有检查），另有 16 个错误、3 个警告，上面每类只列了一行。检查全部内容（包括其他文件的正文）请运行 npm run check。"
    `);
    expect(r.status).toBe(1);
  });

  it('exits 0 when the named files have no error, though other files have', () => {
    const r = check(ERRORS, ['content/documents/needs-interp.md']);
    expect(r.located).toEqual(['content/documents/needs-interp.md']);
    expect(r.stdout).toContain('检查完毕：0 个错误，1 个警告');
    expect(r.status).toBe(0);
  });

  it('takes a folder, and a name relative to the folder npm was started in', () => {
    const folder = check(ERRORS, ['content/interpretations']);
    expect(new Set(folder.located)).toEqual(new Set(['content/interpretations/bad-fields.mdx', 'content/interpretations/missing-doc.mdx', 'content/interpretations/late.mdx']));
    const inside = check(ERRORS, ['late.mdx'], join(ERRORS, 'content', 'interpretations'));
    expect(inside.located).toEqual(['content/interpretations/late.mdx']);
  });

  it('still reads every file: a link to a document that exists is not reported, one to a missing document is', () => {
    const r = check(ERRORS, ['content/interpretations/missing-doc.mdx']);
    expect(r.stdout).toContain('找不到原文件 "guofa-2019-55"。最接近的是 "guofa-2019-5"（国发〔2019〕5号）。');
  });

  it('refuses a name that does not exist or is outside content/, before checking anything, with exit 2', () => {
    const r = check(ERRORS, ['content/documents/nope.md', '.']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatchInlineSnapshot(`
      "找不到要检查的文件 “content/documents/nope.md”。请写 content/ 下的文件或文件夹，例如 content/interpretations/guofa-2019-5-shili-wenzi.mdx。
      “.” 不在 content/ 下：npm run check 只检查 content/ 中的内容文件。
      运行 npm run check -- --help 查看用法。
      "
    `);
  });

  it('with --fix, changes only the named files', () => {
    const root = mkdtempSync(join(tmpdir(), 'jiedu-check-files-'));
    cpSync(COPY, root, { recursive: true });
    const other = readFileSync(join(root, 'content/infographics/tujie.mdx'), 'utf8');
    const r = check(root, ['--fix', 'content/interpretations/wenda.mdx']);
    expect(r.stdout).toContain('content/interpretations/wenda.mdx：改正 17 处');
    expect(r.stdout).toContain('自动改正：1 个文件，共 17 处。');
    expect(readFileSync(join(root, 'content/infographics/tujie.mdx'), 'utf8')).toBe(other);
  });
});
