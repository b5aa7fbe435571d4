import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/import/importer';
import { differenceFromEntry } from '../../../src/import/identity';
import { formatImportReport } from '../../../src/import/report';

const HEADER = '编号,类型,标题,文号,发文机关,发布日期,正文';
const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-identity-'));
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Writes a CSV export under the root and returns its path. */
function csv(root: string, name: string, rows: string[]): string {
  const path = join(root, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${[HEADER, ...rows].join('\n')}\n`);
  return path;
}

function documentFiles(root: string): Map<string, string> {
  const dir = join(root, 'content', 'documents');
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir)) files.set(name, readFileSync(join(dir, name), 'utf8'));
  return files;
}

describe('a record whose id is that of another document', () => {
  it('from a second system is rejected with the existing file named, and the existing file keeps its bytes', () => {
    const root = tempRoot();
    const a = csv(root, 'sysA/export.csv', ['1,原文件,系统甲的文件,国发〔2021〕81号,国务院,2021-02-05,甲的正文。']);
    expect(runImport({ root, inputs: [a] }).rejected).toEqual([]);
    const before = documentFiles(root);
    expect([...before.keys()]).toEqual(['guofa-2021-81.md']);

    const b = csv(root, 'sysB/other.csv', ['1,原文件,系统乙的文件,国办发〔2021〕82号,国务院办公厅,2021-03-01,乙的正文。']);
    const second = runImport({ root, inputs: [b] });
    // Nothing is planned for a rejected record, not even its issuer's organisation file.
    expect(second.outcomes).toEqual([]);
    expect(documentFiles(root)).toEqual(before);
    expect(second.rejected).toHaveLength(1);
    const reason = second.rejected[0]!.reasons[0]!;
    expect(reason.message).toContain('content/documents/guofa-2021-81.md');
    expect(reason.message).toContain('国发〔2021〕81号');
    expect(reason.message).toContain('《系统甲的文件》');
    expect(reason.fix).toContain('自己的、本站未用过的 id');
    expect(readFileSync(join(root, 'sysB/other.rejects.csv'), 'utf8')).toContain('系统乙的文件');
  });

  it('without a 文号, with the same generic title but another 发布日期, is rejected and the existing file keeps its bytes', () => {
    const root = tempRoot();
    const a = csv(root, 'a/a2.csv', ['2,原文件,关于做好有关工作的通知,,国务院,2021-02-05,正文甲二。']);
    expect(runImport({ root, inputs: [a] }).rejected).toEqual([]);
    const before = documentFiles(root);
    expect(before.size).toBe(1);
    const b = csv(root, 'b/b2.csv', ['2,原文件,关于做好有关工作的通知,,国务院办公厅,2024-08-01,正文乙二完全不同。']);
    const second = runImport({ root, inputs: [b] });
    expect(documentFiles(root)).toEqual(before);
    expect(second.rejected).toHaveLength(1);
    expect(second.rejected[0]!.reasons[0]!.message).toContain('发布日期也不同（已有文件为 2021-02-05，这条记录为 2024-08-01）');
    // The same export read again (same date) still updates its own file.
    expect(runImport({ root, inputs: [a] }).rejected).toEqual([]);
  });

  it('given its own id, the same record is then imported as a new document', () => {
    const root = tempRoot();
    runImport({ root, inputs: [csv(root, 'sysA/export.csv', ['1,原文件,系统甲的文件,国发〔2021〕81号,国务院,2021-02-05,甲。'])] });
    const b = csv(root, 'sysB/other.csv', ['B-1,原文件,系统乙的文件,国办发〔2021〕82号,国务院办公厅,2021-03-01,乙。']);
    expect(runImport({ root, inputs: [b] }).rejected).toEqual([]);
    expect([...documentFiles(root).keys()].sort()).toEqual(['guobanfa-2021-82.md', 'guofa-2021-81.md']);
  });

  it('with the same 文号 and a corrected title still updates its own file', () => {
    const root = tempRoot();
    const path = csv(root, 'export.csv', ['1,原文件,国务院关于印发某规划的通知,国发〔2021〕81号,国务院,2021-02-05,正文。']);
    runImport({ root, inputs: [path] });
    csv(root, 'export.csv', ['1,原文件,国务院关于印发某某规划的通知,国发〔2021〕81号,国务院,2021-02-05,正文。']);
    const again = runImport({ root, inputs: [path] });
    expect(again.rejected).toEqual([]);
    expect(again.outcomes.find((o) => o.collection === 'documents')?.status).toBe('updated');
    expect(documentFiles(root).get('guofa-2021-81.md')).toContain('某某规划');
  });

  it('a title changed entirely counts as another document; a typo fixed does not', () => {
    expect(differenceFromEntry({ title: '关于做好春耕生产工作的通知' }, { title: '城市更新行动实施方案' })).toContain('标题完全不同');
    expect(differenceFromEntry({ title: '关于做好春耕生产工作的通知' }, { title: '关于做好春耕生产工做的通知' })).toBeUndefined();
    expect(differenceFromEntry({ docNumber: '国发〔2021〕81号' }, { docNumber: '国发[2021]81号' })).toBeUndefined();
  });
});

describe('a rejects file with a repeated id imported again unchanged', () => {
  it('rejects both records again and leaves the file an earlier import made under that id as it was', () => {
    const root = tempRoot();
    runImport({ root, inputs: [csv(root, 'earlier.csv', ['d-1,原文件,甲文件,国发〔2021〕71号,国务院,2021-01-05,甲的正文。'])] });
    const dup = csv(root, 'dup.csv', [
      'd-1,原文件,甲文件,国发〔2021〕71号,国务院,2021-01-05,甲的正文。',
      'd-1,原文件,乙文件,国发〔2021〕72号,国务院,2021-01-06,乙的正文。',
    ]);
    const first = runImport({ root, inputs: [dup] });
    // The export cannot say which record it meant by d-1: both are rejected.
    expect(first.rejected).toHaveLength(2);
    expect(first.rejected[1]!.reasons[0]!.fix).toContain('"d-1-2"');
    // The input's own header names the field, not the importer's key (id).
    expect(first.rejected[1]!.reasons[0]!.field).toBe('编号');
    expect(readFileSync(join(root, 'dup.rejects.csv'), 'utf8')).toContain('记录编号（编号）：');
    const before = documentFiles(root);

    const again = runImport({ root, inputs: [join(root, 'dup.rejects.csv')] });
    // The rejects of a rejects file keep its name (not dup.rejects.rejects.csv).
    expect(again.rejectsFiles).toEqual([join(root, 'dup.rejects.csv')]);
    expect(existsSync(join(root, 'dup.rejects.rejects.csv'))).toBe(false);
    expect(again.outcomes.filter((o) => o.collection === 'documents')).toEqual([]);
    expect(documentFiles(root)).toEqual(before);
    expect(before.get('guofa-2021-71.md')).toContain('甲文件');
    expect(again.rejected.map((r) => r.reasons[0]!.message.split('）重复')[0])).toEqual([
      '记录编号 "d-1" 与第 3 行（国发〔2021〕72号 《乙文件》',
      '记录编号 "d-1" 与第 2 行（国发〔2021〕71号 《甲文件》',
    ]);
  });
});

describe('a 文号 already on the site', () => {
  it('under another id is rejected naming the file that has it, and no -2 file is made', () => {
    const root = tempRoot();
    runImport({ root, inputs: [csv(root, 'a.csv', ['x-1,原文件,关于双随机的意见,国发〔2019〕5号,国务院,2019-02-01,正文。'])] });
    const second = runImport({ root, inputs: [csv(root, 'b.csv', ['y-9,原文件,关于双随机的意见（转载）,国发[2019]5号,国务院,2019-02-03,正文。'])] });
    expect([...documentFiles(root).keys()]).toEqual(['guofa-2019-5.md']);
    expect(second.rejected).toHaveLength(1);
    const reason = second.rejected[0]!.reasons[0]!;
    // Named as the input's header names it (the CSV's 文号 column), not by the importer's key doc_number.
    expect(reason.field).toBe('文号');
    expect(reason.message).toContain('content/documents/guofa-2019-5.md');
    expect(reason.fix).toContain('"x-1"');
  });

  it('twice in one import keeps the first record and rejects the second', () => {
    const root = tempRoot();
    const result = runImport({
      root,
      inputs: [csv(root, 'c.csv', ['c-1,原文件,文件一,国发〔2019〕6号,国务院,2019-02-01,一。', 'c-2,原文件,文件二,国发〔2019〕6号,国务院,2019-02-02,二。'])],
    });
    expect([...documentFiles(root).keys()]).toEqual(['guofa-2019-6.md']);
    expect(result.rejected.map((r) => r.recordId)).toEqual(['c-2']);
    expect(result.rejected[0]!.reasons[0]!.message).toContain('c.csv:2');
  });
});

describe('JSON Lines with Chinese keys', () => {
  it('maps 编号, 标题, 文号… as CSV headers are, applies --columns, and reports keys it does not know', () => {
    const root = tempRoot();
    const path = join(root, 'zh.jsonl');
    writeFileSync(
      path,
      `${JSON.stringify({ 编号: 'zh-1', 类型: '原文件', 标题: '关于键名的通知', 文号: '国发〔2021〕90号', 发文机关: '国务院', 发布日期: '２０２１－０５－０６', 文件正文: '正文。', 备注: '不导入' })}\n`,
    );
    const result = runImport({ root, inputs: [path], columns: { 文件正文: 'body' } });
    expect(result.rejected).toEqual([]);
    const file = documentFiles(root).get('guofa-2021-90.md')!;
    expect(file).toContain('title: 关于键名的通知');
    expect(file).toContain('publishedAt: 2021-05-06');
    expect(file).toContain('正文。');
    const warning = result.problems.find((p) => p.file === path && p.message.includes('不认识'));
    expect(warning?.message).toContain('“备注”');
    expect(warning?.message).not.toContain('文件正文');
    expect(warning?.line).toBe(1);
  });
});

describe('CSV lines and syntax errors', () => {
  it('a quoted cell with a CR LF inside does not shift the line of the records after it', () => {
    const root = tempRoot();
    const path = join(root, 'crlf.csv');
    writeFileSync(
      path,
      `${HEADER}\r\nl-1,原文件,,国发〔2021〕91号,国务院,2021-01-01,"第一段\r\n第二段"\r\nl-2,原文件,,国发〔2021〕92号,国务院,2021-01-02,正文\r\n`,
    );
    const result = runImport({ root, inputs: [path] });
    expect(result.rejected.map((r) => r.at.line)).toEqual([2, 4]);
  });

  it('a stray quote is reported in Chinese with its line and the fix, never in csv-parse’s English', () => {
    const root = tempRoot();
    const path = join(root, 'quote.csv');
    writeFileSync(path, `${HEADER}\nq-1,原文件,"多行\r\n标题",国发〔2021〕93号,国务院,2021-01-01,正文\nq-2,原文件,关于"放管服"的意见,国发〔2021〕94号,国务院,2021-01-01,正文\n`);
    const problem = runImport({ root, inputs: [path] }).problems.find((p) => p.severity === 'error')!;
    expect(problem.line).toBe(4);
    expect(problem.message).toMatchInlineSnapshot(`"CSV 格式有误，文件未导入：第 4 行第 3 列的值中间有英文双引号 "，而这个值没有用双引号括起来。"`);
    expect(problem.fix).toContain('写成两个 ""');
    expect(`${problem.message}${problem.fix}`).not.toMatch(/[A-Za-z]{4,}/);
  });
});

