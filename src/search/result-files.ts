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

/**
 * The excerpt of a result from the block holding its start (blockNumber(start)): EXCERPT_WORDS words of the page's
 * own text, matched words marked and merged with their matched neighbours, with an ellipsis where the text goes on.
 */
export function excerptParts(block: TextBlock, start: number, locations: number[]): ExcerptPart[] {
  const { offset, start: textStart, end: textEnd, words } = parseBlock(block);
  const blockEnd = offset + words.length;
  // A match in the title shows the first words of the text; near the end the window slides back.
  const from = Math.max(offset, Math.min(start, blockEnd - EXCERPT_WORDS));
  const to = Math.min(from + EXCERPT_WORDS, blockEnd);
  const matched = new Set(locations);
  const parts: ExcerptPart[] = [];
  for (let at = from; at < to; at++) {
    const text = words[at - offset] ?? '';
    const mark = matched.has(at);
    const last = parts.at(-1);
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  }
  const first = parts[0];
  if (first && !first.mark) first.text = first.text.trimStart();
  const tail = parts.at(-1);
  if (tail && !tail.mark) tail.text = tail.text.trimEnd();
  if (from > textStart) parts.unshift({ text: '…', mark: false });
  if (to < textEnd) parts.push({ text: '…', mark: false });
  return parts.filter((p) => p.text.length > 0);
}
