import { describe, expect, it } from 'vitest';
import { BLOCK_WORDS, EXCERPT_WORDS, blockNumber, excerptParts, excerptStart, parseBlock, splitWords, textBlocks } from '../../../src/search/result-files';

const words = Array.from({ length: 1000 }, (_, i) => `w${i}`);

describe('text blocks', () => {
  it('splits Pagefind text at zero-width spaces, other text at spaces', () => {
    expect(splitWords('市场\u200B监管\u200B。 ')).toEqual(['市场', '监管', '。 ']);
    expect(splitWords('plain text')).toEqual(['plain', 'text']);
  });

  it('block n holds the words of its excerpts, overlapping the next block', () => {
    const blocks = textBlocks(words, 0);
    expect(blocks.length).toBe(Math.ceil(words.length / BLOCK_WORDS));
    const second = parseBlock(blocks[1]!);
    expect(second.offset).toBe(BLOCK_WORDS);
    expect(second.words[0]).toBe(`w${BLOCK_WORDS}`);
    expect(second.words.length).toBe(BLOCK_WORDS + EXCERPT_WORDS);
    expect(parseBlock(blocks.at(-1)!).words.at(-1)).toBe('w999');
  });

  it('no block holds the fields before the page’s own text', () => {
    const first = parseBlock(textBlocks(words, 30)[0]!);
    expect(first.offset).toBe(30);
    expect(first.words[0]).toBe('w30');
    expect(first).toMatchObject({ start: 30, end: 1000 });
  });

  it('a page without text still has a block', () => {
    expect(textBlocks([], 0)).toEqual(['0,0,0']);
  });
});

describe('excerpts', () => {
  it('start a little before the densest run of matches', () => {
    expect(excerptStart([])).toBe(0);
    expect(excerptStart([500, 900, 905, 910])).toBe(900 - EXCERPT_WORDS / 5);
    expect(blockNumber(excerptStart([500, 900, 905, 910]))).toBe(2);
  });

  it('mark the matched words and say where the text goes on', () => {
    const blocks = textBlocks(words, 0);
    const start = excerptStart([600]);
    const parts = excerptParts(blocks[blockNumber(start)]!, start, [600, 601]);
    expect(parts[0]).toEqual({ text: '…', mark: false });
    expect(parts.find((p) => p.mark)).toEqual({ text: 'w600w601', mark: true });
    expect(parts.at(-1)).toEqual({ text: '…', mark: false });
  });

  it('a match only in the title shows the first words of the text, without a leading ellipsis', () => {
    const blocks = textBlocks(words, 30);
    const start = excerptStart([2, 3]);
    const parts = excerptParts(blocks[blockNumber(start)]!, start, [2, 3]);
    expect(parts[0]!.text.startsWith('w30')).toBe(true);
    expect(parts.some((p) => p.mark)).toBe(false);
  });

  it('near the end of the text the excerpt slides back to stay full length', () => {
    const blocks = textBlocks(words, 0);
    const start = excerptStart([999]);
    const parts = excerptParts(blocks[blockNumber(start)]!, start, [999]);
    expect(parts.map((p) => p.text).join('')).toContain('w960');
    expect(parts.at(-1)).toEqual({ text: 'w999', mark: true });
  });
});
