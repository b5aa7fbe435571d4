import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { buildCheckReport, formatCheckReport, problemKind, summarizeByKind } from '../../../src/check/report';
import { checkContent } from '../../../src/check/validate';
import type { Problem } from '../../../src/lib/problems';

const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(PROJECT_ROOT, 'tests', 'fixtures', 'editor', 'project');

/** The sample site's kind of noise: 33 documents that need an interpretation, each a warning. */
const needsInterpretation = Array.from({ length: 33 }, (_, i): Problem => ({
  severity: 'warning',
  file: `content/documents/guobanfa-2018-${100 + i}.md`,
  line: 11,
  field: 'requiresInterpretation',
  label: '是否需要解读',
  message: `《国务院办公厅关于第 ${i} 件事的通知》需要解读，但还没有解读。`,
  fix: '在 content/interpretations/ 下新建解读。',
}));
const ownError: Problem = {
  severity: 'error',
  file: 'content/interpretations/jiedu.mdx',
  line: 8,
  field: 'publishedAt',
  label: '发布日期',
  message: '日期 "2019年3月5日" 的写法不对：日期要写成“年-月-日”，月和日各两位数。',
  fix: '改为 2019-03-05（npm run check -- --fix 可自动改正）。',
};

describe('the check report', () => {
  it('problems that differ only in titles, values and numbers are one kind', () => {
    expect(new Set(needsInterpretation.map(problemKind)).size).toBe(1);
    expect(problemKind(ownError)).not.toBe(problemKind(needsInterpretation[0]!));
    expect(summarizeByKind(needsInterpretation)).toEqual([
      '  警告 33 处（33 个文件），第一处  content/documents/guobanfa-2018-100.md:11  requiresInterpretation（是否需要解读）：《国务院办公厅关于第 0 件事的通知》需要解读，但还没有解读。',
    ]);
  });

  it('a summary line keeps the message readable: values, ids and digits as the editor wrote them', () => {
    const draft: Problem = { severity: 'warning', file: 'content/interpretations/a.mdx', line: 4, field: 'documents', label: '原文件', message: '原文件 moufu-2026-3 还是草稿，这篇解读发布时不显示它的链接。', fix: '…' };
    const colon: Problem = { severity: 'error', file: 'content/documents/b.md', line: 2, message: '字段名后要用英文冒号“:”，这一行用了全角冒号“：”。', fix: '…' };
    expect(summarizeByKind([ownError, draft, { ...draft, file: 'content/interpretations/c.mdx', message: '原文件 moufu-2026-4 还是草稿，这篇解读发布时不显示它的链接。' }, colon])).toEqual([
      '  错误 1 处  content/interpretations/jiedu.mdx:8  publishedAt（发布日期）：日期 "2019年3月5日" 的写法不对：日期要写成“年-月-日”，月和日各两位数。',
      '  错误 1 处  content/documents/b.md:2  字段名后要用英文冒号“:”，这一行用了全角冒号“：”。',
      '  警告 2 处（2 个文件），第一处  content/interpretations/a.mdx:4  documents（原文件）：原文件 moufu-2026-3 还是草稿，这篇解读发布时不显示它的链接。',
    ]);
  });

  it('with no file named, an error comes first and the warnings are one line per kind after it', () => {
    const options = { isOwn: () => true, named: false, errorsOnly: false };
    const report = buildCheckReport([...needsInterpretation, ownError], options);
    expect(report).toMatchObject({ errors: 1, warnings: 33, warningsSummarised: true });
    const text = formatCheckReport(report, options);
    expect(text.split('\n').length).toBeLessThan(10);
    expect(text.indexOf('2019年3月5日')).toBeLessThan(text.indexOf('需要解读'));
  });

  it('with no error, every warning is listed in full', () => {
    const options = { isOwn: () => true, named: false, errorsOnly: false };
    const report = buildCheckReport(needsInterpretation, options);
    expect(report.full).toHaveLength(33);
    expect(report.summary).toEqual([]);
  });

  it('with files named, their problems are in full and the other files get a line per kind; --errors-only drops warnings', () => {
    const isOwn = (file: string) => file === 'content/interpretations/jiedu.mdx';
    const mine: Problem = { ...ownError, severity: 'warning', message: '第 3 列：中文里用了半角标点“,”（“意见,标题”）。' };
    const named = buildCheckReport([...needsInterpretation, ownError, mine], { isOwn, named: true, errorsOnly: false });
    expect(named.full).toEqual([ownError, mine]);
    expect(named.summary).toHaveLength(1);
    const errorsOnly = buildCheckReport([...needsInterpretation, ownError, mine], { isOwn, named: true, errorsOnly: true });
    expect(errorsOnly.full).toEqual([ownError]);
    expect(errorsOnly.summary).toEqual([]);
    expect(errorsOnly.warnings).toBe(1);
  });
});

