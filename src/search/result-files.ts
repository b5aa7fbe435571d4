/**
 * Small files the search page shows results from, so a query never downloads whole pages.
 * Pagefind keeps each page's full text in one "fragment" file and loads it to show a result; a law of 100,000
 * characters is 80 KB compressed, more than a phone should fetch for one line of excerpt. After indexing, each
 * fragment is split into a card (address and metadata) and text blocks of BLOCK_WORDS words; the client fetches the
 * card and the one block around the matched words. Plain TypeScript shared by the indexer and the client.
 */

/** Words per text block. */
export const BLOCK_WORDS = 400;
/** Words in an excerpt; blocks overlap by this much, so any excerpt fits in one block. */
export const EXCERPT_WORDS = 40;

/** Directories under the index directory (dist/pagefind/). */
export const CARD_DIR = 'card';
export const TEXT_DIR = 'text';

/** What a result shows besides its excerpt. */
export interface ResultCard {
  /** Page address, e.g. /wenjian/guofa-2019-5/. */
  url: string;
  /** Metadata from the page's hidden search fields (title, type, wenhao, issuer, date, …). */
  meta: Record<string, string>;
}

/**
 * A stretch of a page's indexed text as a plain text file: a header line "offset,start,end" (where the block's
 * first word is, and where the page's own text starts and ends, in Pagefind's word positions), then one word a
 * line. Smaller than JSON, and than Pagefind's zero-width spaces (3 bytes each in UTF-8).
 */
export type TextBlock = string;

/** Address of a result's card under the index directory's URL (/pagefind/). */
export function cardPath(id: string): string {
  return `${CARD_DIR}/${id}.json`;
}

/** Address of a text block. */
export function blockPath(id: string, block: number): string {
  return `${TEXT_DIR}/${id}/${block}.txt`;
}

/** Splits indexed text into words the way Pagefind counts word locations. */
export function splitWords(content: string): string[] {
  return content.includes('\u200B') ? content.split('\u200B') : content.split(/[^\S\uFEFF]+/);
}

/**
 * The text blocks of a page whose own text runs from word `start` (after the indexed title, 文号 and issuers) to the
 * end. Block n serves excerpts starting in words n×BLOCK_WORDS to (n+1)×BLOCK_WORDS: it holds those words and the
 * EXCERPT_WORDS after them, but never words before `start`, so a match in the title shows the page's first words.
 */
export function textBlocks(words: string[], start: number): TextBlock[] {
  const blocks: TextBlock[] = [];
  const count = Math.max(1, Math.ceil(words.length / BLOCK_WORDS));
  for (let n = 0; n < count; n++) {
    const offset = Math.max(n * BLOCK_WORDS, start);
    const end = Math.min(Math.max((n + 1) * BLOCK_WORDS, offset) + EXCERPT_WORDS, words.length);
    // Pagefind's text has no line breaks; a word that had one could not be told from two words.
    const lines = words.slice(offset, end).map((w) => w.replace(/\n/g, ' '));
    blocks.push([`${offset},${start},${words.length}`, ...lines].join('\n'));
  }
  return blocks;
}

/** The words of a block and where they are. */
export function parseBlock(block: TextBlock): { offset: number; start: number; end: number; words: string[] } {
  const [header = '0,0,0', ...words] = block.split('\n');
  const [offset = 0, start = 0, end = 0] = header.split(',').map(Number);
  return { offset, start, end, words };
}

/**
 * Where the excerpt of a result starts: the window of EXCERPT_WORDS words holding the most matched words, starting
 * a few words before the first of them so the match has some context. Needs only the result, not the page.
 */
export function excerptStart(locations: number[]): number {
  const sorted = [...new Set(locations)].filter((l) => l >= 0).sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  let best = sorted[0]!;
  let bestCount = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + EXCERPT_WORDS) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = sorted[i]!;
    }
  }
  return Math.max(0, best - Math.floor(EXCERPT_WORDS / 5));
}

