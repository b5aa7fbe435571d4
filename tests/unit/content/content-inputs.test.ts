import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkContent } from '../../../src/check/validate';
import { firstInvalidUtf8, readContentTree } from '../../../src/content/files';
import { formatProblem } from '../../../src/lib/problems';
import { fixCopy } from '../../../src/check/lint/copy-lint';
import contentCheck from '../../../src/integrations/content-check';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'content-inputs');
const roots: string[] = [];

/** A fresh copy of the clean fixture project; `outside` is a folder next to it, outside content/. */
function project(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'jiedu-inputs-'));
  roots.push(base);
  const root = join(base, 'site');
  cpSync(FIXTURE, root, { recursive: true });
  // Git keeps no empty folders, so a fresh clone has no content/infographics/: every collection folder is made here.
  for (const folder of ['documents', 'interpretations', 'infographics', 'organizations']) mkdirSync(join(root, 'content', folder), { recursive: true });
  const outside = join(base, 'outside');
  mkdirSync(outside);
  return { root, outside };
}

afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function errorsIn(root: string, file: string): string {
  return checkContent(root)
    .problems.filter((p) => p.file === file && p.severity === 'error')
    .map(formatProblem)
    .join('\n');
}

const GOOD_DOC = readFileSync(join(FIXTURE, 'content', 'documents', 'guofa-2019-5.md'), 'utf8');
/** 国务院 in GBK/GB18030, as a Chinese Windows editor saves it ("ANSI"). */
const GUOWUYUAN_GBK = Buffer.from([0xb9, 0xfa, 0xce, 0xf1, 0xd4, 0xba]);

