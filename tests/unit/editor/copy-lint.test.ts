import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { applyIssues, findTextIssues } from '../../../src/check/lint/rules';
import { fixCopy, formatFileFixes, lintCopy } from '../../../src/check/lint/copy-lint';
import { readContentTree } from '../../../src/content/files';
import { checkContent } from '../../../src/check/validate';
import { formatProblem } from '../../../src/lib/problems';
import { SiteSchema } from '../../../src/schemas/site';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'copy');
const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..');

function copyOfFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiedu-lint-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const fixed = (text: string, style: 'none' | 'space' = 'none') => applyIssues(text, findTextIssues(text, style));

describe('the Chinese copy rules', () => {
  it('half-width punctuation between Chinese characters becomes full-width', () => {
    expect(fixed('意见指出,在市场监管领域推行监管.到年底实现全覆盖!!注意:请看;是否?')).toBe('意见指出，在市场监管领域推行监管。到年底实现全覆盖！注意：请看；是否？');
    expect(fixed('(一)总体要求，"双随机"监管')).toBe('（一）总体要求，“双随机”监管');
  });

  it('leaves link and image syntax, site paths and addresses alone, also when Markdown left them as text', () => {
    for (const text of ['![流程图](/images/流程 图.svg)', '见[通知](/wenjian/a b/)', '图在 /images/2019/流程图.png 里', '下载./fujian/附件 1.pdf']) {
      expect(findTextIssues(text, 'none'), text).toEqual([]);
    }
    expect(fixed('![流程图](/images/流程 图.svg),见上图')).toBe('![流程图](/images/流程 图.svg)，见上图');
  });

  it('leaves numbers, times, English, URLs and file names alone', () => {
    for (const text of ['1,000 items. Done: yes; ok?', '时间10:30，比例1.5倍', '见 https://example.com/a,b 和 附件.pdf', '(GB/T 37668)', 'a.b,c']) {
      expect(findTextIssues(text, 'space').filter((i) => i.rule !== 'cjk-latin-space'), text).toEqual([]);
    }
    expect(fixed('见https://example.com/a,b,下载')).toBe('见https://example.com/a,b，下载');
  });

  it('normalises 文号 brackets in the text, full-width letters and digits, repeated marks and ellipses', () => {
    expect(fixed('见国发[2019]5号和穗府办规【2022】13号')).toBe('见国发〔2019〕5号和穗府办规〔2022〕13号');
    expect(fixed('使用ＡＢＣ１２３。。等...或者。。。')).toBe('使用ABC123。等……或者……');
  });

  it('spacing between Chinese and Latin or digits follows the site style, keeping section numbers and 文号 intact', () => {
    expect(fixed('到 2020 年底，全国 GB/T 37668 标准', 'none')).toBe('到2020年底，全国GB/T 37668标准');
    expect(fixed('到2020年底，国发〔2019〕5号，采用GB/T 37668标准', 'space')).toBe('到 2020 年底，国发〔2019〕5号，采用 GB/T 37668 标准');
    expect(fixed('3.1.2 省级人民政府', 'none')).toBe('3.1.2 省级人民政府');
    expect(fixed('文字， 文字 。')).toBe('文字，文字。');
  });

  it('a Chinese-numeral list number takes 、 not 。 (GB/T 15834 §4.5.3); Arabic numbers, times and standard codes keep their dots', () => {
    expect(fixed('一.总体要求')).toBe('一、总体要求');
    expect(fixed('前言。\n十二.附则\n  三.实施')).toBe('前言。\n十二、附则\n  三、实施');
    // Mid-sentence, a 一 before a dot is a word, not a list number: the dot ends the sentence.
    expect(fixed('统一.下一步')).toBe('统一。下一步');
    for (const text of ['1.总体要求', '比例不低于0.30', '上午9:30至11:30', 'GB/T 9704-2012', '第3.5节']) {
      expect(findTextIssues(text, 'none').filter((i) => i.rule === 'list-number-punctuation' || i.rule === 'halfwidth-punctuation'), text).toEqual([]);
    }
    const [issue] = findTextIssues('一.总体要求', 'none');
    expect(issue).toMatchObject({ rule: 'list-number-punctuation', replacement: '、', fix: '中文数字序号后用顿号：“一、总体要求”。' });
  });

  it('says where, what was found and the exact fix', () => {
    const [issue] = findTextIssues('意见指出,在市场', 'none');
    expect(issue).toMatchInlineSnapshot(`
      {
        "fix": "改为全角“，”：“意见指出，在市场”。",
        "index": 4,
        "length": 1,
        "message": "中文里用了半角标点“,”（“意见指出,在市场”）。",
        "replacement": "，",
        "rule": "halfwidth-punctuation",
      }
    `);
  });
});

