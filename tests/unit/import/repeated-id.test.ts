// A repeated record id in one export (tester finding): the importer cannot know which record the office meant, so
// every record with that id is rejected, each naming the other's line, also when one copy is rejected for another
// reason (an impossible date in the first copy let the second one in).
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/import/importer';

const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-repeated-'));
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A JSON Lines export of document records under the root. */
function jsonl(root: string, records: Record<string, unknown>[]): string {
  const path = join(root, 'export.jsonl');
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
}

const document = (id: string, title: string, docNumber: string, date: string) => ({
  id,
  title,
  doc_number: docNumber,
  issuer: '示例市人民政府办公厅',
  date,
  body: `${title}的正文。`,
});

function documentFiles(root: string): string[] {
  const dir = join(root, 'content', 'documents');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('a repeated record id in one export', () => {
  it('whose first copy has an impossible date: both copies are rejected, each naming the other line', () => {
    const root = tempRoot();
    const input = jsonl(root, [
      document('r-1', '示例市关于甲的通知', '示府办〔2024〕1号', '2026-13-45'),
      document('r-2', '示例市关于丙的通知', '示府办〔2024〕3号', '2024-01-09'),
      document('r-1', '示例市关于乙的通知', '示府办〔2024〕2号', '2024-01-08'),
      // A document and an interpretation may share an id: exports number each table from 1.
      { id: 'r-1', title: '《示例市关于丙的通知》解读', date: '2024-01-10', issuer: '示例市人民政府办公厅', interprets: [{ doc_id: 'r-2' }], body: '解读正文。' },
    ]);
    const result = runImport({ root, inputs: [input] });
    expect(result.imported).toBe(2);
    expect(documentFiles(root)).toEqual(['shifuban-2024-3.md']);
    expect(result.rejected.map((r) => [r.at.line, r.recordId])).toEqual([
      [1, 'r-1'],
      [3, 'r-1'],
    ]);
    const [first, second] = result.rejected;
    // The first keeps its own reason (the date) and gets the repeated id too.
    expect(first!.reasons.map((p) => p.field)).toEqual(['date', 'id']);
    expect(first!.reasons[1]!.message).toBe(
      '记录编号 "r-1" 与第 3 行（示府办〔2024〕2号 《示例市关于乙的通知》）重复。一个编号只能对应一条记录，无法判断导出系统指的是哪一条，有这个编号的 2 条记录都未导入（这一条为 示府办〔2024〕1号 《示例市关于甲的通知》）。',
    );
    expect(second!.reasons.map((p) => [p.line, p.field])).toEqual([[3, 'id']]);
    expect(second!.reasons[0]!.message).toContain('与第 1 行（示府办〔2024〕1号 《示例市关于甲的通知》）重复');
    expect(second!.reasons[0]!.fix).toContain('"r-1-2"');
    expect(result.inputs[0]).toMatchObject({ documents: 1, interpretations: 1, rejected: 2 });
    // Both go to the rejects file, whole, to be corrected and imported again.
    const rejects = readFileSync(join(root, 'export.rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejects.map((r) => [r._行, r.title, r.body])).toEqual([
      [1, '示例市关于甲的通知', '示例市关于甲的通知的正文。'],
      [3, '示例市关于乙的通知', '示例市关于乙的通知的正文。'],
    ]);
    expect(rejects[0]!._原因).toMatch(/^发布日期（date）：日期 "2026-13-45" 无法识别或不存在。.*；记录编号（id）：记录编号 "r-1" 与第 3 行/);
  });

  it('on two clean records: both are rejected and no file is written for either', () => {
    const root = tempRoot();
    const input = jsonl(root, [
      document('r-1', '示例市关于甲的通知', '示府办〔2024〕1号', '2024-01-07'),
      document('r-1', '示例市关于乙的通知', '示府办〔2024〕2号', '2024-01-08'),
    ]);
    const result = runImport({ root, inputs: [input] });
    expect(result.imported).toBe(0);
    expect(documentFiles(root)).toEqual([]);
    expect(result.rejected.map((r) => [r.at.line, r.reasons.map((p) => p.message.split('）重复')[0])])).toEqual([
      [1, ['记录编号 "r-1" 与第 2 行（示府办〔2024〕2号 《示例市关于乙的通知》']],
      [2, ['记录编号 "r-1" 与第 1 行（示府办〔2024〕1号 《示例市关于甲的通知》']],
    ]);
  });

  it('in two inputs names the other file and line', () => {
    const root = tempRoot();
    const a = jsonl(root, [document('r-1', '示例市关于甲的通知', '示府办〔2024〕1号', '2024-01-07')]);
    const b = join(root, 'more.jsonl');
    writeFileSync(b, `${JSON.stringify(document('r-1', '示例市关于乙的通知', '示府办〔2024〕2号', '2024-01-08'))}\n`);
    const result = runImport({ root, inputs: [a, b] });
    expect(result.rejected.map((r) => r.reasons[0]!.message.split('）重复')[0])).toEqual([
      `记录编号 "r-1" 与${b} 第 1 行（示府办〔2024〕2号 《示例市关于乙的通知》`,
      `记录编号 "r-1" 与${a} 第 1 行（示府办〔2024〕1号 《示例市关于甲的通知》`,
    ]);
  });

  it('an interpretation naming the repeated id is linked to no document by it, not even one imported before under that id', () => {
    const root = tempRoot();
    runImport({ root, inputs: [jsonl(root, [document('r-1', '示例市关于甲的通知', '示府办〔2024〕1号', '2024-01-07')])] });
    const result = runImport({
      root,
      inputs: [
        jsonl(root, [
          document('r-1', '示例市关于甲的通知', '示府办〔2024〕1号', '2024-01-07'),
          document('r-1', '示例市关于乙的通知', '示府办〔2024〕2号', '2024-01-08'),
          { id: 'j-1', title: '政策解读', date: '2024-01-09', issuer: '示例市人民政府办公厅', interprets: [{ doc_id: 'r-1' }], body: '解读正文。' },
        ]),
      ],
    });
    expect(result.rejected.map((r) => r.at.line)).toEqual([1, 2]);
    expect(result.drafts.map((d) => [d.recordId, d.missing.length])).toEqual([['j-1', 1]]);
    expect(result.drafts[0]!.missing[0]).toContain('记录 id 为 "r-1" 的原文件记录已被拒收（编号重复');
  });
});
