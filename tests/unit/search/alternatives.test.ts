import { describe, expect, it } from 'vitest';
import { alternatives, knownTermQueries, oneOffQueries, readerWords, relatedValue, sameSeriesDocNumbers, searchHref, shorterQueries, wordQueries } from '../../../src/search/alternatives';

/** How Chromium's segmenter cuts the queries of these tests (checked in the browser by tests/e2e/search-results.test.ts). */
const CHROMIUM: Record<string, string[]> = {
  量子计算机: ['量子', '计算', '机'],
  双随机宇宙: ['双', '随机', '宇宙'],
  残疾人补贴宇宙: ['残疾', '人', '补贴', '宇宙'],
  积分制入户宇宙飞船: ['积分', '制', '入', '户', '宇宙', '飞船'],
  营商环境改革试点: ['营商', '环境', '改革', '试点'],
};
const chromium = (text: string) => CHROMIUM[text] ?? [...text];

describe('the words of a query, as whole words', () => {
  it('join a single character to the word before it (at the start, after it), so no word is cut across the query’s words', () => {
    expect(readerWords('量子计算机', chromium)).toEqual(['量子', '计算机']);
    expect(readerWords('双随机宇宙', chromium)).toEqual(['双随机', '宇宙']);
    expect(readerWords('残疾人补贴宇宙', chromium)).toEqual(['残疾人', '补贴', '宇宙']);
    expect(readerWords('积分制入户宇宙飞船', chromium)).toEqual(['积分制入户', '宇宙', '飞船']);
    expect(readerWords('入户宇宙', (t) => (t === '入户宇宙' ? ['入', '户', '宇宙'] : [...t]))).toEqual(['入户', '宇宙']);
  });

  it('are pairs of characters where the segmenter knows no Chinese words', () => {
    expect(readerWords('营商环境改革', (text) => [...text])).toEqual(['营商', '环境', '改革']);
  });
});

describe('shorter queries for a search that found nothing', () => {
  it('drop one whole word, the last first, and keep the parts around a dropped middle word apart', () => {
    expect(shorterQueries('营商环境改革试点', 3, chromium)).toEqual(['营商环境改革', '环境改革试点', '营商 改革试点']);
  });

  it('never offer text the query did not have or a piece of a word (量子机, 人补贴, 制入户…)', () => {
    expect(shorterQueries('量子计算机', 3, chromium)).toEqual(['量子', '计算机']);
    expect(shorterQueries('残疾人补贴宇宙', 3, chromium)).toEqual(['残疾人补贴', '补贴宇宙', '残疾人 宇宙']);
    expect(shorterQueries('积分制入户宇宙飞船', 3, chromium)).toEqual(['积分制入户宇宙', '宇宙飞船', '积分制入户 飞船']);
    expect(shorterQueries('双随机宇宙', 3, chromium)).toEqual(['双随机', '宇宙']);
  });

  it('keep the spaces of a query written with them', () => {
    expect(shorterQueries('双随机 抽查 结果')).toEqual(['双随机 抽查', '抽查 结果', '双随机 结果']);
  });

  it('offer nothing for a single word of two characters or of Latin letters', () => {
    expect(shorterQueries('zzzzqqq')).toEqual([]);
    expect(shorterQueries('医保')).toEqual([]);
  });

  it('offer a word of three characters its head when that is a word (养老院 → 养老), never a piece that is not', () => {
    expect(shorterQueries('养老院')).toEqual(['养老']);
    expect(shorterQueries('敬老院')).toEqual(['敬老']);
    // 人补 is no word: nothing.
    expect(shorterQueries('人补贴', 3, (s) => (s === '人补' ? ['人', '补'] : [s]))).toEqual([]);
  });
});

describe('the words of a query searched alone', () => {
  it('are its words of two characters or more, longest first, never the query itself', () => {
    expect(wordQueries('量子计算机宇宙', 3, (t) => (t === '量子计算机宇宙' ? ['量子', '计算', '机', '宇宙'] : [...t]))).toEqual(['计算机', '量子', '宇宙']);
    expect(wordQueries('医保')).toEqual([]);
  });
});

