import { describe, expect, it } from 'vitest';
import { BLOCK_WORDS, EXCERPT_CHARS, EXCERPT_WORDS, FOLD_UNCHANGED, blockNumber, excerptParts, excerptStart, metaExcerpt, parseBlock, splitWords, termRanges, textBlocks, type ExcerptPart } from '../../../src/search/result-files';

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
    const text = parts.map((p) => p.text).join('');
    expect(text.length).toBeGreaterThan(EXCERPT_CHARS - 5);
    expect(parts.at(-1)).toEqual({ text: 'w999', mark: true });
  });
});

/** The excerpt as text with marks in brackets: 现就加强[三级公立医院]绩效考核. */
const shown = (parts: ExcerptPart[]) => parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');

/**
 * The start of 国办发〔2019〕4号 as Pagefind indexed it (dist/pagefind/text/…/0.txt of the sample site): the title
 * is two lines in the source, so Pagefind ended the first with ". ", and segmented 三级 as 三 + 级.
 */
const HOSPITALS = [
  ...'国务院|办公|厅|关于|加强|. |三|级|公立|医院|绩效|考核|工作|的|意见|. |国|办|发|〔|2019|〕|4|号|. |各省|、|自治|区|、|直辖市|人民政府|，|国务院|各部|委|、|各|直属|机构|： '.split('|'),
  ...'为|进一步|深化|公立|医院|改革|，|推进|现代|医院|管理|制度|建设|，|经|国务院|同意|，|现|就|加强|三|级|公立|医院|绩效|考核|工作|提出|以下|意见|。 |一|、|总体|要求|. |（|一|）|指导|思想|。 '.split('|'),
];