/** The block that holds the excerpt starting at word `start`. */
export function blockNumber(start: number): number {
  return Math.floor(start / BLOCK_WORDS);
}

/** One piece of an excerpt: plain or matched text. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

/** Characters an excerpt aims at: about three lines on a phone, five in elder mode. */
export const EXCERPT_CHARS = 90;
/** Characters shown before the first match when a long sentence has to be cut. */
const LEAD_CHARS = 24;

/**
 * Pagefind ends every block element (a paragraph, a heading, a title line) that has no closing punctuation with a
 * word ". ", and every other one with a space after its last word ("。 "); neither is in the page's text.
 */
const BLOCK_END = /^\.\s+$/u;
/** Punctuation that ends a sentence. */
const SENTENCE_END = /[。！？；!?;…]$/u;
/** Closing marks that belong to the sentence before them (……。” ）. */
const CLOSING = /^[”’」』》）】)\]]+$/u;
/** Punctuation next to which a space is not shown. */
const PUNCTUATION_END = /\p{P}$/u;
const PUNCTUATION_START = /^\p{P}/u;
/** Where a long sentence may be cut: after a comma, an enumeration comma or a colon. */
const CLAUSE_END = /[，、：,:]$/u;

/** A stretch of words [from, to) of a block, by index into its words. */
interface Span {
  from: number;
  to: number;
}

/**
 * The sentences of a block's words: each ends after 。！？； (with any closing quote or bracket after it) or at the
 * end of a block element (Pagefind's ". ", or a trailing space after a colon).
 */
function sentencesOf(words: string[]): Span[] {
  const spans: Span[] = [];
  let from = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const trimmed = word.trimEnd();
    const ends = BLOCK_END.test(word) || SENTENCE_END.test(trimmed) || (trimmed !== word && /[：:]$/u.test(trimmed));
    if (!ends) continue;
    while (i + 1 < words.length && CLOSING.test(words[i + 1]!.trim())) i++;
    spans.push({ from, to: i + 1 });
    from = i + 1;
  }
  if (from < words.length) spans.push({ from, to: words.length });
  return spans;
}

/** A sentence that ends with its own punctuation (not a heading or a title line, which Pagefind ends with ". "). */
function isWholeSentence(words: string[], span: Span): boolean {
  let last = span.to - 1;
  while (last > span.from && CLOSING.test(words[last]!.trim())) last--;
  return SENTENCE_END.test(words[last]!.trimEnd());
}

/** The text of words [from, to) as a reader sees it, and where each word starts in it. */
function renderWords(words: string[], span: Span): { text: string; starts: number[]; ends: number[] } {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let space: false | 'block' | 'inline' = false;
  for (let i = span.from; i < span.to; i++) {
    const word = words[i]!;
    const shown = BLOCK_END.test(word) ? '' : word.replace(/\s+/gu, ' ').trim();
    // The end of a heading or title line, or a space in the text, stays a space; after 。 or before ， none is needed.
    if (shown && text && (space === 'block' || (space === 'inline' && !PUNCTUATION_END.test(text) && !PUNCTUATION_START.test(shown)))) text += ' ';
    starts.push(text.length);
    text += shown;
    ends.push(text.length);
    if (shown) space = false;
    if (BLOCK_END.test(word)) space = 'block';
    else if (/\s$/u.test(word)) space = 'inline';
  }
  return { text, starts, ends };
}

/**
 * Characters NFKC and lower-casing leave as they are, the bulk of a Chinese page: CJK unified ideographs (with
 * extension A), CJK symbols and punctuation but the ideographic space U+3000 and U+3036–U+303A (〶 and the Hangzhou
 * numerals, which NFKC changes), digits, lower-case ASCII, 《》 and curly quotes (full-width ，；：？！（） change: not
 * here). Tested first because normalising each character alone was the largest cost of a result's excerpt in the
 * browser; a unit test checks every character of the class against NFKC.
 */
