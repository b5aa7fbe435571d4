import { describe, expect, it } from 'vitest';
import { docNumberToSearchKey, hasNonStandardBrackets, holdsDocNumber, normalizeDocNumber, parseDocNumber } from '../../../src/lib/doc-number';

describe('文号', () => {
  it.each(['国发〔2019〕5号', '国发[2019]5号', '国发﹝2019﹞5号', '国发【2019】5号', '国发(2019)5号', '国发（2019）05号'])(
    '%s is normalised to 国发〔2019〕5号',
    (input) => expect(normalizeDocNumber(input)).toBe('国发〔2019〕5号'),
  );

  it('numbers without a year keep their 第', () => {
    expect(parseDocNumber('国令第707号')).toEqual({ prefix: '国令', serial: 707, normalized: '国令第707号' });
  });

  it('a longer prefix parses', () => {
    expect(parseDocNumber('穗医保规字〔2024〕1号')?.prefix).toBe('穗医保规字');
  });

  it('text that is not a 文号 does not parse', () => {
    expect(parseDocNumber('国发2019年第五号')).toBeUndefined();
    expect(parseDocNumber('')).toBeUndefined();
  });

  it('only other brackets than 〔〕 are flagged', () => {
    expect(hasNonStandardBrackets('国发〔2019〕5号')).toBe(false);
    expect(hasNonStandardBrackets('国发[2019]5号')).toBe(true);
  });

  it.each(['国发〔2019〕5号', '国发[2019]5号', '国发﹝2019﹞5号', '国发2019 5号', '国发 2019 5'])(
    'the search key of %s ignores brackets',
    (input) => expect(docNumberToSearchKey(input)).toBe('国发2019-5'),
  );
});

describe('holdsDocNumber: a text citing a 文号 in any form', () => {
  it('finds the 文号 written with any brackets, full-width digits, spaces or 第', () => {
    for (const text of ['根据国发〔2019〕5号文件', '按国发[2019]5号执行', '国发（２０１９）５号', '国发 〔2019〕 5 号', '国发﹝2019﹞第5号', '国发〔2019〕05号']) {
      expect(holdsDocNumber(text, '国发〔2019〕5号'), text).toBe(true);
    }
    expect(holdsDocNumber('国务院令第706号公布', '国令第706号')).toBe(false);
    expect(holdsDocNumber('见国令第706号', '国令第706号')).toBe(true);
  });

  it('does not take another number, year or prefix for it', () => {
    for (const text of ['国发〔2019〕15号', '国发〔2019〕50号', '国发〔2018〕5号', '国办发〔2019〕5号', '发〔2019〕5号', '国发〔2019〕']) {
      expect(holdsDocNumber(text, '国发〔2019〕5号'), text).toBe(false);
    }
    expect(holdsDocNumber('国发〔2019〕5号', '不是文号')).toBe(false);
  });
});
