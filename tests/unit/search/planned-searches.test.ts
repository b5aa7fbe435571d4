import { describe, expect, it } from 'vitest';
import { meaningfulTerms, plannedSearches, queryVariants } from '../../../src/search/query';

const GROUPS = [
  ['医保', '医疗保障'],
  ['社保', '社会保险'],
  ['个税', '个人所得税'],
];

// The search page starts these searches side by side before any result is in (client.ts, sessionSearch).
describe('the searches a query surely needs, started together', () => {
  it('a question: its meaningful terms and their synonyms, not the question as typed', () => {
    const q = '孩子上学的费用个税能扣多少';
    const { question, terms } = plannedSearches(q, false, GROUPS);
    expect(question).toBe(true);
    expect(terms).not.toContain(q);
    expect(terms).toEqual(expect.arrayContaining([...meaningfulTerms(q).terms, '个人所得税']));
  });

  it('a fragment: the word search and the phrase search, and both for each synonym form, even sorted by date', () => {
    expect(plannedSearches('抽查检', true, GROUPS)).toEqual({ question: false, terms: ['抽查检', '"抽查检"'] });
    expect(plannedSearches('医保', true, GROUPS).terms).toEqual(['医保', '"医保"', '医疗保障', '"医疗保障"']);
  });

  it('another query: the phrase search only when sorted by relevance and typed as one part', () => {
    expect(plannedSearches('营商环境 2019', false, GROUPS).terms).toEqual(['营商环境 2019', '"2019"']);
    expect(plannedSearches('职业教育法', false, GROUPS).terms).toEqual(['职业教育法', '"职业教育法"']);
    expect(plannedSearches('社保 2019', true, GROUPS).terms).toEqual(['社保 2019', '社会保险 2019', '"2019"']);
    expect(plannedSearches('社保 2019', false, GROUPS).terms).toEqual(['社保 2019', '社会保险 2019', '"社会保险 2019"', '"2019"']);
  });

  it('lists each search once', () => {
    const { terms } = plannedSearches('医保 医保', false, GROUPS);
    expect(terms).toEqual([...new Set(terms)]);
    expect(queryVariants('医保 医保', GROUPS)).toEqual(['医疗保障 医保', '医保 医疗保障']);
  });
});
