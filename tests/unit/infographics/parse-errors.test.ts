import { describe, expect, it } from 'vitest';
import { parseInfographic } from '../../../src/infographics/parse';
import { formatProblem } from '../../../src/lib/problems';
import { source } from './fixtures';

/** Problems of a body, formatted as editors read them. */
function problemsOf(body: string): string {
  const { problems } = parseInfographic(source(body), 'content/infographics/ceshi.mdx');
  return problems.map(formatProblem).join('\n\n');
}

describe('infographic source errors', () => {
  it('an unknown component names the four components and suggests the right spelling', () => {
    expect(problemsOf('## 目标\n\n<figure value="3" label="x" />')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  [错误]
        不认识的组件 <figure>。图解只能使用：<Figure>（关键数字）、<Steps>（办事步骤）、<Compare>（前后对比）、<Note>（提示）。
        把 <figure> 改成 <Figure>（组件名区分大小写）。"
    `);
  });

  it('an unknown component with no near name lists the components', () => {
    expect(problemsOf('## 目标\n\n<Chart data="1,2,3" />')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  [错误]
        不认识的组件 <Chart>。图解只能使用：<Figure>（关键数字）、<Steps>（办事步骤）、<Compare>（前后对比）、<Note>（提示）。
        改用上面四个组件之一，或把这部分写成普通段落或列表。"
    `);
  });

  it('a missing prop names the prop and shows the usage', () => {
    expect(problemsOf('## 目标\n\n<Figure value="3" unit="个工作日" />')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  label  [错误]
        <Figure> 缺少属性 label。
        加上 label="……"。用法：<Figure value="3" unit="个工作日" label="……" />"
    `);
  });

  it('an unknown prop lists the props the component has', () => {
    expect(problemsOf('## 目标\n\n<Figure value="3" label="公开" color="red" />')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  color  [错误]
        <Figure> 没有属性 color。它的属性是：value、unit、label。
        删去 color，或改成上面的属性之一。用法：<Figure value="3" unit="个工作日" label="……" />"
    `);
  });

  it('a value too long for its card is refused with the limit', () => {
    expect(problemsOf('## 目标\n\n<Figure value="三个工作日以内完成" label="公开" />')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  value  [错误]
        <Figure> 的属性 value="三个工作日以内完成" 有 9 个字，最多 8 个字，否则在图里放不下。
        数字写在 value 里，单位写在 unit 里，说明写在 label 里，例如 value="3" unit="个工作日"。"
    `);
  });

  it('an empty prop is refused', () => {
    expect(problemsOf('## 目标\n\n<Figure value="3" unit="" label="公开" />')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  unit  [错误]
        <Figure> 的属性 unit 是空的。
        在 unit="" 的引号里写上内容，或删去这个属性。"
    `);
  });

  it('an expression as a prop value is refused and the literal is suggested', () => {
    expect(problemsOf('## 目标\n\n<Figure value={3} label="公开" />')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  value  [错误]
        <Figure> 的属性 value 写成了花括号表达式 {3}。属性只能是双引号括起来的文字，内容不运行代码。
        改成 value="3"。"
    `);
  });

  it('an expression in text is refused', () => {
    expect(problemsOf('## 目标\n\n共 {1 + 2} 项。')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  [错误]
        文字里不能写花括号表达式 {1 + 2}。内容不运行代码。
        删去花括号，把要显示的文字直接写出来；真要显示花括号，写成 \\{ 和 \\}。"
    `);
  });

  it('import and export are refused: content does not run code', () => {
    expect(problemsOf("import Chart from './chart.js'\n\n## 目标\n\n文字。")).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:7  [错误]
        图解里不能写 import 或 export（找到：“import Chart from './chart.js'”）。图解的内容只能是文字和四个组件，不运行代码。
        删去这一行；Figure、Steps、Compare、Note 四个组件无需导入即可使用。"
    `);
  });

  it('steps without a list are refused with the way to write them', () => {
    expect(problemsOf('## 流程\n\n<Steps>\n先申请，再审核。\n</Steps>')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  [错误]
        <Steps> 里要写且只写一个列表，每个列表项是一个步骤（找到 0 个列表和 1 段其他内容）。
        写成：<Steps>，下一行起每行一个“1. 步骤”，最后一行 </Steps>。"
    `);
  });

  it('a comparison whose two lists run together is refused with the way to write them', () => {
    expect(problemsOf('## 对比\n\n<Compare label="方式">\n- 巡查制\n\n- 双随机抽查\n</Compare>')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  [错误]
        <Compare> 里要写前后两个列表，每个列表前一行写它的小标题（找到 1 个列表）。两个列表之间只隔空行会被当成一个列表。
        写成：<Compare label="……">，下一行“原来：”，接着“- ……”列表；再一行“现在：”，接着“- ……”列表；最后一行 </Compare>。"
    `);
  });

  it('a heading other than ## is refused, and numbering typed by hand is a warning', () => {
    expect(problemsOf('### 小标题\n\n## 一、总体要求\n\n文字。')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:7  [错误]
        标题用了 ###（“小标题”）。图解里只有一种标题：## 开头的分节标题。
        改成“## 小标题”作为一个分节；分节内的小标题请写成普通段落。

      content/infographics/ceshi.mdx:9  [警告]
        分节标题“一、总体要求”自带了编号；编号由图解自动生成。
        改成“## 总体要求”。"
    `);
  });

  it('an unclosed component is a syntax error with its line', () => {
    expect(problemsOf('## 流程\n\n<Steps>\n1. 申请\n2. 审核\n')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx:9  [错误]
        组件 <Steps> 没有结束标签 </Steps>。
        在这个组件的内容之后另起一行写 </Steps>；没有内容的组件写成自闭合的 <Steps … />。"
    `);
  });

  it('a source without sections is refused', () => {
    expect(problemsOf('只有一段文字。')).toMatchInlineSnapshot(`
      "content/infographics/ceshi.mdx  [错误]
        图解没有分节：至少要有一个以 ## 开头的分节标题。
        按原文件的结构写 3–6 个分节，每节以“## 标题”开头。"
    `);
  });
});
