// An interpretation of a draft document (tester finding): a document and its interpretation are published together
// (三同步, ../shared/DOMAIN.md), so an interpretation linked to a document that is a draft to finish (written so by this
// import, or already so in content/) is imported as a draft too, with the reason in its toFinish list; the check's
// to-do list ties the two together and says when the interpretation can be finished.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runImport } from '../../../src/import/importer';
import { formatImportReport } from '../../../src/import/report';
import { checkContent } from '../../../src/check/validate';
import { findDraftsToFinish, formatDraftsToFinish } from '../../../src/check/to-finish';

const roots: string[] = [];
/** A project with only the sample site's site.yaml under content/. */
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-draft-original-'));
  roots.push(root);
  mkdirSync(join(root, 'content'));
  cpSync(join(process.cwd(), 'content', 'site.yaml'), join(root, 'content', 'site.yaml'));
  return root;
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function jsonl(root: string, name: string, records: Record<string, unknown>[]): string {
  const path = join(root, name);
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
}

function frontmatter(root: string, path: string): Record<string, unknown> {
  return parseYaml(/^---\n([\s\S]*?)---\n/.exec(readFileSync(join(root, path), 'utf8'))![1]!) as Record<string, unknown>;
}

const TITLE = '示例市关于做好2024年春耕备耕工作的通知';
/** A document without issuer: a draft to finish. */
const documentWithoutIssuer = { id: 'd-1', title: TITLE, doc_number: '示农发〔2024〕3号', date: '2024-02-20', body: '各区农业部门：做好春耕备耕工作。' };
/** An interpretation naming it in 《》 in its title, without a structured link. */
const interpretationByTitle = {
  id: 'j-1',
  title: `《${TITLE}》政策解读`,
  date: '2024-02-21',
  issuer: '示例市农业农村局',
  interp_kind: '政策解读',
  body: '一、出台背景。做好春耕备耕工作。',
};
const draftItem = (path: string) =>
  `所解读的原文件：所解读的原文件《${TITLE}》还是待补草稿（${path}），解读与原文件同步发布，所以这篇也导入为草稿。先补齐 ${path} 并删去它的 draft: true；之后删去这一项，与原文件一起发布。`;
const DOC = 'content/documents/shinongfa-2024-3.md';

describe('an interpretation of a document that is a draft to finish', () => {
  it('linked by 《title》 to a document of the same import is a draft too, and the report counts it as one', () => {
    const root = tempRoot();
    const result = runImport({ root, inputs: [jsonl(root, 'export.jsonl', [documentWithoutIssuer, interpretationByTitle])] });
    expect(result.links.map((l) => [l.recordId, l.found.map((f) => f.id)])).toEqual([['j-1', ['shinongfa-2024-3']]]);
    expect(result.imported).toBe(0);
    expect(result.drafts.map((d) => [d.recordId, d.missing])).toEqual([
      ['d-1', [expect.stringContaining('发文机关')]],
      ['j-1', [draftItem(DOC)]],
    ]);
    expect(formatImportReport(result)).toContain('记录：导入 0 条，导入为待补草稿 2 条，拒收 0 条');
    const path = result.drafts[1]!.path;
    const data = frontmatter(root, path);
    expect(data).toMatchObject({ documents: ['shinongfa-2024-3'], draft: true, toFinish: [draftItem(DOC)] });
    // The check has nothing to warn about: the interpretation no longer goes live before its document.
    const checked = checkContent(root);
    expect(checked.problems.filter((p) => p.message.includes('先于原文件上线'))).toEqual([]);
    // The to-do list names the interpretation under its document.
    const todo = formatDraftsToFinish(findDraftsToFinish(checked.entries).byKind);
    expect(todo).toContain(`  ${DOC}（${TITLE}）\n    □ 发文机关：`);
    expect(todo).toContain(`    → 补齐后，解读 ${path}（《${TITLE}》政策解读）也可以同时补齐发布。`);
  });

  it('linked by the record (interprets) is a draft too', () => {
    const root = tempRoot();
    const { id: _id, title: _title, ...rest } = interpretationByTitle;
    const result = runImport({
      root,
      inputs: [jsonl(root, 'export.jsonl', [documentWithoutIssuer, { ...rest, id: 'j-2', title: '春耕政策问答', interprets: [{ doc_id: 'd-1' }] }])],
    });
    expect(result.drafts.map((d) => [d.recordId, d.missing])).toEqual([
      ['d-1', [expect.stringContaining('发文机关')]],
      ['j-2', [draftItem(DOC)]],
    ]);
  });

  it('already a draft in content/ (an earlier import) makes a later interpretation a draft; once the document is finished the to-do list says the interpretation can be finished', () => {
    const root = tempRoot();
    runImport({ root, inputs: [jsonl(root, 'documents.jsonl', [documentWithoutIssuer])] });
    const result = runImport({ root, inputs: [jsonl(root, 'interpretations.jsonl', [interpretationByTitle])] });
    expect(result.drafts.map((d) => [d.recordId, d.missing])).toEqual([['j-1', [draftItem(DOC)]]]);
    const path = result.drafts[0]!.path;

    // The editor finishes the document: writes its issuer, removes toFinish and draft.
    mkdirSync(join(root, 'content', 'organizations'), { recursive: true });
    writeFileSync(join(root, 'content', 'organizations', 'shinongyeju.yaml'), 'name: 示例市农业农村局\n');
    const text = readFileSync(join(root, DOC), 'utf8');
    writeFileSync(
      join(root, DOC),
      text
        .replace(/^#.*\n(?=draft: true)/m, '')
        .replace(/^draft: true\n/m, 'issuer: shinongyeju\n')
        .replace(/^toFinish:\n(?:  - .*\n)+/m, ''),
    );
    const checked = checkContent(root);
    expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const drafts = findDraftsToFinish(checked.entries);
    expect([...drafts.byKind.keys()]).toEqual(['interpretations']);
    expect(formatDraftsToFinish(drafts.byKind)).toContain(
      `    □ ${draftItem(DOC)}\n    → 原文件 ${DOC}（${TITLE}）已补齐，不再是草稿：上面“还是待补草稿”这一项已完成，从 toFinish 删去；没有别的待补事项时，删去 toFinish 和 draft: true，与原文件一起发布。`,
    );
    expect(frontmatter(root, path).draft).toBe(true);
  });

  it('whose document the export later gives an issuer: both are imported ready to publish', () => {
    const root = tempRoot();
    const first = runImport({ root, inputs: [jsonl(root, 'export.jsonl', [documentWithoutIssuer, interpretationByTitle])] });
    expect(first.drafts.map((d) => d.recordId)).toEqual(['d-1', 'j-1']);
    const again = runImport({ root, inputs: [jsonl(root, 'export.jsonl', [{ ...documentWithoutIssuer, issuer: '示例市农业农村局' }, interpretationByTitle])] });
    expect(again.drafts).toEqual([]);
    expect(again.imported).toBe(2);
    expect(frontmatter(root, DOC).draft).toBeUndefined();
    expect(frontmatter(root, first.drafts[1]!.path)).not.toHaveProperty('draft');
    expect(frontmatter(root, first.drafts[1]!.path)).not.toHaveProperty('toFinish');
  });
});
