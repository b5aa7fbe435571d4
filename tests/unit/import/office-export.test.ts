// Moving a real office in (issue 12): a dirty export of corpus records changed to show every case
// (tests/fixtures/import/README.md lists them) is imported into a copy of the sample site. Each record is imported,
// a draft to finish, or rejected to a rejects file; nothing is lost and the site's check still passes.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type ImportResult, runImport } from '../../../src/import/importer';
import { loadWorkbook } from '../../../src/import/read-input';
import { formatImportReport } from '../../../src/import/report';
import { writeTemplates } from '../../../src/import/template';
import { chineseCharSequence } from '../../../src/import/fidelity';
import { checkContent } from '../../../src/check/validate';
import { findDraftsToFinish, formatDraftsToFinish } from '../../../src/check/to-finish';
import { isPublished } from '../../../src/check/publication';
import { docNumberQuery } from '../../../src/search/query';
import { docNumberFilter } from '../../../src/search/fields';
import { tempDirs } from '../../support/temp-dirs';

const PROJECT = process.cwd();
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'import');
const fixture = (name: string) => relative(PROJECT, join(FIXTURES, name));
const EXPORT = fixture('office-export.jsonl');

const temp = tempDirs();

/** A copy of the sample site's content/ (site.yaml, organisations, documents, interpretations, infographics). */
function sampleSite(): string {
  const root = temp('office');
  cpSync(join(PROJECT, 'content'), join(root, 'content'), { recursive: true });
  return root;
}

