import { describe, expect, it } from 'vitest';
import {
  byTitleMatches,
  docNumberQuery,
  findDocNumber,
  issuersNamed,
  mergeIds,
  relaxedQuery,
  sortOption,
  stateFromParams,
  stateToParams,
  statusText,
  titleMatches,
} from '../../../src/search/query';

describe('search state in the address', () => {
  it('reads q, known filters and the sort, and ignores the rest', () => {
    const state = stateFromParams(new URLSearchParams('q=%20双随机%20&type=解读&issuer=国务院&sort=new&page=2&foo=bar'));
    expect(state).toEqual({ q: '双随机', filters: { type: '解读', issuer: '国务院' }, sort: 'new' });
  });

  it('an unknown sort is relevance', () => {
    expect(stateFromParams(new URLSearchParams('sort=random')).sort).toBe('');
  });

  it('writes q first and leaves out empty values, so the address reads back the same', () => {
    const params = stateToParams({ q: '养老', filters: { year: '2022', type: undefined }, sort: '' });
    expect(params.toString()).toBe('q=%E5%85%BB%E8%80%81&year=2022');
    expect(stateFromParams(params)).toEqual({ q: '养老', filters: { year: '2022' }, sort: '' });
  });

  it('sort choices become Pagefind sorts by date', () => {
    expect(sortOption('new')).toEqual({ date: 'desc' });
    expect(sortOption('old')).toEqual({ date: 'asc' });
    expect(sortOption('')).toEqual({});
  });
});

describe('文号 in a query', () => {
  it.each(['国发〔2019〕5号', '国发[2019]5号', '国发﹝2019﹞5号', '国发【2019】5号', '国发(2019)5号', '国发（2019）05号', '国发2019 5号', '国发 2019 5', '国发2019年5号', '国发2019-5号', '国发［２０１９］５号'])(
    '%s is the filter of 国发〔2019〕5号',
    (q) => expect(docNumberQuery(q)).toEqual({ key: 'wh2019', value: '国发-5' }),
  );

  it('numbers without a year are found too', () => {
    expect(docNumberQuery('国令第707号')).toEqual({ key: 'wh0', value: '国令-707' });
  });

  it('words are not 文号', () => {
    for (const q of ['双随机', '2019', '个人所得税 2019', '第5号', '']) expect(docNumberQuery(q)).toBeUndefined();
  });

  it('a 文号 among other words is found, a spaced one as a whole', () => {
    expect(findDocNumber('国发〔2019〕5号 监管')).toEqual({ key: 'wh2019', value: '国发-5', text: '国发〔2019〕5号', definite: true, alone: false });
    expect(findDocNumber('监管 国办发 2019 2号')).toEqual({ key: 'wh2019', value: '国办发-2', text: '国办发〔2019〕2号', definite: true, alone: false });
    expect(findDocNumber('双随机 监管')).toBeUndefined();
  });

  it('says when the query is the 文号 alone: its results are then only the pages carrying or citing it', () => {
    expect(findDocNumber('国发〔2019〕5号')?.alone).toBe(true);
    expect(findDocNumber('国发 2019 5号')?.alone).toBe(true);
    expect(findDocNumber('根据国发〔2019〕5号')?.alone).toBe(false);
    expect(findDocNumber('国发〔2019〕5号讲了什么')?.alone).toBe(true);
    expect(findDocNumber('国发〔2019〕5号文件')?.alone).toBe(true);
    expect(findDocNumber('国发〔2019〕5号 双随机 监管')?.alone).toBe(false);
    // An order is cited in longer forms (中华人民共和国国务院令第706号): its word results are not narrowed.
    expect(findDocNumber('国令第706号')?.alone).toBeFalsy();
  });
});

describe('looser queries', () => {
  it('long Chinese words become overlapping pairs', () => {
    expect(relaxedQuery('广州市民政局')).toBe('广州 市 民政 政局');
  });

  it('a query of short words has nothing to loosen', () => {
    expect(relaxedQuery('养老 服务')).toBeUndefined();
    expect(relaxedQuery('2019 国务院')).toBe('2019 国务 务院');
  });
});

describe('ordering results', () => {
  it('merges lists without repeats, first list first', () => {
    expect(mergeIds(['a', 'b'], ['b', 'c'], ['a', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('counts the parts of the query a title contains, whatever the punctuation', () => {
    const title = '最高人民法院关于适用《中华人民共和国民事诉讼法》执行程序若干问题的解释';
    expect(titleMatches('民事诉讼 执行程序', title)).toBe(2);
    expect(titleMatches('民事诉讼 审判监督', title)).toBe(1);
    expect(titleMatches('“民事诉讼法”', title)).toBe(1);
  });

  it('puts titles that contain more of the query first and keeps the order otherwise', () => {
    const items = [
      { id: 1, title: '中华人民共和国民事诉讼法' },
      { id: 2, title: '最高人民法院关于适用《中华人民共和国民事诉讼法》执行程序若干问题的解释' },
      { id: 3, title: '中华人民共和国刑事诉讼法' },
    ];
    expect(byTitleMatches(items, '民事诉讼 执行程序', (i) => i.title).map((i) => i.id)).toEqual([2, 1, 3]);
  });

  it('the status says how many results there are', () => {
    expect(statusText(12, { q: 'x', filters: {}, sort: '' })).toBe('找到 12 条结果');
    expect(statusText(0, { q: 'x', filters: { type: '解读' }, sort: '' })).toMatch(/^找到 0 条结果。可以减少筛选条件/);
  });
});

describe('issuersNamed', () => {
  const issuers = ['国务院', '国务院办公厅', '市人力资源社会保障局', '广州市民政局', '广州市医疗保障局'];

  it('finds the issuer a query names in full or by a part of four characters or more', () => {
    expect(issuersNamed('国务院办公厅', issuers)).toEqual(['国务院办公厅']);
    expect(issuersNamed('人力资源社会保障局', issuers)).toEqual(['市人力资源社会保障局']);
    expect(issuersNamed('广州市 民政局', issuers)).toEqual(['广州市民政局']);
  });

  it('takes a short query as an issuer only when it is the whole name', () => {
    expect(issuersNamed('国务院', issuers)).toEqual(['国务院']);
    expect(issuersNamed('民政局', issuers)).toEqual([]);
    expect(issuersNamed('保障局', issuers)).toEqual([]);
  });

  it('names no issuer for ordinary words', () => {
    expect(issuersNamed('养老服务', issuers)).toEqual([]);
    expect(issuersNamed('', issuers)).toEqual([]);
  });
});