describe('the related topic or issuer', () => {
  it('shares a meaningful word with the query, the longest shared words first', () => {
    expect(relatedValue('公立医院 卫生', { '城乡建设、环境保护': 9, '卫生、体育\\卫生': 2 })).toBe('卫生、体育\\卫生');
    expect(relatedValue('国务院 办公厅 宇宙', { 国务院: 23, 国务院办公厅: 43, 最高人民法院: 5 })).toBe('国务院办公厅');
  });

  it('is none when no value shares a word: an unrelated topic is no help', () => {
    expect(relatedValue('量子计算机', { '科技、教育': 10, '财政、金融、审计': 7 })).toBeUndefined();
    expect(relatedValue('zzzz', { 甲: 1, 乙: 5 })).toBeUndefined();
  });

  it('is never a value without pages, nor a question word the query shares (什么, 政策)', () => {
    expect(relatedValue('卫生', { '卫生、体育\\卫生': 0 })).toBeUndefined();
    expect(relatedValue('宇宙是什么政策', { 什么政策研究室: 3 })).toBeUndefined();
  });
});

describe('the alternatives offered', () => {
  it('are the searches that find pages with their numbers, then the related topic and issuer with theirs, as links', () => {
    const links = alternatives(
      [
        { q: '三级医院绩效排名', filters: {}, count: 4, unfiltered: true },
        { q: '三级医院绩效', filters: { year: '2019' }, count: 0 },
        { q: '医院绩效排名', filters: { year: '2019' }, count: 2 },
      ],
      { topic: { value: '卫生、体育\\卫生', count: 5 }, issuer: { value: '国务院办公厅', count: 43 } },
    );
    expect(links).toEqual([
      { text: '不限筛选条件搜索“三级医院绩效排名”（4 条）', href: searchHref('三级医院绩效排名') },
      { text: '搜索“医院绩效排名”（2 条）', href: '/search/?q=%E5%8C%BB%E9%99%A2%E7%BB%A9%E6%95%88%E6%8E%92%E5%90%8D&year=2019' },
      { text: '主题：卫生、体育\\卫生（5 条）', href: searchHref('', { topic: '卫生、体育\\卫生' }) },
      { text: '机关：国务院办公厅（43 条）', href: searchHref('', { issuer: '国务院办公厅' }) },
    ]);
  });

  it('offer nothing that finds nothing', () => {
    expect(alternatives([{ q: '量子', filters: {}, count: 0 }], { topic: { value: '科技', count: 0 } })).toEqual([]);
  });
});

describe('a query one character off the site’s text (a typo)', () => {
  // Titles and text of the pages 积分入 finds, as the site has them (积分制入户, never 积分入户), in the index's words.
  const texts = [
    ['广州', '市', '人民政府', '办公', '厅', '关于', '重新', '发布', '广州', '市', '积分', '制', '入', '户', '管理', '办法', '的', '通知'],
    ['2025', '年度', '积分', '制', '入', '户', '指标', '有', '多少个', '？', '根据', '年度', '人口', '迁入', '计划', '，', '积分', '制', '入', '户', '类', '指标', '为', '1.6', '万个', '。'],
    ['积分', '制', '入', '户', '看护', '分类', '质量', '控制'],
  ];
  const cut: Record<string, string[]> = { 积分入护: ['积分', '入', '护'], 双随机宇宙: ['双', '随机', '宇宙'], 积分管理: ['积分', '管理'] };
  const segment = (t: string) => cut[t] ?? [...t];

  it('replaces the piece the site does not have: 积分入护 → 积分入户, before 积分制护 (制护 is nowhere either)', () => {
    expect(oneOffQueries('积分入护', texts, 2, segment)[0]).toBe('积分入户');
    expect(oneOffQueries('积分入护', texts, 5, segment)).not.toContain('积分入护');
  });

  it('never replaces a piece cut across the browser’s words (机宇 → 机制 in 双随机宇宙), nor a query the site holds', () => {
    expect(oneOffQueries('双随机宇宙', [['建立', '双', '随机', '机制']], 5, segment)).not.toContain('双随机制宙');
    expect(oneOffQueries('积分管理', [['积分', '管理'], ['积分', '管制']], 5, segment)).toEqual([]);
  });

  it('never takes a run of the site’s text that cuts its words (量控 across 质量|控制 for 量子计算机)', () => {
    expect(oneOffQueries('量子计算机', texts, 5, (t) => (t === '量子计算机' ? ['量子', '计算', '机'] : [...t]))).not.toContain('量控计算机');
  });

  it('is nothing for a query the texts do not come near, a short query, or Latin text', () => {
    expect(oneOffQueries('宇宙飞船', texts, 2, segment)).toEqual([]);
    expect(oneOffQueries('社宝', [['社保']], 2, segment)).toEqual([]);
    expect(oneOffQueries('abcd', [['abce']])).toEqual([]);
  });
});

