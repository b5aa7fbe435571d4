import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type ImportResult, MANIFEST_FILE, SKIP_EDITED, mdxParseError, mergeOrganization, runImport } from '../../../src/import/importer';
import { chineseCharSequence, firstDifference } from '../../../src/import/fidelity';
import { documentIdBase, interpretationIdBase, organizationId } from '../../../src/import/ids';
import { interpretationForm } from '../../../src/import/form';
import { escapeForMdx, htmlToMarkdown, plainTextToMarkdown, sanitizeMarkdown } from '../../../src/import/body';
import { formatImportReport } from '../../../src/import/report';
import { compile } from '@mdx-js/mdx';
import type { Root as HastRoot } from 'hast';
import remarkGfm from 'remark-gfm';
import { toText } from 'hast-util-to-text';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'import');
const CORPUS = join(import.meta.dirname, '..', '..', 'fixtures', 'corpus');
/** Input paths as a user would type them from the project root, so messages are the same on every machine. */
const fixture = (name: string) => relative(process.cwd(), join(FIXTURES, name));
const JSONL_FIXTURES = [fixture('documents.jsonl'), fixture('interpretations.jsonl')];

const tempRoots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-import-'));
  tempRoots.push(root);
  return root;
}
afterAll(() => {
  for (const root of tempRoots) rmSync(root, { recursive: true, force: true });
});

/** Every file under content/ with its bytes, by path. */
function snapshotFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const base = join(root, 'content');
  if (!existsSync(base)) return files;
  for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      files.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  }
  return files;
}

/** Frontmatter and body of a generated .md/.mdx file. */
function splitFile(text: string): { data: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)---\n\n?/.exec(text);
  if (!m) throw new Error('no frontmatter');
  return { data: parseYaml(m[1]!) as Record<string, unknown>, body: text.slice(m[0].length) };
}

function statuses(result: ImportResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of result.outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}

describe('importing twice', () => {
  it('the second run reports every file unchanged and leaves every byte as it was', () => {
    const root = tempRoot();
    const first = runImport({ root, inputs: JSONL_FIXTURES });
    expect(first.ok).toBe(true);
    expect(statuses(first)).toEqual({ created: first.outcomes.length });
    const before = snapshotFiles(root);

    const second = runImport({ root, inputs: JSONL_FIXTURES });
    expect(statuses(second)).toEqual({ unchanged: first.outcomes.length });
    expect(snapshotFiles(root)).toEqual(before);
    expect(formatImportReport(second)).toContain(`合计：新建 0，更新 0，未变 ${first.outcomes.length}，跳过 0`);
  });

  it('the manifest records the hash of every file it wrote', () => {
    const root = tempRoot();
    const result = runImport({ root, inputs: JSONL_FIXTURES });
    const manifest = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files).sort()).toEqual(result.outcomes.map((o) => o.path).sort());
  });
});

describe('files editors changed', () => {
  const edit = (root: string, path: string) => {
    const full = join(root, path);
    const original = readFileSync(full, 'utf8');
    writeFileSync(full, original.replace('requiresInterpretation: true', 'requiresInterpretation: false'));
    return original;
  };

  it('an edited file is skipped without --force, with the reason', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const path = 'content/documents/guofa-2019-5.md';
    edit(root, path);
    const edited = readFileSync(join(root, path), 'utf8');

    const result = runImport({ root, inputs: JSONL_FIXTURES });
    expect(result.outcomes.find((o) => o.path === path)).toEqual({
      path,
      collection: 'documents',
      status: 'skipped',
      reason: SKIP_EDITED,
    });
    expect(readFileSync(join(root, path), 'utf8')).toBe(edited);
    expect(formatImportReport(result)).toContain(`跳过 1 个文件：\n  ${path}  编辑已修改，未覆盖（使用 --force 覆盖）`);
  });

  it('an edited file stays skipped on later runs', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    edit(root, 'content/documents/guofa-2019-5.md');
    runImport({ root, inputs: JSONL_FIXTURES });
    const again = runImport({ root, inputs: JSONL_FIXTURES });
    expect(again.outcomes.filter((o) => o.status === 'skipped').map((o) => o.path)).toEqual([
      'content/documents/guofa-2019-5.md',
    ]);
  });

  it('an edited file is overwritten with --force', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const path = 'content/documents/guofa-2019-5.md';
    const original = edit(root, path);

    const result = runImport({ root, inputs: JSONL_FIXTURES, force: true });
    expect(result.outcomes.find((o) => o.path === path)?.status).toBe('updated');
    expect(readFileSync(join(root, path), 'utf8')).toBe(original);
    expect(statuses(runImport({ root, inputs: JSONL_FIXTURES }))).toEqual({ unchanged: result.outcomes.length });
  });

  it('a file the importer wrote but nobody edited is updated when the source changes', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const changed = join(root, 'changed.jsonl');
    const lines = readFileSync(join(FIXTURES, 'documents.jsonl'), 'utf8').replace('测试条例', '测试条例（修订）');
    writeFileSync(changed, lines);
    const result = runImport({ root, inputs: [changed, JSONL_FIXTURES[1]!] });
    expect(result.outcomes.find((o) => o.path === 'content/documents/guoling-707.md')?.status).toBe('updated');
  });

  it('a document renamed by an editor is found by its importedFrom.id and links follow the new name', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    renameSync(join(root, 'content/documents/guofa-2019-5.md'), join(root, 'content/documents/shuangsuiji.md'));

    const result = runImport({ root, inputs: JSONL_FIXTURES });
    expect(existsSync(join(root, 'content/documents/guofa-2019-5.md'))).toBe(false);
    expect(result.outcomes.find((o) => o.path === 'content/documents/shuangsuiji.md')?.status).toBe('unchanged');
    const interpretation = readFileSync(join(root, 'content/interpretations/guofa-2019-5-jd-2019-02-16.mdx'), 'utf8');
    expect(splitFile(interpretation).data.documents).toEqual(['shuangsuiji']);
  });
});

