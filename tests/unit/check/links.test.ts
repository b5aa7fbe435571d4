import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { z } from 'astro/zod';
import { LINK_FIELDS } from '../../../src/check/links';
import { documentSchema } from '../../../src/schemas/document';
import { interpretationSchema } from '../../../src/schemas/interpretation';
import { infographicSchema } from '../../../src/schemas/infographic';
import type { CollectionName } from '../../../src/content/registry';

const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(PROJECT_ROOT, 'tests', 'fixtures', 'editor', 'project');

describe('the link fields npm run check -- <file> follows back', () => {
  it('are every ref() field of the schemas', () => {
    const targets = (from: CollectionName, factory: (ref: (c: CollectionName) => z.ZodType) => unknown) => {
      const seen: string[] = [];
      factory((to) => {
        seen.push(`${from}→${to}`);
        return z.string();
      });
      return seen;
    };
    const fromSchemas = [
      ...targets('documents', documentSchema),
      ...targets('interpretations', interpretationSchema),
      ...targets('infographics', infographicSchema),
    ].sort();
    expect(LINK_FIELDS.map((l) => `${l.from}→${l.to}`).sort()).toEqual(fromSchemas);
  });
});

describe('npm run check -- <document> also checks the interpretations that link to it', () => {
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'jiedu-links-'));
    cpSync(FIXTURE, root, { recursive: true });
    mkdirSync(join(root, 'content', 'interpretations'), { recursive: true });
    writeFileSync(
      join(root, 'content', 'interpretations', 'jiedu.mdx'),
      '---\ntitle: 《意见》解读\ndocuments:\n  - guobanfa-2019-6\nform: 文字解读\npublishedAt: 2019-02-15\n---\n\n正文。\n',
    );
    return root;
  };
  const run = (root: string, ...args: string[]) =>
    spawnSync('npx', ['--prefix', PROJECT_ROOT, 'tsx', join(PROJECT_ROOT, 'scripts/check.ts'), ...args], { cwd: root, encoding: 'utf8' });

  it('a renamed document: the interpretation\'s broken link is printed in full, counted and named in the summary line', () => {
    const root = project();
    renameSync(join(root, 'content/documents/guobanfa-2019-6.md'), join(root, 'content/documents/guobanfa-2019-6a.md'));
    const r = run(root, 'content/documents/guobanfa-2019-6a.md');
    expect(r.stdout).toContain('content/interpretations/jiedu.mdx:4  documents[0] (原文件)  [错误]\n  找不到原文件 "guobanfa-2019-6"。最接近的是 "guobanfa-2019-6a"');
    expect(r.stdout).toContain('检查完毕：1 个错误');
    expect(r.stdout).toContain(
      '以上是 content/documents/guobanfa-2019-6a.md 和链接到它的 1 个文件（content/interpretations/jiedu.mdx；这些文件的正文没有检查）中的问题',
    );
    expect(r.status).toBe(1);
  });

  it('an earlier document date: the interpretation\'s late warning is printed in full, not as a line about other files', () => {
    const root = project();
    const doc = join(root, 'content/documents/guobanfa-2019-6.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('publishedAt: 2019-02-14', 'publishedAt: 2019-01-10\nrequiresInterpretation: true'));
    const r = run(root, 'content/documents/guobanfa-2019-6.md');
    expect(r.stdout).toContain('content/interpretations/jiedu.mdx:6  publishedAt (发布日期)  [警告]\n  解读发布于 2019-02-15，晚于原文件（2019-01-10 发布）');
    expect(r.stdout).not.toContain('处  content/interpretations/jiedu.mdx');
    expect(r.stdout).toContain('检查完毕：0 个错误，1 个警告');
    expect(r.status).toBe(0);
  });

  it('the sample renamed as the tester did (guofa-2019-5 → guofa-2019-5-new): the interpretation and infographic linking to it are printed in full, with the new id as the fix', () => {
    // The whole sample content, as `git mv content/documents/guofa-2019-5.md content/documents/guofa-2019-5-new.md` leaves it.
    const root = mkdtempSync(join(tmpdir(), 'jiedu-links-rename-'));
    for (const dir of ['content', 'public']) cpSync(join(PROJECT_ROOT, dir), join(root, dir), { recursive: true });
    renameSync(join(root, 'content/documents/guofa-2019-5.md'), join(root, 'content/documents/guofa-2019-5-new.md'));
    const r = run(root, 'content/documents/guofa-2019-5-new.md');
    expect(r.stdout).not.toContain('没有别的文件链接到它');
    expect(r.stdout).not.toContain('"guofa-2019-3"');
    const full = r.stdout.match(/找不到原文件 "guofa-2019-5"。最接近的是 "guofa-2019-5-new"/g) ?? [];
    expect(full).toHaveLength(2);
    expect(r.stdout).toMatch(/content\/interpretations\/guofa-2019-5-shili-wenzi\.mdx:\d+  documents\[0\] \(原文件\)  \[错误\]/);
    expect(r.stdout).toMatch(/content\/infographics\/guofa-2019-5-shili-tujie\.mdx:\d+  document \(原文件\)  \[错误\]/);
    expect(r.stdout).toMatch(/检查完毕：[1-9]\d* 个错误/);
    expect(r.status).toBe(1);
  }, 120_000);

  it('a file nothing links to says so, and the other files\' problems stay one line each', () => {
    const root = project();
    const r = run(root, 'content/documents/guofa-2019-5.md');
    expect(r.stdout).toContain('content/documents/guofa-2019-5.md（没有别的文件链接到它）');
    expect(r.stdout).not.toContain('content/interpretations/jiedu.mdx:');
  });
});