describe('the known terms a query holds (社保卡)', () => {
  const groups = [
    ['社保', '社会保险'],
    ['医保', '医疗保障', '医疗保险'],
  ];

  it('are offered with their group’s words, never the query itself', () => {
    expect(knownTermQueries('社保卡', groups)).toEqual(['社保', '社会保险']);
    expect(knownTermQueries('社保', groups)).toEqual([]);
    expect(knownTermQueries('量子', groups)).toEqual([]);
  });
});

describe('the documents of the same series as an absent 文号', () => {
  const counts = { wh2019: { '国发-5': 1, '国发-18': 2, '国办发-5': 1, '国发-99': 0 }, wh2020: { '国发-7': 1 }, topic: { '国发-1': 3 } };

  it('are the same prefix and year’s, nearest serial first, without pageless values', () => {
    expect(sameSeriesDocNumbers({ key: 'wh2019', value: '国发-99' }, counts)).toEqual(['国发-18', '国发-5']);
    expect(sameSeriesDocNumbers({ key: 'wh2019', value: '国发-4' }, counts)).toEqual(['国发-5', '国发-18']);
  });

  it('are none for another year, or a 文号 without a year', () => {
    expect(sameSeriesDocNumbers({ key: 'wh2021', value: '国发-1' }, counts)).toEqual([]);
    expect(sameSeriesDocNumbers({ key: 'wh0', value: '国令-1' }, { wh0: { '国令-2': 1 } })).toEqual([]);
  });
});

describe('a correction offered', () => {
  it('comes first as 您是不是要找, with its exact results, or its looser ones said as such', () => {
    expect(alternatives([{ q: '社保', filters: {}, count: 3 }, { q: '积分入户', filters: {}, count: 0, loose: 6, correction: true }])).toEqual([
      { text: '您是不是要找：积分入户（6 条包含其中的词）', href: searchHref('积分入户') },
      { text: '搜索“社保”（3 条）', href: searchHref('社保') },
    ]);
    expect(alternatives([{ q: '积分入户', filters: {}, count: 0, loose: 0, correction: true }])).toEqual([]);
  });

  it('under filters comes after the query without them, and only with results that hold it (积分入户 with 2019 chosen)', () => {
    const links = alternatives([
      { q: '积分入户', filters: {}, count: 0, loose: 4, unfiltered: true },
      { q: '积极入户', filters: { year: '2019' }, count: 0, loose: 3, correction: true },
    ]);
    expect(links).toEqual([{ text: '不限筛选条件搜索“积分入户”（4 条包含其中的词）', href: searchHref('积分入户') }]);
    // A correction that the filtered pages hold as written is still offered, after the query without the filters.
    expect(alternatives([{ q: '低保', filters: {}, count: 4, unfiltered: true }, { q: '低保户', filters: { type: '图解' }, count: 1, correction: true }]).map((l) => l.text)).toEqual([
      '不限筛选条件搜索“低保”（4 条）',
      '您是不是要找：低保户（1 条）',
    ]);
  });
});