export const FOLD_UNCHANGED = /^[\u3001-\u3035\u303b-\u303f\u3400-\u4dbf\u4e00-\u9fff0-9a-z、《》“”‘’]$/u;

/** Text for matching: lower case, full-width letters and digits as ASCII, one character for one. */
function foldForMatch(text: string): string {
  let out = '';
  for (const c of text) {
    if (FOLD_UNCHANGED.test(c)) {
      out += c;
      continue;
    }
    const folded = c.normalize('NFKC').toLowerCase();
    out += [...folded].length === 1 ? folded : c;
  }
  return out;
}

/**
 * Where the query's terms are in a text: [start, end) character ranges of the longest runs that are part of a term,
 * at least two characters long (one only where a term is one character), so a match is a word and not a letter of
 * one. Terms are what the reader typed, split at spaces (or the words a query was reduced to). `wholeTerms` are
 * marked only where they are whole: the synonyms a page was found through (医疗保障 for 医保), whose parts (保障 in
 * 社会保障) were not asked for.
 */
export function termRanges(text: string, terms: readonly string[], wholeTerms: readonly string[] = []): [number, number][] {
  const foldedText = foldForMatch(text);
  // Without characters outside the BMP (nearly every page) a character is one UTF-16 unit: pieces are string slices.
  const astral = /[\ud800-\udfff]/.test(foldedText);
  const folded = astral ? [...foldedText] : foldedText;
  const pieceAt = (i: number, n: number) => (astral ? (folded as string[]).slice(i, i + n).join('') : foldedText.slice(i, i + n));
  const pieces = new Set<string>();
  let longest = 0;
  for (const term of wholeTerms) {
    const chars = [...foldForMatch(term.trim())];
    if (chars.length === 0) continue;
    pieces.add(chars.join(''));
    longest = Math.max(longest, chars.length);
  }
  const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9' && c.length === 1;
  for (const term of terms) {
    const chars = [...foldForMatch(term.trim())];
    if (chars.length === 1) pieces.add(chars[0]!);
    for (let a = 0; a < chars.length; a++) {
      // A number of the term is marked whole or not at all: 201 of 2019 is another number.
      if (digit(chars[a - 1]) && digit(chars[a])) continue;
      for (let b = a + 2; b <= chars.length; b++) if (!(digit(chars[b - 1]) && digit(chars[b]))) pieces.add(chars.slice(a, b).join(''));
    }
    longest = Math.max(longest, chars.length);
  }
  const lengths = new Set([...pieces].map((p) => [...p].length));
  // Ranges are in UTF-16 units of the original text; a character outside the BMP counts two.
  const unitAt: number[] = [];
  let unit = 0;
  for (const c of text) {
    unitAt.push(unit);
    unit += c.length;
  }
  unitAt.push(unit);
  const ranges: [number, number][] = [];
  for (let i = 0; i < folded.length; ) {
    let found = 0;
    for (let n = Math.min(longest, folded.length - i); n >= 1; n--) {
      if (!lengths.has(n)) continue;
      // A number is matched only whole in the text too: 201 is not marked in 2019, nor 4号 in 45号.
      const cutsNumber = (digit(folded[i - 1]) && digit(folded[i])) || (digit(folded[i + n - 1]) && digit(folded[i + n]));
      if (!cutsNumber && pieces.has(pieceAt(i, n))) {
        found = n;
        break;
      }
    }
    if (found) {
      const last = ranges.at(-1);
      // Terms next to each other are one mark: 加强三级公立医院 rather than 加强 and 三级公立医院.
      if (last && last[1] === unitAt[i]) last[1] = unitAt[i + found]!;
      else ranges.push([unitAt[i]!, unitAt[i + found]!]);
      i += found;
    } else {
      i++;
    }
  }
  return ranges;
}

