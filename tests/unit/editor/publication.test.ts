import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { isPublished, publicationState } from '../../../src/check/publication';
import { checkContent } from '../../../src/check/validate';
import { formatProblem } from '../../../src/lib/problems';
import { documentSchema } from '../../../src/schemas/document';
import { interpretationSchema } from '../../../src/schemas/interpretation';
import { infographicSchema } from '../../../src/schemas/infographic';
import { idRef } from '../../../src/schemas/common';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'project');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiedu-pub-'));
  cpSync(FIXTURE, dir, { recursive: true });
  // The fixture has no interpretations or infographics of its own, and Git keeps no empty folders.
  for (const collection of ['interpretations', 'infographics']) mkdirSync(join(dir, 'content', collection), { recursive: true });
  return dir;
}

describe('drafts and scheduled entries', () => {
  it('a draft stays off the site whatever its dates', () => {
    expect(isPublished({ draft: true }, '2026-11-27')).toBe(false);
    expect(isPublished({ draft: true, publishAt: '2020-01-01' }, '2026-11-27')).toBe(false);
  });

  it('an entry scheduled after today stays off the site until the build on that day', () => {
    expect(isPublished({ draft: false, publishAt: '2026-11-28' }, '2026-11-27')).toBe(false);
    expect(isPublished({ draft: false, publishAt: '2026-11-27' }, '2026-11-27')).toBe(true);
    expect(isPublished({ draft: false, publishAt: '2026-11-26' }, '2026-11-27')).toBe(true);
  });

  it('an entry that is neither is on the site', () => {
    expect(isPublished({ draft: false }, '2026-11-27')).toBe(true);
    expect(isPublished({}, '2026-11-27')).toBe(true);
  });

  it('tells the preview why an entry is not on the site', () => {
    expect(publicationState({ draft: true }, '2026-11-27')).toEqual({ state: 'draft' });
    expect(publicationState({ publishAt: '2026-12-01' }, '2026-11-27')).toEqual({ state: 'scheduled', publishAt: '2026-12-01' });
    expect(publicationState({ publishAt: '2026-11-01' }, '2026-11-27')).toEqual({ state: 'published' });
  });

  it('publishAt is a date field of documents, interpretations and infographics', () => {
    const doc = documentSchema(idRef).safeParse({ title: 't', issuer: 'guowuyuan', publishedAt: '2026-12-01', publishAt: '2026-12-01' });
    expect(doc.success && doc.data.publishAt).toBe('2026-12-01');
    const interp = interpretationSchema(idRef).safeParse({ title: 't', documents: ['a'], form: '问答', publishedAt: '2026-12-01', publishAt: '2026-12-32' });
    expect(interp.success).toBe(false);
    const info = infographicSchema(idRef).safeParse({ title: 't', document: 'a', publishedAt: '2026-12-01', publishAt: new Date('2026-12-01') });
    expect(info.success && info.data.publishAt).toBe('2026-12-01');
  });

  // That the pages apply this filter (loadSiteContent) is tested by its behaviour in tests/unit/site/queries.test.ts.

  it('an interpretation that would go on the site before its document, or show an earlier date than it appears, is a warning', () => {
    const root = project();
    const docPath = join(root, 'content/documents/guofa-2019-5.md');
    writeFileSync(docPath, readFileSync(docPath, 'utf8').replace('requiresInterpretation: true\n', 'requiresInterpretation: true\npublishAt: 2026-12-10\n'));
    writeFileSync(
      join(root, 'content/interpretations/early.mdx'),
      '---\ntitle: 早于原文件上线的解读\ndocuments:\n  - guofa-2019-5\nform: 问答\npublishedAt: 2026-12-01\npublishAt: 2026-12-05\n---\n\n正文。\n',
    );
    const mine = checkContent(root).problems.filter((p) => p.file === 'content/interpretations/early.mdx');
    expect(mine.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/interpretations/early.mdx:4  documents[0] (原文件)  [警告]
        原文件 guofa-2019-5 定于 2026-12-10 上线，这篇会在 2026-12-05 先于原文件上线，页面上暂时没有原文件的链接。
        与原文件同步发布：写 publishAt: 2026-12-10。
      content/interpretations/early.mdx:6  publishedAt (发布日期)  [警告]
        定时于 2026-12-05 上线，但页面显示的发布日期是更早的 2026-12-01。
        把 publishedAt 改为 2026-12-05（与 publishAt 相同）。
      content/interpretations/early.mdx:6  publishedAt (发布日期)  [警告]
        解读发布于 2026-12-01，晚于原文件（2019-02-15 发布）1942 个工作日，超过 3 个工作日的时限。
        应不晚于 2019-02-20 发布；如日期写错请改正，新解读请与原文件同步发布。"
    `);
  });

  it('a published interpretation of a draft document is a warning', () => {
    const root = project();
    const docPath = join(root, 'content/documents/guobanfa-2019-6.md');
    writeFileSync(docPath, readFileSync(docPath, 'utf8').replace('publishedAt: 2019-02-14\n', 'publishedAt: 2019-02-14\ndraft: true\n'));
    writeFileSync(join(root, 'content/interpretations/of-draft.mdx'), '---\ntitle: 草稿原文件的解读\ndocuments:\n  - guobanfa-2019-6\nform: 问答\npublishedAt: 2019-02-14\n---\n\n正文。\n');
    const mine = checkContent(root).problems.filter((p) => p.file === 'content/interpretations/of-draft.mdx');
    expect(mine.map((p) => p.message)).toEqual(['原文件 guobanfa-2019-6 还是草稿（draft: true），这篇会先于原文件上线，页面上将没有原文件的链接。']);
  });
});