describe('ids', () => {
  const doc = (docNumber: string | undefined, title = '标题', publishedAt = '2019-02-15') =>
    documentIdBase({ docNumber, title, publishedAt });

  it('a 文号 with a year gives prefix pinyin, year and serial, whatever the brackets', () => {
    expect(doc('国发〔2019〕5号')).toBe('guofa-2019-5');
    expect(doc('国发﹝2019﹞5号')).toBe('guofa-2019-5');
    expect(doc('国办发[2018]128号')).toBe('guobanfa-2018-128');
    expect(doc('法释【2022】9号')).toBe('fashi-2022-9');
    expect(doc('穗医保规字〔2024〕1号')).toBe('suiyibaoguizi-2024-1');
    expect(doc('国办发明电〔2018〕15号')).toBe('guobanfamingdian-2018-15');
  });

  it('a 文号 without a year gives prefix pinyin and serial', () => {
    expect(doc('国令第707号')).toBe('guoling-707');
  });

  it('a document without a 文号 gets at most 12 title initials and its date', () => {
    expect(doc(undefined, '中华人民共和国劳动合同法', '2012-12-28')).toBe('zhrmghgldhtf-2012-12-28');
    expect(doc(undefined, '中华人民共和国刑法修正案（九）', '2015-08-29')).toBe('zhrmghgxfxza-2015-08-29');
  });

  it('an interpretation id is its document id, -jd-, and its date or else its record id', () => {
    expect(interpretationIdBase('guofa-2019-5', { publishedAt: '2019-02-16', recordId: 'x' })).toBe(
      'guofa-2019-5-jd-2019-02-16',
    );
    expect(interpretationIdBase('guofa-2019-5', { recordId: 'gz-9427187' })).toBe('guofa-2019-5-jd-gz-9427187');
  });

  it('organisation ids are the full pinyin of the name', () => {
    expect(organizationId('国务院办公厅')).toBe('guowuyuanbangongting');
    expect(organizationId('最高人民法院')).toBe('zuigaorenminfayuan');
  });

  it('interpretations colliding on one id are numbered in record order', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const ids = (name: string) =>
      splitFile(readFileSync(join(root, 'content/interpretations', name), 'utf8')).data.importedFrom;
    expect(ids('zhrmghgldhtf-2012-12-28-jd-2013-01-01.mdx')).toEqual({ source: 'fixture_laws', id: 'fi-2' });
    expect(ids('zhrmghgldhtf-2012-12-28-jd-2013-01-01-2.mdx')).toEqual({ source: 'fixture_laws', id: 'fi-5' });
  });
});