/** Every file under content/ with its bytes. */
function tree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(root, 'content'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(root, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

function frontmatter(root: string, path: string): Record<string, unknown> {
  const text = readFileSync(join(root, path), 'utf8');
  return parseYaml(/^---\n([\s\S]*?)---\n/.exec(text)![1]!) as Record<string, unknown>;
}


describe('an office export with every kind of record, imported into the sample site', () => {
  let root: string;
  let rejectsDir: string;
  let result: ImportResult;
  let before: Map<string, string>;

  beforeAll(() => {
    root = sampleSite();
    rejectsDir = join(root, 'rejects');
    before = tree(root);
    result = runImport({ root, inputs: [EXPORT], rejectsDir });
  }, 60_000);

  it('counts 11 records imported, 4 drafts to finish and 4 rejected, and says so in the summary', () => {
    expect(result.ok).toBe(true);
    expect(result.imported).toBe(11);
    expect(result.drafts.map((d) => d.recordId)).toEqual(['ox-d3', 'ox-j5', 'ox-j7', 'ox-j8']);
    expect(result.rejected.map((r) => [r.at.line, r.recordId]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [7, 'ox-d7'],
      [8, 'ox-d8'],
      [9, 'ox-d7'],
      [10, undefined],
    ]);
    expect(result.inputs).toEqual([{ file: EXPORT, format: 'jsonl', documents: 6, interpretations: 9, rejected: 4 }]);
    expect(formatImportReport(result)).toContain(
      '记录：导入 11 条，导入为待补草稿 4 条，拒收 4 条（自动关联原文件 3 条，无法确定 1 条，原文件不在本站 1 条）。',
    );
  });

  it('writes the rejected records to a rejects file in JSON Lines, each with its line, id and reason in Chinese', () => {
    expect(result.rejectsFiles).toEqual([join(rejectsDir, 'office-export.rejects.jsonl')]);
    const lines = readFileSync(result.rejectsFiles[0]!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l._行, l._id])).toEqual([
      [7, 'ox-d7'],
      [8, 'ox-d8'],
      [9, 'ox-d7'],
      [10, null],
    ]);
    expect(lines[0]!._原因).toMatch(/^标题（title）：记录缺少标题 title。补写 title，例如 "国务院关于…的意见"。；/);
    expect(lines[1]!._原因).toContain('日期 "2026-13-45" 无法识别或不存在');
    // A repeated id whose first copy (line 7) is rejected for another reason: both copies are rejected, each naming the other.
    expect(lines[0]!._原因).toContain('；记录编号（id）：记录编号 "ox-d7" 与第 9 行（示府办函〔2019〕9号 《示例市人民政府办公厅关于申办冬季运动会的复函》）重复');
    expect(lines[2]!._原因).toContain('记录编号 "ox-d7" 与第 7 行（示府办函〔2019〕7号 （无标题））重复');
    expect(lines[3]!._原因).toContain('这一行不是有效的 JSON');
    // The record itself follows, as it was, so that it can be corrected and imported again.
    expect(lines[1]!.title).toBe('示例市人民政府办公厅关于合建自动气象站网有关问题的复函');
    expect(lines[3]!._原文).toBe('{"id": "ox-broken", "title": "导出时被截断的一行');
  });

  it('a corrected rejects file imports again: the fixed record comes in, the others are rejected again', () => {
    const fixed = join(rejectsDir, 'fixed.jsonl');
    // The editor corrects the date and deletes the repeated record.
    const lines = readFileSync(result.rejectsFiles[0]!, 'utf8').replace('"date":"2026-13-45"', '"date":"2019-01-08"').split('\n');
    writeFileSync(fixed, lines.filter((l) => !l.includes('"_行":9,')).join('\n'));
    const again = runImport({ root: sampleSite(), inputs: [fixed], rejectsDir: temp('rejects') });
    expect(again.imported).toBe(1);
    expect(again.rejected.map((r) => [r.at.line, r.recordId])).toEqual([
      [1, 'ox-d7'],
      [3, undefined],
    ]);
  });

  it('links interpretations that name their document by 《title》 or 文号, with the evidence, and lists the ambiguous one', () => {
    expect(result.links.map((l) => [l.recordId, l.found.map((f) => f.id)])).toEqual([
      ['ox-j2', ['shifuban-2019-2']],
      ['ox-j3', ['shifubanhan-2019-4']],
      ['ox-j9', ['guofa-2018-44']],
    ]);
    expect(result.links[1]!.found[0]!.evidence).toBe('正文中的文号 “示府办函〖2019〗4号” 与原文件 shifubanhan-2019-4 的文号 示府办函〔2019〕4号 一致');
    // An existing document of the sample site is found as well as the imported ones.
    expect(frontmatter(root, result.links[2]!.path).documents).toEqual(['guofa-2018-44']);
    expect(result.ambiguous.map((l) => [l.recordId, l.found.map((f) => f.id)])).toEqual([['ox-j7', ['shifubanhan-2019-5', 'shifubanhan-2019-6']]]);
    const ambiguous = frontmatter(root, result.ambiguous[0]!.path);
    expect(ambiguous.documents).toBeUndefined();
    expect(ambiguous.draft).toBe(true);
  });

  it('an original that is not on this site becomes an external reference; the 图解 record keeps its form', () => {
    const file = readdirSync(join(root, 'content/interpretations')).find((f) => f.startsWith('ytddyhyshjtl-'))!;
    const data = frontmatter(root, `content/interpretations/${file}`);
    expect(data.externalDocuments).toEqual([
      { title: '优化营商环境条例', docNumber: '国令第722号', issuer: '国务院', url: 'https://www.gov.cn/zhengce/content/2019-10/23/content_5443963.htm' },
    ]);
    expect(data.form).toBe('图解');
    expect(data.draft).toBeUndefined();
  });

  it('a document without an issuer is a draft that says what is missing, in Chinese, and never reaches the site', () => {
    const draft = result.drafts.find((d) => d.recordId === 'ox-d3')!;
    const data = frontmatter(root, draft.path);
    expect(data.issuer).toBeUndefined();
    expect(data.draft).toBe(true);
    expect(data.toFinish).toEqual([
      '发文机关：原文件缺少发文机关 issuer。补写 issuer（content/organizations/ 中机关文件的文件名），或重新导入时用 --issuer <名称> 指定；联合发文牵头机关写在最前。',
    ]);
    expect(isPublished(data as { draft: boolean }, '2030-01-01')).toBe(false);
  });

  it('the link-only interpretation (title, date, address, no body) is imported, not a draft', () => {
    const file = readdirSync(join(root, 'content/interpretations')).find((f) => readFileSync(join(root, 'content/interpretations', f), 'utf8').includes('id: ox-j6'))!;
    const text = readFileSync(join(root, 'content/interpretations', file), 'utf8');
    expect(text).toMatch(/sourceUrl: https:\/\/example\.gov\.cn\/jd\/ox-j6\.html/);
    expect(text).not.toMatch(/draft:/);
    expect(text.endsWith('---\n')).toBe(true);
  });

  it('文号 and metadata are normalised with a warning naming the record; bodies keep every Chinese character', () => {
    const warnings = result.problems.filter((p) => p.severity === 'warning').map((p) => `${p.line} ${p.field} ${p.message}`);
    expect(warnings).toContain('2 doc_number 记录 ox-d2 的文号 “示府办〖２０１９〗 2 号” 已改为标准写法 “示府办〔2019〕2号”（年份用六角括号〔〕，半角数字，不留空格）。');
    expect(warnings).toContain('4 title 记录 ox-d4 的 title 中有 2 个看不见或 XML 不允许的字符，已删去：U+200B（零宽空格）、U+0007（控制字符）。');
    expect(frontmatter(root, 'content/documents/shifubanhan-2019-4.md').title).toBe('示例市人民政府办公厅关于申办运动会的复函');
    // Fidelity: each imported body holds the Chinese characters of the record's plain text, in order.
    const rejectedLines = new Set(result.rejected.map((r) => r.at.line));
    const records = readFileSync(join(PROJECT, EXPORT), 'utf8')
      .trim()
      .split('\n')
      .filter((_, i) => !rejectedLines.has(i + 1))
      .map((l) => JSON.parse(l) as { id: string; body: string | null });
    const files = [...tree(root)].filter(([path]) => !before.has(path) && /\.mdx?$/.test(path));
    let compared = 0;
    for (const record of records.filter((r) => r.body)) {
      const file = files.find(([, text]) => text.includes(`  id: ${record.id}\n`));
      if (!file) continue;
      const body = file[1].replace(/^---\n[\s\S]*?---\n/, '');
      // Indents (U+3000) at line edges are dropped on purpose.
      expect(chineseCharSequence(body).replace(/\u3000/g, ''), record.id).toBe(chineseCharSequence(record.body!).replace(/\u3000/g, ''));
      compared++;
    }
    expect(compared).toBe(11);
  });

  it('the site with the imported entries passes the check (no errors), and the check lists the drafts to finish by kind', () => {
    const { problems, entries } = checkContent(root);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const drafts = findDraftsToFinish(entries);
    expect(drafts.problems).toEqual([]);
    expect([...drafts.byKind].map(([kind, list]) => [kind, list.length])).toEqual([
      ['documents', 1],
      ['interpretations', 3],
    ]);
    expect(formatDraftsToFinish(drafts.byKind)).toContain('原文件 1 条：\n  content/documents/slszfgwygyml-2018-12-04.md（示例市转发国务院关于棉粮、糖粮挂钩奖售粮几个问题的通知）\n    □ 发文机关：');
  });

  it('a draft published with its toFinish list still there gets a warning from the check', () => {
    const copy = temp('published-draft');
    cpSync(join(root, 'content'), join(copy, 'content'), { recursive: true });
    const path = result.drafts.find((d) => d.recordId === 'ox-j8')!.path;
    const text = readFileSync(join(copy, path), 'utf8');
    writeFileSync(join(copy, path), text.replace(/^draft: true\n/m, ''));
    const { problems } = findDraftsToFinish(checkContent(copy).entries);
    expect(problems.map((p) => [p.file, p.field, p.message])).toEqual([
      [path, 'toFinish', '已不是草稿（没有 draft: true），但 toFinish 还列着 1 项待补内容。'],
    ]);
  });

  it('importing the same export again changes nothing', () => {
    const after = tree(root);
    const again = runImport({ root, inputs: [EXPORT], rejectsDir });
    expect(again.outcomes.every((o) => o.status === 'unchanged')).toBe(true);
    expect(tree(root)).toEqual(after);
  });

  it('with --strict nothing is written and every reason is an error', () => {
    const strictRoot = sampleSite();
    const snapshot = tree(strictRoot);
    const strict = runImport({ root: strictRoot, inputs: [EXPORT], strict: true, rejectsDir: temp('strict') });
    expect(strict.ok).toBe(false);
    expect(tree(strictRoot)).toEqual(snapshot);
    // 4 rejected records (line 7 for two reasons) and 4 drafts (one of them lacks two things).
    expect(strict.problems.filter((p) => p.severity === 'error').map((p) => p.line).sort((a, b) => a! - b!)).toEqual([3, 7, 7, 8, 9, 10, 15, 17, 18]);
    expect(formatImportReport(strict)).toMatch(/^导入未进行：输入中发现 9 个错误，没有写入任何文件。/);
  });
});

