// A 文号 in a reader's query (tester's findings 2026-11-29, items 1 and 2): found inside a question, an order (令) read
// as an order and never in 〔year〕 form, and the 本站没有文号为… line only for a 文号 no page carries.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { normalizeDocNumber } from '../../../src/lib/doc-number';
import { docNumberFilter } from '../../../src/search/fields';
import { findDocNumber, normalizeQuery, partialDocNumber, partialDocNumberFilters } from '../../../src/search/query';

const DOCUMENTS = join(import.meta.dirname, '../../../content/documents');

/** Every 文号 of the sample's documents (content/documents/*.md front matter). */
function sampleDocNumbers(): string[] {
  return readdirSync(DOCUMENTS)
    .filter((f) => /\.mdx?$/u.test(f))
    .map((f) => matter(readFileSync(join(DOCUMENTS, f), 'utf8')).data.docNumber as unknown)
    .filter((n): n is string => typeof n === 'string' && n.trim() !== '');
}

describe('a 文号 inside a question', () => {
  it.each(['国发〔2019〕5号讲了什么', '国发〔2019〕5号是什么文件', '国发〔2019〕5号有哪些要求？', '根据国发〔2019〕5号', '国发2019年5号讲了什么'])('%s puts 国发〔2019〕5号 first', (q) => {
    expect(findDocNumber(normalizeQuery(q, 2026))).toMatchObject({ key: 'wh2019', value: '国发-5', text: '国发〔2019〕5号' });
  });

  it('is not told missing when found inside a longer word: its prefix may hold other words', () => {
    expect(findDocNumber('专利国发〔2019〕5号讲了什么')?.definite).toBe(false);
    expect(findDocNumber('国发〔2019〕99号')?.definite).toBe(true);
  });
});

describe('an order (令)', () => {
  it.each(['国务院令第706号', '国令第706号', '国令706号', '国务院令706号', '中华人民共和国国务院令第706号', '国务院令（第706号）', '国务院令第七百零六号', '国务院令第706号是什么'])(
    '%s is 国令第706号, the document 专利代理条例',
    (q) => {
      expect(normalizeQuery(q, 2026)).toBe(q);
      expect(findDocNumber(normalizeQuery(q, 2026))).toEqual({ ...docNumberFilter('国令第706号'), text: '国令第706号', definite: true });
    },
  );

  it('a 主席令 is read as an order without a year, and not told missing (the build reads only digits)', () => {
    const q = '中华人民共和国主席令第十二号';
    expect(normalizeQuery(q, 2026)).toBe(q);
    expect(findDocNumber(q)).toEqual({ key: 'wh0', value: '中华人民共和国主席令-12', text: '中华人民共和国主席令第12号', definite: false });
  });

  it('is never written in 〔year〕 form', () => {
    for (const q of ['国务院令第706号', '国令第707号', '主席令第12号', '中华人民共和国主席令第十二号']) expect(findDocNumber(q)?.text).not.toMatch(/[〔〕]/u);
  });
});

describe('every 文号 of the sample', () => {
  const numbers = sampleDocNumbers();

  it('there are 文号 to check, with and without a year', () => {
    expect(numbers.length).toBeGreaterThanOrEqual(60);
    expect(numbers.some((n) => !/[〔﹝\[【(（]/u.test(n))).toBe(true);
  });

  it('typed as the page shows it, finds its page’s own filter (so the 本站没有文号为… line is not shown) and is named as written', () => {
    const wrong = numbers
      .map((n) => ({ n, found: findDocNumber(normalizeQuery(n)) }))
      .filter(({ n, found }) => !found || found.key !== docNumberFilter(n)?.key || found.value !== docNumberFilter(n)?.value || found.text !== normalizeDocNumber(n));
    expect(wrong).toEqual([]);
  });

  it('asked about in a question, finds its page’s own filter', () => {
    const wrong = numbers.filter((n) => {
      const found = findDocNumber(normalizeQuery(`${n}讲了什么`));
      return found?.key !== docNumberFilter(n)?.key || found?.value !== docNumberFilter(n)?.value;
    });
    expect(wrong).toEqual([]);
  });
});

describe('a 文号 in reader order or in part (tester findings 2026-11-30)', () => {
  it('reads the year first and 2019第5号 as the 文号 itself', () => {
    for (const q of ['2019年国发5号', '19年国发5号', '2019年国发第5号', '国发2019第5号', '2019年国发五号']) expect(normalizeQuery(q, 2026), q).toBe('国发〔2019〕5号');
    expect(normalizeQuery('2019年穗府办规第8号', 2026)).toBe('穗府办规〔2019〕8号');
    // Not a 文号: the prefix does not end as 机关代字 do, or the year is part of a longer number.
    expect(normalizeQuery('2019年起实施5号', 2026)).toBe('2019年起实施5号');
    expect(normalizeQuery('12019年国发5号', 2026)).toBe('12019年国发5号');
  });

  it('a prefix and serial without the year is a partial 文号, never one the site lacks; an order keeps its form', () => {
    expect(findDocNumber('国发5号')).toBeUndefined();
    expect(partialDocNumber('国发5号')).toEqual({ prefix: '国发', serial: 5 });
    expect(partialDocNumber('国办发第二号文件')).toEqual({ prefix: '国办发', serial: 2 });
    expect(findDocNumber('国令第706号')?.text).toBe('国令第706号');
    expect(partialDocNumber('国令第706号')).toBeUndefined();
  });

  it('a year and serial without the prefix is a partial 文号', () => {
    expect(partialDocNumber('2019年5号文', 2026)).toEqual({ year: 2019, serial: 5 });
    expect(partialDocNumber('19年第5号文件', 2026)).toEqual({ year: 2019, serial: 5 });
    expect(partialDocNumber('2019年5月', 2026)).toBeUndefined();
    expect(partialDocNumber('国发〔2019〕5号', 2026)).toBeUndefined();
  });

  it('matches the filters of the documents it fits, newest year first', () => {
    const counts = { wh2019: { '国发-5': 1, '国办发-5': 1, '国发-4': 1 }, wh2018: { '国发-5': 2, '国发-15': 1 }, wh0: { '国令-5': 1 }, issuer: { '国务院': 3 } };
    expect(partialDocNumberFilters({ prefix: '国发', serial: 5 }, counts)).toEqual([
      { key: 'wh2019', value: '国发-5' },
      { key: 'wh2018', value: '国发-5' },
    ]);
    expect(partialDocNumberFilters({ year: 2019, serial: 5 }, counts)).toEqual([
      { key: 'wh2019', value: '国办发-5' },
      { key: 'wh2019', value: '国发-5' },
    ]);
    expect(partialDocNumberFilters({ year: 2020, serial: 5 }, counts)).toEqual([]);
  });
});
