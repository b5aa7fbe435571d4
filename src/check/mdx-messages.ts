/**
 * MDX parse errors about component tags (micromark-extension-mdx-jsx's English reasons) in editors' words: which
 * component, the line where it opens, and the closing tag to write. The parser reports a missing closing tag at the
 * end of the enclosing block, so its own position is not where the editor should look; the opening tag's position
 * is in its reason ("Expected a closing tag for `<Steps>` (4:1-4:8)").
 */
import type { Problem } from '../lib/problems';

/** Where the body of a file starts, to turn body lines into file lines. */
interface BodyPlace {
  /** 1-based line of the file on which the body's first line is. */
  bodyLine: number;
}

/**
 * The problem for an MDX parse error `reason` found at file line `line`, when it is about a component tag;
 * undefined for any other reason (the caller keeps its general message).
 */
export function componentTagProblem(file: string, place: BodyPlace, line: number, reason: string): Problem | undefined {
  const at = (bodyLine: string) => place.bodyLine + Number(bodyLine) - 1;
  const missing = /^Expected a closing tag for `<([^>`\s]*)>` \((\d+):\d+-\d+:\d+\)(?: before the end of `(\w+)`)?/.exec(reason);
  if (missing) {
    const [, name, openLine, block] = missing as unknown as [string, string, string, string | undefined];
    const opened = at(openLine);
    const inline = block === 'paragraph' || block === 'emphasis' || block === 'strong' || block === 'link';
    return {
      severity: 'error',
      file,
      line: opened,
      message: `第 ${opened} 行的组件 <${name}> 没有结束标签 </${name}>${inline ? '（在同一段里没有找到）' : ''}。`,
      fix: inline
        ? `在同一段文字里、这个组件的内容之后写 </${name}>。`
        : `在这个组件的内容之后另起一行写 </${name}>。`,
    };
  }
  const mismatch = /^Unexpected closing tag `<\/([^>`\s]*)>`, expected corresponding closing tag for `<([^>`\s]*)>` \((\d+):\d+-\d+:\d+\)/.exec(reason);
  if (mismatch) {
    const [, closing, name, openLine] = mismatch as unknown as [string, string, string, string];
    // Located at the opening tag, as the infographic parser's own report of it is (one message per mistake).
    return {
      severity: 'error',
      file,
      line: at(openLine),
      message: `第 ${line} 行的结束标签 </${closing}> 与第 ${at(openLine)} 行的开始标签 <${name}> 不配对。`,
      fix: `把第 ${line} 行的 </${closing}> 改为 </${name}>。`,
    };
  }
  if (/^Unexpected closing slash `\/` in tag, expected an open tag first/.test(reason)) {
    return {
      severity: 'error',
      file,
      line,
      message: '这一行的结束标签前面没有对应的开始标签。',
      fix: '在组件内容之前补上开始标签（如 <Steps>），或删去这个结束标签。',
    };
  }
  return undefined;
}
