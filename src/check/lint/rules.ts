/**
 * The Chinese copy rules, on plain text: each finds issues with an offset, what was found, what it should
 * be, and the editor's message. No Markdown here: copy-lint.ts hands over only prose (text nodes, titles),
 * never code, URLs, HTML or component syntax.
 */

/** Space between Chinese and Latin letters or digits (see copyStyle in src/schemas/site.ts). */
export type CjkLatinSpace = 'none' | 'space';

/** Rule names, also used in the --fix report. */
export type RuleName =
  | 'doc-number-brackets'
  | 'ellipsis'
  | 'halfwidth-punctuation'
  | 'list-number-punctuation'
  | 'halfwidth-parentheses'
  | 'halfwidth-quotes'
  | 'repeated-punctuation'
  | 'fullwidth-alphanumeric'
  | 'space-around-punctuation'
  | 'cjk-latin-space'
  | 'unrendered-emphasis'
  | 'invisible-character';

/** Short Chinese names of the rules, for the --fix report. */
export const RULE_LABELS: Record<RuleName, string> = {
  'doc-number-brackets': '文号括号',
  ellipsis: '省略号',
  'halfwidth-punctuation': '半角标点',
  'list-number-punctuation': '序号标点',
  'halfwidth-parentheses': '半角括号',
  'halfwidth-quotes': '半角引号',
  'repeated-punctuation': '重复标点',
  'fullwidth-alphanumeric': '全角字母数字',
  'space-around-punctuation': '标点旁空格',
  'cjk-latin-space': '中英文间空格',
  'unrendered-emphasis': '加粗符号',
  'invisible-character': '看不见的字符',
};

/** One issue in a piece of text. */
export interface TextIssue {
  rule: RuleName;
  /** Offset in the text. */
  index: number;
  /** Length of the text to replace. */
  length: number;
  /** The replacement. */
  replacement: string;
  /** What is wrong, quoting what was found (without the location). */
  message: string;
  /** The exact fix. */
  fix: string;
}

const HAN = '\\p{Script=Han}';
/** Full-width punctuation that closes or ends a phrase. */
const FW_CLOSE = '，。、；：？！”’）》〕】…—';
/** Full-width punctuation that opens a phrase. */
const FW_OPEN = '“‘（《〔【';
/** Chinese on the left of a mark: a Han character or closing full-width punctuation. */
const CN_BEFORE = new RegExp(`[${HAN}${FW_CLOSE}]`, 'u');
/** Chinese on the right of a mark: a Han character or opening full-width punctuation. */
const CN_AFTER = new RegExp(`[${HAN}${FW_OPEN}]`, 'u');

/** A Chinese-numeral list number alone at the start of a line (after optional spaces), e.g. “一” of “一.总体要求”. */
const LIST_NUMBER_BEFORE = /(?:^|\n)[ \t]*[一二三四五六七八九十百零〇]{1,4}$/u;
/** An ordinal 第一 … 第十 alone at the start of a line, e.g. “第一” of “第一.加强领导”. */
const ORDINAL_BEFORE = /(?:^|\n)[ \t]*第[一二三四五六七八九十百零〇]{1,4}$/u;
/** A list number in brackets alone at the start of a line, e.g. “(一)” of “(一).总体要求” or “（1）” of “（1）.加强监管”. */
const BRACKETED_NUMBER_BEFORE = /(?:^|\n)[ \t]*[(（](?:[一二三四五六七八九十百零〇]{1,4}|\d{1,3})[)）]$/u;

const FULLWIDTH: Record<string, string> = { ',': '，', '.': '。', ':': '：', ';': '；', '?': '？', '!': '！' };

/**
 * Marks what must never change: Markdown link and image syntax left as text (e.g. `![图](/images/流程 图.svg)`,
 * whose address has a space and so is no image: src/check/images.ts reports it), URLs, e-mail addresses, site
 * paths (/images/…, ./x/…) and file names. Masked characters match no rule.
 */
// A URL stops at whitespace, Chinese text or full-width punctuation, and never ends in , . ; : ! ? ).
// A path starts with / ./ or ../ after no letter, digit or Han character and holds another / or a file ending.
const PROTECTED = /!?\[[^\]\n]*\]\([^)\n]*\)|<[^<>\s]*[/:][^<>\n]*>|(?<![\w\p{Script=Han}])\.{0,2}\/[\w\p{Script=Han}.%~-]+(?:\/[\w\p{Script=Han}.%~-]*|\.[a-z0-9]{2,4}\b)+|(?:https?:\/\/|www\.)[^\s，。；、）》”\p{Script=Han}]*[^\s，。；、）》”\p{Script=Han},.;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|jpe?g|png)\b/giu;

