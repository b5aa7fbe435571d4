/**
 * Stage 1 (parser), unreadable sources: the MDX parser (micromark, through remark-mdx) stops at the first syntax
 * error with an English message; this turns the messages editors run into (an unclosed or mismatched component
 * tag, an unquoted or unclosed prop value, a stray <) into a Chinese message and fix, with the line it names.
 */

/** The MDX parser's English message in editors' words, with the line it names. */
export function syntaxProblem(reason: string): { message: string; fix: string; line?: number } {
  const at = /\((\d+):\d+-\d+:\d+\)/.exec(reason);
  const line = at ? Number(at[1]) : undefined;
  const unclosed = /Expected a closing tag for `<([^>]*)>`/.exec(reason);
  if (unclosed) {
    return { line, message: `组件 <${unclosed[1]}> 没有结束标签 </${unclosed[1]}>。`, fix: `在这个组件的内容之后另起一行写 </${unclosed[1]}>；没有内容的组件写成自闭合的 <${unclosed[1]} … />。` };
  }
  const mismatch = /Unexpected closing tag `<\/([^>]*)>`, expected corresponding closing tag for `<([^>]*)>`/.exec(reason);
  if (mismatch) {
    return { line, message: `结束标签 </${mismatch[1]}> 与开始标签 <${mismatch[2]}> 不配对。`, fix: `把 </${mismatch[1]}> 改成 </${mismatch[2]}>。` };
  }
  if (/closing quote/.test(reason)) return { line, message: '属性值缺少结束的英文双引号 "。', fix: '检查这一行每个属性都写成 名称="文字"，引号成对。' };
  if (/before attribute value/.test(reason)) return { line, message: '属性值没有用英文双引号括起来。', fix: '写成 名称="文字"，例如 value="3"。' };
  if (/end of file in (?:name|tag|element)|Unexpected character .* (?:in name|before name)/.test(reason)) {
    return { line, message: '这里的尖括号 < 被当成了组件标签的开头，但标签没有写完。', fix: '如果是组件，写完整：<Figure … />；如果文字里要写小于号，请写成全角“＜”或“\\<”。' };
  }
  return { line, message: `图解源文件的格式有误，无法读取（${reason}）。`, fix: '检查这一行附近的尖括号 < > 与组件是否成对（如 <Steps> 要有 </Steps>），属性值是否用英文双引号括起来。' };
}