describe('the 文号 field case (../shared/cases/docnumber): 〖〗 in an import record', () => {
  it('is normalised to 〔〕 at import with a warning, passes the check, and a 〖〗 query finds it', () => {
    const root = temp('case');
    cpSync(join(PROJECT, 'content', 'site.yaml'), join(root, 'content', 'site.yaml'));
    const result = runImport({ root, inputs: [fixture('case-docnumber.jsonl')] });
    expect(result.imported).toBe(1);
    expect(result.problems.map((p) => p.message)).toEqual([
      '记录 case-wenhao-1 的文号 “示试〖2024〗13号” 已改为标准写法 “示试〔2024〕13号”（年份用六角括号〔〕，半角数字，不留空格）。',
    ]);
    expect(frontmatter(root, 'content/documents/shishi-2024-13.md').docNumber).toBe('示试〔2024〕13号');
    expect(checkContent(root).problems.filter((p) => p.severity === 'error')).toEqual([]);
    // The search index files the document under the filter of its standard 文号; a reader's 〖〗 query asks for the same.
    expect(docNumberQuery('示试〖2024〗13号')).toEqual(docNumberFilter('示试〔2024〕13号'));
    expect(docNumberQuery('示试〖２０２４〗１３号')).toEqual(docNumberFilter('示试〔2024〕13号'));
  });
});

