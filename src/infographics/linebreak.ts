/**
 * Chinese line breaking (禁则) for the images. Satori breaks lines its own way and cannot say where, so
 * text is broken here into explicit lines before layout:
 * - no line starts with closing punctuation (，。、；：！？）》」” and the like);
 * - no line ends with opening punctuation (（《「“ and the like);
 * - —— and …… are never split; Latin words and numbers (2019, 3.5%, www.gov.cn) stay whole when they fit;
 * - a range written with a single dash (2018—2035, 60%—70%) is not broken.
 * A character that would break a rule moves to the next line together with the character it belongs to.
 */

/** Punctuation that may not start a line. */
export const NO_LINE_START = new Set([
  ...'，。、；：！？）》」』〕】〗〙〛〉’”﹞］｝％‰℃·・～',
  ...',.;:!?)]}%',
]);

/** A single dash (连接号) between two parts of a range: kept with both sides. */
const RANGE_DASH = new Set(['—', '～', '–']);

/** Punctuation that may not end a line. */
export const NO_LINE_END = new Set([...'（《「『〔【〖〘〚〈‘“﹝［｛', ...'([{']);

/** Characters that are doubled and never split: 破折号 —— and 省略号 ……. */
const PAIRED = /^(?:—{2,}|…{2,}|─{2,})/;

/** A run of Latin letters, digits and the punctuation inside them (3.5, 2018-2035, gov.cn/a_b). */
const LATIN = /^[\p{Script=Latin}\p{Nd}](?:[\p{Script=Latin}\p{Nd}]|[.,:/\-+_@#&'’](?=[\p{Script=Latin}\p{Nd}]))*/u;

/** Measures the width of a string in px. */
export type Measure = (text: string) => number;

/** An unbreakable piece of text, with whether a space (a break opportunity that is dropped at line ends) follows. */
interface Group {
  text: string;
  spaceAfter: string;
}

/** Splits text into atoms that are never split: one CJK character, one Latin run, one —— or ……, or a space. */
export function atomize(text: string): string[] {
  const atoms: string[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const m = PAIRED.exec(rest) ?? LATIN.exec(rest) ?? /^\s+/.exec(rest);
    const atom = m ? m[0] : String.fromCodePoint(rest.codePointAt(0)!);
    atoms.push(atom);
    i += atom.length;
  }
  return atoms;
}

/** Groups atoms so that no break falls before closing or after opening punctuation. */
function group(text: string): Group[] {
  const groups: Group[] = [];
  let glueNext = false;
  for (const atom of atomize(text)) {
    const last = groups[groups.length - 1];
    if (/^\s+$/.test(atom)) {
      if (last && !glueNext) last.spaceAfter += atom;
      else if (last) last.text += atom;
      continue;
    }
    const first = atom[0]!;
    const closing = NO_LINE_START.has(first) || (atom.length === 1 && RANGE_DASH.has(first));
    if (last && (glueNext || (closing && !last.spaceAfter))) {
      last.text += atom;
    } else if (last && closing) {
      // A space before closing punctuation: keep them together rather than start a line with the punctuation.
      last.text += last.spaceAfter + atom;
      last.spaceAfter = '';
    } else {
      groups.push({ text: atom, spaceAfter: '' });
    }
    // A range dash also keeps the number after it: 60%—70% moves as one.
    glueNext = NO_LINE_END.has(atom[atom.length - 1]!) || (atom.length === 1 && RANGE_DASH.has(first));
  }
  return groups;
}

/**
 * Breaks `text` into lines no wider than `maxWidth`, honouring the rules above.
 * A piece wider than a whole line (a long URL) is split by character as a last resort, still keeping
 * closing punctuation off the start of a line where it can.
 */
export function breakLines(text: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  let pendingSpace = '';
  for (const g of group(text.replace(/\s*\n\s*/g, ' ').trim())) {
    const candidate = line ? line + pendingSpace + g.text : g.text;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
    } else if (measure(g.text) <= maxWidth) {
      if (line) lines.push(line);
      line = g.text;
    } else {
      // Too wide for any line: fill lines character by character, still honouring the rules where a break can.
      let rest = [...(line ? pendingSpace + g.text : g.text)];
      let current = line;
      const noEnd = (c: string) => NO_LINE_END.has(c) || RANGE_DASH.has(c);
      const noStart = (c: string) => NO_LINE_START.has(c) || RANGE_DASH.has(c);
      while (rest.length) {
        let fit = 0;
        while (fit < rest.length && measure(current + rest.slice(0, fit + 1).join('')) <= maxWidth) fit++;
        let take = fit;
        while (take > 0 && take < rest.length && (noStart(rest[take]!) || noEnd(rest[take - 1]!))) take--;
        if (take === 0 && current) {
          lines.push(current.trimEnd());
          current = '';
          rest = [...rest.join('').trimStart()];
          continue;
        }
        if (take === 0) take = Math.max(1, fit);
        current += rest.slice(0, take).join('');
        rest = rest.slice(take);
        if (rest.length) {
          lines.push(current.trimEnd());
          current = '';
          rest = [...rest.join('').trimStart()];
        }
      }
      line = current;
    }
    pendingSpace = g.spaceAfter;
  }
  if (line) lines.push(line);
  return lines;
}
