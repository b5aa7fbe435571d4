/**
 * YAML syntax errors of a frontmatter (or a whole .yaml file) in editors' words: 制表符, 全角冒号, a missing space
 * after the colon, an unclosed quote, a colon inside a value, wrong indentation; each with its line and the
 * corrected line as the fix. One message per line: the `yaml` package often reports one mistake two or three
 * times (TAB_AS_INDENT, BLOCK_AS_IMPLICIT_KEY and MULTILINE_IMPLICIT_KEY for one line), and its codes and English
 * texts are never shown. Called by parseSourceFile (src/content/files.ts).
 */
import type { LineCounter, YAMLError } from 'yaml';
import type { Problem } from '../lib/problems';

/** A line shown in a message: trimmed at the end, tabs made visible, long lines cut. */
function show(line: string): string {
  const t = line.replace(/\s+$/, '').replaceAll('\t', '→');
  return t.length > 50 ? `${t.slice(0, 50)}…` : t;
}

/** A field line `key: value` (or `- key: value`) with the parts around the colon; undefined for other lines. */
const FIELD_LINE = /^(\s*(?:-\s+)?)([A-Za-z][\w-]*)(\s*)([:：])(.*)$/;

/**
 * The message and fix for a field line written with a full-width colon (`by：张三` → `by: 张三`, indentation kept),
 * or undefined when the line is not one. YAML reads such a line as text, not as a field: at the top level that is a
 * syntax error, under a group (signOff:, cms:) it becomes the group's value, and src/check/schema-messages.ts asks here.
 */
export function fullWidthColonMessage(line: string): Pick<Problem, 'message' | 'fix'> | undefined {
  const field = FIELD_LINE.exec(line);
  if (!field || field[4] !== '：') return undefined;
  const [, lead, key, , , rest] = field as unknown as [string, string, string, string, string, string];
  return {
    message: `字段名 ${key} 后面用了全角冒号“：”（“${show(line)}”）。字段名后要用英文冒号“:”加一个空格。`,
    fix: `写成：${lead}${key}: ${rest.trim()}`,
  };
}

/** The message and fix for one bad line, read from the line itself; undefined when nothing on it explains the error. */
function explainLine(lines: readonly string[], index: number): Pick<Problem, 'message' | 'fix'> | undefined {
  const line = lines[index] ?? '';
  const indentTab = /^[ \t]*\t/.exec(line);
  if (indentTab) {
    // The indentation the line should have: one level (two spaces) under a field that opens a list or group,
    // else that of the field above it.
    const previous = lines.slice(0, index).reverse().find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    const spaced = previous?.replaceAll('\t', '  ') ?? '';
    // A list item aligns with the dash of the item above; a field under "- date: …" aligns with date.
    const isItem = /^-(\s|$)/.test(line.trim());
    const previousIndent = previous === undefined ? 0 : (isItem ? /^ */ : /^ *(?:- +)?/).exec(spaced)![0].length;
    const opensBlock = previous !== undefined && /:\s*$/.test(previous);
    const fixed = `${' '.repeat(opensBlock ? previousIndent + 2 : previousIndent)}${line.trim()}`;
    return {
      message: `这一行开头用了制表符（Tab 键）缩进：“${show(line)}”（→ 是制表符）。元数据只能用空格缩进。`,
      fix: `删去行首的制表符，${opensBlock ? `比上一行多缩进两个空格` : '与上一行对齐'}，写成“${fixed}”${fixed.startsWith(' ') ? `（行首 ${fixed.length - fixed.trimStart().length} 个空格）` : ''}。`,
    };
  }
  const field = FIELD_LINE.exec(line);
  if (field) {
    const [, lead, key, space, colon, rest] = field as unknown as [string, string, string, string, string, string];
    if (colon === '：') return fullWidthColonMessage(line);
    if (space === '' && rest !== '' && !/^\s/.test(rest)) {
      return {
        message: `字段名 ${key} 的冒号后面少了一个空格（“${show(line)}”）。`,
        fix: `写成：${lead}${key}: ${rest.trim()}`,
      };
    }
    const value = rest.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && (value.length === 1 || !value.endsWith(quote))) {
      const inner = value.slice(1);
      return {
        message: `${key} 的值以引号 ${quote} 开头，但这一行没有与它配对的结束引号（“${show(line)}”）。`,
        fix: `在值的末尾补上 ${quote}，写成：${lead}${key}: ${quote}${inner}${quote}；或删去开头的 ${quote}。`,
      };
    }
    const bracket = ({ '[': ']', '{': '}' } as Record<string, string>)[quote ?? ''];
    if (bracket && !value.endsWith(bracket)) {
      return {
        message: `${key} 的值以 ${quote} 开头，但没有配对的 ${bracket}（“${show(line)}”）。${quote} 在元数据里表示${quote === '[' ? '列表' : '一组字段'}的开始。`,
        fix: `删去开头的 ${quote}，写成：${lead}${key}: ${value.slice(1).trim()}；如果要写${quote === '[' ? '列表' : '一组字段'}，在末尾补上 ${bracket}。`,
      };
    }
    if (/:\s/.test(value) && !/^["'[{|>]/.test(value)) {
      return {
        message: `${key} 的值里有英文冒号加空格（“${show(line)}”），会被当成又一个字段名。`,
        fix: `把值用英文双引号括起来，写成：${lead}${key}: "${value.replaceAll('"', '\\"')}"；或把值里的冒号改为全角“：”。`,
      };
    }
  }
  return undefined;
}