describe('frontmatter', () => {
  const root = tempRoot();
  beforeAll(() => {
    runImport({ root, inputs: JSONL_FIXTURES });
  });
  const read = (path: string) => readFileSync(join(root, path), 'utf8');

  it('a document gets every catalogue field in the schema order, 文号 with standard brackets', () => {
    expect(read('content/documents/guofa-2019-5.md').split('---\n')[1]).toMatchInlineSnapshot(`
      "title: 国务院关于测试导入程序的意见
      docNumber: 国发〔2019〕5号
      indexNumber: 000014349/2019-00007
      kind: 国务院文件
      issuer: guowuyuan
      writtenAt: 2019-01-27
      publishedAt: 2019-02-15
      topic: 综合政务\\政务公开
      validity: 有效
      requiresInterpretation: true
      sourceUrl: http://www.gov.cn/zhengce/content/2019-02/15/content_1.htm
      importedFrom:
        source: fixture_catalogue
        id: fx-1
      "
    `);
  });

  it('a joint issuer becomes the lead issuer and co-issuers, each an organisation', () => {
    const { data } = splitFile(read('content/documents/suiyibaoguizi-2024-1.md'));
    expect(data.issuer).toBe('guangzhoushiyiliaobaozhangju');
    expect(data.coIssuers).toEqual(['guangzhoushicaizhengju']);
    expect(read('content/organizations/guangzhoushicaizhengju.yaml')).toBe('name: 广州市财政局\n');
  });

  it('an issuer whose 索引号 all share one organisation code gets that code', () => {
    expect(read('content/organizations/guowuyuan.yaml')).toBe('name: 国务院\ncode: "000014349"\n');
  });

  it('only 规范性文件 and 国发/国办发 documents require an interpretation', () => {
    const requires = (file: string) => splitFile(read(`content/documents/${file}`)).data.requiresInterpretation;
    expect(requires('guofa-2019-5.md')).toBe(true);
    expect(requires('suiyibaoguizi-2024-1.md')).toBe(true);
    expect(requires('guoling-707.md')).toBe(false);
    expect(requires('zhrmghgldhtf-2012-12-28.md')).toBe(false);
  });

  it('a document without a 文号 has no docNumber', () => {
    expect(splitFile(read('content/documents/zhrmghgldhtf-2012-12-28.md')).data).not.toHaveProperty('docNumber');
  });

  it('an interpretation without a date is a draft with a note for the editor and no publishedAt', () => {
    expect(read('content/interpretations/suiyibaoguizi-2024-1-jd-fi-3.mdx')).toMatchInlineSnapshot(`
      "---
      title: 【政策解读】关于测试通知的解读
      documents:
        - suiyibaoguizi-2024-1
      form: 文字解读
      sourceUrl: https://www.gz.gov.cn/jd-3.html
      importedFrom:
        source: fixture_pages
        id: fi-3
      # 来源未给出发布日期，导入时未填写（不臆造日期）。请编辑查明后补写 publishedAt（YYYY-MM-DD），并删去 draft: true。
      draft: true
      ---
      "
    `);
  });

  it('a joint interpreting office keeps the lead as office and names the others in a comment', () => {
    const text = read('content/interpretations/suiyibaoguizi-2024-1-jd-2024-01-08.mdx');
    expect(text).toContain('# 联合解读机关：市医疗保障局、市医保服务中心（office 只写牵头机关）\noffice: shiyiliaobaozhangju\n');
  });

  it('the form of an interpretation follows its title tag or kind', () => {
    expect(interpretationForm('【音频解读】《广州市老年人优待办法》')).toBe('音频');
    expect(interpretationForm('【媒体解读】《办法》印发')).toBe('媒体解读');
    expect(interpretationForm('【视频解读】《办法》')).toBe('视频');
    expect(interpretationForm('【一图读懂】《通知》政策解读')).toBe('图解');
    expect(interpretationForm('2025年度积分制入户工作热点13问', '政策问答(热点问答)')).toBe('问答');
    expect(interpretationForm('专家谈《意见》')).toBe('专家解读');
    expect(interpretationForm('主要负责人解读《意见》')).toBe('负责人解读');
    expect(interpretationForm('【政策解读】关于《办法》的解读')).toBe('文字解读');
  });
});

describe('CSV input', () => {
  it('CSV rows become documents and interpretations like JSON Lines records', () => {
    const root = tempRoot();
    const result = runImport({ root, inputs: [fixture('catalogue.csv')] });
    expect(result.ok).toBe(true);
    expect(result.inputs).toEqual([{ file: fixture('catalogue.csv'), format: 'csv', encoding: 'UTF-8', documents: 2, interpretations: 1, rejected: 0 }]);
    const doc = splitFile(readFileSync(join(root, 'content/documents/guobanfa-2018-128.md'), 'utf8'));
    expect(doc.data.docNumber).toBe('国办发〔2018〕128号');
    expect(doc.data.publishedAt).toBe('2019-01-21');
    expect(doc.body).toBe('国务院办公厅关于表格导入的通知\n\n国办发〔2018〕128号\n\n各省、自治区、直辖市人民政府：\n\n请认真贯彻执行。\n');
    const law = splitFile(readFileSync(join(root, 'content/documents/zhrmghgbgf-2020-03-01.md'), 'utf8'));
    expect(law.data.publishedAt).toBe('2020-03-01');
  });

  it('a CSV interprets column lists several documents separated by ; or |', () => {
    const root = tempRoot();
    runImport({ root, inputs: [fixture('catalogue.csv')] });
    const interp = splitFile(readFileSync(join(root, 'content/interpretations/guobanfa-2018-128-jd-2019-01-22.mdx'), 'utf8'));
    expect(interp.data.documents).toEqual(['guobanfa-2018-128', 'zhrmghgbgf-2020-03-01']);
    expect(interp.data.form).toBe('负责人解读');
  });
});