/**
 * Ranges of matched words by Pagefind's locations, for a caller without terms: neighbouring matched words are
 * joined, and a run of one character is left out. (With terms, a location alone marks nothing: Pagefind also
 * locates words that merely start with a part of the query, such as 电商 for 营商环境.)
 */
function locationRanges(rendered: { starts: number[]; ends: number[] }, span: Span, offset: number, matched: Set<number>): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = span.from; i < span.to; i++) {
    if (!matched.has(offset + i)) continue;
    const k = i - span.from;
    const [start, end] = [rendered.starts[k]!, rendered.ends[k]!];
    const last = ranges.at(-1);
    if (last && last[1] === start) last[1] = end;
    else ranges.push([start, end]);
  }
  return ranges.filter(([a, b]) => b - a >= 2);
}

/** Characters marked by the ranges. */
const markedLength = (ranges: [number, number][]) => ranges.reduce((sum, [a, b]) => sum + b - a, 0);

/**
 * The excerpt of a result from the block holding its start (blockNumber(start)): whole sentences of the page's own
 * text around the match, as the page shows them (Pagefind's block-end ". " becomes a space), with the query's terms
 * marked as whole words (termRanges), never single characters of them.
 * The sentence near `start` with the most whole terms, then the most marked characters, is shown (抽查检 whole
 * before 抽查 twice; a whole sentence before a heading or title line with as many), followed by the next sentences
 * up to EXCERPT_CHARS; a longer sentence is cut at a comma around its first match, with an ellipsis where it is cut or where the block ends. Without a marked term, the
 * sentence of Pagefind's first matched location is shown; a match only in the title shows the text's first
 * sentences.
 * `locations` are the result's word locations (Pagefind's `words`); `terms` the words to mark (termRanges), and
 * `wholeTerms` words marked only where whole (a term's synonyms).
 */
