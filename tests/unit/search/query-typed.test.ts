// What readers type besides titles and plain words (issue 16): quoted phrases, 文号 with spaces, colloquial questions,
// Latin words, pasted sentences; and what the excerpts of such searches mark.
import { describe, expect, it } from 'vitest';
import {
  findDocNumber,
  fragmentAt,
  holdsFragment,
  holdsSentence,
  isSentenceQuery,
  latinWords,
  markedSynonyms,
  meaningfulTerms,
  normalizeQuery,
  plannedSearches,
  quotedPhrase,
  sentenceClauses,
  sentenceRun,
  sentenceRunIn,
  sentenceTerms,
  termSearch,
} from '../../../src/search/query';
import { excerptParts, termRanges } from '../../../src/search/result-files';

const GROUPS = [
  ['医保', '医疗保障', '医疗保险'],
  ['社保', '社会保险'],
];

describe('a phrase in quotation marks', () => {
  it.each(['"营商环境"', '“营商环境”', '「营商环境」', '『营商环境』', ' “ 营商环境 ” ', '＂营商环境＂'])('%s asks for 营商环境 as written', (q) => {
    expect(quotedPhrase(q)).toBe('营商环境');
  });

  it.each(['营商环境', '“营商”环境', '“营商”和“环境”', '""', '《营商环境》'])('%s is not one quoted phrase', (q) => {
    expect(quotedPhrase(q)).toBeUndefined();
  });

  it('is searched as a phrase, with its terms for the pages shown after those that hold it', () => {
    expect(plannedSearches('“营商环境”', false, GROUPS)).toEqual({ question: false, terms: ['营商环境', '"营商环境"', '营商', '环境'] });
    expect(plannedSearches('“优化营商环境的有力举措”', false, GROUPS).terms).toContain('"优化营商环境的有力举措"');
  });

  it('a quoted part of a longer query is one term, not its words', () => {
    expect(meaningfulTerms('“营商环境” 优化在哪').terms).toEqual(['营商环境', '优化']);
    expect(meaningfulTerms('「双随机、一公开」是什么').terms).toEqual(['双随机、一公开']);
  });
});

describe('a 文号 typed with spaces', () => {
  it.each(['国发 〔 2019 〕 5 号', '国发〔2019〕 5号', '国发 〔2019〕5号', '国发〔 2019 〕5 号'])('%s is searched as 国发〔2019〕5号', (q) => {
    expect(normalizeQuery(q)).toBe('国发〔2019〕5号');
    expect(findDocNumber(normalizeQuery(q))).toEqual(findDocNumber('国发〔2019〕5号'));
  });

  it('keeps what follows the 文号, and every other query as it is', () => {
    expect(normalizeQuery('国发 〔 2019 〕 5 号 监管')).toBe('国发〔2019〕5号 监管');
    expect(normalizeQuery('穗府办规 〖2025〗 8号')).toBe('穗府办规〔2025〕8号');
    for (const q of ['营商环境 2019 5号', '国发 2019 5号', '积分入户 条件', '2019年 春节']) expect(normalizeQuery(q)).toBe(q);
  });
});

describe('colloquial question words', () => {
  it.each([
    ['长护险每月交多少钱', ['长护险', '每月']],
    ['低保户残疾人补贴咋申请', ['低保户', '残疾人', '补贴', '申请']],
    ['积分入户咋办', ['积分', '入户']],
    ['2019年春节放假啥时候', ['2019年', '春节', '放假']],
    ['个税赡养老人咋算', ['个税', '赡养', '老人']],
    ['残疾人护理补贴啥时候发', ['残疾人', '护理', '补贴']],
    ['融资担保费率咋算', ['融资', '担保', '费率']],
    ['养老服务站补贴咋弄', ['养老', '服务站', '补贴']],
  ])('“%s” searches %j', (question, terms) => {
    expect(meaningfulTerms(question)).toEqual({ terms, reduced: true });
  });

  it('drops them as whole words only, never a part of a meaningful word', () => {
    // 存在 is not 在 + 哪, 整顿 is not the 整 of 咋整, 算法 is not the 算 of 咋算, 时间 is not 时候.
    expect(meaningfulTerms('存在哪些问题').terms).toContain('存在');
    expect(meaningfulTerms('咋整顿').terms).toEqual(['整顿']);
    expect(meaningfulTerms('咋算法').terms).toEqual(['算法']);
    expect(meaningfulTerms('申报时间是啥时候').terms).toEqual(['申报', '时间']);
    expect(meaningfulTerms('医疗费用多少钱能报').terms).toEqual(['医疗', '费用']);
  });
});