describe('excerpts are clean sentences with whole words marked', () => {
  const block = textBlocks(HOSPITALS, 0)[0]!;

  it('show the sentence that holds the words, not the title lines glued with ". " (三级公立医院)', () => {
    // Pagefind's locations of 三级公立医院 in the title line and in the text.
    const parts = excerptParts(block, excerptStart([6, 7, 8, 9]), [6, 7, 8, 9, 61, 62, 63, 64], ['三级公立医院']);
    expect(shown(parts)).toBe('为进一步深化[公立医院]改革，推进现代[医院]管理制度建设，经国务院同意，现就加强[三级公立医院]绩效考核工作提出以下意见。一、总体要求 （一）指导思想。');
  });

  it('never joins lines with ". ": the end of a title line or heading is a space', () => {
    const parts = excerptParts(block, 0, [0], ['国务院办公厅关于加强']);
    expect(shown(parts)).toBe('[国务院办公厅关于加强] 三级公立医院绩效考核工作的意见 国办发〔2019〕4号 各省、自治区、直辖市人民政府，[国务院]各部委、各直属机构：');
    expect(shown(parts)).not.toContain('. ');
  });

  it('never marks a single character of a word: 营商环境 does not mark 电商 or 营', () => {
    const words = '优化|电商|平台|服务|，|国营|企业|改革|。 |持续|优化|营商|环境|。 '.split('|');
    // Pagefind located 商 (in 电商) and 营 (in 国营) as matches of the query's parts.
    const parts = excerptParts(textBlocks(words, 0)[0]!, 0, [1, 5, 11, 12], ['营商环境']);
    expect(shown(parts)).toBe('持续优化[营商环境]。');
    const without = excerptParts(textBlocks(words.slice(0, 9), 0)[0]!, 0, [1, 5], ['营商环境']);
    expect(shown(without)).toBe('优化电商平台服务，国营企业改革。');
  });

  it('shows the sentence with the whole fragment before one with its parts more often (抽查检)', () => {
    const words = '随机|抽查|事项|、|抽查|计划|。 |开展|抽查|检查|工作|。 '.split('|');
    expect(shown(excerptParts(textBlocks(words, 0)[0]!, 0, [1, 4, 8], ['抽查检']))).toBe('开展[抽查检]查工作。');
  });

  it('marks a fragment that crosses the index’s word boundaries as one (抽查检)', () => {
    expect(termRanges('双随机抽查检查结果', ['抽查检'])).toEqual([[3, 6]]);
  });

  it('marks a one-character query, which is a whole word as the reader typed it', () => {
    expect(termRanges('个人所得税', ['税'])).toEqual([[4, 5]]);
  });

  it('matches full-width letters and digits and any case', () => {
    expect(termRanges('ＡＰＰ开具２０２４年', ['app', '2024'])).toEqual([[0, 3], [5, 9]]);
  });

  it('cuts a long sentence at a comma shortly before the match, with ellipses where it was cut', () => {
    const clause = '各地区各部门要按照职责分工认真落实相关工作要求，'.split('');
    const words = [...clause, ...clause, ...clause, ...'依法|推进|双随机|抽查|，'.split('|'), ...clause, ...clause, ...clause, ...clause, '。 '];
    const parts = excerptParts(textBlocks(words, 0)[0]!, 0, [], ['双随机']);
    const text = shown(parts);
    expect(text.startsWith('…')).toBe(true);
    expect(text.startsWith('…依法推进[双随机]抽查，')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(EXCERPT_CHARS + 10);
  });

  it('drops the "." Pagefind ends the page’s last line with', () => {
    const words = '附件|：|. |考核|指标|.'.split('|');
    expect(shown(excerptParts(textBlocks(words, 0)[0]!, 0, [3], ['考核']))).toBe('[考核]指标');
  });

  it('keeps a closing quote with its sentence', () => {
    const words = '简称|“|放管服|。|”|下一|句|。 '.split('|');
    expect(shown(excerptParts(textBlocks(words, 0)[0]!, 0, [2], ['放管服']))).toBe('简称“[放管服]。”下一句。');
  });
});

describe('the line of a result whose page has no text of its own', () => {
  it('is its summary, else its issuer, date and where the original is; never empty', () => {
    expect(metaExcerpt({ summary: ' 优待办法的要点 ', issuer: '广州市人民政府办公厅' })).toBe('优待办法的要点');
    expect(metaExcerpt({ title: '【音频解读】《广州市老年人优待办法》', issuer: '广州市人民政府办公厅', date: '2021-02-09' })).toBe('广州市人民政府办公厅 2021-02-09 发布。原文见《广州市老年人优待办法》。');
    expect(metaExcerpt({ title: '图解', issuer: '国务院', date: '2019-01-01', of: '国发〔2019〕5号' })).toBe('国务院 2019-01-01 发布。原文见 国发〔2019〕5号。');
    expect(metaExcerpt({})).not.toBe('');
  });
});

describe('matching folds text as NFKC and lower case', () => {
  it('every character the fast path keeps as it is is one NFKC and lower case keep too', () => {
    const kept: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      const c = String.fromCodePoint(cp);
      if (!FOLD_UNCHANGED.test(c)) continue;
      kept.push(c);
      expect(c.normalize('NFKC').toLowerCase(), `U+${cp.toString(16)}`).toBe(c);
    }
    // The class covers the bulk of a Chinese page: the unified ideographs and the lower-case letters and digits.
    expect(kept.length).toBeGreaterThan(27_000);
  });

  it('full-width letters, digits and punctuation are still matched as their ASCII forms', () => {
    const text = '依据ＧＢ／Ｔ１９００１—２０１６（质量管理）和gb/t 19001。';
    expect(termRanges(text, ['GB/T']).map(([a, b]) => text.slice(a, b))).toEqual(['ＧＢ／Ｔ', 'gb/t']);
    expect(termRanges(text, ['19001']).map(([a, b]) => text.slice(a, b))).toEqual(['１９００１', '19001']);
  });

  it('a character outside the BMP keeps the ranges in UTF-16 units of the text', () => {
    const text = '𠀀𠀁关于营商环境的意见';
    expect(termRanges(text, ['营商环境']).map(([a, b]) => text.slice(a, b))).toEqual(['营商环境']);
  });
});
