import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { checkContent } from '../../../src/check/validate';
import { unknownFieldMessage } from '../../../src/check/schema-messages';
import { formatProblem, type Problem } from '../../../src/lib/problems';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'content-errors');

function problemsIn(file: string, problems: Problem[]): string {
  return problems
    .filter((p) => p.file === file)
    .map(formatProblem)
    .join('\n');
}

describe('the content check on a tree with every kind of mistake', () => {
  const { problems } = checkContent(FIXTURE, join(FIXTURE, 'content'));

  it('reports each mistake once, with file, line and field', () => {
    expect(problems.filter((p) => p.severity === 'error')).toHaveLength(19);
    expect(problems.filter((p) => p.severity === 'warning')).toHaveLength(4);
    for (const p of problems) expect(p.file).toMatch(/^content\//);
  });

  it('an interpretation of a missing document fails and names the nearest id', () => {
    expect(problemsIn('content/interpretations/missing-doc.mdx', problems)).toMatchInlineSnapshot(`
      "content/interpretations/missing-doc.mdx:4  documents[0] (原文件)  [错误]
        找不到原文件 "guofa-2019-55"。最接近的是 "guofa-2019-5"（国发〔2019〕5号）。
        请检查 content/documents/ 下的文件名。"
    `);
  });

  it('schema errors use our own wording with the fix', () => {
    expect(problemsIn('content/interpretations/bad-fields.mdx', problems)).toMatchInlineSnapshot(`
      "content/interpretations/bad-fields.mdx:3  documents (原文件)  [错误]
        没有写所解读的原文件：documents（原文件）和 externalDocuments（本站以外的原文件）都是空的；只有草稿（draft: true）可以不写。
        在 documents 中写上原文件的文件名（content/documents/ 下，不含扩展名）；原文件不在本站的，在 externalDocuments 中写明 title、issuer 和 url。
      content/interpretations/bad-fields.mdx:4  form (解读形式)  [错误]
        "文字" 不是允许的值。允许的值：文字解读、图解、问答、专家解读、负责人解读、媒体解读、音频、视频、H5。
        改为 "文字解读"？
      content/interpretations/bad-fields.mdx:5  auther  [错误]
        没有名为 auther 的字段。
        删去这一行，或检查拼写。
      content/interpretations/bad-fields.mdx:6  publishedAt (发布日期)  [错误]
        日期 "2019-02-30" 不是日历上存在的日期：2019 年 2 月只有 28 天。
        核对原件上的日期，写成 YYYY-MM-DD，例如 2019-02-15。"
    `);
    expect(problemsIn('content/documents/Bad_Name.md', problems)).toMatchInlineSnapshot(`
      "content/documents/Bad_Name.md  [错误]
        文件名 "Bad_Name" 不能用作网址：只能用小写英文字母、数字和连字符（-）。
        把文件改名为 bad-name.md。
      content/documents/Bad_Name.md:2  title (标题)  [错误]
        缺少必填字段 title（标题）。
        在元数据区加一行 title: …。"
    `);
  });

  it('a 文号 with other brackets is a warning that shows the standard form', () => {
    expect(problemsIn('content/documents/guofa-2019-6.md', problems)).toMatchInlineSnapshot(`
      "content/documents/guofa-2019-6.md:3  docNumber (文号)  [警告]
        文号 "国发[2019]6号" 的年份括号不规范，发布时按 "国发〔2019〕6号" 显示。
        把文件中的文号改为 国发〔2019〕6号（年份用六角括号〔〕）。
      content/documents/guofa-2019-6.md:4  indexNumber (索引号)  [错误]
        索引号 000014349/2019-00007 重复：content/documents/guofa-2019-5.md 已使用。索引号一经赋予不得重复。
        核对目录系统中的索引号并改正。
      content/documents/guofa-2019-6.md:6  writtenAt (成文日期)  [错误]
        成文日期 2019-03-01 晚于发布日期 2019-02-20。成文日期不能晚于发布日期。
        核对两个日期，改正写错的一个。"
    `);
  });

  it('an unreadable 文号, a malformed 索引号 and a misspelt issuer are errors', () => {
    expect(problemsIn('content/documents/bad-number.md', problems)).toMatchInlineSnapshot(`
      "content/documents/bad-number.md:3  docNumber (文号)  [错误]
        文号 "国发2019年第五号" 无法识别。文号由机关代字、〔年份〕和序号组成。
        按“机关代字〔年份〕序号号”填写，例如 国发〔2019〕5号；没有文号的文件删去这一行。
      content/documents/bad-number.md:4  indexNumber (索引号)  [错误]
        索引号 "14349/2019-7" 格式不对。应为“机构代码/年份-5位序号”。
        例如 000014349/2019-00007：9 位组织机构代码或 18 位统一社会信用代码，斜杠，4 位年份，连字符，5 位序号。
      content/documents/bad-number.md:5  issuer (发文机关)  [错误]
        找不到机构 "guowuyuann"。最接近的是 "guowuyuan"（国务院）。
        请检查 content/organizations/ 下的文件名。"
    `);
  });

  it('a duplicate 文号 and a repealed document without successor are errors', () => {
    expect(problemsIn('content/documents/guofa-2019-5.md', problems)).toMatchInlineSnapshot(`
      "content/documents/guofa-2019-5.md:3  docNumber (文号)  [错误]
        文号 国发〔2019〕5号 重复：content/documents/dup-number.md 已使用。
        核对两份文件的文号；同一文件只保留一份，另一份改正文号。"
    `);
    expect(problemsIn('content/documents/dup-number.md', problems)).toMatchInlineSnapshot(`
      "content/documents/dup-number.md:6  successor (替代文件)  [错误]
        文件标为“已废止”，但没有写明替代它的文件。
        加一行 successor: <替代文件的文件名>，该文件须在 content/documents/ 下。"
    `);
    expect(problemsIn('content/documents/amended.md', problems)).toMatchInlineSnapshot(`
      "content/documents/amended.md:6  successor (替代文件)  [错误]
        找不到原文件 "guofa-2019-55"。最接近的是 "guofa-2019-5"（国发〔2019〕5号）。
        请检查 content/documents/ 下的文件名。"
    `);
  });

  it('broken YAML, a missing frontmatter and a duplicate id are errors', () => {
    expect(problemsIn('content/documents/yaml-broken.md', problems)).toMatchInlineSnapshot(`
      "content/documents/yaml-broken.md:4  [错误]
        publishedAt 的值以 [ 开头，但没有配对的 ]（“publishedAt: [2019-02-25”）。[ 在元数据里表示列表的开始。
        删去开头的 [，写成：publishedAt: 2019-02-25；如果要写列表，在末尾补上 ]。"
    `);
    expect(problemsIn('content/documents/no-frontmatter.md', problems)).toMatchInlineSnapshot(`
      "content/documents/no-frontmatter.md:1  [错误]
        文件开头没有元数据区（frontmatter）。
        在文件第一行写 ---，接着逐行写字段（如 title: 标题），再用一行 --- 结束，正文写在其后。"
    `);
    expect(problemsIn('content/organizations/guowuyuan.yml', problems)).toMatchInlineSnapshot(`
      "content/organizations/guowuyuan.yml  [错误]
        编号 "guowuyuan" 重复：content/organizations/guowuyuan.yaml 已使用这个文件名。
        给其中一个文件改名；同一类内容的文件名不能相同。"
    `);
  });

  it('a document needing an interpretation without one is a listed warning', () => {
    expect(problemsIn('content/documents/needs-interp.md', problems)).toMatchInlineSnapshot(`
      "content/documents/needs-interp.md:5  requiresInterpretation (是否需要解读)  [警告]
        《需要解读但没有解读的文件》需要解读，但还没有解读。
        在 content/interpretations/ 下新建解读，documents 写 needs-interp；如确实不需要解读，把 requiresInterpretation 改为 false。"
    `);
  });

  it('an interpretation later than 3 working days is a warning, counting the official calendar', () => {
    expect(problemsIn('content/interpretations/late.mdx', problems)).toMatchInlineSnapshot(`
      "content/interpretations/late.mdx:6  publishedAt (发布日期)  [警告]
        解读发布于 2019-02-25，晚于原文件（2019-02-15 发布）6 个工作日，超过 3 个工作日的时限。
        应不晚于 2019-02-20 发布；如日期写错请改正，新解读请与原文件同步发布。"
    `);
  });

  it('an infographic linking a missing interpretation is an error, and a section heading that is only numbering a warning', () => {
    expect(problemsIn('content/infographics/chart.mdx', problems)).toMatchInlineSnapshot(`
      "content/infographics/chart.mdx:4  interpretation (解读)  [错误]
        找不到解读 "shuangsuiji"。
        请检查 content/interpretations/ 下的文件名。
      content/infographics/chart.mdx:7  [警告]
        分节标题“第一部分”只有编号；编号由图解自动生成，标题应说明这一节讲什么。
        改成说明这一节内容的标题，例如“## 适用范围”。"
    `);
  });
});

describe('site settings', () => {
  it('a late interpretation is an error when the site config makes timeliness strict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-check-'));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      const sitePath = join(dir, 'content', 'site.yaml');
      writeFileSync(sitePath, readFileSync(sitePath, 'utf8').replace('strict: false', 'strict: true'));
      const late = checkContent(dir).problems.filter((p) => p.file === 'content/interpretations/late.mdx');
      expect(late.map((p) => p.severity)).toEqual(['error']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('timeliness is measured by the first interpretation of a document: a later follow-up is not late', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-check-'));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      const interpretations = join(dir, 'content', 'interpretations');
      const late = readFileSync(join(interpretations, 'late.mdx'), 'utf8');
      const warned = () =>
        checkContent(dir)
          .problems.filter((p) => p.field === 'publishedAt' && p.message.includes('工作日的时限'))
          .map((p) => p.file);
      // A follow-up months later: only the first interpretation (late.mdx) is measured.
      writeFileSync(join(interpretations, 'followup.mdx'), late.replace('2019-02-25', '2019-06-03'));
      expect(warned()).toEqual(['content/interpretations/late.mdx']);
      // A first interpretation on the document's own day: nothing is late any more.
      writeFileSync(join(interpretations, 'first.mdx'), late.replace('2019-02-25', '2019-02-15'));
      expect(warned()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a tree without mistakes has no problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-check-'));
    try {
      cpSync(join(FIXTURE, 'content', 'site.yaml'), join(dir, 'content', 'site.yaml'));
      cpSync(join(FIXTURE, 'content', 'organizations', 'guowuyuan.yaml'), join(dir, 'content', 'organizations', 'guowuyuan.yaml'));
      cpSync(join(FIXTURE, 'content', 'documents', 'guofa-2019-5.md'), join(dir, 'content', 'documents', 'guofa-2019-5.md'));
      const doc = join(dir, 'content', 'documents', 'guofa-2019-5.md');
      writeFileSync(doc, readFileSync(doc, 'utf8').replace('requiresInterpretation: true', 'requiresInterpretation: false'));
      expect(checkContent(dir).problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fields a file does not have', () => {
  /** The problems of one document of the fixture with `lines` added to its frontmatter (after the title). */
  function documentWith(lines: string): Problem[] {
    const dir = mkdtempSync(join(tmpdir(), 'jiedu-check-'));
    try {
      cpSync(join(FIXTURE, 'content', 'site.yaml'), join(dir, 'content', 'site.yaml'));
      cpSync(join(FIXTURE, 'content', 'organizations', 'guowuyuan.yaml'), join(dir, 'content', 'organizations', 'guowuyuan.yaml'));
      const doc = join(dir, 'content', 'documents', 'guofa-2019-5.md');
      cpSync(join(FIXTURE, 'content', 'documents', 'guofa-2019-5.md'), doc);
      writeFileSync(doc, readFileSync(doc, 'utf8').replace(/^(title: .*\n)/m, `$1${lines}\n`));
      return checkContent(dir).problems.filter((p) => p.file === 'content/documents/guofa-2019-5.md' && p.severity === 'error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('summary in a 原文件 says it belongs to 解读 and 图解 and never suggests summary itself', () => {
    const problems = documentWith('summary: 一句话摘要。');
    expect(problems.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/documents/guofa-2019-5.md:3  summary  [错误]
        原文件没有 summary（摘要）字段，它只用于解读和图解。
        删去这一行；其中的文字如需保留，请写进正文。"
    `);
    expect(problems[0]!.fix).not.toContain('是不是要写 summary');
  });

  it('a group of fields of another kind is named with the kind it belongs to, and all its lines are to go', () => {
    const problems = documentWith('signOff:\n  by: 张三\n  at: 2019-02-01');
    expect(problems.map((p) => [p.field, p.message, p.fix])).toMatchInlineSnapshot(`
      [
        [
          "signOff",
          "原文件没有 signOff（审签）字段，它只用于解读。",
          "删去这一行和它下面缩进的几行；其中的文字如需保留，请写进正文。",
        ],
      ]
    `);
  });

  it('a misspelt field suggests the nearest field of this kind of file', () => {
    const problems = documentWith('topc: 科技');
    expect(problems.map((p) => [p.field, p.message, p.fix])).toMatchInlineSnapshot(`
      [
        [
          "topc",
          "没有名为 topc 的字段。",
          "是不是要写 topic（主题分类）？否则删去这一行。",
        ],
      ]
    `);
  });

  it('a field of another kind with a near field of its own suggests that field, never the unknown name', () => {
    expect(unknownFieldMessage('interpretations', [], 'document')).toEqual({
      message: '解读没有 document（原文件）字段，它只用于图解。',
      fix: '是不是要写 documents（原文件）？否则删去这一行。',
    });
    // Nested: a 审签 entry has by and at; 'date' is a field of history entries only.
    expect(unknownFieldMessage('interpretations', ['signOff'], 'date').fix).toBe('是不是要写 at（审签日期）？否则删去这一行。');
  });
});