describe('Latin words', () => {
  it('are the words of letters alone, in lower case; letters joined to digits or signs are parts of a code', () => {
    expect(latinWords('qwzx')).toEqual(['qwzx']);
    expect(latinWords('ABC abc')).toEqual(['abc']);
    expect(latinWords('DNA 检测')).toEqual(['dna']);
    for (const q of ['1+X证书', 'IPv6', 'X2345', '国发〔2019〕5号', '积分入户']) expect(latinWords(q)).toEqual([]);
  });

  it('are searched as whole words (a phrase search), in the query and among a question’s terms', () => {
    expect(plannedSearches('abc', false, GROUPS).terms).toContain('"abc"');
    expect(plannedSearches('qwzx 营商', false, GROUPS).terms).toContain('"qwzx"');
    expect(termSearch('DNA')).toBe('"dna"');
    expect(termSearch('1+X')).toBe('1+X');
    expect(termSearch('营商环境')).toBe('营商环境');
    expect(plannedSearches('DNA是什么', false, GROUPS).terms).toEqual(['"dna"']);
  });
});

describe('a pasted sentence', () => {
  const sentence = '进一步营造公平竞争的市场环境和法治化、便利化的营商环境。';
  const source = '…违法失信者寸步难行，进一步营造公平竞争的市场环境和法治化、便利化的营商环境。 二、';
  const other = '持续改善营商环境和创新环境，有效降低市场运行成本。营造公平竞争的市场秩序。';

  it('is a query of 12 letters, digits or Chinese characters or more, not in quotation marks and not a question', () => {
    expect(isSentenceQuery(sentence)).toBe(true);
    expect(isSentenceQuery('是否已作DNA鉴定、指纹鉴定等，并与被告人的相应生物特征比对')).toBe(true);
    expect(isSentenceQuery('积分入户要满足什么条件')).toBe(false);
    expect(isSentenceQuery(`“${sentence}”`)).toBe(false);
    // Questions of 12 characters or more: a question word, or a question mark.
    expect(isSentenceQuery('孩子上学的费用个税能扣多少')).toBe(false);
    expect(isSentenceQuery('广州长期护理保险个人每月要交多少钱')).toBe(false);
    expect(isSentenceQuery('投保时没有如实告知病史保险公司能拒赔吗')).toBe(false);
    expect(isSentenceQuery('企业不裁员可以拿到稳岗补贴和就业见习补贴？')).toBe(false);
    // No clause of it is searched as a phrase; its terms are (wholeTermSearches), each a word of the index.
    expect(plannedSearches('孩子上学的费用个税能扣多少', false, GROUPS).terms.filter((t) => t.startsWith('"'))).toEqual(['"孩子"', '"上学"', '"费用"', '"个税"']);
  });

  it('its source holds its whole text; another page only some words of it', () => {
    const n = sentenceRun(sentence, sentence);
    expect(n).toBe(26);
    expect(sentenceRun(sentence, source)).toBe(n);
    expect(holdsSentence(sentence, sentenceRun(sentence, source))).toBe(true);
    expect(sentenceRun(sentence, other)).toBeLessThan(n / 2);
    expect(holdsSentence(sentence, sentenceRun(sentence, other))).toBe(false);
  });

  it('its longest clause is searched as a phrase, and only that clause’s terms alone (a first query within 150 KB)', () => {
    expect(sentenceClauses('其中，大龄、残疾、低保家庭等劳动者可在常住地申请认定为就业困难人员，享受就业援助。')).toEqual(['低保家庭等劳动者可在常住地申请认定为就业困难人员']);
    expect(sentenceClauses(sentence)).toEqual(['进一步营造公平竞争的市场环境和法治化']);
    expect(sentenceClauses('积分入户要满足什么条件')).toEqual([]);
    expect(plannedSearches(sentence, false, GROUPS).terms).toContain('"进一步营造公平竞争的市场环境和法治化"');
    const pasted = '积极落实经营者主体责任，推动社会共治，有效维护消费者合法权益。';
    expect(sentenceTerms(pasted, meaningfulTerms(pasted).terms)).toEqual(['积极', '落实', '经营者', '主体', '责任']);
    expect(plannedSearches(pasted, false, GROUPS).terms.filter((t) => /推动|社会|共治|维护|消费者|权益/u.test(t))).toEqual([]);
    // Not a sentence: its terms as they are.
    expect(sentenceTerms('积分入户要满足什么条件', ['积分入户', '满足', '条件'])).toEqual(['积分入户', '满足', '条件']);
  });

  it('its run in a page’s words starts in the word the excerpt is taken from', () => {
    const words = ['违法', '失信者', '寸步难行', '，', '进一步', '营造', '公平竞争', '的', '市场', '环境', '和', '法治化'];
    expect(sentenceRunIn(sentence, words)).toEqual({ run: 18, word: 4 });
    expect(sentenceRunIn(sentence, ['无关', '的', '话'])).toEqual({ run: 1, word: 1 });
  });

  it('a page with most of its consecutive text, punctuation and spaces aside, holds it too', () => {
    expect(holdsSentence(sentence, sentenceRun(sentence, '进一步 营造公平竞争的市场环境和法治化'))).toBe(true);
    expect(holdsSentence(sentence, sentenceRun(sentence, '营造公平竞争'))).toBe(false);
  });
});

