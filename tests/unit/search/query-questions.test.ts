import { describe, expect, it } from 'vitest';
import { fragmentLocations, holdsFragment, isFragmentQuery, meaningfulTerms, queryWords, rankByTerms, termWeight, wholeTermSearches } from '../../../src/search/query';

describe('a question reduced to what carries its meaning', () => {
  it.each([
    ['积分入户要满足什么条件', ['积分', '入户', '条件']],
    ['双随机抽查的结果向谁公开？', ['随机', '抽查', '结果', '公开']],
    ['老年人优待证的有效期是多久', ['老年人', '优待证', '有效期']],
    ['根据政策规定，重度残疾人护理补贴怎么办理？', ['重度', '残疾人', '护理', '补贴']],
    ['小区配套幼儿园能不能办成营利性的', ['小区', '配套', '幼儿园', '营利性']],
  ])('“%s” searches %j', (question, terms) => {
    expect(meaningfulTerms(question)).toEqual({ terms, reduced: true });
  });

  it('keeps a word that contains a question word (有效期 is not 有)', () => {
    expect(meaningfulTerms('有效期有多久').terms).toEqual(['有效期']);
  });

  it('joins neighbouring single characters the segmenter leaves apart (个税, 长护险, 入户)', () => {
    expect(meaningfulTerms('孩子上学的费用个税能扣多少').terms).toContain('个税');
    expect(meaningfulTerms('长护险哪些费用不给报销').terms).toEqual(['长护险', '费用', '报销']);
  });

  it('keeps 《titles》 and 文号 whole, without the filler before them', () => {
    expect(meaningfulTerms('《广州市老年人优待办法》规定了哪些优待').terms).toEqual(['广州市老年人优待办法', '优待']);
    expect(meaningfulTerms('根据国发〔2019〕5号文件抽查结果向谁公开').terms).toEqual(['国发〔2019〕5号', '抽查', '结果', '公开']);
  });

  it('keeps letters and digits (1+X, 2019年)', () => {
    expect(meaningfulTerms('职业教育的1+X证书是什么意思').terms).toEqual(['职业教育', '1+X', '证书']);
    expect(meaningfulTerms('2019年春节放假几天').terms).toEqual(['2019年', '春节', '放假']);
  });

  it('a query of words only is not a question', () => {
    expect(meaningfulTerms('政务新媒体').reduced).toBe(false);
    expect(meaningfulTerms('一图读懂 融资担保')).toEqual({ terms: ['一图读懂', '融资', '担保'], reduced: false });
    expect(meaningfulTerms('')).toEqual({ terms: [], reduced: false });
  });
});

describe('pages ranked by how many of a question’s terms they match', () => {
  it('a page matching most terms comes first even when no page matches all of them', () => {
    const ranked = rankByTerms(
      [
        { term: '积分', hits: [{ key: 'a', score: 5 }, { key: 'b', score: 9 }] },
        { term: '入户', hits: [{ key: 'a', score: 3 }] },
        { term: '条件', hits: [{ key: 'c', score: 8 }, { key: 'a', score: 1 }, { key: 'b', score: 1 }] },
        { term: '满足', hits: [] },
      ],
      100,
    );
    expect(ranked.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(ranked[0]!.matched).toEqual(['积分', '入户', '条件']);
  });

  it('a rare term counts more than a term on every page', () => {
    const ranked = rankByTerms(
      [
        { term: '国务院', hits: Array.from({ length: 90 }, (_, i) => ({ key: `p${i}`, score: 10 })) },
        { term: '号牌', hits: [{ key: 'p50', score: 1 }] },
      ],
      100,
    );
    expect(ranked[0]!.key).toBe('p50');
    expect(termWeight(100, 1)).toBeGreaterThan(termWeight(100, 90));
    expect(termWeight(100, 0)).toBe(0);
  });

  it('a page with the term as a word of its own comes before a page with it only across a word boundary (低保 in 降低保险)', () => {
    const ranked = rankByTerms(
      [
        { term: '低保', hits: [{ key: '降低保险', score: 9, whole: false }, { key: '低保', score: 2, whole: true }] },
        { term: '申请', hits: [{ key: '降低保险', score: 5 }, { key: '低保', score: 5 }] },
      ],
      100,
    );
    expect(ranked.map((r) => r.key)).toEqual(['低保', '降低保险']);
    expect(wholeTermSearches('低保', [['低保', '最低生活保障']])).toEqual(['"低保"', '"最低生活保障"']);
    expect(wholeTermSearches('dna', [])).toEqual([]);
  });

  it('among pages matching the same terms, the one Pagefind scores higher comes first', () => {
    const ranked = rankByTerms([{ term: '补贴', hits: [{ key: 'low', score: 1 }, { key: 'high', score: 9 }] }], 10);
    expect(ranked.map((r) => r.key)).toEqual(['high', 'low']);
  });
});

describe('fragments', () => {
  it('a run of 2 to 6 Chinese characters is a fragment; longer text, spaces or letters are not', () => {
    expect(['抽查检', '营商环境', '推行部', '融资担保基'].every(isFragmentQuery)).toBe(true);
    expect(['检', '个人所得税专项附加扣除', '融资 担保', 'GB50180'].some(isFragmentQuery)).toBe(false);
  });

  it('splits a query as the browser does before Pagefind searches it', () => {
    expect(queryWords('抽查检')).toEqual(['抽查', '检']);
  });

  it('finds a fragment across the index’s word boundaries around a matched word', () => {
    // 全面推行部门联合“双随机、一公开”, as Pagefind cut it, from word 10 of the page.
    const words = ['全面', '推行 ', '部门', '联合', '“', '双', '随机', '、', '一公', '开', '”'];
    expect(holdsFragment(words, 10, [11], '推行部')).toBe(true);
    expect(holdsFragment(words, 10, [18], '一公开')).toBe(true);
    expect(holdsFragment(words, 10, [11], '推行监')).toBe(false);
    expect(holdsFragment(words, 10, [40], '推行部')).toBe(false);
  });

  it('checks where two matched words are next to each other, when there are such places', () => {
    expect(fragmentLocations([40, 11, 12, 90, 11])).toEqual([11, 12]);
    expect(fragmentLocations([40, 90])).toEqual([40, 90]);
  });
});