describe('invisible characters (a tab typed into a form field passed the check)', () => {
  it('finds tabs, zero-width characters, the byte-order mark and control characters, naming each by its code point', () => {
    const issues = findTextIssues('办理\u200B流程\t须知\uFEFF；第\u00AD3\u0007项', 'none').filter((i) => i.rule === 'invisible-character');
    expect(issues.map((i) => i.message.split('（')[0])).toEqual([
      '有看不见的字符：零宽空格 U+200B',
      '有看不见的字符：制表符 U+0009',
      '有看不见的字符：字节顺序标记 U+FEFF',
      '有看不见的字符：软连字符 U+00AD',
      '有看不见的字符：控制字符 U+0007',
    ]);
    expect(issues[1]!.message).toContain('（“理⟨U+200B⟩流程⟨U+0009⟩须知⟨U+FEFF⟩；”）');
    expect(fixed('办理\u200B流程\t须知')).toBe('办理流程须知');
    // Between Latin words or numbers a tab stands for a space.
    expect(fixed('GB/T\t9704')).toBe('GB/T 9704');
    expect(findTextIssues('办理流程须知。Line one\nline two', 'none')).toEqual([]);
  });

  it('npm run check warns about a tab in a title, with the file, line and field', () => {
    const dir = copyOfFixture();
    const file = join(dir, 'content/interpretations/wenda.mdx');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: 测试解读,标题', 'title: "测试解读\t标题"'));
    const found = checkContent(dir).problems.filter((p) => p.file === 'content/interpretations/wenda.mdx' && p.message.includes('有看不见的字符'));
    expect(found.map((p) => [p.line, p.field, p.severity])).toEqual([[2, 'title', 'warning']]);
    expect(formatProblem(found[0]!)).toContain('删去：“测试解读标题”。');
  });
});

describe('the copy lint in npm run check', () => {
  const { files } = readContentTree(FIXTURE);
  const problems = lintCopy(files);

  it('reports warnings with file, line and column, and the fix', () => {
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(problems.filter((p) => p.file === 'content/interpretations/wenda.mdx').slice(0, 4).map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/interpretations/wenda.mdx:2  title (标题)  [警告]
        第 12 列：中文里用了半角标点“,”（“测试解读,标题”）。
        改为全角“，”：“测试解读，标题”。（这里需手动改正）
      content/interpretations/wenda.mdx:9  [警告]
        第 5 列：中文里用了半角标点“:”（“问:这份意见”）。
        改为全角“：”：“问：这份意见”。（npm run check -- --fix 可自动改正）
      content/interpretations/wenda.mdx:9  [警告]
        第 17 列：中文里用了半角标点“?”（“什么问题?”）。
        改为全角“？”：“什么问题？”。（npm run check -- --fix 可自动改正）
      content/interpretations/wenda.mdx:11  [警告]
        第 2 列：中文里用了半角标点“:”（“答:意见指出”）。
        改为全角“：”：“答：意见指出”。（npm run check -- --fix 可自动改正）"
    `);
  });

  it('reports component props but marks them as fixed by hand', () => {
    expect(problems.filter((p) => p.file === 'content/infographics/tujie.mdx').map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/infographics/tujie.mdx:9  label  [警告]
        第 43 列：中文里用了半角标点“,”（“完成整合,实现全覆”）。
        改为全角“，”：“完成整合，实现全覆”。（这里需手动改正）
      content/infographics/tujie.mdx:11  [警告]
        第 3 列：中文里用了半角标点“:”（“目标:实现全覆”）。
        改为全角“：”：“目标：实现全覆”。（npm run check -- --fix 可自动改正）"
    `);
  });

  it('does not lint official texts brought in by the importer', () => {
    expect(problems.filter((p) => p.file === 'content/documents/guofa-2019-6.md')).toEqual([]);
  });

  it('is part of the content check, as warnings only', () => {
    const { problems: all } = checkContent(FIXTURE);
    expect(all.filter((p) => p.severity === 'error')).toEqual([]);
    expect(all.filter((p) => p.message.startsWith('第 ')).length).toBe(problems.length);
  });

  it('is left out when the caller asks (copyStyle: false, as the build does): the same errors and other warnings, no copy warning', () => {
    const all = checkContent(FIXTURE).problems;
    const withoutCopy = checkContent(FIXTURE, undefined, { copyStyle: false }).problems;
    const copyWarnings = all.filter((p) => p.message.startsWith('第 '));
    expect(copyWarnings.length).toBeGreaterThan(0);
    expect(withoutCopy.filter((p) => p.message.startsWith('第 '))).toEqual([]);
    expect(withoutCopy).toEqual(all.filter((p) => !copyWarnings.includes(p) && !p.message.includes('处文字规范问题没有列出')));
  });

  it('uses the site copyStyle, none unless set', () => {
    const base = { name: 'x', siteIdCode: '0000000000', baseUrl: 'https://x.example.gov.cn', columns: { documents: 'a', interpretations: 'b', infographics: 'c' }, contact: { organiser: 'o' } };
    expect(SiteSchema.parse(base).copyStyle).toEqual({ cjkLatinSpace: 'none' });
    const spaced = lintCopy(files, { copyStyle: { cjkLatinSpace: 'space' } });
    expect(spaced.some((p) => p.message.includes('没有空格（“率不超过 1%'))).toBe(false);
    expect(spaced.some((p) => p.message.includes('中文与英文或数字之间没有空格'))).toBe(true);
  });
});