describe('the excerpts of such searches', () => {
  it('mark the synonyms a page was found through (医保 → 医疗保障)', () => {
    expect(markedSynonyms(['医保'], GROUPS)).toEqual(['医疗保障', '医疗保险']);
    expect(markedSynonyms(['社保', '缴费'], GROUPS)).toEqual(['社会保险']);
    expect(markedSynonyms(['积分', '入户'], GROUPS)).toEqual([]);
  });

  it('mark a synonym only where it is whole, never its parts (保障 of 社会保障)', () => {
    const text = '人力资源社会保障部门和医疗保障部门负责。';
    expect(termRanges(text, ['医保'], ['医疗保障', '医疗保险']).map(([a, b]) => text.slice(a, b))).toEqual(['医疗保障']);
    const block = ['0,0,12', '人力资源', '社会', '保障', '部门', '和', '医疗', '保障', '部门', '负责', '。'].join('\n');
    const marked = excerptParts(block, 0, [5, 6], ['医保'], ['医疗保障']).filter((p) => p.mark).map((p) => p.text);
    expect(marked).toEqual(['医疗保障']);
  });

  it('are taken where a fragment is held, not where its parts are most often (继续执)', () => {
    // Words from position 100: 继续 at 101 and 109, 执行 at 104 and 110; only 109–110 hold 继续执.
    const words = ['应当', '继续', '审理', '。', '执行', '法院', '应', '当', '不', '继续', '执行', '。'];
    expect(fragmentAt(words, 100, [101, 104, 109, 110], '继续执')).toBe(109);
    expect(fragmentAt(words, 100, [101, 104], '继续执')).toBeUndefined();
    expect(holdsFragment(words, 100, [109, 110], '继续执')).toBe(true);
  });
});