describe('rejects files an editor corrected', () => {
  it('are never overwritten: a re-run writes the next name and says so', () => {
    const root = tempRoot();
    const path = csv(root, 'r.csv', ['r-1,原文件,,国发〔2021〕95号,国务院,2021-01-01,正文']);
    const first = runImport({ root, inputs: [path] });
    const rejects = join(root, 'r.rejects.csv');
    expect(first.rejectsFiles).toEqual([rejects]);

    // The importer's own file is rewritten freely (same text here).
    expect(runImport({ root, inputs: [path] }).rejectsRenamed).toEqual([]);
    const corrected = readFileSync(rejects, 'utf8').replace(',,国发', ',改正后的标题,国发');
    writeFileSync(rejects, corrected);

    const again = runImport({ root, inputs: [path] });
    expect(readFileSync(rejects, 'utf8')).toBe(corrected);
    const renamed = join(root, 'r.rejects-2.csv');
    expect(again.rejectsFiles).toEqual([renamed]);
    expect(again.rejectsRenamed).toEqual([{ kept: rejects, written: renamed }]);
    expect(formatImportReport(again)).toContain(`${rejects} 与导入程序上次写的不同`);
    // The next run rewrites its own -2 file, and still leaves the corrected copy alone.
    expect(runImport({ root, inputs: [path] }).rejectsFiles).toEqual([renamed]);
    expect(readFileSync(rejects, 'utf8')).toBe(corrected);
  });
});

describe('a draft an editor finished', () => {
  it('is reported as skipped on re-import, not also as a draft imported', () => {
    const root = tempRoot();
    const path = csv(root, 'draft.csv', ['dr-1,原文件,没有发文机关的文件,某字〔2021〕7号,,2021-01-01,正文。']);
    const first = runImport({ root, inputs: [path] });
    expect(first.drafts.map((d) => d.path)).toEqual(['content/documents/mouzi-2021-7.md']);
    const file = join(root, 'content/documents/mouzi-2021-7.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('draft: true', 'issuer: guowuyuan'));

    const again = runImport({ root, inputs: [path] });
    expect(again.outcomes.find((o) => o.path === 'content/documents/mouzi-2021-7.md')?.status).toBe('skipped');
    expect(again.drafts).toEqual([]);
    expect(formatImportReport(again)).not.toContain('已导入为草稿');
  });
});
