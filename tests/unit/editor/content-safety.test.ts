import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ALLOWED_COMPONENTS, INFOGRAPHIC_COMPONENTS, INTERPRETATION_COMPONENTS, checkContentSafety } from '../../../src/check/content-safety';
import { parseSourceFile, readContentTree } from '../../../src/content/files';
import { checkContent } from '../../../src/check/validate';
import { formatProblem, type Problem } from '../../../src/lib/problems';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'editor', 'safety');

function problemsIn(file: string, problems: Problem[]): string {
  return problems
    .filter((p) => p.file === file)
    .map(formatProblem)
    .join('\n');
}

describe('content that would run code', () => {
  const problems = checkContentSafety(readContentTree(FIXTURE).files);

  it('an import, an expression, an unknown component, HTML and a script link in an interpretation are errors with their lines', () => {
    expect(problemsIn('content/interpretations/runs-code.mdx', problems)).toMatchInlineSnapshot(`
      "content/interpretations/runs-code.mdx:8  [错误]
        解读里不能写 import 或 export（找到：“import Chart from '../../src/components/…”）。内容文件只能是文字和本站的组件，发布时不运行代码。
        删去这一行。
      content/interpretations/runs-code.mdx:10  [错误]
        解读里不能写花括号表达式（找到：“{1 + 1}”）。花括号里的内容会在发布时当作代码运行。
        删去花括号；如果要显示花括号本身，在前面加反斜杠，写成 \\{ 和 \\}。
      content/interpretations/runs-code.mdx:12  [错误]
        不认识的组件 <Chart>。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
        删去 <Chart> 标签，改用 Markdown 书写。需要图解的，在 content/infographics/ 下另建图解（npm run new -- tujie）。
      content/interpretations/runs-code.mdx:14  [错误]
        不认识的组件 <Figure>。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
        删去 <Figure> 标签，改用 Markdown 书写。需要图解的，在 content/infographics/ 下另建图解（npm run new -- tujie）。
      content/interpretations/runs-code.mdx:16  [错误]
        解读里不能直接写 HTML 标签 <div>。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
        删去这个标签，改用 Markdown 书写：## 写标题，空一行分段，“- ”开头写列表。
      content/interpretations/runs-code.mdx:18  body (正文)  [错误]
        链接地址“javascript:alert(1)”不是允许的地址（可能会运行代码）。只允许 http:、https:、mailto: 开头的网址和本站地址（以 / 开头）；发布时删去这个地址。
        改为以 https:// 开头的完整网址（协议名用小写，中间不能有空格、制表符或换行），或本站地址如 /wenjian/guofa-2019-5/；否则删去这个链接。"
    `);
  });

  it('components nested in a refused component are one error for the outer tag, naming the inner ones (a tester got one per tag)', () => {
    const raw = ['---', 'title: 测试', '---', '', '<Steps>', '  <Step>第一步</Step>', '  <Step>第二步</Step>', '</Steps>', '', '<Tip>提示</Tip>', ''].join('\n');
    const source = parseSourceFile('interpretations', 'content/interpretations/nested.mdx', raw, []);
    expect(checkContentSafety([source]).map(formatProblem).join('\n')).toMatchInlineSnapshot(`
      "content/interpretations/nested.mdx:5  [错误]
        不认识的组件 <Steps>（其中还有 <Step>）。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
        删去 <Steps> 和其中的 <Step> 标签，改用 Markdown 书写。需要图解的，在 content/infographics/ 下另建图解（npm run new -- tujie）。
      content/interpretations/nested.mdx:10  [错误]
        不认识的组件 <Tip>。解读里不能使用组件，只能用 Markdown（## 标题、段落、列表、表格、链接）。
        删去 <Tip> 标签，改用 Markdown 书写。需要图解的，在 content/infographics/ 下另建图解（npm run new -- tujie）。"
    `);
  });

  it('comments, escaped braces and code are fine', () => {
    expect(problemsIn('content/interpretations/fine.mdx', problems)).toBe('');
  });

  it('infographics may use their own components, with string props only, and get the nearest name for a typo', () => {
    expect(problemsIn('content/infographics/components.mdx', problems)).toMatchInlineSnapshot(`
      "content/infographics/components.mdx:10  [错误]
        组件 <Figure> 的属性 value 写成了花括号表达式（{2019}）。属性值只能是英文双引号中的文字。
        写成 value="2019"。
      content/infographics/components.mdx:11  [错误]
        不认识的组件 <Figur>。图解只能使用这些组件：<Figure>、<Steps>、<Compare>、<Note>，无需导入。
        是不是要写 <Figure>？否则删去 <Figur> 标签，改用 Markdown 书写。"
    `);
  });

  it('text that MDX cannot read is an error that explains the < and { characters', () => {
    expect(problemsIn('content/interpretations/broken.mdx', problems)).toMatchInlineSnapshot(`
      "content/interpretations/broken.mdx:9  [错误]
        第 7 列附近无法按 MDX 读取正文（这一行：“担保金额 <500万元 的企业。”）。MDX 把 < 和 { 当作组件和代码的开头。
        如果这里的 < 或 { 是普通文字，在它前面加反斜杠（写成 \\< 或 \\{），或改用全角“＜”“｛”；如果是组件，检查尖括号是否成对，属性值是否用英文双引号括起来。"
    `);
  });

  it('an HTML comment in MDX gets the MDX way to write a comment', () => {
    expect(problemsIn('content/interpretations/html-comment.mdx', problems)).toMatchInlineSnapshot(`
      "content/interpretations/html-comment.mdx:9  [错误]
        MDX 文件里不能用 <!-- … --> 写注释（这一行：“<!-- 编辑留言：待审签 -->”）。
        改写成 {/* 注释 */}，或删去这条注释。"
    `);
  });

  it('a Markdown document may keep plain HTML but not a script', () => {
    expect(problemsIn('content/documents/active-html.md', problems)).toMatchInlineSnapshot(`
      "content/documents/active-html.md:9  body (正文)  [错误]
        原文件正文里的 <script> 会在读者的浏览器里运行代码；发布时它连同其中的内容一起删除。
        删去 <script> 到 </script> 之间的全部内容。"
    `);
  });

  it('is part of the content check, so the build stops on it', () => {
    const { problems: all } = checkContent(FIXTURE);
    expect(all.filter((p) => p.severity === 'error')).toHaveLength(problems.length);
  });

  it('exports the allow-lists: the infographic components, none in interpretations', () => {
    expect(INFOGRAPHIC_COMPONENTS).toEqual(['Figure', 'Steps', 'Compare', 'Note']);
    expect(INTERPRETATION_COMPONENTS).toEqual([]);
    expect(ALLOWED_COMPONENTS.infographics).toBe(INFOGRAPHIC_COMPONENTS);
  });
});
