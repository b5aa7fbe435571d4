// The looser results of a fragment that few pages hold as written (积分入户 → pages with 积分 and 入户), the line
// above them, and the query length limit (a query of thousands of characters kept the page busy for minutes).
import { describe, expect, it } from 'vitest';
import { cutQueryNote, limitQuery, looseResultsNote, looseStatusText, looseTerms, MAX_QUERY_LENGTH } from '../../../src/search/query';

describe('looseTerms', () => {
  it.each([
    ['积分入户', ['积分', '入户']],
    ['养老补贴', ['养老', '补贴']],
  ])('“%s” falls back to the pages with %j', (fragment, terms) => {
    expect(looseTerms(fragment)).toEqual(terms);
  });

  it('残疾人补贴 keeps 残疾人 whole and 补贴 as a second term', () => {
    expect(looseTerms('残疾人补贴')).toEqual(['残疾人', '补贴']);
  });

  it('a one-word fragment has no looser results: its word search already is them', () => {
    expect(looseTerms('营商')).toEqual([]);
  });
});

describe('looseResultsNote', () => {
  it('says nothing holds the fragment as written and names the terms the results hold', () => {
    expect(looseResultsNote('积分入户', ['积分', '入户'], false, false)).toBe('没有找到与“积分入户”完全一致的内容，以下结果包含“积分”“入户”');
  });

  it('after exact results, says the following ones lack the fragment; and when some hold only some terms, says so', () => {
    expect(looseResultsNote('抽查检', ['抽查', '检'], true, true)).toBe('以下结果不含与“抽查检”完全一致的内容，只包含“抽查”“检”（靠后的只包含其中一部分）');
  });
});

describe('limitQuery', () => {
  it(`keeps a query of ${MAX_QUERY_LENGTH} characters as it is`, () => {
    const q = '养'.repeat(MAX_QUERY_LENGTH);
    expect(limitQuery(q)).toEqual({ q, cut: false });
  });

  it('cuts 养老 ×1000 to the limit, in characters, and says it was cut', () => {
    const { q, cut } = limitQuery('养老'.repeat(1000));
    expect(cut).toBe(true);
    expect([...q]).toHaveLength(MAX_QUERY_LENGTH);
    expect(q).toBe('养老'.repeat(MAX_QUERY_LENGTH / 2));
  });

  it('never splits a character outside the Basic Multilingual Plane', () => {
    const { q } = limitQuery('𠀀'.repeat(MAX_QUERY_LENGTH + 5));
    expect([...q]).toEqual(Array(MAX_QUERY_LENGTH).fill('𠀀'));
  });

  it('tells the reader politely, in Chinese, how long a query may be', () => {
    expect(cutQueryNote()).toContain(`前 ${MAX_QUERY_LENGTH} 个字`);
    expect(cutQueryNote()).toMatch(/请/);
  });
});

describe('looseStatusText', () => {
  it('announces the exact matches as statusText counts results, then the looser ones', () => {
    expect(looseStatusText(0, 12)).toBe('找到 12 条相近结果');
    expect(looseStatusText(2, 12)).toBe('找到 2 条结果，另有 12 条相近结果');
    expect(/找到 (\d+) 条结果/.exec(looseStatusText(3, 4))?.[1]).toBe('3');
  });
});