describe('malformed input with --strict (refuse everything, for CI)', () => {
  it('a bad JSON line and a record without a title stop the import with file:line, and nothing is written', () => {
    const root = tempRoot();
    const result = runImport({ root, inputs: [fixture('malformed.jsonl')], strict: true });
    expect(result.ok).toBe(false);
    expect(snapshotFiles(root).size).toBe(0);
    expect(formatImportReport(result)).toMatchInlineSnapshot(`
      "导入未进行：输入中发现 2 个错误，没有写入任何文件。

      tests/fixtures/import/malformed.jsonl:2  [错误]
        这一行不是有效的 JSON，约在第 37 个字符处。
        JSON Lines 文件每行写一条完整的记录，形如 {"id": "…", "title": "…"}；检查引号、逗号和括号是否成对。

      tests/fixtures/import/malformed.jsonl:3  title (标题)  [错误]
        记录缺少标题 title。
        补写 title，例如 "国务院关于…的意见"。

      改正以上错误后重新运行 npm run import。"
    `);
  });

  it('an error in one input file stops the whole import, good files included', () => {
    const root = tempRoot();
    const result = runImport({ root, inputs: [...JSONL_FIXTURES, fixture('malformed.jsonl')], strict: true });
    expect(result.ok).toBe(false);
    expect(snapshotFiles(root).size).toBe(0);
  });

  it('an interpretation of a document that is nowhere is an error naming its line', () => {
    const root = tempRoot();
    const result = runImport({ root, inputs: [fixture('interpretations.jsonl')], strict: true });
    expect(result.ok).toBe(false);
    // The first error (a warning about keys the importer does not know, body_available, comes before it).
    expect(result.problems.find((p) => p.severity === 'error')).toMatchObject({
      file: fixture('interpretations.jsonl'),
      line: 1,
      field: 'interprets[0]',
    });
    expect(snapshotFiles(root).size).toBe(0);
  });

  it('interpretations can be imported later against documents imported earlier', () => {
    const root = tempRoot();
    runImport({ root, inputs: [JSONL_FIXTURES[0]!] });
    const result = runImport({ root, inputs: [JSONL_FIXTURES[1]!] });
    expect(result.ok).toBe(true);
    expect(existsSync(join(root, 'content/interpretations/guofa-2019-5-jd-2019-02-16.mdx'))).toBe(true);
  });
});

describe('body conversion', () => {
  it('gov.cn layout cells, scripts and styles go; tables, emphasis and links stay; images are reported', () => {
    const html =
      '<tbody><tr><td id="UCAP-CONTENT"><p>　　<strong>　　一、总体要求。</strong>以此为准。</p><script>var a = "脚本";</script>' +
      '<table><tr><td><p>指标</p><p>说明</p></td><td>&nbsp;</td></tr><tr><td>一</td><td>二</td></tr></table>' +
      '<p><img src="a.jpg">详见<a href="http://www.gov.cn/" title="提示">网址</a>。</p></td></tr></tbody>';
    expect(htmlToMarkdown(html)).toEqual({
      markdown: '**一、总体要求**。以此为准。\n\n| 指标 说明 | |\n| - | - |\n| 一 | 二 |\n\n详见[网址](http://www.gov.cn/)。\n',
      droppedImages: ['a.jpg'],
      removed: [{ kind: 'element', name: 'script', withContent: true, line: 1, column: 74 }],
    });
  });

  it('when the plain-text body lacks text the HTML has, the whole HTML text is kept and the editor is warned', () => {
    const root = tempRoot();
    const input = join(root, 'hidden.jsonl');
    const record = {
      id: 'h-1',
      kind: '国务院文件',
      title: '隐藏段落测试',
      issuer: '国务院',
      date: '2019-01-01',
      body: '第一段。',
      body_html: '<p>第一段。</p><p style="display:none">隐藏的第二段。</p>',
      body_format: 'html',
    };
    writeFileSync(input, `${JSON.stringify(record)}\n`);
    const result = runImport({ root, inputs: [input] });
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => [p.severity, p.message])).toEqual([
      ['warning', '纯文本正文（body）与 HTML 正文（body_html）的文字不一致，已按 HTML 正文核对并导入 HTML 正文。'],
    ]);
    const { body } = splitFile(readFileSync(join(root, 'content/documents/ycdlcs-2019-01-01.md'), 'utf8'));
    expect(body).toBe('第一段。\n\n隐藏的第二段。\n');
  });

  it('plain text becomes one paragraph per line with Markdown syntax escaped', () => {
    expect(plainTextToMarkdown('1. 第一条\n\n* 星号\n市　长：某某')).toBe('1\\. 第一条\n\n\\* 星号\n\n市　长：某某\n');
  });

  it('braces and angle brackets in text are escaped for MDX, code is left alone', () => {
    const escaped = escapeForMdx('写作 {甲方} 与 <乙方>，a > b。\n\n`{x}` 不变。\n');
    expect(escaped).toBe('写作 \\{甲方\\} 与 \\<乙方\\>，a \\> b。\n\n`{x}` 不变。\n');
    expect(mdxParseError(escaped)).toBeUndefined();
    expect(mdxParseError('写作 {甲方} 与 <乙方>')).toBeDefined();
  });
});

/**
 * A body compiled by the real MDX compiler (@mdx-js/mdx, with GFM as the site has it): the text a reader gets and
 * whether any ESM (import/export, which would run at build time) is in it. Throws where MDX cannot compile it.
 */
async function renderMdx(body: string): Promise<{ text: string; esm: number }> {
  let text = '';
  let esm = 0;
  await compile(body, {
    remarkPlugins: [remarkGfm],
    rehypePlugins: [
      () => (tree: HastRoot) => {
        text = toText(tree);
        esm = tree.children.filter((c) => (c.type as string) === 'mdxjsEsm').length;
      },
    ],
  });
  return { text, esm };
}