/** Index of the line whose indentation is deeper than the field above it allows, from line `from` on. */
function findOverIndented(lines: readonly string[], from: number): number | undefined {
  for (let i = Math.max(1, from); i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const previous = lines.slice(0, i).reverse().find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    if (previous === undefined) continue;
    const indent = (l: string) => /^ */.exec(l)![0].length;
    // A deeper line is fine only under a field with no value on its line (a list or a group of fields).
    const opensBlock = /:\s*(?:[|>][+-]?\d*)?\s*$/.test(previous) || /^\s*-\s*$/.test(previous);
    if (indent(line) > indent(previous) && !opensBlock && !/^\s*-\s/.test(previous)) return i;
  }
  return undefined;
}

/**
 * The editor's problems for the YAML errors of one file. `yamlText` is the YAML alone (the frontmatter without its
 * --- lines), `counter` the LineCounter it was parsed with, `firstLine` the file line of its first line (2 for a
 * frontmatter, 1 for a .yaml file). Duplicate keys keep their own message. Never throws.
 */
export function yamlErrorsToProblems(
  file: string,
  yamlText: string,
  errors: readonly YAMLError[],
  counter: LineCounter,
  firstLine: number,
): Problem[] {
  const lines = yamlText.split('\n').map((l) => l.replace(/\r$/, ''));
  const byLine = new Map<number, Problem>();
  for (const error of errors) {
    const reported = counter.linePos(error.pos[0]).line - 1;
    let index = reported;
    let explained: Pick<Problem, 'message' | 'fix'> | undefined;
    if (error.code === 'DUPLICATE_KEY') {
      const key = FIELD_LINE.exec(lines[index] ?? '')?.[2];
      explained = {
        message: `${key ? `字段 ${key} ` : '同一个字段'}写了两次（“${show(lines[index] ?? '')}”）。同一个字段只能写一次。`,
        fix: '删去重复的一行，只保留正确的一个。',
      };
    } else if (error.code === 'MISSING_CHAR' && /quote/i.test(error.message)) {
      // The error is reported where the text ends; the quote was opened on an earlier line.
      const opened = lines.findIndex((_, i) => i <= reported && explainLine(lines, i)?.message.includes('引号') === true);
      index = opened >= 0 ? opened : reported;
      explained = explainLine(lines, index);
    } else {
      explained = explainLine(lines, index);
      if (!explained && (error.code === 'BLOCK_AS_IMPLICIT_KEY' || error.code === 'BAD_INDENT' || error.code === 'MULTILINE_IMPLICIT_KEY')) {
        const deeper = findOverIndented(lines, index + 1);
        if (deeper !== undefined) {
          index = deeper;
          const line = lines[deeper]!;
          explained = {
            message: `这一行的缩进不对（“${show(line)}”）：它比上一行多缩进了，但上一行的字段已经有值，不能再带下一级。`,
            fix: `删去行首多余的空格，与上一个字段对齐，写成：${line.trimStart()}`,
          };
        }
      }
    }
    const line = index + firstLine;
    if (byLine.has(line)) continue;
    byLine.set(line, {
      severity: 'error',
      file,
      line,
      ...(explained ?? {
        message: `元数据这一行写法有误，无法读取（“${show(lines[index] ?? '')}”）。`,
        fix: '每行写“字段名: 值”：字段名后用英文冒号加一个空格，用空格缩进（不用 Tab 键），值里有冒号或 # 时用英文双引号括起来，列表项以“- ”开头并对齐。',
      }),
    });
  }
  return [...byLine.values()];
}