/** 文号 with a bracket style other than 〔〕 around the year, e.g. 国发[2019]5号, 穗府办【2022】13号. */
const DOC_NUMBER = /(\p{Script=Han}{1,12}?)([[【(（［﹝])(\s*\d{4}\s*)([\]】)）］﹞])(\s*第?\d+号)/gu;
/** 文号 already in the standard form, kept intact by the spacing rule. */
const DOC_NUMBER_STANDARD = /\p{Script=Han}+〔\d{4}〕\d+号/gu;

/** Invisible and control characters (not the newline, not \0, which masks protected text). */
const INVISIBLE = /[\t\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F\u00AD\u200B-\u200F\u2028\u2029\u2060\uFEFF]+/gu;

/** The Chinese name and code point of an invisible character, e.g. “零宽空格 U+200B”. */
function invisibleName(c: string): string {
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const name: Record<string, string> = { '\t': '制表符', '\u00AD': '软连字符', '\u200B': '零宽空格', '\u200C': '零宽不连字', '\u200D': '零宽连字', '\u2060': '零宽不折行', '\uFEFF': '字节顺序标记', '\u2028': '行分隔符', '\u2029': '段分隔符' };
  return `${name[c] ?? '控制字符'} ${code}`;
}

/** A text with its invisible characters shown as ⟨U+XXXX⟩, so a message can point at them. */
function showInvisible(text: string): string {
  return text.replace(new RegExp(INVISIBLE.source, 'gu'), (m) => [...m].map((c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`).join(''));
}

function charBefore(text: string, i: number): string {
  return i > 0 ? text[i - 1]! : '';
}

/** A few characters either side of a span, to show where it is. */
function context(text: string, index: number, length: number, replacement?: string): string {
  const before = text.slice(Math.max(0, index - 4), index).replace(/^.*\n/s, '');
  const after = text.slice(index + length, index + length + 4).replace(/\n.*$/s, '');
  return `${before}${replacement ?? text.slice(index, index + length)}${after}`;
}

/** Replaces protected spans by NUL characters of the same length so offsets stay put. */
function mask(text: string): string {
  return text.replace(PROTECTED, (m) => '\0'.repeat(m.length));
}

/** Finds every issue in a piece of prose, overlapping issues resolved in favour of the earlier, then the rule listed first. */
export function findTextIssues(text: string, style: CjkLatinSpace): TextIssue[] {
  const t = mask(text);
  const issues: TextIssue[] = [];
  const add = (issue: TextIssue) => issues.push(issue);

  for (const m of t.matchAll(DOC_NUMBER)) {
    const [whole, prefix, , year, , serial] = m as unknown as [string, string, string, string, string, string];
    const index = m.index! + prefix.length;
    const found = whole.slice(prefix.length);
    const replacement = `〔${year.trim()}〕${serial.trim()}`;
    const shown = prefix.slice(-4);
    add({
      rule: 'doc-number-brackets',
      index,
      length: found.length,
      replacement,
      message: `文号的年份括号不规范（“${shown}${found}”）。`,
      fix: `改为“${shown}${replacement}”（年份用六角括号〔〕）。`,
    });
  }

  // Ellipses: ... or 。。。 or a single … after Chinese text.
  for (const m of t.matchAll(/\.{3,}|。{3,}|…+/gu)) {
    const i = m.index!;
    if (m[0] === '……' || !CN_BEFORE.test(charBefore(t, i))) continue;
    add({ rule: 'ellipsis', index: i, length: m[0].length, replacement: '……', message: `省略号写成了“${m[0]}”。`, fix: '改为“……”（两个省略号字符）。' });
  }

  for (const m of t.matchAll(/([,.:;?!])\1*[ \t]*/gu)) {
    const i = m.index!;
    const mark = m[1]!;
    const prev = charBefore(t, i);
    const next = t[i + m[0].length] ?? '';
    const prevCn = CN_BEFORE.test(prev);
    const nextCn = CN_AFTER.test(next);
    let hit = false;
    if (mark === ',' || mark === ';') hit = prevCn || nextCn;
    else if (mark === ':') hit = (prevCn || nextCn) && next !== '/';
    else if (mark === '.') hit = m[0].trimEnd() === '.' && prevCn && (next === '' || next === '\n' || nextCn);
    else hit = prevCn;
    // A dot after a list number in brackets at the start of a line ((一).总体要求) is one mark too many: a 序次语 in
    // brackets takes no punctuation after it (GB/T 15834-2011 标点符号用法, 序次语), so the fix deletes the dot.
    // Checked before `hit`, as the ) before it is not Chinese.
    if (mark === '.' && m[0].trimEnd() === '.' && CN_AFTER.test(next) && BRACKETED_NUMBER_BEFORE.test(t.slice(0, i))) {
      add({
        rule: 'list-number-punctuation',
        index: i,
        length: m[0].length,
        replacement: '',
        message: `括号里的序号后面多了一个点“${context(text, i, m[0].length)}”。`,
        fix: `括号序号后不加标点：“${context(text, i, m[0].length, '')}”。`,
      });
      continue;
    }
    if (!hit) continue;
    // 第一, 第二 … as a list number take a comma (GB/T 15834-2011 标点符号用法, 序次语: 第一，…；第二，…), not a full stop.
    if (mark === '.' && m[0].trimEnd() === '.' && ORDINAL_BEFORE.test(t.slice(0, i))) {
      add({
        rule: 'list-number-punctuation',
        index: i,
        length: m[0].length,
        replacement: '，',
        message: `序号后用了半角点“${context(text, i, m[0].length)}”。`,
        fix: `“第一”“第二”这类序号后用逗号：“${context(text, i, m[0].length, '，')}”。`,
      });
      continue;
    }
    // A Chinese-numeral list number at the start of a line (一.总体要求) takes the enumeration comma 、, not a
    // full stop: GB/T 15834-2011 标点符号用法 §4.5.3 (顿号 after 序次语 such as 一、二、) and the first-level
    // headings of GB/T 9704-2012. Arabic numbers (1.) keep their dot, so they never reach here (no Han before).
    if (mark === '.' && m[0].trimEnd() === '.' && LIST_NUMBER_BEFORE.test(t.slice(0, i))) {
      add({
        rule: 'list-number-punctuation',
        index: i,
        length: m[0].length,
        replacement: '、',
        message: `序号后用了半角点“${context(text, i, m[0].length)}”。`,
        fix: `中文数字序号后用顿号：“${context(text, i, m[0].length, '、')}”。`,
      });
      continue;
    }
    const fw = FULLWIDTH[mark]!;
    add({
      rule: 'halfwidth-punctuation',
      index: i,
      length: m[0].length,
      replacement: fw,
      message: `中文里用了半角标点“${m[0].trim()}”（“${context(text, i, m[0].length)}”）。`,
      fix: `改为全角“${fw}”：“${context(text, i, m[0].length, fw)}”。`,
    });
  }

  for (const m of t.matchAll(/\(([^()\n\0]*)\)/gu)) {
    const i = m.index!;
    const inner = m[1]!;
    const after = t[i + m[0].length] ?? '';
    if (!(/\p{Script=Han}/u.test(inner) || CN_BEFORE.test(charBefore(t, i)) || CN_AFTER.test(after))) continue;
    const replacement = `（${inner}）`;
    add({
      rule: 'halfwidth-parentheses',
      index: i,
      length: m[0].length,
      replacement,
      message: `中文里用了半角括号“${m[0]}”。`,
      fix: `改为全角括号“${replacement}”。`,
    });
  }

  for (const m of t.matchAll(/"([^"\n\0]*)"/gu)) {
    if (!/\p{Script=Han}/u.test(m[1]!)) continue;
    const replacement = `“${m[1]}”`;
    add({ rule: 'halfwidth-quotes', index: m.index!, length: m[0].length, replacement, message: `中文里用了半角引号“${m[0]}”。`, fix: `改为中文引号${replacement}。` });
  }

  for (const m of t.matchAll(/([，。、；：？！])\1+/gu)) {
    add({
      rule: 'repeated-punctuation',
      index: m.index!,
      length: m[0].length,
      replacement: m[1]!,
      message: `标点重复“${m[0]}”（“${context(text, m.index!, m[0].length)}”）。`,
      fix: `只保留一个“${m[1]}”。`,
    });
  }

  for (const m of t.matchAll(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+/gu)) {
    const replacement = m[0].normalize('NFKC');
    add({ rule: 'fullwidth-alphanumeric', index: m.index!, length: m[0].length, replacement, message: `用了全角字母或数字“${m[0]}”。`, fix: `改为半角“${replacement}”。` });
  }

  // Spaces next to full-width punctuation (not at the start of a line, where they may indent).
  for (const m of t.matchAll(new RegExp(`(?<=[^\\s])[ \\t\\u3000]+(?=[${FW_CLOSE}${FW_OPEN}])|(?<=[${FW_CLOSE}${FW_OPEN}])[ \\t\\u3000]+(?=[^\\s])`, 'gu'))) {
    const i = m.index!;
    add({
      rule: 'space-around-punctuation',
      index: i,
      length: m[0].length,
      replacement: '',
      message: `全角标点旁边多了空格（“${context(text, i, m[0].length)}”）。`,
      fix: `删去空格：“${context(text, i, m[0].length, '')}”。`,
    });
  }

  // Characters a reader cannot see but search and copying do: a tab (typed into a form field or pasted from a
  // table), zero-width spaces and joiners, the byte-order mark, soft hyphens, other control characters. The
  // importer removes the same set from metadata (src/import/normalize.ts). \0 is the mask and never matches.
  for (const m of t.matchAll(INVISIBLE)) {
    const i = m.index!;
    const names = [...new Set([...m[0]].map(invisibleName))].join('、');
    // A tab between two Latin words or numbers stands for a space; next to Chinese it stands for nothing.
    const replacement = m[0].includes('\t') && /[A-Za-z0-9]/.test(charBefore(t, i)) && /[A-Za-z0-9]/.test(t[i + m[0].length] ?? '') ? ' ' : '';
    add({
      rule: 'invisible-character',
      index: i,
      length: m[0].length,
      replacement,
      message: `有看不见的字符：${names}（“${showInvisible(context(text, i, m[0].length))}”）。读者在网页上看不出它们${m[0].includes('\t') ? '（制表符显示成空格）' : ''}，搜索和复制却会出错。`,
      fix: replacement ? `换成一个空格：“${context(text, i, m[0].length, ' ')}”。` : `删去：“${context(text, i, m[0].length, '')}”。`,
    });
  }

  if (style === 'none') {
    for (const m of t.matchAll(new RegExp(`(?<=${HAN})[ \\t\\u00A0]+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])[ \\t\\u00A0]+(?=${HAN})`, 'gu'))) {
      const i = m.index!;
      // A section number at the start of a line (3.1.2 省级人民政府…) keeps its space.
      if (/^[ \t]*\d+(?:\.\d+)*\.?$/.test(t.slice(t.lastIndexOf('\n', i - 1) + 1, i))) continue;
      add({
        rule: 'cjk-latin-space',
        index: i,
        length: m[0].length,
        replacement: '',
        message: `中文与英文或数字之间有空格（“${context(text, i, m[0].length)}”）。本站的写法是不加空格（content/site.yaml 中 copyStyle.cjkLatinSpace 为 none）。`,
        fix: `删去空格：“${context(text, i, m[0].length, '')}”。`,
      });
    }
  } else {
    const standard = [...t.matchAll(DOC_NUMBER_STANDARD)].map((m) => [m.index!, m.index! + m[0].length] as const);
    const inDocNumber = (i: number) => standard.some(([a, b]) => i > a && i < b);
    for (const m of t.matchAll(new RegExp(`(?<=${HAN})(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=${HAN})`, 'gu'))) {
      const i = m.index!;
      if (inDocNumber(i)) continue;
      add({
        rule: 'cjk-latin-space',
        index: i,
        length: 0,
        replacement: ' ',
        message: `中文与英文或数字之间没有空格（“${context(text, i, 0)}”）。本站的写法是加一个空格（content/site.yaml 中 copyStyle.cjkLatinSpace 为 space）。`,
        fix: `加一个空格：“${context(text, i, 0, ' ')}”。`,
      });
    }
  }

  return resolveOverlaps(issues);
}

const PRIORITY: RuleName[] = [
  'doc-number-brackets',
  'ellipsis',
  'halfwidth-punctuation',
  'halfwidth-parentheses',
  'halfwidth-quotes',
  'repeated-punctuation',
  'fullwidth-alphanumeric',
  'space-around-punctuation',
  'cjk-latin-space',
  'invisible-character',
];

/** Keeps issues that do not overlap an issue kept before them (earlier start first, then rule priority). */
function resolveOverlaps(issues: TextIssue[]): TextIssue[] {
  const sorted = [...issues].sort((a, b) => a.index - b.index || PRIORITY.indexOf(a.rule) - PRIORITY.indexOf(b.rule));
  const kept: TextIssue[] = [];
  let end = -1;
  for (const issue of sorted) {
    // Zero-length insertions touch but do not overlap; everything else needs a clear span.
    if (issue.index < end || (issue.length === 0 && issue.index === end && kept.at(-1)?.length === 0)) continue;
    kept.push(issue);
    end = Math.max(end, issue.index + issue.length);
  }
  return kept;
}

/** Applies non-overlapping issues to a text. */
export function applyIssues(text: string, issues: readonly TextIssue[]): string {
  let out = text;
  for (const issue of [...issues].sort((a, b) => b.index - a.index)) {
    out = out.slice(0, issue.index) + issue.replacement + out.slice(issue.index + issue.length);
  }
  return out;
}