/** Imports one record (JSON object) into a fresh project; the result and the written body of its file. */
function importOne(record: Record<string, unknown>, file = 'one.jsonl'): { result: ImportResult; root: string; input: string; body: (path: string) => string } {
  const root = tempRoot();
  const input = join(root, file);
  writeFileSync(input, `${JSON.stringify(record)}\n`);
  const result = runImport({ root, inputs: [input] });
  return { result, root, input, body: (path) => splitFile(readFileSync(join(root, path), 'utf8')).body };
}

/** A document to interpret, and an interpretation of it with the given body fields. */
function interpretationRecords(body: Record<string, unknown>): string {
  const doc = { id: 'd-1', kind: '国务院文件', title: '测试文件', issuer: '国务院', date: '2019-01-01', body: '正文。' };
  const interp = { id: 'i-1', title: '测试解读', date: '2019-01-02', interprets: [{ doc_id: 'd-1' }], ...body };
  return `${JSON.stringify(doc)}\n${JSON.stringify(interp)}\n`;
}

describe('MDX: import/export lines and other syntax in imported text', () => {
  const ESM_TEXT = "第一段。\nimport fs from 'node:fs'\nexport const a = 1\nimport and export 货物进出口\n末段。";

  it.each([
    ['plain text', { body: ESM_TEXT }],
    ['HTML', { body_html: ESM_TEXT.split('\n').map((l) => `<p>${l}</p>`).join(''), body_format: 'html', body: ESM_TEXT }],
    ['Markdown', { body: ESM_TEXT.replaceAll('\n', '\n\n'), body_format: 'markdown' }],
  ])('a %s body with lines starting import/export renders as the same text, with no ESM and nothing for the check to refuse', async (_kind, body) => {
    const root = tempRoot();
    const input = join(root, 'i.jsonl');
    writeFileSync(input, interpretationRecords(body));
    const result = runImport({ root, inputs: [input] });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const [path] = result.outcomes.filter((o) => o.collection === 'interpretations').map((o) => o.path);
    const file = readFileSync(join(root, path!), 'utf8');
    expect(mdxParseError(file)).toBeUndefined();
    const { body: written } = splitFile(file);
    expect(written).toContain('&#105;mport fs from');
    expect(written).toContain('&#101;xport const a = 1');
    const rendered = await renderMdx(written);
    expect(rendered.esm).toBe(0);
    const lines = ESM_TEXT.split('\n');
    for (const line of lines) expect(rendered.text).toContain(line);
    // The fidelity check's view: the same Chinese characters in the same order.
    expect(firstDifference(chineseCharSequence(ESM_TEXT), chineseCharSequence(rendered.text))).toBeUndefined();
  });

  it('escapes only where MDX reads ESM (column 1 of text or raw HTML), never in code, and twice is the same as once', async () => {
    const markdown = "段落\nimport x from 'y'\n\n- import x from 'y'\n\n> export const b = 2\n\n```\nimport x from 'y'\n```\n\nimported 与 exports 不变\n";
    const escaped = escapeForMdx(markdown);
    expect(escaped).toBe(markdown.replace("段落\nimport", '段落\n&#105;mport'));
    expect(escapeForMdx(escaped)).toBe(escaped);
    const rendered = await renderMdx(escaped);
    expect(rendered.esm).toBe(0);
    expect(rendered.text.replace(/\s+/g, ' ')).toContain("段落 import x from 'y'");
    expect(rendered.text).toContain("export const b = 2");
  });

  it('an import/export line the escaping would miss is refused as an importer defect, never written', () => {
    expect(mdxParseError("正文\n\nimport fs from 'node:fs'\n")).toContain('import/export');
    expect(mdxParseError('正文 {1 + 1}\n')).toBe('含有 MDX 语法：第 1 行的花括号表达式');
    expect(mdxParseError('正文 \\{1 + 1\\}\n')).toBeUndefined();
  });
});

describe('Markdown bodies go through the sanitiser, like HTML bodies', () => {
  it('a javascript: link keeps its text and loses its address; the removal is reported', () => {
    const { result, body } = importOne({
      id: 'm-1', kind: '国务院文件', title: '链接测试', issuer: '国务院', date: '2019-01-01',
      body: '见[附件](javascript:alert(1))和[官网](https://www.gov.cn/)。\n\n## 一、总体要求\n\n- 第一项 **重点**',
      body_format: 'markdown',
    });
    expect(result.ok).toBe(true);
    expect(body('content/documents/ljcs-2019-01-01.md')).toBe('见附件和[官网](https://www.gov.cn/)。\n\n## 一、总体要求\n\n- 第一项 **重点**\n');
    expect(result.removals).toEqual([
      expect.objectContaining({ recordId: 'm-1', format: 'markdown', removed: [{ kind: 'attribute', name: 'a', attribute: 'href', value: 'javascript:alert(1)', line: 1, column: 2 }] }),
    ]);
  });

  it('scripts, event handlers and other sites’ images go; a Markdown body with nothing to remove is kept byte for byte', () => {
    expect(sanitizeMarkdown("正文<script>alert('脚本')</script>。\n\n<img src=/a.png onerror=alert(1)>\n\n![图](http://x.example/a.png)\n")).toEqual({
      markdown: '正文。\n\n![](/a.png)\n',
      droppedImages: ['http://x.example/a.png'],
      removed: [
        { kind: 'element', name: 'script', withContent: true, line: 1, column: 3 },
        { kind: 'attribute', name: 'img', attribute: 'onerror', value: 'alert(1)', line: 3, column: 1 },
      ],
    });
    const clean = '普通  **正文**，<sup>1</sup>\n\n| 甲 | 乙 |\n|:--|--:|\n| 1 | 2 |\n';
    expect(sanitizeMarkdown(clean)).toEqual({ markdown: clean, droppedImages: [], removed: [] });
  });
});

