/**
 * Chinese line breaking (禁则) for the images. Satori breaks lines its own way and cannot say where, so
 * text is broken here into explicit lines before layout. The rules are those of the W3C "Requirements for Chinese
 * Text Layout" (clreq, https://www.w3.org/TR/clreq/), at its strictest level:
 * - §行首行尾禁则 Prohibition rules for line start and line end (#prohibition_rules_for_line_start_end), level
 *   严格处理 (strict, #prohibition-rules-strict): pause or stop marks, closing quotes and brackets, connector marks,
 *   interpuncts and solidi never start a line, nor do dashes and ellipses; opening quotes and brackets never end
 *   a line, nor does a solidus (GB 法). The characters of each kind are those of clreq's appendix tables
 *   (#table_of_pause_or_stop_punctuation_marks, #table_of_non-bracket_indication_punctuation_marks,
 *   #table_of_bracket_indication_punctuation_marks), plus their ASCII and fullwidth forms that real text has.
 * - §符号分离禁则 Prohibition rules for unbreakable marks (#prohibition_rules_for_unbreakable_marks): —— ⸺ …… ⋯⋯
 *   are never split; numbers stay whole with their units (3.5%, 60‰, 37℃); Latin words and numbers
 *   (2019, www.gov.cn) stay whole when they fit.
 * - §孤字 Handling of orphans (#adjustments_of_orphans_and_widows): a paragraph's last line of one character (or one
 *   character and punctuation, "幼儿/园。") takes the last character (group) of the line before it, when it fits.
 * Beyond clreq: a range written with a single dash (2018—2035, 60%—70%) is not broken on either side; titles can
 * be broken only at phrase boundaries (BudouX's Simplified Chinese model, checked against ICU's word boundaries), so a
 * heading does not split a word.
 * A character that would break a rule moves to the next line together with the character it belongs to.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** clreq 点号 (pause or stop punctuation marks), with their ASCII forms. */
const PAUSE_OR_STOP = '。．，、：；！？‼⁇﹐﹑﹒﹔﹕﹖﹗,.;:!?';
/** clreq 结束引号 (closing quotation marks). */
const CLOSING_QUOTES = '」』”’﹂﹄';
/** clreq 结束括号 and 结束书名号 (closing brackets and book title marks). */
const CLOSING_BRACKETS = '）］｝】〗〕〉》〙〛﹞﹚﹜)]}';
/** clreq 连接号 (connector marks): a single one joins the parts of a range. */
const CONNECTORS = '～~-–—';
/** clreq 间隔号 (interpuncts). */
const INTERPUNCTS = '·・‧';
/** clreq 分隔号 (solidi): never at line start (基本处理), never at line end (GB 法). */
const SOLIDI = '/／';
/** clreq 破折号 and 省略号 (dashes and ellipses): not at line start at the strict level (they come doubled, see PAIRED). */
const DASHES_ELLIPSES = '⸺—…⋯';
/** Units that stay with the number before them (clreq 符号分离禁则: digits and their suffixes). */
const UNIT_SUFFIXES = '%％‰℃°';
/** clreq 开始引号 (opening quotation marks). */
const OPENING_QUOTES = '「『“‘﹁﹃';
/** clreq 开始括号 and 开始书名号 (opening brackets and book title marks). */
const OPENING_BRACKETS = '（［｛【〖〔〈《〘〚﹝﹙﹛([{';

/** Characters that may not start a line (clreq, strict level). */
export const NO_LINE_START = new Set([
  ...PAUSE_OR_STOP,
  ...CLOSING_QUOTES,
  ...CLOSING_BRACKETS,
  ...CONNECTORS,
  ...INTERPUNCTS,
  ...SOLIDI,
  ...DASHES_ELLIPSES,
  ...UNIT_SUFFIXES,
]);

/** Characters that may not end a line (clreq, strict level). */
export const NO_LINE_END = new Set([...OPENING_QUOTES, ...OPENING_BRACKETS, ...SOLIDI]);