describe('the same records as JSON Lines, GB18030 CSV and .xlsx with Chinese headers', () => {
  it('import the same entries; the CSV encoding is detected and reported', async () => {
    const run = (input: string, workbooks?: Map<string, string[][]>) => {
      const root = temp('table');
      const result = runImport({ root, inputs: [input], workbooks, rejectsDir: temp('rejects') });
      return { root, result };
    };
    const jsonl = run(fixture('office-table.jsonl'));
    const csv = run(fixture('office-table.gb18030.csv'));
    const xlsxPath = fixture('office-table.xlsx');
    const xlsx = run(xlsxPath, new Map([[xlsxPath, await loadWorkbook(xlsxPath)]]));
    expect(jsonl.result.imported).toBe(4);
    expect(jsonl.result.rejected).toEqual([]);
    expect(csv.result.inputs[0]).toMatchObject({ format: 'csv', encoding: 'GB18030', documents: 2, interpretations: 2 });
    expect(formatImportReport(csv.result)).toContain('office-table.gb18030.csv（CSV，编码 GB18030）：原文件 2 条，解读 2 条');
    expect(xlsx.result.inputs[0]).toMatchObject({ format: 'xlsx', documents: 2, interpretations: 2 });
    const expected = tree(jsonl.root);
    // Two documents, two interpretations, two organisations and the manifest.
    expect(expected.size).toBe(7);
    expect(tree(csv.root)).toEqual(expected);
    expect(tree(xlsx.root)).toEqual(expected);
  });

  it('a CSV in UTF-8 with a BOM is read as such, and a rejected row goes to a CSV rejects file with the same columns', () => {
    const dir = temp('bom');
    const input = join(dir, 'export.csv');
    writeFileSync(input, '\ufeff编号,标题,发文机关,发布日期\r\nb-1,示例市关于带BOM表格的通知,示例市人民政府,2020-01-01\r\nb-2,,示例市人民政府,2020-01-02\r\n');
    const result = runImport({ root: temp('bom-root'), inputs: [input] });
    expect(result.inputs[0]).toMatchObject({ encoding: 'UTF-8（带 BOM）', documents: 1, rejected: 1 });
    expect(readFileSync(join(dir, 'export.rejects.csv'), 'utf8')).toBe(
      '\ufeff_行,_id,_原因,编号,标题,发文机关,发布日期\n3,b-2,标题：记录缺少标题 title。补写 title，例如 "国务院关于…的意见"。,b-2,,示例市人民政府,2020-01-02\n'.replace(
        // The field is named by the input's own header (标题), once.
        '标题：记录缺少标题 title。补写 title，例如 "国务院关于…的意见"。',
        '"标题：记录缺少标题 title。补写 title，例如 ""国务院关于…的意见""。"',
      ),
    );
  });

  it('a column the importer does not know is named in a warning; a mapping file brings it in', () => {
    const dir = temp('columns');
    const input = join(dir, 'export.csv');
    writeFileSync(input, '编号,文件名称,发文机关,发布日期\nc-1,示例市关于列名对照的通知,示例市人民政府,2020-01-01\n');
    const unmapped = runImport({ root: temp('columns-root'), inputs: [input] });
    expect(unmapped.problems.find((p) => p.severity === 'warning')?.message).toBe('表头中有 1 列导入程序不认识，这些列的内容没有导入：“文件名称”。');
    expect(unmapped.rejected.length).toBe(1);
    const mapped = runImport({ root: temp('columns-root'), inputs: [input], columns: { 文件名称: 'title' } });
    expect(mapped.imported).toBe(1);
  });
});