describe('what the sanitiser removed is in the report', () => {
  it('per record, with its input line, id and title, what went and why, and counted in the summary', () => {
    const root = tempRoot();
    const input = join(root, 'x.jsonl');
    const records = [
      { id: 'ok-1', kind: '国务院文件', title: '干净的文件', issuer: '国务院', date: '2019-01-01', body: '正文。' },
      {
        id: 'h-1', kind: '国务院文件', title: '带脚本的文件', issuer: '国务院', date: '2019-01-02',
        body: '第一段。', body_format: 'html',
        body_html: '<p style="color:red">第一段。<script>alert(1)</script><a href="jav&#x61;script:alert(1)" onclick="x()">链接</a></p>',
      },
      { id: 'm-1', kind: '国务院文件', title: '带脚本链接的文件', issuer: '国务院', date: '2019-01-03', body: '见[附件](javascript:void(0))。', body_format: 'markdown' },
    ];
    writeFileSync(input, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const result = runImport({ root, inputs: [input] });
    expect(result.ok).toBe(true);
    const report = formatImportReport(result).replaceAll(root, '<root>');
    expect(report.slice(report.indexOf('正文中有'), report.indexOf('请对照原文'))).toMatchInlineSnapshot(`
      "正文中有 5 处内容不能发布，导入时已删去（2 条记录）：

        <root>/x.jsonl:2（原文件记录 h-1《带脚本的文件》）：
          HTML 正文第 1 行第 1 列：删除了 <p> 的 style 属性“color:red”（网站不允许内容自带样式）
          HTML 正文第 1 行第 26 列：删除了 <script> 元素及其内容（网站不允许在正文中运行脚本）
          HTML 正文第 1 行第 51 列：删除了链接地址“javascript:alert(1)”，链接文字保留（只允许 http:、https:、mailto: 开头的网址和本站地址）
          HTML 正文第 1 行第 51 列：删除了 <a> 的 onclick 属性“x()”（事件脚本会在读者的浏览器里运行代码）
        <root>/x.jsonl:3（原文件记录 m-1《带脚本链接的文件》）：
          Markdown 正文第 1 行第 2 列：删除了链接地址“javascript:void(0)”，链接文字保留（只允许 http:、https:、mailto: 开头的网址和本站地址）

      "
    `);
    expect(report).toContain('合计：新建 4，更新 0，未变 0，跳过 0（机关 1，原文件 3，解读 0）。正文删去不能发布的内容 5 处（2 条记录）。');
  });

  it('the same formatting removed many times is one line with a count; addresses are listed one by one', () => {
    const { result, input } = importOne({
      id: 'h-2', kind: '国务院文件', title: '排版很多的文件', issuer: '国务院', date: '2019-01-04', body_format: 'html',
      body_html: '<p style="a:1">一。</p><p style="b:2">二。</p><p style="c:3">三。</p><a href="javascript:1">甲</a><a href="javascript:2">乙</a>',
    });
    const report = formatImportReport(result).replaceAll(input, '<input>');
    expect(report.slice(report.indexOf('正文中有'), report.indexOf('请对照原文'))).toMatchInlineSnapshot(`
      "正文中有 5 处内容不能发布，导入时已删去（1 条记录）：

        <input>:1（原文件记录 h-2《排版很多的文件》）：
          HTML 正文第 1 行第 1 列起共 3 处：删除了 <p> 的 style 属性（网站不允许内容自带样式）
          HTML 正文第 1 行第 64 列：删除了链接地址“javascript:1”，链接文字保留（只允许 http:、https:、mailto: 开头的网址和本站地址）
          HTML 正文第 1 行第 92 列：删除了链接地址“javascript:2”，链接文字保留（只允许 http:、https:、mailto: 开头的网址和本站地址）

      "
    `);
  });

  it('a run where nothing was removed says nothing about removals', () => {
    const { result } = importOne({ id: 'ok-1', kind: '国务院文件', title: '干净的文件', issuer: '国务院', date: '2019-01-01', body: '正文。' });
    expect(result.removals).toEqual([]);
    expect(formatImportReport(result)).not.toContain('删去');
  });
});

// The sample corpus (tests/fixtures/corpus); every one of its records is checked.
const corpusFiles = ['documents.jsonl', 'interpretations.jsonl'].map((name) => join(CORPUS, name));
const corpusRecords = corpusFiles.flatMap((file) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as { id: string; body?: string | null; body_html?: string | null; interprets?: unknown })
    : [],
);

