import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { checkContent } from '../../../src/check/validate';
import { fixCopy } from '../../../src/check/lint/copy-lint';
import { readContentTree } from '../../../src/content/files';
import { readWrittenDate } from '../../../src/check/dates';
import { findOrganizationByName } from '../../../src/check/organization-names';
import { formatProblem } from '../../../src/lib/problems';

// Issue 14, "one mistake, one message, with the corrected value": each case of its Why list, pinned.
const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'project');

/** A copy of the small editor project with `files` (path under content/ → text) added or replaced. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-messages-'));
  cpSync(FIXTURE, root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    // The fixture has no interpretations/ or infographics/ folder (Git keeps no empty folders): make it.
    mkdirSync(dirname(join(root, 'content', path)), { recursive: true });
    writeFileSync(join(root, 'content', path), text);
  }
  return root;
}

/** The check's report on one file (or the whole project), as the editor reads it. */
function report(root: string, file?: string): string {
  return checkContent(root)
    .problems.filter((p) => file === undefined || p.file === file)
    .map(formatProblem)
    .join('\n');
}

const interpretation = (frontmatter: string, body = '正文。\n') =>
  `---\ntitle: 《意见》解读\ndocuments:\n  - guofa-2019-5\nform: 文字解读\n${frontmatter}---\n\n${body}`;