export function excerptParts(block: TextBlock, start: number, locations: number[], terms: readonly string[] = [], wholeTerms: readonly string[] = []): ExcerptPart[] {
  const { offset, start: textStart, end: textEnd, words } = parseBlock(block);
  if (words.length === 0) return [];
  // The page's last block element ends with "." alone (Pagefind trims the text's end): the same block end.
  if (offset + words.length === textEnd && words.at(-1) === '.') words[words.length - 1] = '. ';
  const matched = new Set(locations);
  const sentences = sentencesOf(words);
  // Candidates: the sentences overlapping the excerpt window (two windows, so a heading's next sentence counts).
  const from = Math.max(0, Math.min(start - offset, words.length - 1));
  const near = sentences.filter((s) => s.to > from && s.from < from + 2 * EXCERPT_WORDS);
  const scored = near.map((span) => {
    const rendered = renderWords(words, span);
    const folded = foldForMatch(rendered.text);
    const whole = [...terms, ...wholeTerms].filter((t) => t.trim() && folded.includes(foldForMatch(t.trim()))).length;
    return { span, rendered, whole, marked: markedLength(termRanges(rendered.text, terms, wholeTerms)) };
  });
  const best = scored.reduce<(typeof scored)[number] | undefined>((a, b) => {
    if (!a || b.whole > a.whole || (b.whole === a.whole && b.marked > a.marked)) return b;
    if (b.whole === a.whole && b.marked === a.marked && b.marked > 0 && !isWholeSentence(words, a.span) && isWholeSentence(words, b.span)) return b;
    return a;
  }, undefined);
  let chosen: Span;
  if (best && best.marked > 0) chosen = best.span;
  else {
    // No term in the text: the sentence of the first matched word at or after the window, else the window's first.
    const first = [...matched].filter((l) => l - offset >= from && l - offset < words.length).sort((a, b) => a - b)[0];
    const at = first === undefined ? from : first - offset;
    chosen = sentences.find((s) => s.to > at) ?? sentences[0]!;
  }
  // The next sentences while they fit.
  let to = chosen.to;
  let length = renderWords(words, chosen).text.length;
  for (const next of sentences.filter((s) => s.from >= chosen.to)) {
    const more = renderWords(words, { from: to, to: next.to }).text.length;
    if (length + more > EXCERPT_CHARS) break;
    length += more;
    to = next.to;
  }
  let span: Span = { from: chosen.from, to };
  let rendered = renderWords(words, span);
  const anyTerms = terms.length + wholeTerms.length > 0;
  let ranges = anyTerms ? termRanges(rendered.text, terms, wholeTerms) : locationRanges(rendered, span, offset, matched);
  let cutBefore = false;
  let cutAfter = false;
  if (rendered.text.length > EXCERPT_CHARS) {
    // One long sentence: from a clause start shortly before its first match, to a clause end within the budget.
    const firstMark = ranges[0]?.[0] ?? 0;
    const wordAt = (char: number) => Math.max(0, rendered.starts.findLastIndex((s) => s <= char));
    let a = wordAt(Math.max(0, firstMark - LEAD_CHARS));
    for (let k = wordAt(firstMark) - 1; k >= 0 && rendered.starts[k]! >= firstMark - LEAD_CHARS; k--) {
      if (CLAUSE_END.test(words[span.from + k]!.trimEnd())) {
        a = k + 1;
        break;
      }
    }
    const limit = rendered.starts[a]! + EXCERPT_CHARS;
    let b = a + 1;
    while (b < rendered.ends.length && rendered.ends[b]! <= limit) b++;
    for (let k = b - 1; k > a && rendered.ends[k]! >= limit - LEAD_CHARS; k--) {
      if (CLAUSE_END.test(words[span.from + k]!.trimEnd())) {
        b = k + 1;
        break;
      }
    }
    // Near the end of the sentence the window slides back, so the excerpt stays full length.
    while (a > 0 && b === rendered.ends.length && rendered.ends[b - 1]! - rendered.starts[a - 1]! <= EXCERPT_CHARS) a--;
    cutBefore = a > 0;
    cutAfter = b < rendered.ends.length;
    span = { from: span.from + a, to: span.from + b };
    rendered = renderWords(words, span);
    ranges = anyTerms ? termRanges(rendered.text, terms, wholeTerms) : locationRanges(rendered, span, offset, matched);
  }
  const parts: ExcerptPart[] = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a > at) parts.push({ text: rendered.text.slice(at, a), mark: false });
    parts.push({ text: rendered.text.slice(a, b), mark: true });
    at = b;
  }
  if (at < rendered.text.length) parts.push({ text: rendered.text.slice(at), mark: false });
  // An ellipsis where a sentence was cut, or where the block starts or ends inside one.
  const lastWord = words[span.to - 1] ?? '';
  if (cutBefore || (span.from === 0 && offset > textStart)) parts.unshift({ text: '…', mark: false });
  if (cutAfter || (span.to === words.length && offset + words.length < textEnd && !SENTENCE_END.test(lastWord.trimEnd()) && !BLOCK_END.test(lastWord))) parts.push({ text: '…', mark: false });
  return parts.filter((p) => p.text.length > 0);
}

/**
 * The line a result shows instead of an excerpt when its page has no text of its own (a link-only or title-only
 * interpretation, an infographic without a description): its summary (`meta.summary`) when the index carries one,
 * else who published it and when, and where the original is: the documents' 文号 (`meta.of`) or the 《title》 its
 * title names. Never empty: a result with none of these says to open it.
 */
export function metaExcerpt(meta: Readonly<Record<string, string | undefined>>): string {
  const summary = meta.summary?.trim();
  if (summary) return summary;
  const published = [meta.issuer, meta.date].filter(Boolean).join(' ');
  const named = /《[^》]+》/u.exec(meta.title ?? '')?.[0];
  const source = meta.of ? `原文见 ${meta.of}。` : named ? `原文见${named}。` : '';
  const line = `${published ? `${published} 发布。` : ''}${source}`;
  return line || '没有摘要，请打开查看。';
}