describe('fidelity over the sample corpus', () => {
  const root = tempRoot();
  const generated = new Map<string, { path: string; text: string }>();
  let result: ImportResult;

  beforeAll(() => {
    result = runImport({ root, inputs: corpusFiles });
    for (const [path, text] of snapshotFiles(root)) {
      if (!/\.mdx?$/.test(path)) continue;
      const { data } = splitFile(text);
      const kind = path.includes('/interpretations/') ? 'interpretation' : 'document';
      generated.set(`${kind}:${(data.importedFrom as { id: string }).id}`, { path, text });
    }
    // The whole corpus through the converter and the sanitiser takes seconds on a loaded machine.
  }, 120_000);

  it('imports every record of both corpus files without an error', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.inputs.map((i) => [i.documents, i.interpretations])).toEqual([
      [77, 0],
      [0, 32],
    ]);
  });

  it.each(corpusRecords.map((r) => [r.id, r] as const))(
    'the generated body of %s has the Chinese characters of its source body, in order',
    (_id, record) => {
      const kind = record.interprets ? 'interpretation' : 'document';
      const file = generated.get(`${kind}:${record.id}`);
      expect(file, `no file for ${record.id}`).toBeDefined();
      const { body } = splitFile(file!.text);
      // The plain-text body is the reference (for Markdown records it is the Markdown itself).
      const difference = firstDifference(chineseCharSequence(record.body ?? ''), chineseCharSequence(body));
      expect(difference, `${file!.path}`).toBeUndefined();
    },
  );

  it('every generated interpretation parses as MDX', () => {
    const interpretations = [...generated.values()].filter((f) => f.path.endsWith('.mdx'));
    expect(interpretations).toHaveLength(32);
    for (const file of interpretations) expect(mdxParseError(file.text), file.path).toBeUndefined();
  });

  it('every interpretation links to documents that were generated', () => {
    const documentIds = new Set(
      [...generated.values()].filter((f) => f.path.endsWith('.md')).map((f) => f.path.replace(/^.*\/|\.md$/g, '')),
    );
    for (const file of [...generated.values()].filter((f) => f.path.endsWith('.mdx'))) {
      const documents = splitFile(file.text).data.documents as string[];
      expect(documents.length, file.path).toBeGreaterThan(0);
      for (const id of documents) expect(documentIds.has(id), `${file.path} → ${id}`).toBe(true);
    }
  });
});

describe('existing organisation files are the editor’s', () => {
  /** One 国务院 document without a 索引号: the import cannot know the organisation code. */
  function oneRecordWithoutIndexNumber(root: string): string {
    const input = join(root, 'one.jsonl');
    writeFileSync(
      input,
      `${JSON.stringify({ id: 'one-1', collection: 'test', title: '国务院关于一件事的通知', issuer: '国务院', date: '2020-03-02', body: '通知正文。' })}\n`,
    );
    return input;
  }

  it('importing a record whose issuer is 国务院 keeps the code, comments and order of guowuyuan.yaml byte for byte', () => {
    const root = tempRoot();
    const original = '# 国务院：编辑维护\nname: 国务院\nshortName: 国务院 # 简称\ncode: "000014349"\ncontact:\n  url: https://www.gov.cn/\n';
    runImport({ root, inputs: [oneRecordWithoutIndexNumber(root)] });
    const path = join(root, 'content/organizations/guowuyuan.yaml');
    writeFileSync(path, original);
    const result = runImport({ root, inputs: [oneRecordWithoutIndexNumber(root)] });
    expect(result.ok).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(original);
    expect(result.outcomes.find((o) => o.path === 'content/organizations/guowuyuan.yaml')?.status).toBe('unchanged');
  });

  it('the file the importer itself wrote keeps its code when a later record gives none', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const path = join(root, 'content/organizations/guowuyuan.yaml');
    expect(readFileSync(path, 'utf8')).toBe('name: 国务院\ncode: "000014349"\n');
    runImport({ root, inputs: [oneRecordWithoutIndexNumber(root)] });
    expect(readFileSync(path, 'utf8')).toBe('name: 国务院\ncode: "000014349"\n');
  });

  it('a missing code is added below the editor’s lines, which stay as they were', () => {
    const root = tempRoot();
    const path = join(root, 'content/organizations/guowuyuan.yaml');
    mkdirSync(join(root, 'content/organizations'), { recursive: true });
    writeFileSync(path, '# 编辑的注释\nname: 国务院\nshortName: 国务院');
    const result = runImport({ root, inputs: JSONL_FIXTURES });
    expect(readFileSync(path, 'utf8')).toBe('# 编辑的注释\nname: 国务院\nshortName: 国务院\ncode: "000014349"\n');
    expect(result.outcomes.find((o) => o.path === 'content/organizations/guowuyuan.yaml')).toMatchObject({ status: 'updated', reason: '已补上缺少的字段，原有内容未改动' });
  });

  it('an editor’s code that differs from the 索引号 is kept (the check warns about the mismatch)', () => {
    const root = tempRoot();
    mkdirSync(join(root, 'content/organizations'), { recursive: true });
    writeFileSync(join(root, 'content/organizations/guowuyuan.yaml'), 'name: 国务院\ncode: "11100000000013127D"\n');
    runImport({ root, inputs: JSONL_FIXTURES });
    expect(readFileSync(join(root, 'content/organizations/guowuyuan.yaml'), 'utf8')).toBe('name: 国务院\ncode: "11100000000013127D"\n');
  });

  it('mergeOrganization edits a flow mapping through the YAML document and leaves what it cannot parse alone', () => {
    expect(mergeOrganization('{name: 国务院}\n', { name: '国务院', code: '000014349' })).toBe('{ name: 国务院, code: "000014349" }\n');
    expect(mergeOrganization('name: [broken\n', { name: '国务院', code: '000014349' })).toBeUndefined();
  });
});