describe('dates in any common form', () => {
  it('2019.3.5, 2019/3/5, 2019年3月5日, 2019-3-5 and full-width digits all read as 2019-03-05', () => {
    for (const text of ['2019.3.5', '2019/3/5', '2019年3月5日', '2019-3-5', '2019 年 3 月 5 日', '２０１９年３月５日']) {
      expect(readWrittenDate(text), text).toEqual({ ok: true, iso: '2019-03-05' });
    }
    expect(readWrittenDate('2019-02-30')).toEqual({ ok: false, year: 2019, month: 2, day: 30, daysInMonth: 28 });
    expect(readWrittenDate('去年春天')).toBeUndefined();
  });

  it('publishedAt: 2019年3月5日 is ONE error that shows 2019-03-05, and no false warning on its document', () => {
    const root = project({ 'interpretations/jiedu.mdx': interpretation('publishedAt: 2019年3月5日\n') });
    expect(report(root)).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:6  publishedAt (发布日期)  [错误]
        日期 "2019年3月5日" 的写法不对：日期要写成“年-月-日”，月和日各两位数。
        改为 2019-03-05（npm run check -- --fix 可自动改正）。"
    `);
  });

  it('--fix writes the corrected date and keeps the rest of the line, quotes included', () => {
    const root = project({
      'interpretations/jiedu.mdx': interpretation("publishedAt: 2019.3.5\nsignOff:\n  by: 张三\n  at: '2019/3/5'\n"),
    });
    const fixed = fixCopy(root, readContentTree(root).files);
    expect(fixed.flatMap((f) => f.fixes.map((x) => `${f.file}:${x.line} ${x.label} ${x.before} → ${x.after}`))).toEqual([
      'content/interpretations/jiedu.mdx:6 日期格式 2019.3.5 → 2019-03-05',
      'content/interpretations/jiedu.mdx:9 日期格式 2019/3/5 → 2019-03-05',
    ]);
    expect(readFileSync(join(root, 'content/interpretations/jiedu.mdx'), 'utf8')).toContain("publishedAt: 2019-03-05\nsignOff:\n  by: 张三\n  at: '2019-03-05'\n");
    expect(checkContent(root).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('dates in official texts (importedFrom)', () => {
  it('a date written 2019年3月5日 in an imported document is fixed by --fix: that value only, the issued text and every other byte as imported', () => {
    const document =
      '---\ntitle: 导入的文件\ndocNumber: 国发[2019]7号\nissuer: guowuyuan\npublishedAt: 2019年3月5日\nimportedFrom:\n  source: govcn\n  id: govcn-1\n---\n\n本通知自2019年3月5日起施行,特此通知。\n';
    const root = project({ 'documents/guofa-2019-7.md': document });
    expect(report(root, 'content/documents/guofa-2019-7.md')).toMatchInlineSnapshot(`
      "content/documents/guofa-2019-7.md:5  publishedAt (发布日期)  [错误]
        日期 "2019年3月5日" 的写法不对：日期要写成“年-月-日”，月和日各两位数。
        改为 2019-03-05（npm run check -- --fix 可自动改正）。"
    `);
    const fixed = fixCopy(root, readContentTree(root).files);
    expect(fixed.flatMap((f) => f.fixes.map((x) => `${f.file}:${x.line} ${x.label} ${x.before} → ${x.after}`))).toEqual([
      'content/documents/guofa-2019-7.md:5 日期格式 2019年3月5日 → 2019-03-05',
    ]);
    // The 文号 brackets, the half-width comma and the date in the issued text are the official text's own.
    expect(readFileSync(join(root, 'content/documents/guofa-2019-7.md'), 'utf8')).toBe(document.replace('publishedAt: 2019年3月5日', 'publishedAt: 2019-03-05'));
    expect(report(root, 'content/documents/guofa-2019-7.md')).not.toContain('publishedAt');
  });

  it('--fix rewrites the date field itself, not the same text in another field on its line', () => {
    const root = project({ 'interpretations/jiedu.mdx': interpretation('publishedAt: 2019-03-05\nsignOff: { by: 2019年3月5日, at: 2019年3月5日 }\n') });
    fixCopy(root, readContentTree(root).files);
    expect(readFileSync(join(root, 'content/interpretations/jiedu.mdx'), 'utf8')).toContain('signOff: { by: 2019年3月5日, at: 2019-03-05 }\n');
  });
});

describe('no cascade from a field that already has an error', () => {
  it('one bad field in an interpretation raises no 需要解读 warning on its document', () => {
    const root = project({ 'interpretations/jiedu.mdx': interpretation('publishedAt: 2019-02-15\nform2: 问答\n') });
    const problems = checkContent(root).problems;
    expect(problems.filter((p) => p.file === 'content/documents/guofa-2019-5.md')).toEqual([]);
    expect(problems.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:7  form2  [错误]
        没有名为 form2 的字段。
        是不是要写 form（解读形式）？否则删去这一行。"
    `);
  });

  it('nor does an interpretation whose frontmatter cannot be read', () => {
    const root = project({ 'interpretations/jiedu.mdx': interpretation('publishedAt: 2019-02-15\n\tsummary: 摘要\n') });
    expect(checkContent(root).problems.filter((p) => p.file === 'content/documents/guofa-2019-5.md')).toEqual([]);
  });

  it('the document still gets its warning when no interpretation names it', () => {
    const root = project({});
    expect(checkContent(root).problems.some((p) => p.file === 'content/documents/guofa-2019-5.md' && p.field === 'requiresInterpretation')).toBe(true);
  });
});

