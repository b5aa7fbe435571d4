// Numbers in what readers type (tester findings on issue 16): 文号 in their looser forms (国发19年5号, 国发〔2019〕五号),
// numbers matched only whole (201 is not 2019, 4号 is not 45号), and a number with its unit (150分).
import { describe, expect, it } from 'vitest';
import { chineseNumeralValue, findDocNumber, fragmentAt, holdsWhole, isQuantity, normalizeQuery, numberWords } from '../../../src/search/query';
import { termRanges } from '../../../src/search/result-files';

const marked = (text: string, terms: string[]) => termRanges(text, terms).map(([a, b]) => text.slice(a, b));

describe('a 文号 in the looser forms readers type', () => {
  it.each(['国发19年5号', '国发2019年5号', '国发〔2019〕五号', '国发(2019)5号', '国发（2019）5号', '国发[2019]5号', '国发2019-5', '国发2019-5号', '国发2019/5号', '国发 2019 年 5 号', '国发〔19〕5号'])(
    '%s is searched as 国发〔2019〕5号, so its document comes first',
    (q) => {
      expect(normalizeQuery(q, 2026)).toBe('国发〔2019〕5号');
      expect(findDocNumber(normalizeQuery(q, 2026))).toMatchObject({ key: 'wh2019', value: '国发-5' });
    },
  );

  it('reads a two-digit year as 20YY up to this year and 19YY after it', () => {
    expect(normalizeQuery('国办发96年25号', 2026)).toBe('国办发〔1996〕25号');
    expect(normalizeQuery('穗府办规25年8号', 2026)).toBe('穗府办规〔2025〕8号');
    expect(normalizeQuery('穗府办规25年8号', 2024)).toBe('穗府办规〔1925〕8号');
  });

  it('reads a serial in Chinese numerals', () => {
    expect(normalizeQuery('国发〔2018〕四十一号', 2026)).toBe('国发〔2018〕41号');
    expect(normalizeQuery('国办发2018年一百零八号', 2026)).toBe('国办发〔2018〕108号');
    expect([chineseNumeralValue('五'), chineseNumeralValue('十二'), chineseNumeralValue('二十'), chineseNumeralValue('一〇八'), chineseNumeralValue('五条')]).toEqual([5, 12, 20, 108, undefined]);
  });

  it('keeps the words around it, and a question’s filler for meaningfulTerms to drop', () => {
    expect(normalizeQuery('根据国发2019年5号规定', 2026)).toBe('根据国发〔2019〕5号规定');
    expect(normalizeQuery('国发19年5号 监管', 2026)).toBe('国发〔2019〕5号 监管');
  });

  it.each(['国发2019年5月', '会议2019-05-06', '2019年5号', '国发19-5', '国发2019年五', '营商环境 2019 5号', '国发 2019 5号', '第十二条', '2019年 春节', '发布于2019/05/06'])(
    'leaves %s as typed: not unambiguously a 文号',
    (q) => {
      expect(normalizeQuery(q, 2026)).toBe(q);
    },
  );
});

describe('numbers match only whole numbers', () => {
  it('a query’s numbers are searched as whole words', () => {
    expect(numberWords('201')).toEqual(['201']);
    expect(numberWords('国办发〔2019〕4号')).toEqual(['2019', '4']);
    expect(numberWords('2019年 春节')).toEqual(['2019']);
    expect(numberWords('1+X 证书 IPv6 2.5万')).toEqual([]);
  });

  it('a held text has the number with no digit before or after it', () => {
    expect(holdsWhole('2150分', '150分')).toBe(false);
    expect(holdsWhole('总分2150分，及格150分', '150分')).toBe(true);
    expect(holdsWhole('2019年', '201')).toBe(false);
    expect(holdsWhole('国办发〔2019〕45号', '国办发〔2019〕4')).toBe(false);
    expect(holdsWhole('抽查检查', '抽查检')).toBe(true);
  });

  it('a fragment with a number is held only where the number is whole', () => {
    expect(fragmentAt(['满分', '2150', '分'], 0, [1], '150分')).toBeUndefined();
    expect(fragmentAt(['满分', '150', '分'], 0, [1], '150分')).toBe(1);
  });

  it('is marked in an excerpt only whole', () => {
    expect(marked('国务院办公厅关于2019年部分节假日安排的通知', ['201'])).toEqual([]);
    expect(marked('国办发〔2019〕45号', ['国办发〔2019〕4号'])).toEqual(['国办发〔2019〕']);
    expect(marked('国办发〔2019〕4号', ['国办发〔2019〕4号'])).toEqual(['国办发〔2019〕4号']);
    expect(marked('2019年和2018年', ['2019年'])).toEqual(['2019年']);
  });
});

describe('a number with its unit', () => {
  it.each([
    ['150分', true],
    ['60周岁', true],
    ['2.5万', true],
    ['3000元', true],
    ['2019', false],
    ['分数150', false],
    ['150分钟以上的', false],
  ])('%s is a quantity: %s', (q, expected) => {
    expect(isQuantity(q)).toBe(expected);
  });
});