describe('npm run check on a project with one error among warnings', () => {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-report-'));
  cpSync(FIXTURE, root, { recursive: true });
  mkdirSync(join(root, 'content', 'interpretations'), { recursive: true });
  writeFileSync(
    join(root, 'content', 'interpretations', 'jiedu.mdx'),
    '---\ntitle: 《意见》解读\ndocuments:\n  - guobanfa-2019-6\nform: 文字解读\npublishedAt: 2019年3月5日\n---\n\n正文。\n',
  );
  const run = (...args: string[]) =>
    spawnSync('npx', ['--prefix', PROJECT_ROOT, 'tsx', join(PROJECT_ROOT, 'scripts/check.ts'), ...args], { cwd: root, encoding: 'utf8' });

  it('prints the error first, the other file\'s warning as one line, and exits 1; --errors-only leaves the warning out', () => {
    const all = run();
    expect(all.status).toBe(1);
    const error = all.stdout.indexOf('content/interpretations/jiedu.mdx:6  publishedAt (发布日期)  [错误]');
    expect(error).toBeGreaterThanOrEqual(0);
    expect(all.stdout.indexOf('  警告 1 处  content/documents/guofa-2019-5.md:7  requiresInterpretation（是否需要解读）：《国务院关于')).toBeGreaterThan(error);
    expect(all.stdout).toMatch(/检查完毕：1 个错误，1 个警告/);

    const errorsOnly = run('--errors-only');
    expect(errorsOnly.status).toBe(1);
    expect(errorsOnly.stdout).toContain('改为 2019-03-05');
    expect(errorsOnly.stdout).not.toContain('需要解读');
    expect(errorsOnly.stdout).toMatch(/检查完毕：1 个错误，1 个警告（警告未列出）/);
  });

  it('with a file named, a warning elsewhere is one summary line and the exit code is that of the named file', () => {
    // Not a document: jiedu.mdx links to the documents, and a file that links to a named one is checked with it (links.test.ts).
    const named = run('content/site.yaml');
    expect(named.status).toBe(0);
    expect(named.stdout).toContain('其他文件的问题（每类一行');
    expect(named.stdout).toContain('  错误 1 处  content/interpretations/jiedu.mdx:6  publishedAt（发布日期）：日期 "2019年3月5日" 的写法不对');
    expect(named.stdout).toContain('content/site.yaml（没有别的文件链接到它）没有问题；其他文件只检查了元数据和链接（正文没有检查），另有 1 个错误、1 个警告');
  });
});

describe('checking named files (bodiesIn)', () => {
  it('reads only the named bodies for body rules, and still every frontmatter and link', () => {
    const root = mkdtempSync(join(tmpdir(), 'jiedu-bodies-'));
    cpSync(FIXTURE, root, { recursive: true });
    mkdirSync(join(root, 'content', 'interpretations'), { recursive: true });
    const head = (extra: string) => `---\ntitle: 《意见》解读\ndocuments:\n  - guofa-2019-5\nform: 文字解读\npublishedAt: 2019-02-15\n${extra}---\n\n`;
    writeFileSync(join(root, 'content/interpretations/a.mdx'), `${head('')}意见指出,在市场监管领域。\n`);
    writeFileSync(join(root, 'content/interpretations/b.mdx'), `${head('office: guowuyuanx\n')}意见指出,在市场监管领域。\n`);
    const named = checkContent(root, undefined, { bodiesIn: ['content/interpretations/a.mdx'] }).problems;
    expect(named.filter((p) => p.message.includes('半角标点')).map((p) => p.file)).toEqual(['content/interpretations/a.mdx']);
    expect(named.some((p) => p.file === 'content/interpretations/b.mdx' && p.field === 'office')).toBe(true);
    const all = checkContent(root).problems;
    expect(all.filter((p) => p.message.includes('半角标点')).map((p) => p.file)).toEqual(['content/interpretations/a.mdx', 'content/interpretations/b.mdx']);
  });
});
