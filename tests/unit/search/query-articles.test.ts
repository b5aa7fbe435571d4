// Article numbers (第十二条) and known terms run into another word (放管服改革): what query.ts makes of them (tester
// findings on issue 16; the browser tests in tests/e2e/search-query.test.ts check the results).
import { describe, expect, it } from 'vitest';
import { articleNumbers, articleSearch, meaningfulTerms, plannedSearches, splitKnownTerm, withoutArticles } from '../../../src/search/query';

const GROUPS = [
  ['放管服', '简政放权', '放管结合', '优化服务'],
  ['医保', '医疗保障'],
];

describe('article numbers', () => {
  it('finds 第…条/款/项/章/节 whole, without repeats, and nothing in other text', () => {
    expect(articleNumbers('第十二条 申请')).toEqual(['第十二条']);
    expect(articleNumbers('第一百八十二条第二款第三项')).toEqual(['第一百八十二条', '第二款', '第三项']);
    expect(articleNumbers('第五章 第五章')).toEqual(['第五章']);
    expect(articleNumbers('第一 条件')).toEqual([]);
    expect(articleNumbers('营商环境')).toEqual([]);
  });

  it('is searched by the first word of every cut the index makes of it (第十|二条, 第二|百|零|七条, 第一节)', () => {
    expect(articleSearch('第十二条')).toBe('第十');
    expect(articleSearch('第二百零七条')).toBe('第二');
    expect(articleSearch('第一节')).toBe('第一');
  });

  it('leaves the other words of the query', () => {
    expect(withoutArticles('第十二条 申请')).toBe('申请');
    expect(withoutArticles('第十二条')).toBe('');
  });

  it('has its phrase and index word among the searches started ahead, in a question too', () => {
    expect(plannedSearches('第十二条', false, []).terms).toEqual(expect.arrayContaining(['"第十二条"', '第十']));
    expect(plannedSearches('第十二条规定了什么', false, []).terms).toEqual(expect.arrayContaining(['"第十二条"', '第十']));
  });

  it.each([
    ['第十二条是怎么规定的', ['第十二条']],
    ['第五条讲了什么', ['第五条']],
    ['个人所得税法第六条怎么算', ['第六条', '个人所得税法']],
  ])('is kept whole in a question: “%s” searches %j', (question, terms) => {
    expect(meaningfulTerms(question)).toEqual({ terms, reduced: true });
  });
});

describe('a known term run into another word', () => {
  it('放管服改革 is 放管服 改革; the longest known term decides', () => {
    expect(splitKnownTerm('放管服改革', GROUPS)).toBe('放管服 改革');
    expect(splitKnownTerm('深化放管服改革', GROUPS)).toBe('深化 放管服 改革');
    expect(splitKnownTerm('医疗保障改革', GROUPS)).toBe('医疗保障 改革');
  });

  it('leaves alone the term by itself, a query without one, one with spaces, and a single character apart', () => {
    expect(splitKnownTerm('放管服', GROUPS)).toBeUndefined();
    expect(splitKnownTerm('营商环境', GROUPS)).toBeUndefined();
    expect(splitKnownTerm('放管服 改革', GROUPS)).toBeUndefined();
    expect(splitKnownTerm('医保局', GROUPS)).toBeUndefined();
  });
});
