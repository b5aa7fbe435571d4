import { describe, expect, it } from 'vitest';
import { alternatives, nearestValue, searchHref, shorterQueries } from '../../../src/search/alternatives';

describe('shorter queries for a search that found nothing', () => {
  it('drop one word, the last first; where the segmenter gives single characters, two of them', () => {
    const characters = (text: string) => [...text];
    expect(shorterQueries('营商环境改革试点', 3, characters)).toEqual(['营商环境改革', '环境改革试点', '营商改革试点']);
  });

  it('drop a word of a Chinese query as the browser’s segmenter splits it, keeping it without spaces', () => {
    const segment = (text: string) => (text === '双随机宇宙' ? ['双', '随机', '宇宙'] : [...text]);
    expect(shorterQueries('双随机宇宙', 3, segment)).toEqual(['双随机', '随机宇宙', '双宇宙']);
  });

  it('keep the spaces of a query written with them', () => {
    expect(shorterQueries('双随机 抽查 结果')).toEqual(['双随机 抽查', '抽查 结果', '双随机 结果']);
  });

  it('offer nothing for a single word, and two words for four characters', () => {
    expect(shorterQueries('zzzzqqq')).toEqual([]);
    expect(shorterQueries('医保')).toEqual([]);
    expect(shorterQueries('营商环境', 3, (text) => [...text])).toEqual(['营商', '环境']);
  });
});

describe('the nearest topic or issuer', () => {
  it('shares the most characters with the query', () => {
    expect(nearestValue('公立医院卫生', { '城乡建设、环境保护': 9, '卫生、体育\\卫生': 2 })).toBe('卫生、体育\\卫生');
  });

  it('is the largest when none shares a character, and never one without pages', () => {
    expect(nearestValue('zzzz', { 甲: 1, 乙: 5, 丙: 0 })).toBe('乙');
    expect(nearestValue('丙', { 丙: 0 })).toBeUndefined();
  });
});

describe('the alternatives offered', () => {
  it('are the searches that find pages, then a topic and an issuer, as links', () => {
    const links = alternatives(
      '三级医院绩效排名',
      [
        { q: '三级医院绩效排名', filters: {}, count: 4, unfiltered: true },
        { q: '三级医院绩效', filters: { year: '2019' }, count: 0 },
        { q: '医院绩效排名', filters: { year: '2019' }, count: 2 },
      ],
      { topic: { '卫生、体育\\卫生': 5, 城乡建设: 2 }, issuer: { 国务院办公厅: 3, 国务院: 1 } },
    );
    expect(links).toEqual([
      { text: '不限筛选条件搜索“三级医院绩效排名”（4 条）', href: searchHref('三级医院绩效排名') },
      { text: '搜索“医院绩效排名”（2 条）', href: '/search/?q=%E5%8C%BB%E9%99%A2%E7%BB%A9%E6%95%88%E6%8E%92%E5%90%8D&year=2019' },
      { text: '主题：卫生、体育\\卫生', href: searchHref('', { topic: '卫生、体育\\卫生' }) },
      { text: '机关：国务院办公厅', href: searchHref('', { issuer: '国务院办公厅' }) },
    ]);
  });
});
