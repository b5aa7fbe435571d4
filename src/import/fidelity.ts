/**
 * Fidelity of imported text: the importer may change markup, spacing and Latin punctuation,
 * but never the Chinese characters and Chinese punctuation of a body, nor their order.
 */

// Han ideographs, CJK symbols and punctuation (U+3000–U+303F), full-width forms (U+FF00–U+FFEF),
// and the curly quotes, dash, ellipsis and middle dot that Chinese text uses from General Punctuation/Latin-1.
const CHINESE_CHAR = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF“”‘’—…·]/u;
// Everything else, removed in one pass (the same result as joining the matches, without an array of every character).
const OTHER_CHARS = new RegExp(`[^${CHINESE_CHAR.source.slice(1, -1)}]+`, 'gu');

/** The Chinese characters and Chinese punctuation of `text`, in order, everything else removed. */
export function chineseCharSequence(text: string): string {
  return text.replace(OTHER_CHARS, '');
}

/** true when the character is one that chineseCharSequence keeps. */
export function isChineseChar(char: string): boolean {
  return CHINESE_CHAR.test(char);
}

/** Where two Chinese character sequences first differ, with a little context from each; undefined when equal. */
export function firstDifference(
  expected: string,
  actual: string,
  context = 12,
): { index: number; expected: string; actual: string } | undefined {
  if (expected === actual) return undefined;
  const a = [...expected];
  const b = [...actual];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - context);
  return {
    index: i,
    expected: a.slice(from, i + context).join(''),
    actual: b.slice(from, i + context).join(''),
  };
}