describe('an interrupted import', () => {
  it('replaces an updated file by rename, never rewriting it in place', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const path = join(root, 'content/documents/guofa-2019-5.md');
    const inode = statSync(path).ino;
    const input = join(root, 'changed.jsonl');
    writeFileSync(input, readFileSync(JSONL_FIXTURES[0]!, 'utf8').replaceAll('做到不丢一字', '做到一字不丢'));
    runImport({ root, inputs: [input, JSONL_FIXTURES[1]!] });
    expect(readFileSync(path, 'utf8')).toContain('做到一字不丢');
    expect(statSync(path).ino).not.toBe(inode);
  });

  it('files written before the kill are still the importer’s: the next run updates them instead of calling them edited', () => {
    const root = tempRoot();
    runImport({ root, inputs: JSONL_FIXTURES });
    const path = 'content/documents/guofa-2019-5.md';
    const input = join(root, 'changed.jsonl');
    writeFileSync(input, readFileSync(JSONL_FIXTURES[0]!, 'utf8').replaceAll('做到不丢一字', '做到一字不丢'));
    // A complete run with the changed source, whose manifest is then put back as a kill before its last write leaves it.
    const manifestBefore = readFileSync(join(root, MANIFEST_FILE), 'utf8');
    const interrupted = tempRoot();
    cpSync(root, interrupted, { recursive: true });
    runImport({ root: interrupted, inputs: [input, JSONL_FIXTURES[1]!] });
    const announced = JSON.parse(readFileSync(join(interrupted, MANIFEST_FILE), 'utf8')) as { files: Record<string, string> };
    const pendingManifest = JSON.parse(manifestBefore) as { files: Record<string, string>; pending?: Record<string, string> };
    pendingManifest.pending = { [path]: announced.files[path]! };
    writeFileSync(join(interrupted, MANIFEST_FILE), JSON.stringify(pendingManifest));
    // The source changes again before the re-run: the file on disk (written by the killed run) must not count as edited.
    writeFileSync(input, readFileSync(JSONL_FIXTURES[0]!, 'utf8').replaceAll('做到不丢一字', '做到一字也不丢'));
    const rerun = runImport({ root: interrupted, inputs: [input, JSONL_FIXTURES[1]!] });
    expect(rerun.outcomes.find((o) => o.path === path)?.status).toBe('updated');
    expect(readFileSync(join(interrupted, path), 'utf8')).toContain('做到一字也不丢');
    const final = JSON.parse(readFileSync(join(interrupted, MANIFEST_FILE), 'utf8')) as { pending?: unknown };
    expect(final.pending).toBeUndefined();
  });
});

describe('an existing content file whose frontmatter cannot be read (tester findings 2026-11-30)', () => {
  it('stops the import before writing anything, naming the file, where it wrote a second file beside it and relinked', () => {
    const root = tempRoot();
    const input = join(root, 'export.jsonl');
    const records = [
      { id: 'b-1', type: '原文件', title: '示试市关于测试事项的通知', doc_number: '示试〔2024〕13号', issuer: '示试市人民政府', date: '2024-03-01', body: '正文。' },
      { id: 'b-2', type: '解读', title: '《示试市关于测试事项的通知》解读', date: '2024-03-02', interprets: '示试〔2024〕13号', body: '解读正文。' },
    ];
    writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(runImport({ root, inputs: [input] }).ok).toBe(true);
    const dir = join(root, 'content', 'documents');
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.md'));
    const path = join(dir, file!);
    // The editor's slip: the closing --- deleted.
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n---\n/u, '\n'));
    const before = readdirSync(root, { recursive: true }).map(String).sort();
    const again = runImport({ root, inputs: [input] });
    expect(again.ok).toBe(false);
    expect(again.problems.filter((p) => p.severity === 'error').map((p) => p.file)).toEqual([`content/documents/${file}`]);
    expect(readdirSync(root, { recursive: true }).map(String).sort()).toEqual(before);
  });
});