describe('a JSON Lines export saved with a BOM and CRLF line ends', () => {
  it('reads the same records, and two records with one id go to the rejects file with their whole bodies', () => {
    const dir = temp('crlf');
    const input = join(dir, 'export.jsonl');
    const record = (title: string, body: string) => JSON.stringify({ id: 'c-1', title, issuer: '示例市人民政府', date: '2020-01-01', body });
    writeFileSync(input, `\ufeff${record('示例市关于换行的通知', '第一段。\n第二段。')}\r\n${record('重复的记录', '重复记录的正文，不能丢。')}\r\n`);
    const result = runImport({ root: temp('crlf-root'), inputs: [input] });
    expect(result.imported).toBe(0);
    expect(result.rejected.map((r) => r.at.line)).toEqual([1, 2]);
    const rejected = readFileSync(join(dir, 'export.rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejected[0]).toMatchObject({ _行: 1, _id: 'c-1', title: '示例市关于换行的通知', body: '第一段。\n第二段。' });
    expect(rejected[1]).toMatchObject({ _行: 2, _id: 'c-1', title: '重复的记录', body: '重复记录的正文，不能丢。' });
  });
});

describe('issuers from --issuer and from 文号 prefixes', () => {
  const record = (id: string, docNumber: string) =>
    JSON.stringify({ id, title: `示例市中医管理局关于${id}的通知`, doc_number: docNumber, date: '2024-01-02', body: '正文。', kind: '规范性文件' });

  it('a 文号 prefix listed in an organisation file gives the issuer; --issuer fills the rest; both are reported', () => {
    const root = temp('issuer');
    mkdirSync(join(root, 'content', 'organizations'), { recursive: true });
    writeFileSync(join(root, 'content', 'organizations', 'shizhongyiju.yaml'), 'name: 示例市中医管理局\ndocNumberPrefixes:\n  - 示中医政字\n');
    const input = join(root, 'export.jsonl');
    writeFileSync(input, `${record('p-1', '示中医政字〔2024〕1号')}\n${record('p-2', '示卫〔2024〕2号')}\n`);
    const result = runImport({ root, inputs: [input], issuer: '示例市卫生健康委员会' });
    expect(result.drafts).toEqual([]);
    expect(frontmatter(root, 'content/documents/shizhongyizhengzi-2024-1.md').issuer).toBe('shizhongyiju');
    expect(frontmatter(root, 'content/documents/shiwei-2024-2.md').issuer).toBe('shilishiweishengjiankangweiyuanhui');
    expect(result.problems.map((p) => p.message)).toEqual([
      '记录 p-1 没有发文机关，按文号前缀 “示中医政字” 填为 “示例市中医管理局”（见 content/organizations/ 中的 docNumberPrefixes）。',
      '记录 p-2 没有发文机关，按 --issuer 填为 “示例市卫生健康委员会”。',
    ]);
  });
});

describe('templates', () => {
  it('--template writes an empty template per format with Chinese headers; importing them gives no record and no error', async () => {
    const dir = temp('template');
    const written = await writeTemplates(dir);
    expect(written.map((p) => relative(dir, p))).toEqual(['import-template.jsonl', 'import-template.csv', 'import-template.xlsx', 'import-columns.yaml']);
    expect(readFileSync(written[1]!, 'utf8').startsWith('\ufeff编号,类型,标题,文号,索引号,发文机关')).toBe(true);
    const xlsx = written[2]!;
    const rows = await loadWorkbook(xlsx);
    expect(rows[0]!.slice(0, 3)).toEqual(['编号', '类型', '标题']);
    const result = runImport({ root: temp('template-root'), inputs: [written[0]!, written[1]!, xlsx], workbooks: new Map([[xlsx, rows]]) });
    expect(result.problems).toEqual([]);
    expect(result.imported + result.drafts.length + result.rejected.length).toBe(0);
    expect(existsSync(join(dir, 'import-template.rejects.csv'))).toBe(false);
  });
});