describe('the clean fixture', () => {
  it('has no errors, so every error below comes from the one input a test adds', () => {
    const { root } = project();
    expect(checkContent(root).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('content files are regular files inside content/', () => {
  it('a document symlinked from outside content/ is an error and is not read', () => {
    const { root, outside } = project();
    writeFileSync(join(outside, 'evil.md'), GOOD_DOC.replace('正文。', '<script>alert(1)</script>'));
    symlinkSync(join(outside, 'evil.md'), join(root, 'content', 'documents', 'evil.md'));
    const result = checkContent(root);
    expect(errorsIn(root, 'content/documents/evil.md').replace(outside, '<outside>')).toMatchInlineSnapshot(`
      "content/documents/evil.md  [错误]
        这是一个符号链接（快捷方式），指向 "<outside>/evil.md"，不是放在 content/ 里的普通文件，不会被检查，也不能发布。
        删除这个链接，把要发布的文件本身复制到这里（内容文件必须是 content/ 里的普通文件）。"
    `);
    expect(result.entries.documents.has('evil')).toBe(false);
  });

  it('a symlinked site.yaml and a symlinked collection folder are errors too', () => {
    const { root, outside } = project();
    const content = join(root, 'content');
    cpSync(join(content, 'site.yaml'), join(outside, 'site.yaml'));
    rmSync(join(content, 'site.yaml'));
    symlinkSync(join(outside, 'site.yaml'), join(content, 'site.yaml'));
    cpSync(join(content, 'infographics'), join(outside, 'infographics'), { recursive: true });
    rmSync(join(content, 'infographics'), { recursive: true });
    symlinkSync(join(outside, 'infographics'), join(content, 'infographics'));
    expect(errorsIn(root, 'content/site.yaml')).toContain('这是一个符号链接');
    expect(errorsIn(root, 'content/infographics')).toMatchInlineSnapshot(`
      "content/infographics  [错误]
        content/infographics 应是 content/ 里的普通文件夹，现在是一个符号链接（快捷方式），其中的内容不会被检查，也不能发布。
        删除它，新建文件夹 content/infographics/，把要发布的文件本身放进去。"
    `);
  });

  it('a named pipe is an error and is never opened (opening it would hang the check)', () => {
    const { root } = project();
    execFileSync('mkfifo', [join(root, 'content', 'documents', 'pipe.md')]);
    expect(errorsIn(root, 'content/documents/pipe.md')).toContain('这不是普通文件');
  });
});

describe('temporary files of an interrupted save', () => {
  it('are listed as warnings naming the file they belong to, and never read as content', () => {
    const { root } = project();
    writeFileSync(join(root, 'content', 'documents', 'guofa-2019-5.md.1227543926'), GOOD_DOC.slice(0, 40));
    const problems = checkContent(root).problems.filter((p) => p.file === 'content/documents/guofa-2019-5.md.1227543926');
    expect(problems.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/documents/guofa-2019-5.md.1227543926  [警告]
        这是一次被中断的保存（导入或自动改正时进程被终止）留下的临时文件，不会被发布；同名的正式文件仍是完整的。
        确认 guofa-2019-5.md 内容无误后，删除这个临时文件。"
    `);
  });

  it('left by a save killed before a new file was first written, say that the real file does not exist', () => {
    const { root } = project();
    writeFileSync(join(root, 'content', 'documents', 'xinwenjian-2024-1.md.88412'), GOOD_DOC.slice(0, 40));
    const problems = checkContent(root).problems.filter((p) => p.file === 'content/documents/xinwenjian-2024-1.md.88412');
    expect(problems.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/documents/xinwenjian-2024-1.md.88412  [警告]
        这是一次被中断的保存（导入或自动改正时进程被终止）留下的临时文件，不会被发布；同名的正式文件 xinwenjian-2024-1.md 不存在：保存在第一次写成前就被中断了，这个临时文件可能只写了一部分。
        重新运行被中断的命令（如 npm run import）生成 xinwenjian-2024-1.md；如这个临时文件里有别处没有的文字，先核对、补全后改名为 xinwenjian-2024-1.md。确认不再需要后再删除它。"
    `);
    expect(problems[0]!.message).not.toContain('仍是完整的');
  });
});

describe('content files are UTF-8 without NUL bytes', () => {
  it('a document saved in GB18030 is an error at the line of the first bad byte, naming GBK as the likely cause', () => {
    const { root } = project();
    const lines = GOOD_DOC.split('\n');
    const gbk = Buffer.concat([
      Buffer.from(`${lines.slice(0, 4).join('\n')}\nissuer: `, 'utf8'),
      GUOWUYUAN_GBK,
      Buffer.from(`\n${lines.slice(5).join('\n')}`, 'utf8'),
    ]);
    writeFileSync(join(root, 'content', 'documents', 'gbk.md'), gbk);
    expect(errorsIn(root, 'content/documents/gbk.md')).toMatchInlineSnapshot(`
      "content/documents/gbk.md:5  [错误]
        文件不是 UTF-8 编码：这一行有无法按 UTF-8 读取的字节（0xB9 0xFA 0xCE 0xF1），这个文件没有读取。通常是文件以 GBK / GB18030（简体中文 Windows 的“ANSI”）或其他编码保存了，照样发布会出现乱码。
        用编辑器以原来的编码（GBK / GB18030）打开，确认文字正常后“另存为”或“以编码保存”为 UTF-8；VS Code 中点右下角的编码名称即可切换。"
    `);
    expect(checkContent(root).entries.documents.has('gbk')).toBe(false);
  });

  it('a Latin-1 file is an error too (é as the single byte 0xE9)', () => {
    const { root } = project();
    writeFileSync(join(root, 'content', 'organizations', 'latin1.yaml'), Buffer.from('# Organisation\nname: Ministère de la Santé\n', 'latin1'));
    expect(errorsIn(root, 'content/organizations/latin1.yaml')).toMatch(/^content\/organizations\/latin1\.yaml:2 {2}\[错误\]\n {2}文件不是 UTF-8 编码：这一行有无法按 UTF-8 读取的字节（0xE8 0x72 0x65 0x20）/);
  });

  it('a file starting with a UTF-8 byte order mark is read normally', () => {
    const { root } = project();
    writeFileSync(join(root, 'content', 'documents', 'bom.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD_DOC.replace('00007', '00008').replace('5号', '6号'))]));
    expect(errorsIn(root, 'content/documents/bom.md')).toBe('');
    expect(checkContent(root).entries.documents.has('bom')).toBe(true);
  });

  it('a NUL byte is an error at its line', () => {
    const { root } = project();
    writeFileSync(join(root, 'content', 'documents', 'nul.md'), GOOD_DOC.replace('正文。', '正文\u0000。'));
    expect(errorsIn(root, 'content/documents/nul.md')).toMatchInlineSnapshot(`
      "content/documents/nul.md:10  [错误]
        文件里有空字符（NUL，字节 0x00），这不是正常的文本文件，没有读取。常见原因是把 Word 文档、图片或 UTF-16 编码的文件当作文本保存了。
        用纯文本编辑器（如 VS Code）打开，另存为 “UTF-8” 编码的纯文本；或从原文重新复制文字到新文件中。"
    `);
  });

  it('the UTF-8 scanner finds the first bad byte and accepts every well-formed sequence', () => {
    expect(firstInvalidUtf8(Buffer.from('国务院 a é 😀', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.concat([Buffer.from('ab'), GUOWUYUAN_GBK]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0xe5, 0x9b]))).toBe(0); // cut sequence at the end
  });

  it('--fix never rewrites a file it could not read: the GB18030 bytes stay as they were', () => {
    const { root } = project();
    const path = join(root, 'content', 'interpretations', 'gbk.mdx');
    // A half-width comma between Chinese characters is a fix --fix would make in a readable file.
    const bytes = Buffer.concat([
      Buffer.from('---\ntitle: 解读\ndocuments:\n  - guofa-2019-5\nform: 文字解读\n---\n编辑写的解读,正文', 'utf8'),
      GUOWUYUAN_GBK,
      Buffer.from('。\n', 'utf8'),
    ]);
    writeFileSync(path, bytes);
    expect(fixCopy(root, readContentTree(root).files)).toEqual([]);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});

describe('YAML is plain values: no anchors, aliases or tags', () => {
  const withFrontmatterLine = (line: string) => GOOD_DOC.replace('requiresInterpretation: false', `requiresInterpretation: false\n${line}`);

  it('an alias bomb is an error at its first line, not a crash, and is never expanded', () => {
    const { root } = project();
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(join(root, 'content', 'organizations', 'bomb.yaml'), `name: 炸弹\n${bomb.join('\n')}\n`);
    const problems = checkContent(root).problems.filter((p) => p.file === 'content/organizations/bomb.yaml');
    expect(problems.map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/organizations/bomb.yaml:2  a  [错误]
        元数据用了 YAML 锚点（&名字）：“&a”。为了安全，内容文件不允许这种写法，这个文件没有读取。第 3、4、5、6、7 等行也有。
        删去 “&名字”，在每个用到这个值的地方直接写出值本身。
      content/organizations/bomb.yaml:3  b  [错误]
        元数据用了 YAML 引用（*名字）：“*a”。为了安全，内容文件不允许这种写法，这个文件没有读取。第 4、5、6、7、8 等行也有。
        把 “*名字” 换成它所指的值本身，逐个写出；内容文件里每个值都要直接写出来。"
    `);
  });

  it('a !!js/function tag in frontmatter is an error at its line with the field', () => {
    const { root } = project();
    writeFileSync(
      join(root, 'content', 'documents', 'tagged.md'),
      withFrontmatterLine('topic: !!js/function "function () { return process.exit(1) }"').replace('00007', '00009').replace('5号', '9号'),
    );
    expect(errorsIn(root, 'content/documents/tagged.md')).toMatchInlineSnapshot(`
      "content/documents/tagged.md:9  topic (主题分类)  [错误]
        元数据用了 YAML 标签（! 或 !! 开头的写法）：“!!js/function”。为了安全，内容文件不允许这种写法，这个文件没有读取。
        删去这个标签，只写值本身；如果值本来就以 ! 开头，请给整个值加上英文引号，如 title: "!…"。"
    `);
  });

  it('any custom !tag, a standard !!str tag and an anchor with its alias are errors, in site.yaml too', () => {
    const { root } = project();
    const site = join(root, 'content', 'site.yaml');
    writeFileSync(site, readFileSync(site, 'utf8').replace('shortName: 政策解读', 'shortName: !custom 政策解读').replace('  documents: 政策文件', '  documents: &col 政策文件\n  interpretations2: *col'));
    const messages = errorsIn(root, 'content/site.yaml');
    expect(messages).toContain('“!custom”');
    expect(messages).toContain('“&col”');
    expect(messages).toContain('“*col”');
    const { root: other } = project();
    writeFileSync(join(other, 'content', 'organizations', 'str.yaml'), 'name: !!str 国家发展改革委\n');
    expect(errorsIn(other, 'content/organizations/str.yaml')).toContain('“!!str”');
  });

  it('quoted values that merely contain &, * or ! are fine', () => {
    const { root } = project();
    writeFileSync(join(root, 'content', 'organizations', 'plain.yaml'), 'name: "!国家 & *委员会"\nshortName: 国家 & 委员会\n');
    expect(errorsIn(root, 'content/organizations/plain.yaml')).toBe('');
  });
});

describe('ids that are URLs of other pages', () => {
  it('a document named 2.md would replace list page /wenjian/2/ and is refused with a new name', () => {
    const { root } = project();
    writeFileSync(join(root, 'content', 'documents', '2.md'), GOOD_DOC.replace('00007', '00002').replace('5号', '2号'));
    expect(errorsIn(root, 'content/documents/2.md')).toMatchInlineSnapshot(`
      "content/documents/2.md  [错误]
        文件名 "2" 会占用网址 /wenjian/2/，而这个网址是原文件列表的第 2 页；发布后那个页面会被替换。
        把文件名改为 wenjian-2.md（文件名不能全是数字）；如有别的文件链接到它，一并改写。"
    `);
  });

  it('interpretations and infographics with digit-only names are refused too; names with letters are not', () => {
    const { root } = project();
    const interp = readFileSync(join(root, 'content', 'interpretations', 'guofa-2019-5-jd.mdx'), 'utf8');
    writeFileSync(join(root, 'content', 'interpretations', '12.mdx'), interp);
    writeFileSync(join(root, 'content', 'interpretations', '2019-5.mdx'), interp);
    expect(errorsIn(root, 'content/interpretations/12.mdx')).toContain('/jiedu/12/，而这个网址是解读列表的第 12 页');
    expect(errorsIn(root, 'content/interpretations/2019-5.mdx')).toBe('');
    writeFileSync(join(root, 'content', 'infographics', '3.mdx'), '---\ntitle: x\n---\n');
    expect(errorsIn(root, 'content/infographics/3.mdx')).toContain('把文件名改为 tujie-3.mdx');
  });
});

describe('the build runs the same check first and stops', () => {
  it('a symlinked file and a GB18030 file stop the build step with their messages', () => {
    const { root, outside } = project();
    writeFileSync(join(outside, 'evil.md'), GOOD_DOC);
    symlinkSync(join(outside, 'evil.md'), join(root, 'content', 'documents', 'evil.md'));
    writeFileSync(join(root, 'content', 'documents', 'gbk.md'), Buffer.concat([Buffer.from('---\ntitle: '), GUOWUYUAN_GBK, Buffer.from('\n---\n')]));
    const logged: string[] = [];
    const logger = { error: (m: string) => logged.push(m), warn: vi.fn(), info: vi.fn() };
    const hook = contentCheck().hooks['astro:config:setup'] as unknown as (o: unknown) => void;
    expect(() => hook({ config: { root: pathToFileURL(`${root}/`) }, command: 'build', logger })).toThrow('内容检查发现 2 个错误，网站没有生成。');
    expect(logged.join('\n')).toContain('content/documents/evil.md  [错误]\n  这是一个符号链接');
    expect(logged.join('\n')).toContain('content/documents/gbk.md:2  [错误]\n  文件不是 UTF-8 编码');
  });
});
