/**
 * Normalising the metadata of an imported record, each change reported: 文号 written with other brackets
 * (〖〗, ﹝﹞, [], 【】, ()…), full-width digits or spaces become the standard form 国发〔2019〕5号, and characters
 * that are invalid in XML or invisible (control characters, zero-width spaces, direction marks) are removed from
 * titles and other metadata. Bodies are never touched here: their text goes through body conversion unchanged.
 */
import { hasNonStandardBrackets, normalizeDocNumber } from '../lib/doc-number';

/**
 * Characters removed from titles and metadata: C0/C1 control characters (tab and line breaks included, a title
 * is one line), zero-width and direction-formatting characters, the BOM, noncharacters and lone surrogates.
 * They are invalid in XML (sitemap, RSS) or invisible to editors, so a title with one never matches a search.
 */
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

/** Chinese names of the invisible characters editors meet most, for the report. */
const NAMES: Record<string, string> = {
  '\u0009': '制表符',
  '\u000a': '换行符',
  '\u000d': '回车符',
  '\u00ad': '软连字符',
  '\u200b': '零宽空格',
  '\u200c': '零宽不连字',
  '\u200d': '零宽连字',
  '\u200e': '从左至右标记',
  '\u200f': '从右至左标记',
  '\u2060': '零宽不换行空格',
  '\ufeff': '字节顺序标记（BOM）',
};

/** A character as editors can look it up: U+200B（零宽空格）. */
export function describeChar(char: string): string {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[char] ?? (/\p{Cc}/u.test(char) ? '控制字符' : '不可见字符');
  return `${code}（${name}）`;
}

/** A metadata value without its invisible characters, and those removed in order (empty when none were). */
export function removeInvisible(value: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const text = value.replace(INVISIBLE, (c) => {
    removed.push(c);
    return '';
  });
  return { text, removed };
}

/**
 * A 文号 in the standard form (year in 〔〕, ASCII digits, no spaces) and whether that changed what the export
 * wrote. A value that is not a 文号 comes back trimmed and unchanged (the check reports it).
 */
export function standardDocNumber(value: string): { text: string; changed: boolean } {
  const text = normalizeDocNumber(value);
  return { text, changed: text !== value.trim() || hasNonStandardBrackets(text) };
}