describe('npm run check -- --fix', () => {
  it('field case copy-lint/shuzi-biaodian.mdx: 一.总体要求 becomes 一、总体要求; numbers, times and GB/T 9704-2012 are untouched', () => {
    const root = copyOfFixture();
    const source = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'cases', 'shuzi-biaodian.mdx'), 'utf8');
    writeFileSync(join(root, 'content/interpretations/shuzi-biaodian.mdx'), source);
    fixCopy(root, readContentTree(root).files);
    const after = readFileSync(join(root, 'content/interpretations/shuzi-biaodian.mdx'), 'utf8');
    expect(after).toBe(source.replace('一.总体要求', '一、总体要求'));
  });

  it('never touches an image whose address has a space', () => {
    const root = copyOfFixture();
    const path = join(root, 'content/interpretations/wenda.mdx');
    const before = readFileSync(path, 'utf8');
    writeFileSync(path, `${before}\n![流程图](/images/流程 图.svg)\n`);
    fixCopy(root, readContentTree(root).files);
    expect(readFileSync(path, 'utf8')).toContain('\n![流程图](/images/流程 图.svg)\n');
  });

  it('replaces a fixed file by rename, never rewriting it in place, so a kill cannot leave it empty or cut', () => {
    const root = copyOfFixture();
    const path = join(root, 'content/interpretations/wenda.mdx');
    const inode = statSync(path).ino;
    expect(fixCopy(root, readContentTree(root).files).map((r) => r.file)).toContain('content/interpretations/wenda.mdx');
    expect(statSync(path).ino).not.toBe(inode);
  });

  it('fixes the prose, prints each change, and touches no frontmatter value, code, URL, prop or official text', () => {
    const root = copyOfFixture();
    const official = readFileSync(join(root, 'content/documents/guofa-2019-6.md'), 'utf8');
    const infographic = readFileSync(join(root, 'content/infographics/tujie.mdx'), 'utf8');
    const results = fixCopy(root, readContentTree(root).files);
    expect(readFileSync(join(root, 'content/interpretations/wenda.mdx'), 'utf8')).toMatchInlineSnapshot(`
      "---
      title: 测试解读,标题
      documents:
        - guofa-2019-5
      form: 问答
      publishedAt: 2019-02-15
      ---

      ## 问：这份意见要解决什么问题？

      答：意见指出，在市场监管领域推行“双随机、一公开”监管。到2020年底实现全覆盖！
      见国发〔2019〕5号。费率不超过1%，金额500万元及以下。
      使用ABC123全角字符，“说明”等……

      - 列表项（一）总体要求
        续行 文字，见 https://example.com/a,b 和 \`code,x\` 与 [链接，文字](https://example.com/x,y)。
      "
    `);
    expect(readFileSync(join(root, 'content/documents/guofa-2019-6.md'), 'utf8')).toBe(official);
    expect(readFileSync(join(root, 'content/documents/guofa-2019-5.md'), 'utf8')).toContain('docNumber: 国发〔2019〕5号');
    // The prop keeps its comma; the paragraph after it is fixed.
    expect(readFileSync(join(root, 'content/infographics/tujie.mdx'), 'utf8')).toBe(infographic.replace('目标:实现', '目标：实现'));
    expect(results.map((r) => r.file)).toEqual(['content/documents/guofa-2019-5.md', 'content/infographics/tujie.mdx', 'content/interpretations/wenda.mdx']);
    expect(formatFileFixes(results[0]!)).toMatchInlineSnapshot(`
      "content/documents/guofa-2019-5.md：改正 2 处
        第 3 行  文号括号  “国发[2019]5号” → “国发〔2019〕5号”
        第 9 行  半角标点  “见由编辑录入,用于测试。” → “见由编辑录入，用于测试。”"
    `);
  });

  it('a second run changes nothing', () => {
    const root = copyOfFixture();
    fixCopy(root, readContentTree(root).files);
    const again = fixCopy(root, readContentTree(root).files);
    expect(again).toEqual([]);
  });

  it('fixes only when asked: npm run check alone leaves every file as it is', () => {
    const root = copyOfFixture();
    const before = readFileSync(join(root, 'content/interpretations/wenda.mdx'), 'utf8');
    checkContent(root);
    expect(readFileSync(join(root, 'content/interpretations/wenda.mdx'), 'utf8')).toBe(before);
  });

  it('the command prints what it changed per file and then the check', () => {
    const root = copyOfFixture();
    writeFileSync(join(root, 'content/infographics/tujie.mdx'), readFileSync(join(root, 'content/infographics/tujie.mdx'), 'utf8').replace('完成整合,实现', '完成整合实现'));
    const r = spawnSync('npx', ['--prefix', PROJECT_ROOT, 'tsx', join(PROJECT_ROOT, 'scripts/check.ts'), '--fix'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('content/interpretations/wenda.mdx：改正 17 处');
    expect(r.stdout).toContain('自动改正：3 个文件，共 20 处（1 份导入的官方文本：正文保持原样，不检查也不改动文字；只改正元数据里写法不对的日期）。');
    expect(r.stdout).toMatch(/检查完毕：0 个错误，2 个警告/);
  });
});