/** A single connector (连接号) between two parts of a range: kept with both sides. */
const RANGE_DASH = new Set([...CONNECTORS]);

/** Marks that take two em and are never split (clreq 符号分离禁则): 破折号 —— ⸺ and 省略号 …… ⋯⋯. */
const PAIRED = /^(?:—{2,}|⸺+|…{2,}|⋯{2,}|─{2,})/;

/** A run of Latin letters, digits and the punctuation inside them (3.5, 2018-2035, gov.cn/a_b). */
const LATIN = /^[\p{Script=Latin}\p{Nd}](?:[\p{Script=Latin}\p{Nd}]|[.,:/\-+_@#&'’](?=[\p{Script=Latin}\p{Nd}]))*/u;

/** Measures the width of a string in px. */
export type Measure = (text: string) => number;

/** How a text is broken besides the rules above. */
export interface BreakOptions {
  /**
   * Break only at phrase boundaries (titles): where BudouX's Simplified Chinese model ends a phrase and ICU ends a
   * word (phraseBoundaries); a phrase wider than the line is still broken inside, by the rules above.
   */
  phrases?: boolean;
}

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

type PhraseParser = { parse(sentence: string): string[] };
let phraseParser: PhraseParser | undefined;

/**
 * The phrases of a Simplified Chinese text, by BudouX (npm budoux, pinned): 一图读懂《关于… → 一|图|读懂|《关于|全面|….
 * The parser is what budoux's loadDefaultSimplifiedChineseParser makes (a Parser of its zh-hans model; that function
 * only wraps it with an HTML processor), built from the package's own parser.js and model files: budoux's entry point
 * loads an HTML DOM (linkedom) with it, 0.2 s of CPU in plain Node and 0.8 s under tsx, in every check and render
 * process that breaks a title. linebreak.test.ts holds the two to the same phrases. Loaded on first use.
 */
export function phrasesOf(text: string): string[] {
  if (!phraseParser) {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('budoux'));
    const { Parser } = require(path.join(dist, 'parser.js')) as Pick<typeof import('budoux'), 'Parser'>;
    const { model } = require(path.join(dist, 'data', 'models', 'zh-hans.js')) as { model: typeof import('budoux').zhHansModel };
    phraseParser = new Parser(model);
  }
  return phraseParser.parse(text);
}

let words: Intl.Segmenter | undefined;

/**
 * UTF-16 offsets in `text` where a phrase ends and another starts: where BudouX ends a phrase and ICU's dictionary
 * word segmenter (Intl.Segmenter, granularity word) also ends a word. BudouX alone cuts some words its model has not
 * seen (一图读懂政府性融资担|保基金, a sample title); the dictionary alone cuts 读|懂. Where they disagree, the
 * longer unit stays whole.
 */
export function phraseBoundaries(text: string): Set<number> {
  words ??= new Intl.Segmenter('zh-CN', { granularity: 'word' });
  const wordEnds = new Set([...words.segment(text)].map((w) => w.index + w.segment.length));
  const boundaries = new Set<number>();
  let at = 0;
  for (const phrase of phrasesOf(text)) if (wordEnds.has((at += phrase.length))) boundaries.add(at);
  return boundaries;
}

/** Groups atoms so that no break falls before closing or after opening punctuation (nor inside a phrase, when given). */
function group(text: string, boundaries?: Set<number>): Group[] {
  const groups: Group[] = [];
  let glueNext = false;
  let at = 0;
  for (const atom of atomize(text)) {
    const start = at;
    at += atom.length;
    const last = groups[groups.length - 1];
    if (/^\s+$/.test(atom)) {
      if (last && !glueNext) last.spaceAfter += atom;
      else if (last) last.text += atom;
      continue;
    }
    const first = atom[0]!;
    const closing = NO_LINE_START.has(first) || (atom.length === 1 && RANGE_DASH.has(first));
    const insidePhrase = boundaries !== undefined && !boundaries.has(start);
    if (last && (glueNext || (closing && !last.spaceAfter) || (insidePhrase && !last.spaceAfter))) {
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
 * A paragraph's last line that clreq calls an orphan (孤字): one character, alone or with punctuation (园。, 园).
 * A Latin word or a number of several digits is not one.
 */
export function isOrphanLine(line: string): boolean {
  const letters = [...line.replace(/[\p{P}\p{S}\s]/gu, '')];
  return letters.length === 1;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` px (widths from `measure`), honouring the rules above.
 * A piece wider than a whole line (a long URL) is split by character as a last resort, still keeping
 * closing punctuation off the start of a line where it can. Whitespace runs and newlines become one space;
 * spaces at the breaks are dropped, nothing else is.
 */
export function breakLines(text: string, maxWidth: number, measure: Measure, options: BreakOptions = {}): string[] {
  const normalized = text.replace(/\s*\n\s*/g, ' ').trim();
  const lines: string[] = [];
  // Per finished line: where its last group starts (-1 when that is not known: a piece split by character), and
  // the space dropped at the break after it, so the orphan rule can move that group down.
  const lastGroupAt: number[] = [];
  const spaceAtBreak: string[] = [];
  let line = '';
  let groupAt = -1;
  let pendingSpace = '';
  const finish = (l: string, at: number, space: string) => {
    lines.push(l);
    lastGroupAt.push(at);
    spaceAtBreak.push(space);
  };
  for (const g of group(normalized, options.phrases ? phraseBoundaries(normalized) : undefined)) {
    const candidate = line ? line + pendingSpace + g.text : g.text;
    if (measure(candidate) <= maxWidth) {
      groupAt = line ? line.length + pendingSpace.length : 0;
      line = candidate;
    } else if (measure(g.text) <= maxWidth) {
      if (line) finish(line, groupAt, pendingSpace);
      line = g.text;
      groupAt = 0;
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
          finish(current.trimEnd(), -1, '');
          current = '';
          rest = [...rest.join('').trimStart()];
          continue;
        }
        if (take === 0) take = Math.max(1, fit);
        current += rest.slice(0, take).join('');
        rest = rest.slice(take);
        if (rest.length) {
          finish(current.trimEnd(), -1, '');
          current = '';
          rest = [...rest.join('').trimStart()];
        }
      }
      line = current;
      groupAt = -1;
    }
    pendingSpace = g.spaceAfter;
  }
  if (line) finish(line, groupAt, '');
  avoidOrphan(lines, lastGroupAt, spaceAtBreak, maxWidth, measure);
  return lines;
}

/** clreq 孤字: the line before an orphan last line gives it its last group, when the previous line keeps something and the joined line fits. */
function avoidOrphan(lines: string[], lastGroupAt: number[], spaceAtBreak: string[], maxWidth: number, measure: Measure): void {
  const n = lines.length;
  if (n < 2 || !isOrphanLine(lines[n - 1]!)) return;
  const prev = lines[n - 2]!;
  const at = lastGroupAt[n - 2]!;
  if (at <= 0) return;
  const joined = prev.slice(at) + spaceAtBreak[n - 2] + lines[n - 1];
  if (measure(joined) > maxWidth) return;
  lines[n - 2] = prev.slice(0, at).trimEnd();
  lines[n - 1] = joined;
}

/**
 * Breaks a web address (without https://) into lines no wider than `maxWidth`, after a slash where it must break
 * (clreq: a solidus does not start a line), by character only when one piece is wider than a line.
 */
export function breakAddress(address: string, maxWidth: number, measure: Measure): string[] {
  const pieces = address.match(/[^/]*\/|[^/]+$/g) ?? [address];
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (measure(line + piece) <= maxWidth) line += piece;
    else {
      if (line) lines.push(line);
      line = '';
      for (const ch of piece) {
        if (line && measure(line + ch) > maxWidth) {
          lines.push(line);
          line = '';
        }
        line += ch;
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}
