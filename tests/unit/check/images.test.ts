import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { checkContent } from '../../../src/check/validate';
import { IMAGE_WARN_BYTES } from '../../../src/check/images';
import { formatProblem } from '../../../src/lib/problems';

// Issue 14 item 3: images live in public/images/ and are written ![说明](/images/…); the check finds every way
// that goes wrong before the build, in Chinese (the build used to fail in English on ./x.jpg, or publish a
// broken picture for a missing /images/x.png).
const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'project');

/** A copy of the small editor project with an interpretation body, extra files (path → bytes) and the check's report on the body. */
function checkBody(body: string, files: Record<string, number> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'jiedu-images-'));
  cpSync(FIXTURE, root, { recursive: true });
  for (const [path, size] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), Buffer.alloc(size));
  }
  mkdirSync(join(root, 'content', 'interpretations'), { recursive: true });
  const file = 'content/interpretations/jiedu.mdx';
  writeFileSync(join(root, file), `---\ntitle: 《意见》解读\ndocuments:\n  - guofa-2019-5\nform: 文字解读\npublishedAt: 2019-02-15\n---\n\n${body}`);
  return checkContent(root)
    .problems.filter((p) => p.file === file)
    .map(formatProblem)
    .join('\n');
}

describe('an image address with a space', () => {
  it('![流程图](/images/流程 图.svg) is no image: one error with the two fixes, and no copy-lint warning on its brackets', () => {
    expect(checkBody('![流程图](/images/流程 图.svg)\n', { 'public/images/流程 图.svg': 100 })).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  body (正文)  [错误]
        “![流程图](/images/流程 图.svg)”不是图片：图片地址里有空格，页面上会原样显示这行文字，不显示图片。
        把地址放进尖括号，写成 ![流程图](</images/流程 图.svg>)；或把文件改名为不带空格的 public/images/流程图.svg，再写成 ![流程图](/images/流程图.svg)。"
    `);
  });

  it('the address in angle brackets is an image and passes', () => {
    expect(checkBody('![流程图](</images/流程 图.svg>)\n', { 'public/images/流程 图.svg': 100 })).toBe('');
  });
});

describe('images in interpretations and documents', () => {
  it('an image in public/images/ with a description passes', () => {
    expect(checkBody('![2019年抽查结果统计图](/images/2019/tu1.png)\n', { 'public/images/2019/tu1.png': 100 })).toBe('');
  });

  it('![图](/images/x.png) without the file is an error naming the file that is missing', () => {
    expect(checkBody('![图](/images/x.png)\n')).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  body (正文)  [错误]
        找不到图片“/images/x.png”：public/images/x.png 不存在。
        把图片放到 public/images/x.png（文件名区分大小写），或改正地址。"
    `);
  });

  it('a typo in the name suggests the file that exists', () => {
    expect(checkBody('![统计图](/images/2019/tu2.png)\n', { 'public/images/2019/tu1.png': 100 })).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  body (正文)  [错误]
        找不到图片“/images/2019/tu2.png”：public/images/2019/tu2.png 不存在。最接近的是“/images/2019/tu1.png”。
        如果是它，改为 /images/2019/tu1.png；否则把图片放到 public/images/2019/tu2.png（文件名区分大小写）。"
    `);
  });

  it('./x.jpg beside the interpretation is one Chinese error saying where to move it (the build stopped in English)', () => {
    expect(checkBody('![图](./x.jpg)\n', { 'content/interpretations/x.jpg': 10 })).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  body (正文)  [错误]
        图片地址“./x.jpg”不是以 / 开头的本站地址。正文里的图片都放在 public/images/ 下，地址写成 /images/文件名。
        把 content/interpretations/x.jpg 移到 public/images/x.jpg，再写成 ![图片内容的说明](/images/x.jpg)。"
    `);
  });

  it('a missing or empty description is an error with the fix', () => {
    expect(checkBody('![](/images/2019/tu1.png)\n\n![  ](/images/2019/tu1.png)\n', { 'public/images/2019/tu1.png': 100 })).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  body (正文)  [错误]
        图片“/images/2019/tu1.png”没有说明文字（alt）。读屏软件靠它向视障读者读出图片内容，图片打不开时页面也显示它。
        在方括号里写上图片的内容，例如 ![2019年双随机抽查结果统计图](/images/2019/tu1.png)。
      content/interpretations/jiedu.mdx:11  body (正文)  [错误]
        图片“/images/2019/tu1.png”没有说明文字（alt）。读屏软件靠它向视障读者读出图片内容，图片打不开时页面也显示它。
        在方括号里写上图片的内容，例如 ![2019年双随机抽查结果统计图](/images/2019/tu1.png)。"
    `);
  });

  it('a file over 1 MB is a warning; a format browsers may not show is an error', () => {
    expect(
      checkBody('![统计图](/images/2019/big.jpg)\n\n![扫描件](/images/2019/scan.tif)\n', {
        'public/images/2019/big.jpg': IMAGE_WARN_BYTES * 3,
        'public/images/2019/scan.tif': 100,
      }),
    ).toMatchInlineSnapshot(`
      "content/interpretations/jiedu.mdx:9  body (正文)  [警告]
        图片“/images/2019/big.jpg”有 3.0 MB，超过 1.0 MB，手机上要加载很久。
        把图片缩小到宽 1600 像素以内，另存为 JPG 或 WebP（一般不超过 500 KB），用同一个文件名替换。
      content/interpretations/jiedu.mdx:11  body (正文)  [错误]
        图片“/images/2019/scan.tif”的格式 .tif 不是所有浏览器都能显示的图片格式。只能用 .png、.jpg、.jpeg、.webp、.gif、.svg、.avif。
        用看图或画图软件把图片另存为 JPG、PNG 或 WebP，再改写地址。"
    `);
  });

  it('an address that climbs out of public/ is looked up where the browser would, inside public/', () => {
    expect(checkBody('![图](/../package.json)\n')).toContain('找不到图片“/../package.json”：public/package.json 不存在。');
  });

  it('a reference-style image is checked like the inline one', () => {
    expect(checkBody('![统计图][tu]\n\n[tu]: /images/none.png\n')).toContain('找不到图片“/images/none.png”');
  });
});