describe('YAML mistakes in plain words, one message per line', () => {
  const yaml = (frontmatter: string) => report(project({ 'interpretations/jiedu.mdx': interpretation(frontmatter) }));

  it('a tab used to indent (制表符), nested in a group of fields', () => {
    expect(yaml('publishedAt: 2019-02-15\nsignOff:\n  by: 张三\n\tat: 2019-02-15\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  [错误]
        这一行开头用了制表符（Tab 键）缩进：“→at: 2019-02-15”（→ 是制表符）。元数据只能用空格缩进。
        删去行首的制表符，与上一行对齐，写成“  at: 2019-02-15”（行首 2 个空格）。"
    `);
  });

  it('a tab before a list item', () => {
    expect(yaml('publishedAt: 2019-02-15\nkeywords:\n\t- 双随机\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:8  [错误]
        这一行开头用了制表符（Tab 键）缩进：“→- 双随机”（→ 是制表符）。元数据只能用空格缩进。
        删去行首的制表符，比上一行多缩进两个空格，写成“  - 双随机”（行首 2 个空格）。"
    `);
  });

  it('a tab before a field of a list item aligns it with the field above', () => {
    expect(yaml('publishedAt: 2019-02-15\nhistory:\n  - date: 2019-02-15\n\tnote: 首次发布。\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  [错误]
        这一行开头用了制表符（Tab 键）缩进：“→note: 首次发布。”（→ 是制表符）。元数据只能用空格缩进。
        删去行首的制表符，与上一行对齐，写成“    note: 首次发布。”（行首 4 个空格）。"
    `);
  });

  it('a list item indented deeper than the one above (YAML joins the two) says so, with both ids', () => {
    const root = project({
      'interpretations/jiedu.mdx': '---\ntitle: 《意见》解读\ndocuments:\n- guofa-2019-5\n  - guobanfa-2019-6\nform: 文字解读\npublishedAt: 2019-02-15\n---\n\n正文。\n',
    });
    expect(report(root, 'content/interpretations/jiedu.mdx')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:4  documents[0] (原文件)  [错误]
        这一项读出来是 "guofa-2019-5 - guobanfa-2019-6"：下一行的“- guobanfa-2019-6”比这一行多缩进了，两行被当成了同一项。
        让每一项的“- ”上下对齐，写成两行：- guofa-2019-5 和 - guobanfa-2019-6。"
    `);
  });

  it('a full-width colon after a field name (全角冒号)', () => {
    expect(yaml('publishedAt: 2019-02-15\nsummary：市场监管领域的行政检查\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:7  [错误]
        字段名 summary 后面用了全角冒号“：”（“summary：市场监管领域的行政检查”）。字段名后要用英文冒号“:”加一个空格。
        写成：summary: 市场监管领域的行政检查"
    `);
  });

  it('a full-width colon in a nested field (signOff: / by：张三) gets the same 全角冒号 message, on its own line', () => {
    expect(yaml('publishedAt: 2019-02-15\nsignOff:\n  by：张三\n  at：2019-02-15\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:8  signOff (审签)  [错误]
        字段名 by 后面用了全角冒号“：”（“  by：张三”）。字段名后要用英文冒号“:”加一个空格。
        写成：  by: 张三
      content/interpretations/jiedu.mdx:9  signOff (审签)  [错误]
        字段名 at 后面用了全角冒号“：”（“  at：2019-02-15”）。字段名后要用英文冒号“:”加一个空格。
        写成：  at: 2019-02-15"
    `);
  });

  it('a full-width colon in a nested field of site.yaml (cms: / enabled：true)', () => {
    const root = project({});
    const site = join(root, 'content', 'site.yaml');
    writeFileSync(site, `${readFileSync(site, 'utf8')}cms:\n  enabled：true\n`);
    expect(report(root, 'content/site.yaml')).toMatchInlineSnapshot(`
      "content/site.yaml:11  cms (表单编辑器)  [错误]
        字段名 enabled 后面用了全角冒号“：”（“  enabled：true”）。字段名后要用英文冒号“:”加一个空格。
        写成：  enabled: true"
    `);
  });

  it('an unclosed quote is reported on the line where it opens', () => {
    expect(yaml('publishedAt: 2019-02-15\nsummary: "市场监管领域的行政检查\nkeywords:\n  - 双随机\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:7  [错误]
        summary 的值以引号 " 开头，但这一行没有与它配对的结束引号（“summary: "市场监管领域的行政检查”）。
        在值的末尾补上 "，写成：summary: "市场监管领域的行政检查"；或删去开头的 "。"
    `);
  });

  it('a field indented under a field that already has a value', () => {
    expect(yaml('publishedAt: 2019-02-15\n summary: 市场监管\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:7  [错误]
        这一行的缩进不对（“ summary: 市场监管”）：它比上一行多缩进了，但上一行的字段已经有值，不能再带下一级。
        删去行首多余的空格，与上一个字段对齐，写成：summary: 市场监管"
    `);
  });

  it('a colon and space inside a value', () => {
    expect(yaml('publishedAt: 2019-02-15\nsummary: 目标: 全覆盖\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:7  [错误]
        summary 的值里有英文冒号加空格（“summary: 目标: 全覆盖”），会被当成又一个字段名。
        把值用英文双引号括起来，写成：summary: "目标: 全覆盖"；或把值里的冒号改为全角“：”。"
    `);
  });

  it('never shows the YAML library codes', () => {
    const all = yaml('\ttitle：x\n summary: "a\n');
    expect(all).not.toMatch(/[A-Z]{3,}_[A-Z_]+|YAML /);
  });
});

describe('an unclosed or mismatched component', () => {
  const infographic = (body: string) =>
    report(project({ 'infographics/tujie.mdx': `---\ntitle: 图解\ndocument: guofa-2019-5\npublishedAt: 2019-02-15\n---\n\n${body}` }), 'content/infographics/tujie.mdx');

  it('a missing </Steps> names the component and the line where it opens', () => {
    expect(infographic('## 一、抽查怎么做\n\n<Steps title="一次抽查">\n1. 制定计划。\n2. 随机抽取。\n\n## 二、结果公开\n\n抽查结果向社会公开。\n')).toMatchInlineSnapshot(`
      "content/infographics/tujie.mdx:9  [错误]
        第 9 行的组件 <Steps> 没有结束标签 </Steps>。
        在这个组件的内容之后另起一行写 </Steps>。"
    `);
  });

  it('an unclosed <Note> in an interpretation says at once that interpretations take no components', () => {
    const root = project({ 'interpretations/jiedu.mdx': interpretation('publishedAt: 2019-02-15\n', '<Note>\n请注意抽查时间。\n') });
    expect(report(root, 'content/interpretations/jiedu.mdx')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  [错误]
        不认识的组件 <Note>。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
        删去 <Note> 标签，改用 Markdown 书写。需要图解的，在 content/infographics/ 下另建图解（npm run new -- tujie）。
      content/interpretations/jiedu.mdx:9  [错误]
        第 9 行的组件 <Note> 没有结束标签 </Note>。
        在这个组件的内容之后另起一行写 </Note>。"
    `);
  });

  it('a closing tag of another name says which one to write', () => {
    expect(infographic('## 一、抽查怎么做\n\n<Steps>\n1. 制定计划。\n2. 随机抽取。\n</Step>\n')).toMatchInlineSnapshot(`
      "content/infographics/tujie.mdx:9  [错误]
        第 12 行的结束标签 </Step> 与第 9 行的开始标签 <Steps> 不配对。
        把第 12 行的 </Step> 改为 </Steps>。"
    `);
  });
});

describe('an unclosed frontmatter', () => {
  it('a file that opens with --- and never closes it says where the closing --- goes, and no copy warning on its fields', () => {
    const root = project({ 'interpretations/jiedu.mdx': '---\ntitle: 没有结束线\nform: 问答\n\n正文' });
    expect(report(root, 'content/interpretations/jiedu.mdx')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:1  [错误]
        第 1 行的 --- 开始了元数据区（frontmatter），但后面没有结束它的一行 ---，字段和正文分不开。
        在第 3 行（form: 问答）之后单独写一行 ---（三个英文减号），再空一行写正文。"
    `);
  });
});

describe('an issuer written as a name', () => {
  it('the full name suggests the organisation id', () => {
    const root = project({
      'documents/guobanfa-2019-6.md': readFileSync(join(FIXTURE, 'content/documents/guobanfa-2019-6.md'), 'utf8').replace('issuer: guowuyuanbangongting', 'issuer: 国务院办公厅'),
    });
    expect(report(root, 'content/documents/guobanfa-2019-6.md')).toMatchInlineSnapshot(`
      "content/documents/guobanfa-2019-6.md:4  issuer (发文机关)  [错误]
        "国务院办公厅" 不是机构编号：这里写 content/organizations/ 下机构文件的文件名（不含 .yaml），不写机构名称。国务院办公厅 的编号是 guowuyuanbangongting。
        改为 guowuyuanbangongting。"
    `);
  });

  it('a common short form (政府 for 人民政府) suggests the organisation id', () => {
    const root = project({
      'organizations/guangzhoushirenminzhengfubangongting.yaml': 'name: 广州市人民政府办公厅\n',
      'documents/guobanfa-2019-6.md': readFileSync(join(FIXTURE, 'content/documents/guobanfa-2019-6.md'), 'utf8').replace('issuer: guowuyuanbangongting', 'issuer: 广州市政府办公厅'),
    });
    expect(report(root, 'content/documents/guobanfa-2019-6.md')).toMatchInlineSnapshot(`
      "content/documents/guobanfa-2019-6.md:4  issuer (发文机关)  [错误]
        "广州市政府办公厅" 不是机构编号：这里写 content/organizations/ 下机构文件的文件名（不含 .yaml），不写机构名称。广州市人民政府办公厅 的编号是 guangzhoushirenminzhengfubangongting。
        改为 guangzhoushirenminzhengfubangongting。"
    `);
  });

  it('国办 is 国务院办公厅, never 国务院', () => {
    const root = project({
      'documents/guobanfa-2019-6.md': readFileSync(join(FIXTURE, 'content/documents/guobanfa-2019-6.md'), 'utf8').replace('issuer: guowuyuanbangongting', 'issuer: 国办'),
    });
    expect(report(root, 'content/documents/guobanfa-2019-6.md')).toContain('改为 guowuyuanbangongting。');
    expect(findOrganizationByName('国办', new Map([['guowuyuan', { name: '国务院' }]]))).toBeUndefined();
  });

  it('a province is never suggested for a city of the same name, nor the other way round', () => {
    const cities = new Map([['moumoushirenminzhengfu', { name: '某某市人民政府' }]]);
    expect(findOrganizationByName('某某省人民政府', cities)).toBeUndefined();
    expect(findOrganizationByName('某某县人民政府', cities)).toBeUndefined();
    expect(findOrganizationByName('某某市政付', cities)).toBe('moumoushirenminzhengfu');
  });

  it('several issuers in one value: issuer takes the first, coIssuers the others, each with its id', () => {
    const root = project({
      'organizations/zhongyangjunwei.yaml': 'name: 中央军委\n',
      'documents/guobanfa-2019-6.md': readFileSync(join(FIXTURE, 'content/documents/guobanfa-2019-6.md'), 'utf8').replace('issuer: guowuyuanbangongting', 'issuer: 国务院、中央军委'),
    });
    expect(report(root, 'content/documents/guobanfa-2019-6.md')).toMatchInlineSnapshot(`
      "content/documents/guobanfa-2019-6.md:4  issuer (发文机关)  [错误]
        "国务院、中央军委" 不是机构编号：这里写 content/organizations/ 下机构文件的文件名（不含 .yaml），不写机构名称。这里写了 2 个机构：国务院（guowuyuan）、中央军委（zhongyangjunwei）。
        issuer 只写主办（排在最前）的机关：改为 guowuyuan；其他写在 coIssuers（联合发文机关）里，每个一行“- 编号”：zhongyangjunwei。"
    `);
  });

  it('a name of no organisation says how to add one', () => {
    const root = project({
      'documents/guobanfa-2019-6.md': readFileSync(join(FIXTURE, 'content/documents/guobanfa-2019-6.md'), 'utf8').replace('issuer: guowuyuanbangongting', 'issuer: 某某市交通运输局'),
    });
    expect(report(root, 'content/documents/guobanfa-2019-6.md')).toMatchInlineSnapshot(`
      "content/documents/guobanfa-2019-6.md:4  issuer (发文机关)  [错误]
        "某某市交通运输局" 不是机构编号：这里写 content/organizations/ 下机构文件的文件名（不含 .yaml），不写机构名称。没有名称与 "某某市交通运输局" 相近的机构。
        从 content/organizations/ 中找到这个机构的文件，写它的文件名（如 guowuyuan）；还没有的，先在 content/organizations/ 下新建“编号.yaml”（编号用小写拼音，如 guangzhoushiminzhengju），写一行 name: 机构全称。"
    `);
  });
});
