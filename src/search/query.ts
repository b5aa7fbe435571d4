/**
 * The reader's search as data: the query, the chosen filters and the sort, read from and written to the URL;
 * and recognising a 文号 typed with any brackets (or none) so its document can be put first.
 * Plain TypeScript shared by the search page's client and the tests.
 */
import { docNumberToSearchKey } from '../lib/doc-number';
import { DOC_NUMBER_FILTER_PREFIX, FILTERS, searchKeyToFilter, type FilterKey } from './fields';
import { synonymsOf, type SynonymGroups } from './synonyms';

/** Orders of results the reader can choose. */
export const SORTS = [
  { value: '', label: '最相关的在前' },
  { value: 'new', label: '日期：新的在前' },
  { value: 'old', label: '日期：旧的在前' },
] as const;
export type SortValue = (typeof SORTS)[number]['value'];

/** One search as the URL carries it: /search/?q=…&type=…&sort=new. */
export interface SearchState {
  q: string;
  filters: Partial<Record<FilterKey, string>>;
  sort: SortValue;
}

const FILTER_KEYS = FILTERS.map((f) => f.key) as FilterKey[];

/** Reads a search from the query string; unknown parameters are ignored. */
export function stateFromParams(params: URLSearchParams): SearchState {
  const filters: SearchState['filters'] = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) filters[key] = v;
  }
  const sort = params.get('sort') ?? '';
  return { q: (params.get('q') ?? '').trim(), filters, sort: SORTS.some((s) => s.value === sort) ? (sort as SortValue) : '' };
}

/** The query string of a search, without empty values, in a stable order (q first). */
export function stateToParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const key of FILTER_KEYS) {
    const v = state.filters[key];
    if (v) params.set(key, v);
  }
  if (state.sort) params.set('sort', state.sort);
  return params;
}

/** Pagefind's sort option for a sort choice. */
export function sortOption(sort: SortValue): Record<string, 'asc' | 'desc'> {
  if (sort === 'new') return { date: 'desc' };
  if (sort === 'old') return { date: 'asc' };
  return {};
}

/** Pagefind's filters option for the reader's choices. */
export function filterOption(filters: SearchState['filters']): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
}

// Separators readers put between the parts of a 文号 instead of brackets: 国发2019-5号, 国发2019年5号.
const SEPARATORS = /[-－‐‑–—_/／\\.．、,，·]+/gu;

/** The filter for a text that is a whole 文号, in any bracket style or none; undefined otherwise. */
export function docNumberQuery(text: string): { key: string; value: string } | undefined {
  const cleaned = text
    .normalize('NFKC')
    .replace(/(\d{4})\s*年\s*/gu, '$1 ')
    .replace(SEPARATORS, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  // A 文号 has a prefix of at least two characters (国发, 穗府办规) and a serial; anything else is a word search.
  if (!/^[\p{Script=Han}A-Za-z]{2,}/u.test(cleaned) || !/\d/.test(cleaned)) return undefined;
  const searchKey = docNumberToSearchKey(cleaned);
  return searchKey ? searchKeyToFilter(searchKey) : undefined;
}

/** A 文号 found in a query (findDocNumber): its filter, its standard form, and whether a miss is a fact to tell. */
export interface FoundDocNumber {
  /** The 文号 filter (wh2019 and 国发-5; wh0 and 国令-706 for a 文号 without a year), as the build gives its pages. */
  key: string;
  value: string;
  /** The 文号 in its standard form, as the page says it: 国发〔2019〕5号, 国令第706号. */
  text: string;
  /**
   * true when no page under the filter means the site has no document with this 文号 (the 本站没有文号为… line):
   * the query, or a run of its words, is the 文号 alone. false for one found inside a longer word (its prefix may
   * hold other words: 专利国发〔2019〕5号) and for an order whose pages the filter may not carry (主席令 in numerals).
   */
  definite: boolean;
  /**
   * true when the query is a 文号 alone (国发〔2019〕5号, 国发 2019 5号), nothing before or after it but question words
   * and filler (国发〔2019〕5号讲了什么); not set for an order (令), which pages cite in longer forms
   * (中华人民共和国国务院令第706号).
   */
  alone?: boolean;
}

/**
 * An order (令) as readers type it: 国务院令第706号, 国令第706号, 中华人民共和国国务院令第706号, 国令706号,
 * 中华人民共和国主席令第十二号. It has no year: it must never be read as 〔year〕 form. The State Council's orders are
 * catalogued as 国令第N号 (content/documents/guoling-706.md), so 国务院令 is searched as 国令.
 */
const ORDER_NUMBER = /(中华人民共和国)?(国务院|国|主席)令\s*[(（]?\s*第?\s*(\d+|[〇零一二两三四五六七八九十百千]+)\s*号\s*[)）]?/u;

/** The order (ORDER_NUMBER) in a text, as a found 文号; undefined when there is none. */
function orderNumber(text: string): FoundDocNumber | undefined {
  const m = ORDER_NUMBER.exec(text.normalize('NFKC'));
  if (!m) return undefined;
  const [, country, issuer, numeral] = m as unknown as [string, string | undefined, string, string];
  const serial = /^\d+$/u.test(numeral) ? Number(numeral) : chineseNumeralValue(numeral);
  if (!serial) return undefined;
  // The build reads a 主席令 with the prefix its editor wrote and only in digits (parseDocNumber): a miss proves nothing.
  const prefix = issuer === '主席' ? `${country ?? ''}主席令` : '国令';
  return { key: `${DOC_NUMBER_FILTER_PREFIX}0`, value: `${prefix}-${serial}`, text: `${prefix}第${serial}号`, definite: issuer !== '主席' };
}

/**
 * A 文号 filter unless it lacks the year that its kind always has: 国发5号 is a partial 文号 (partialDocNumber), not
 * one the site could lack; an order (令) has none.
 */
function yearFirst(filter: { key: string; value: string } | undefined): { key: string; value: string } | undefined {
  if (!filter || filter.key !== `${DOC_NUMBER_FILTER_PREFIX}0`) return filter;
  return /令$/u.test(filter.value.replace(/-\d+$/u, '')) ? filter : undefined;
}

/** A filter of a 文号 (docNumberQuery) with its standard form: 国发〔2019〕5号, 国令第706号. */
function withText(filter: { key: string; value: string }, definite: boolean): FoundDocNumber {
  const year = filter.key.slice(DOC_NUMBER_FILTER_PREFIX.length);
  const [, prefix, serial] = /^(.*)-(\d+)$/u.exec(filter.value) ?? ['', filter.value, ''];
  const text = year && year !== '0' ? `${prefix}〔${year}〕${serial}号` : `${prefix}${prefix.endsWith('令') ? '第' : ''}${serial}号`;
  return { ...filter, text, definite };
}

/**
 * Finds a 文号 in a query (after normalizeQuery): an order (令, ORDER_NUMBER) anywhere in it; else the whole query or
 * a run of its words, question words before it dropped (国发〔2019〕5号 双随机, 国发 2019 5号, 根据国发〔2019〕5号),
 * longer runs first, so 国发 2019 5号 is one 文号 and not the word 国发; else one inside a question's words
 * (国发〔2019〕5号讲了什么: meaningfulTerms keeps it whole), `definite: false`. Undefined when there is none.
 */
export function findDocNumber(query: string): FoundDocNumber | undefined {
  const order = orderNumber(query);
  if (order) return order;
  const words = query.trim().split(/\s+/u).filter(Boolean);
  for (let n = Math.min(words.length, 4); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const run = words.slice(i, i + n).join(' ');
      const filler = leadingFiller(run);
      const found = yearFirst(docNumberQuery(run.slice(filler.length)));
      if (found) return { ...withText(found, true), alone: n === words.length && !filler };
    }
  }
  const { terms } = meaningfulTerms(query);
  for (const term of terms) {
    const found = yearFirst(docNumberQuery(term));
    // The only meaningful term of a question (国发〔2019〕5号讲了什么, 国发〔2019〕5号文件) is asked as the 文号 alone.
    if (found) return { ...withText(found, false), alone: terms.length === 1 };
  }
  return undefined;
}

/** Joins result lists: the first list's ids first, then the others without repeats. */
export function mergeIds(...lists: string[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const id of list) {
      if (!seen.has(id)) {
        seen.add(id);
        out.push(id);
      }
    }
  }
  return out;
}

/** The status line read out to screen readers. */
export function statusText(count: number, state: SearchState): string {
  const filtered = Object.keys(filterOption(state.filters)).length > 0;
  if (count > 0) return `找到 ${count} 条结果`;
  if (filtered) return '找到 0 条结果。可以减少筛选条件，或换一个词再试。';
  return '找到 0 条结果。可以换一个词，或只输入文号、标题中的几个字再试。';
}

const HAN = /^\p{Script=Han}+$/u;

/**
 * A looser form of a query for when it finds little: Chinese words of three or more characters become their
 * overlapping pairs (民政局 → 民政 政局). The index splits text into words with its own dictionary (广州市民政局 as
 * 广州 市民 政局, plus the pair across each word boundary) and the browser splits the query with another, so a long
 * query word may exist in the text but not in the index. Pairs match the index's words or the starts of them.
 * Undefined when there is nothing to loosen.
 */
export function relaxedQuery(query: string): string | undefined {
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  let changed = false;
  const terms: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(query)) {
    if (!isWordLike) continue;
    if (HAN.test(segment) && segment.length >= 3) {
      changed = true;
      for (let i = 0; i + 2 <= segment.length; i++) terms.push(segment.slice(i, i + 2));
    } else {
      terms.push(segment);
    }
  }
  return changed ? terms.join(' ') : undefined;
}

/** Text reduced to letters and digits, for comparing a query with a title whatever the punctuation and width. */
function bare(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * How many of the query's parts (split at spaces) a title contains, as written: 民事诉讼 执行程序 is all in
 * 最高人民法院关于适用《中华人民共和国民事诉讼法》执行程序若干问题的解释. Word ranking alone favours the long laws
 * that repeat such words thousands of times; a title that says what the reader typed is the better first answer.
 */
export function titleMatches(query: string, title: string): number {
  const t = bare(title);
  return query
    .split(/\s+/u)
    .map(bare)
    .filter((part) => part.length > 0 && t.includes(part)).length;
}

/** Orders results whose title contains more of the query first, otherwise keeping the search's order. */
export function byTitleMatches<T>(items: T[], query: string, titleOf: (item: T) => string | undefined): T[] {
  return items
    .map((item, i) => ({ item, i, n: titleMatches(query, titleOf(item) ?? '') }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.item);
}

/**
 * The issuers (机关, as the issuer filter lists them) a query names: the whole query is an issuer's name or a
 * part of one of at least four characters (人力资源社会保障局 names 市人力资源社会保障局). Word ranking alone puts
 * the long documents that mention 人力资源 and 社会保障 hundreds of times before the office's own pages.
 */
export function issuersNamed(query: string, issuers: readonly string[]): string[] {
  const q = bare(query);
  if ([...q].length < 4) return issuers.filter((name) => bare(name) === q && q.length > 0);
  return issuers.filter((name) => bare(name).includes(q));
}

/**
 * Words of a question that carry nothing to search for: question words, particles, pronouns and the filler readers
 * put around what they mean (积分入户要满足什么条件 searches 积分入户 条件). Compared with whole words of the
 * browser's word segmentation (Intl.Segmenter), never with parts of words: 有 is dropped, 有效期 is kept.
 * The list is this project's, from the questions in tests/e2e/search-questions.json and the examples.
 */
const QUESTION_WORDS = new Set([
  // Question words and phrases.
  ...['什么', '是什么', '怎么', '怎么办', '怎么样', '怎样', '如何', '为什么', '为何', '哪些', '哪个', '哪里', '哪儿', '哪', '哪天', '哪年', '哪一年', '多少', '多久', '多长', '几', '几年', '几天', '几个', '谁', '是否', '能否', '可否'],
  ...['能不能', '可不可以', '是不是', '有没有', '要不要', '会不会', '算不算', '还是', '意思', '请问', '咨询', '一下'],
  // Particles, pronouns, auxiliaries and small words.
  ...['吗', '呢', '吧', '啊', '呀', '么', '的', '地', '得', '了', '着', '过', '是', '有', '没', '没有', '不', '不是', '能', '能够', '会', '要', '想', '可以', '可', '需要', '应该', '应当', '必须', '还', '都', '也', '就', '才', '又', '再', '很', '最'],
  ...['我', '我们', '我家', '你', '你们', '他', '她', '它', '他们', '自己', '别人', '这', '那', '这个', '那个', '这些', '那些', '些', '和', '跟', '与', '及', '或', '或者', '对', '给', '在', '从', '向', '把', '被', '让', '到', '去', '来', '为', '以', '用', '拿', '找', '办', '交', '一起'],
  // What every page on the site is: a policy, a rule, a document.
  ...['根据', '政策', '规定', '文件', '相关', '有关', '关于', '一些', '什么样', '情况', '现在', '今年', '以前', '以后'],
  // Verbs of the asking itself (小孩上学咋办理, 要满足什么条件): alone they matched any page of procedures first.
  ...['办理', '满足'],
  // Colloquial question words the segmenter keeps whole (长护险每月交多少钱, 优待证在哪儿办, 啥条件).
  ...['多少钱', '啥', '是啥', '咋', '咋样', '为啥', '干啥', '时候', '该', '行不行', '好不好', '对不对', '中不中', '咋回事', '回事'],
]);

/**
 * Colloquial question phrases the segmenter splits into several words (咋办 is 咋 办, 怎么弄 is 怎么 弄, 去哪儿 is
 * 去 哪儿): dropped only where the whole phrase is a run of whole words of the query, so 弄 in 怎么弄 goes but a
 * word such as 弄清 or 整改 stays. From the style of tests/e2e/search-questions.json (issue 16).
 */
const QUESTION_PHRASES = [
  ...['咋样', '咋回事', '咋办', '咋弄', '咋搞', '咋整', '咋算', '咋领', '咋交', '咋报', '怎么弄', '怎么搞', '怎么整', '怎么算', '怎么领', '怎么交', '怎么报'],
  ...['啥时候', '什么时候', '去哪', '去哪儿', '去哪里', '在哪', '在哪儿', '在哪里', '到哪', '到哪儿', '到哪里', '找谁', '问谁'],
  ...['可以吗', '行吗', '能吗', '好吗', '对吗', '有吗', '算吗', '给不给', '让不让', '能不能', '有没有', '多少钱'],
];
const LONGEST_PHRASE = Math.max(...QUESTION_PHRASES.map((p) => p.length));

/**
 * The indices of the tokens that make up a colloquial question phrase (QUESTION_PHRASES): a run of whole word-like
 * tokens whose text is one of the phrases, longest first.
 */
function phraseTokens(tokens: readonly Intl.SegmentData[]): Set<number> {
  const dropped = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    let text = '';
    let best = -1;
    for (let j = i; j < tokens.length && tokens[j]!.isWordLike; j++) {
      text += tokens[j]!.segment;
      if (text.length > LONGEST_PHRASE) break;
      if (j > i && QUESTION_PHRASES.includes(text)) best = j;
    }
    if (best < 0) continue;
    for (let k = i; k <= best; k++) dropped.add(k);
    i = best;
  }
  return dropped;
}

/**
 * A 《title》 a reader quotes, and a phrase in quotation marks (“营商环境”, "营商环境", 「营商环境」), kept whole; and a
 * 文号 (国发〔2019〕5号, 国办发2019年2号), kept whole.
 */
const QUOTED_TITLE = /《([^《》]+)》|"([^"]+)"|“([^“”]+)”|「([^「」]+)」|『([^『』]+)』/gu;
const DOC_NUMBER_TEXT = /[\p{Script=Han}]{2,}\s*[〔［\[【(（﹝]?\s*\d{4}\s*[〕］\]】)）﹞年]?\s*\d+\s*号/gu;

/** The question words at the start of a text (根据 in 根据国发…), as written. */
function leadingFiller(text: string): string {
  let lead = '';
  for (const { segment } of new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment(text)) {
    if (!QUESTION_WORDS.has(segment)) break;
    lead += segment;
  }
  return lead;
}

/** The meaningful terms of a query and whether anything was dropped to get them (see meaningfulTerms). */
export interface ReducedQuery {
  /** Terms to search, in the order typed, without repeats. */
  terms: string[];
  /** true when question words, filler or punctuation were dropped: the query was a question or a sentence. */
  reduced: boolean;
}

/**
 * Reduces a query, typically a question (积分入户要满足什么条件？), to the terms that carry its meaning: 《titles》,
 * 文号 and article numbers (第十二条) whole; the other text split into words by Intl.Segmenter (zh-CN), question words and filler dropped
 * (QUESTION_WORDS), a single character the segmenter left after a word joined to it (残疾 人 → 残疾人, 幼儿 园 →
 * 幼儿园), neighbouring single characters joined (个 税 → 个税, 入 户 → 入户: the segmenter does not know such short
 * forms) and a lone single character dropped (a one-character word matches too much to rank by).
 * Letters and digits (1+X, 2019) are kept. Never throws; an empty query has no terms.
 */
export function meaningfulTerms(query: string): ReducedQuery {
  const terms: string[] = [];
  const add = (term: string) => {
    if (term && !terms.includes(term)) terms.push(term);
  };
  let reduced = false;
  let rest = query.normalize('NFKC');
  // An article number (第十二条, articleNumbers) is one term too: the segmenter cuts it 第|十二条, and 十二条 alone is
  // also the end of 第一百一十二条.
  for (const pattern of [QUOTED_TITLE, DOC_NUMBER_TEXT, ARTICLE_NUMBER]) {
    rest = rest.replace(pattern, (whole: string, ...groups: unknown[]) => {
      const title = groups.slice(0, 5).find((g): g is string => typeof g === 'string');
      if (pattern === QUOTED_TITLE && title !== undefined) {
        add(title.replace(/\s+/gu, ''));
        return ' ';
      }
      // The pattern takes every Chinese character before the 文号's prefix: give back leading filler (根据国发… → 国发…).
      const lead = leadingFiller(whole);
      add(whole.slice(lead.length).replace(/\s+/gu, ''));
      return `${lead} `;
    });
  }
  const tokens = [...new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment(rest)];
  const inPhrase = phraseTokens(tokens);
  const isQuestionWord = (i: number) => inPhrase.has(i) || QUESTION_WORDS.has(tokens[i]!.segment);
  const isSingle = (i: number) => i < tokens.length && tokens[i]!.isWordLike === true && [...tokens[i]!.segment].length === 1 && !isQuestionWord(i);
  let singles = '';
  // The term the previous token added, while nothing came between (a single character after it may end it: 残疾 人).
  let previous: string | undefined;
  const flush = () => {
    if ([...singles].length >= 2) add(singles);
    singles = '';
  };
  tokens.forEach((token, i) => {
    const { segment, isWordLike } = token;
    if (!isWordLike) {
      previous = undefined;
      if (/^[+＋]$/u.test(segment)) {
        singles += '+';
        return;
      }
      // Spaces separate terms; other punctuation (？，。) only tells that this was written as a sentence.
      if (!/^\s+$/u.test(segment)) reduced = true;
      flush();
      return;
    }
    if (isQuestionWord(i)) {
      reduced = true;
      previous = undefined;
      flush();
    } else if (/^[\p{N}\p{Script=Latin}]+$/u.test(segment) && /[+\p{N}\p{Script=Latin}]$/u.test(singles)) {
      singles += segment;
    } else if ([...segment].length === 1 && /^[\p{N}\p{Script=Latin}]$/u.test(segment) === false && previous && !singles && !isSingle(i + 1)) {
      // 残疾 人, 幼儿 园, 积分 制: the segmenter left the last character of a word alone.
      terms[terms.indexOf(previous)] = previous + segment;
      previous = undefined;
    } else if ([...segment].length === 1) {
      previous = undefined;
      singles += segment;
    } else {
      flush();
      add(segment);
      previous = terms.includes(segment) ? segment : undefined;
    }
  });
  flush();
  return { terms, reduced };
}

/** Chinese numerals readers type for a 文号's serial (国发〔2019〕五号), and the value of each digit. */
const CHINESE_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * The value of a number written in Chinese numerals (五 5, 十二 12, 二十 20, 一百零八 108, 一〇八 108), or undefined
 * for text that is not one. Up to 9999; digits without units are read digit by digit (一〇八).
 */
export function chineseNumeralValue(text: string): number | undefined {
  if (!/^[〇零一二两三四五六七八九十百千]+$/u.test(text)) return undefined;
  if (!/[十百千]/u.test(text)) return Number([...text].map((c) => CHINESE_DIGITS[c]).join(''));
  let total = 0;
  let digit: number | undefined;
  for (const c of text) {
    const unit = CHINESE_UNITS[c];
    if (unit === undefined) {
      digit = CHINESE_DIGITS[c];
      continue;
    }
    // 十二 is 12: a unit without a digit before it counts once.
    total += (digit ?? 1) * unit;
    digit = undefined;
  }
  return total + (digit ?? 0);
}

/**
 * A 文号 in the forms readers type (国发〔2019〕5号 in any brackets, 国发(2019)5号, 国发2019年5号, 国发19年5号,
 * 国发〔2019〕五号, 国发2019-5), its prefix kept as typed. What is read as a 文号, so nothing else is rewritten:
 * - a year in brackets (four digits or two), the serial after it in digits (号 optional) or Chinese numerals (号 needed);
 * - a year followed by 年 (four digits or two), then the serial and 号 (国发2019年5 could be the start of a date);
 * - a four-digit year, a dash or slash and the serial in digits, not followed by another such part (2019-05-06 is a
 *   date) nor by a digit.
 * The year is 19xx or 20xx (every 文号 of the sample site is from 1981–2025, content/documents).
 */
const LOOSE_DOC_NUMBER = new RegExp(
  [
    String.raw`(\p{Script=Han}{2,})\s*`,
    '(?:',
    String.raw`[〔［\[【(（﹝〖]\s*(\d{4}|\d{2})\s*[〕］\]】)）﹞〗]\s*第?\s*(?:(\d+)(?:\s*号)?|([〇零一二两三四五六七八九十百千]+)\s*号)`,
    '|',
    String.raw`(\d{4}|\d{2})\s*年\s*第?\s*(?:(\d+)|([〇零一二两三四五六七八九十百千]+))\s*号`,
    '|',
    String.raw`((?:19|20)\d{2})\s*[-－‐‑–—/／]\s*(\d+)(?:\s*号|(?![-－‐‑–—/／.．]?\d))`,
    ')',
  ].join(''),
  'gu',
);

/** A 文号's serial written in digits (5) or Chinese numerals (五, 十二): its number; undefined when neither. */
function serialValue(serial: string): number | undefined {
  return /^\d+$/u.test(serial) ? Number(serial) : chineseNumeralValue(serial);
}

/** Chinese numerals of a serial (五, 十二, 一百零六). */
const NUMERALS = '[〇零一二两三四五六七八九十百千]+';

/**
 * A 文号 with its year first, as readers say it: 2019年国发5号, 19年国发第5号, 2019年穗府办规第8号. The prefix
 * (机关代字) ends in 发, 函, 规 or 字, as nearly all do, so 2019年起实施5号 is not read as one; the year is not part
 * of a longer number.
 */
const YEAR_FIRST_DOC_NUMBER = new RegExp(String.raw`(?<!\d)(\d{4}|\d{2})\s*年\s*(\p{Script=Han}+?[发函规字])\s*第?\s*(\d+|${NUMERALS})\s*号`, 'gu');

/** A 文号 with a four-digit year and 第 instead of brackets: 国发2019第5号. */
const YEAR_THEN_DI_DOC_NUMBER = new RegExp(String.raw`(\p{Script=Han}{2,})\s*((?:19|20)\d{2})\s*第\s*(\d+|${NUMERALS})\s*号`, 'gu');

/**
 * A 文号 a reader gives in part (partialDocNumber): the prefix and serial without the year (国发5号: the site's
 * 文号 all carry one), or the year and serial without the prefix (2019年5号文, 19年第5号文件).
 */
export interface PartialDocNumber {
  prefix?: string;
  year?: number;
  serial: number;
}

const PREFIX_SERIAL = new RegExp(String.raw`^(\p{Script=Han}+?[发函规字])\s*第?\s*(\d+|${NUMERALS})\s*号(?:文件|文)?$`, 'u');
const YEAR_SERIAL = new RegExp(String.raw`^(\d{4}|\d{2})\s*年\s*(?:的)?\s*第?\s*(\d+|${NUMERALS})\s*号(?:文件|文)?$`, 'u');

/**
 * The part of a 文号 a query is, when it is only that (see PartialDocNumber); undefined otherwise, and for orders
 * (令), which have no year (orderNumber). `thisYear` decides two-digit years (fullYear).
 */
export function partialDocNumber(query: string, thisYear = new Date().getFullYear()): PartialDocNumber | undefined {
  const text = query.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  const bare = PREFIX_SERIAL.exec(text);
  if (bare) {
    const serial = serialValue(bare[2]!);
    return serial ? { prefix: bare[1]!, serial } : undefined;
  }
  const dated = YEAR_SERIAL.exec(text);
  if (dated) {
    const serial = serialValue(dated[2]!);
    const year = fullYear(dated[1]!, thisYear);
    return serial && year ? { year, serial } : undefined;
  }
  return undefined;
}

/**
 * The 文号 filters (key wh<year>, value <prefix>-<serial>, as the build gives documents) that a partial 文号 matches,
 * from Pagefind's filter counts (key → value → pages); the newest year first.
 */
export function partialDocNumberFilters(partial: PartialDocNumber, counts: Record<string, Record<string, number>>, prefix = 'wh'): { key: string; value: string }[] {
  const found: { key: string; value: string }[] = [];
  for (const [key, values] of Object.entries(counts)) {
    if (!key.startsWith(prefix)) continue;
    const year = Number(key.slice(prefix.length));
    if (!Number.isInteger(year) || (partial.year !== undefined && year !== partial.year)) continue;
    for (const [value, count] of Object.entries(values)) {
      const m = /^(.*)-(\d+)$/u.exec(value);
      if (!m || count === 0 || Number(m[2]) !== partial.serial || (partial.prefix !== undefined && m[1] !== partial.prefix)) continue;
      found.push({ key, value });
    }
  }
  return found.sort((a, b) => b.key.localeCompare(a.key) || a.value.localeCompare(b.value));
}
/**
 * A two-digit year of a 文号 as four digits: 20YY up to this year, 19YY after it (国发19年5号 is 2019, 国办发96年25号
 * 1996). A four-digit year is kept; undefined for a year that is not 19xx or 20xx.
 */
function fullYear(year: string, thisYear: number): number | undefined {
  const n = Number(year);
  if (year.length === 4) return n >= 1900 && n < 2100 ? n : undefined;
  return 2000 + n <= thisYear ? 2000 + n : 1900 + n;
}

/**
 * A query as it is searched: each 文号 in it in the form readers type (LOOSE_DOC_NUMBER: 国发 〔 2019 〕 5 号,
 * 国发(2019)5号, 国发19年5号, 国发〔2019〕五号, 国发2019-5) written as its canonical form 国发〔2019〕5号, so its
 * document comes first and its words are searched as when typed so. Nothing else changes; the address and the search
 * box keep what the reader typed. `thisYear` decides two-digit years (fullYear).
 */
export function normalizeQuery(query: string, thisYear = new Date().getFullYear()): string {
  const canonical = (whole: string, prefix: string, year: string, serial: string) => {
    const full = fullYear(year, thisYear);
    const value = serialValue(serial);
    return full !== undefined && value !== undefined && value > 0 ? `${prefix}〔${full}〕${value}号` : whole;
  };
  return query
    .replace(YEAR_FIRST_DOC_NUMBER, (whole: string, year: string, prefix: string, serial: string) => canonical(whole, prefix, year, serial))
    .replace(YEAR_THEN_DI_DOC_NUMBER, (whole: string, prefix: string, year: string, serial: string) => canonical(whole, prefix, year, serial))
    // Each alternative of LOOSE_DOC_NUMBER has a year (groups 1, 4, 7) and a serial in digits (2, 5, 8) or numerals (3, 6).
    .replace(LOOSE_DOC_NUMBER, (whole: string, prefix: string, ...g: (string | undefined)[]) =>
      canonical(whole, prefix, g[0] ?? g[3] ?? g[6] ?? '', g[1] ?? g[4] ?? g[7] ?? g[2] ?? g[5] ?? ''),
    );
}

/** A query that is one phrase in quotation marks; see quotedPhrase. */
const WHOLE_QUOTE = /^(?:"([^"]+)"|“([^“”]+)”|「([^「」]+)」|『([^『』]+)』|'([^']+)'|‘([^‘’]+)’)$/u;

/**
 * The phrase of a query that is one phrase in quotation marks ("营商环境", “营商环境”, 「营商环境」, 『…』, '…', ‘…’),
 * without them and trimmed: the reader asks for that text as written, not for its words apart. Undefined for any
 * other query (a quote inside a longer query is kept whole as a term by meaningfulTerms instead).
 */
export function quotedPhrase(query: string): string | undefined {
  const match = WHOLE_QUOTE.exec(query.normalize('NFKC').trim());
  const phrase = match?.slice(1).find((g) => g !== undefined)?.trim();
  return phrase ? phrase : undefined;
}

/**
 * The Latin words of a query (qwzx, abc, DNA): words of letters only, as the browser splits the query, lower case,
 * without repeats. Pagefind matches such a word as the start of the index's words and, failing that, by its letters
 * (abc found pages with the one-letter words A and B), so each must be found as a whole word, which Pagefind's phrase
 * search of it does ("abc" finds nothing, "dna" finds DNA). Letters joined to digits or signs (1+X, IPv6, 文号 and
 * 索引号 parts) are not among them: they are searched as they are.
 */
export function latinWords(query: string): string[] {
  const tokens = [...new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment(query.normalize('NFKC'))];
  const words = tokens.filter((t, i) => {
    if (!t.isWordLike || !/^\p{Script=Latin}+$/u.test(t.segment)) return false;
    // 1+X, A-1, X2345: part of a code, not a word of its own.
    const joined = (s: string | undefined) => !!s && /^[\p{N}+＋\-_.\/]/u.test(s);
    return !joined(tokens[i + 1]?.segment) && !joined(tokens[i - 1]?.segment.slice(-1));
  });
  return [...new Set(words.map((t) => t.segment.toLowerCase()))];
}

/**
 * The numbers of a query (201, 2019 and 4 in 国办发〔2019〕4号): its words of digits only, as the browser splits it,
 * without repeats. Pagefind matches a number as the start of the index's words (201 finds 2019, 4 finds 45), so each
 * must be found as a whole word, which Pagefind's phrase search of it does (the index keeps numbers as words of their
 * own: 国|办|发|〔|2019|〕|4|号). Digits joined to letters or signs (IPv6, 1+X, 2.5) are not among them: part of a code.
 */
export function numberWords(query: string): string[] {
  const tokens = [...new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment(query.normalize('NFKC'))];
  const words = tokens.filter((t, i) => {
    if (!/^\d+$/u.test(t.segment)) return false;
    const joined = (s: string | undefined) => !!s && /^[\p{Script=Latin}+＋\-_.\/]/u.test(s);
    return !joined(tokens[i + 1]?.segment) && !joined(tokens[i - 1]?.segment.slice(-1));
  });
  return [...new Set(words.map((t) => t.segment))];
}

/**
 * Whether `text` holds `part` with its numbers whole: where `part` starts or ends with a digit, the text has no digit
 * just before or after it (150分 is not held by 2150分, 201 not by 2019). Otherwise as String.includes.
 */
export function holdsWhole(text: string, part: string): boolean {
  if (!part) return false;
  const before = /^\d/u.test(part);
  const after = /\d$/u.test(part);
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
    if (before && /\d/u.test(text[at - 1] ?? '')) continue;
    if (after && /\d/u.test(text[at + part.length] ?? '')) continue;
    return true;
  }
  return false;
}

/**
 * A number with its unit (150分, 60周岁, 3000元, 2.5万): read as a fragment, so only the pages holding it as written are
 * shown. Pagefind's word search for 150分 also finds pages with 150 or 50 apart from 分 (5 of 7 on the sample site).
 */
export function isQuantity(query: string): boolean {
  return /^\d+(?:\.\d+)?\p{Script=Han}{1,3}$/u.test(query);
}

/** Characters (letters, digits, Chinese) a query needs before it is read as a pasted sentence; see isSentenceQuery. */
export const SENTENCE_MIN = 12;

/** A text reduced to its letters and digits (Chinese included), lower case: what a page and a sentence share. */
function sentenceChars(text: string): string[] {
  return [...text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')];
}

/**
 * Words that make a query a reader's question rather than a sentence pasted from a page (compared with whole words of
 * the segmentation, as QUESTION_WORDS). Not 是否 or 能否, which the texts themselves use.
 */
const INTERROGATIVES = new Set(['什么', '是什么', '怎么', '怎么办', '怎样', '如何', '为什么', '为何', '哪些', '哪个', '哪里', '哪儿', '哪', '多少', '多久', '谁', '吗', '呢', '咋', '啥', '是啥', '多少钱', '能不能', '有没有', '可不可以', '是不是', '要不要']);

/**
 * true for a query of SENTENCE_MIN letters, digits or Chinese characters or more, not in quotation marks, without a
 * question word (INTERROGATIVES) or question mark: it may be a sentence pasted from a page
 * (进一步营造公平竞争的市场环境和法治化、便利化的营商环境), whose source page should come first (sentenceRunIn),
 * whatever its words' ranking says. A question is not checked so: its phrase search would load index chunks of its
 * question words (a first query 39 KB larger) and find nothing.
 */
export function isSentenceQuery(query: string): boolean {
  if (quotedPhrase(query) || sentenceChars(query).length < SENTENCE_MIN || /[?？]/u.test(query)) return false;
  return ![...new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment(query.normalize('NFKC'))].some((t) => t.isWordLike && INTERROGATIVES.has(t.segment));
}

/**
 * The longest run of consecutive characters of `sentence` that `text` holds, in characters, comparing letters and
 * digits only (punctuation and spaces ignored on both sides, letters in lower case). O(sentence × text) characters.
 */
export function sentenceRun(sentence: string, text: string): number {
  return sentenceRunIn(sentence, [text]).run;
}

/**
 * sentenceRun over a page's words (a text block's): the longest run and the index of the word it starts in
 * (0 when there is no run).
 */
export function sentenceRunIn(sentence: string, words: readonly string[]): { run: number; word: number } {
  const a = sentenceChars(sentence);
  const b: string[] = [];
  const owner: number[] = [];
  words.forEach((word, i) => {
    for (const c of sentenceChars(word)) {
      b.push(c);
      owner.push(i);
    }
  });
  let best = 0;
  let end = 0;
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const next = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        next[j] = row[j - 1]! + 1;
        if (next[j]! > best) [best, end] = [next[j]!, j];
      }
    }
    row = next;
  }
  return { run: best, word: best ? owner[end - best]! : 0 };
}

/** Clauses of a pasted sentence searched as phrases (sentenceClauses), and the fewest characters of one. */
export const SENTENCE_CLAUSES = 1;
const CLAUSE_MIN = 5;

/**
 * The clauses of a pasted sentence (isSentenceQuery) to search as phrases, longest first: its runs between
 * punctuation and spaces of CLAUSE_MIN characters or more, at most SENTENCE_CLAUSES. Pagefind's phrase search of a
 * clause finds the page that holds it, and where, when the index cut it into the same words as the browser; the
 * clauses are searched apart so one cut differently does not lose the others. [] for a query that is not a sentence.
 */
export function sentenceClauses(query: string): string[] {
  if (!isSentenceQuery(query)) return [];
  const clauses = query
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((c) => [...c].length >= CLAUSE_MIN);
  return [...new Set(clauses)].sort((a, b) => [...b].length - [...a].length).slice(0, SENTENCE_CLAUSES);
}

/**
 * The terms of a pasted sentence (isSentenceQuery) worth a search of their own: those in its clauses searched as
 * phrases (sentenceClauses), so its first query loads the index chunks of that clause's words only (a 31-character
 * sentence of three clauses loaded 171.2 KB, over the 150 KB budget; 153.2 KB with two clauses, 134.4 KB with one:
 * npm run bench:search -- --bytes-only); the source page is found by the clause. `terms` (meaningfulTerms) as they are
 * for any other query, or when none is in the clause.
 */
export function sentenceTerms(query: string, terms: readonly string[]): string[] {
  const clauses = sentenceClauses(query).map((c) => c.normalize('NFKC'));
  const inClauses = terms.filter((t) => clauses.some((c) => c.includes(t)));
  return inClauses.length > 0 ? inClauses : [...terms];
}

/**
 * Whether a run of `run` characters (sentenceRun) makes a page the source of a pasted sentence: it holds the
 * whole sentence, or most of its consecutive text (at least half of its characters and at least 8).
 */
export function holdsSentence(sentence: string, run: number): boolean {
  const n = sentenceChars(sentence).length;
  return run >= n || (run * 2 >= n && run >= 8);
}

/**
 * The synonyms an excerpt marks besides a search's terms (excerptParts' `wholeTerms`): each term's other forms
 * (synonymsOf), so a page found through 医疗保障 for 医保 shows 医疗保障 marked; marked only where whole. Without
 * repeats or the terms themselves.
 */
export function markedSynonyms(terms: readonly string[], groups: SynonymGroups): string[] {
  return [...new Set(terms.flatMap((t) => synonymsOf(t, groups, 8)))].filter((s) => !terms.includes(s));
}

/** Longest fragment (in characters) checked against the pages' text; see isFragmentQuery. */
export const FRAGMENT_MAX = 6;

/**
 * true for a query that is one run of 2 to FRAGMENT_MAX Chinese characters (抽查检, 营商环境): it may be a piece of
 * text copied across the index's word boundaries, and only pages that contain it as written match it.
 */
export function isFragmentQuery(query: string): boolean {
  const q = query.normalize('NFKC').trim();
  return new RegExp(`^\\p{Script=Han}{2,${FRAGMENT_MAX}}$`, 'u').test(q);
}

/**
 * The words of a query as the browser splits it (Intl.Segmenter, zh-CN), as Pagefind's client does before it
 * searches: 推行部 is 推行 部, 抽查检 is 抽查 检.
 */
export function queryWords(query: string): string[] {
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  return [...segmenter.segment(query.normalize('NFKC'))].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * Whether a page's words hold `fragment` as written around one of the `locations` (Pagefind's word positions of its
 * matches). `words` are the page's words from position `offset` (a text block, result-files.ts); a match may be any
 * word of the fragment, so each window runs from a few words before the location to as many after as the fragment
 * has characters. Whitespace between words is ignored (the index keeps a line's end as a space after a word).
 */
export function holdsFragment(words: readonly string[], offset: number, locations: readonly number[], fragment: string): boolean {
  return fragmentAt(words, offset, locations, fragment) !== undefined;
}

/**
 * The first of `locations` around which the page's words hold `fragment` (see holdsFragment), or undefined: the
 * place the excerpt of a page found by the fragment is taken from, so the excerpt shows it (继续执). `holds` decides
 * whether the joined words around a location hold it (default: holdsWhole; a 文号 passes holdsDocNumber, which reads
 * any bracket style).
 */
export function fragmentAt(
  words: readonly string[],
  offset: number,
  locations: readonly number[],
  fragment: string,
  holds: (text: string) => boolean = (text) => holdsWhole(text, fragment),
): number | undefined {
  const n = [...fragment].length;
  for (const at of locations) {
    const from = Math.max(0, at - offset - n);
    const to = Math.min(words.length, at - offset + n + 1);
    if (to <= from) continue;
    if (holds(words.slice(from, to).join('').replace(/\s+/gu, ''))) return at;
  }
  return undefined;
}

/**
 * The locations worth checking for a fragment among a result's matched words: where two matches are next to each
 * other (推行 and 部门 for 推行部), when there are such; otherwise all of them. Sorted, without repeats.
 */
export function fragmentLocations(locations: readonly number[]): number[] {
  const sorted = [...new Set(locations)].sort((a, b) => a - b);
  const set = new Set(sorted);
  const adjacent = sorted.filter((l) => set.has(l + 1) || set.has(l - 1));
  return adjacent.length > 0 ? adjacent : sorted;
}

/**
 * One term's search: the results' keys (shard and page) with Pagefind's scores, best first; `whole: false` for a page
 * that has the term (or a synonym) only as a part of other words, not as a word of its own (see wholeTermSearches).
 */
export interface TermResults {
  term: string;
  hits: { key: string; score: number; whole?: boolean }[];
}

/**
 * The weight of a term a page matches only across a word boundary or inside another word (低保 in 降低保险, 长护险 as
 * 长|护|险 in 保险法), relative to a page that has it as a word: such pages come after those that have the term, but are
 * kept, as a question's terms are often written apart on the page (积分入户 in 积分制入户).
 */
export const PART_MATCH_WEIGHT = 0.4;

/**
 * The searches that tell which pages have a question's Chinese term (or one of its synonyms) as a whole word of the
 * index: Pagefind's phrase search of each form ("低保" finds the 2 pages with the word 低保, not 降低保险; the word search
 * 低保 also finds 降低|保险 and pages with 低 and 保 apart). [] for a term that is not 2 or more Chinese characters.
 */
export function wholeTermSearches(term: string, groups: SynonymGroups): string[] {
  return /^\p{Script=Han}{2,}$/u.test(term) ? [term, ...synonymsOf(term, groups)].map((f) => `"${f}"`) : [];
}

/** A page's place in a question's ranking. */
export interface TermScore {
  key: string;
  /** Sum over the terms the page matches of the term's weight, see rankByTerms. */
  score: number;
  /** The terms (as given) the page matches. */
  matched: string[];
}

/** How much a term says: ln(1 + pages / pages matching it); a term in every page says little. */
export function termWeight(totalPages: number, matching: number): number {
  return matching > 0 ? Math.log(1 + Math.max(totalPages, matching) / matching) : 0;
}

/**
 * Ranks the pages of several term searches (one per meaningful term of a question) so that pages matching more of
 * the terms come first even when no page matches all of them: a page scores, for each term it matches, the term's
 * weight (termWeight, so rare terms count more) times 0.75 plus 0.25 of its Pagefind score relative to the term's
 * best page (a page about the term beats a page that mentions it), times PART_MATCH_WEIGHT where the page has the term
 * only as a part of other words (`whole: false`). Ties keep the order of first appearance.
 * `totalPages` is the number of pages searched (shards.json); a term with no results counts for nothing.
 */
export function rankByTerms(lists: readonly TermResults[], totalPages: number): TermScore[] {
  const scores = new Map<string, TermScore>();
  for (const { term, hits } of lists) {
    if (hits.length === 0) continue;
    const weight = termWeight(totalPages, hits.length);
    const best = Math.max(...hits.map((h) => h.score), Number.MIN_VALUE);
    for (const { key, score, whole } of hits) {
      let entry = scores.get(key);
      if (!entry) scores.set(key, (entry = { key, score: 0, matched: [] }));
      if (entry.matched.includes(term)) continue;
      entry.matched.push(term);
      entry.score += weight * (0.75 + (0.25 * Math.max(0, score)) / best) * (whole === false ? PART_MATCH_WEIGHT : 1);
    }
  }
  return [...scores.values()].map((s, i) => ({ s, i })).sort((a, b) => b.s.score - a.s.score || a.i - b.i).map((x) => x.s);
}

/** Terms of a question searched at most (each is one Pagefind search). */
export const MAX_TERMS = 8;

/** The query with one of its space-separated parts replaced by a synonym (synonymsOf), at most four. */
export function queryVariants(text: string, groups: SynonymGroups): string[] {
  const parts = text.split(/\s+/u).filter(Boolean);
  return parts.flatMap((part, i) => synonymsOf(part, groups).map((form) => parts.map((p, j) => (j === i ? form : p)).join(' '))).slice(0, 4);
}

/**
 * The Pagefind searches a query surely needs, known before any result is in, so the search page starts them side
 * by side instead of one after another (each waits for its index chunks over the network):
 * - a question (meaningfulTerms reduced it): each meaningful term (at most MAX_TERMS), its synonyms and their phrase
 *   searches (wholeTermSearches); the question
 *   as typed is not among them (its word search would find pages that match all of it, which questions rank
 *   without); a Latin word as a phrase (termSearch);
 * - a query long enough to be a pasted sentence: the phrase search of each of its clauses (sentenceClauses);
 * - a phrase in quotation marks (quotedPhrase): its phrase search, the phrase itself when it is a fragment, and its
 *   terms (looseTerms) for the pages shown after those that hold it;
 * - a fragment (isFragmentQuery): the query as typed and its phrase search ("…");
 * - another query: the query, and its phrase search unless sorted by date or made of several parts;
 * - and each synonym variant (queryVariants) of a fragment or other query, with its phrase search unless sorted by
 *   date (a fragment's always), and the phrase search of each of its Latin words (latinWords).
 * Searches that depend on results (a question term shortened when it finds nothing, the looser query when few are
 * found, a fragment's longer words) are not in it. Terms are as Pagefind is given them; no repeats.
 */
export function plannedSearches(query: string, byDate: boolean, groups: SynonymGroups): { question: boolean; terms: string[] } {
  const text = query.normalize('NFKC').trim();
  const quoted = quotedPhrase(text);
  if (quoted) {
    const planned = [...(isFragmentQuery(quoted) ? [quoted] : []), `"${quoted}"`, ...looseTerms(quoted)];
    return { question: false, terms: [...new Set(planned)] };
  }
  const fragment = isFragmentQuery(text);
  const { terms, reduced } = meaningfulTerms(text);
  const question = !fragment && reduced && terms.length > 0;
  const planned = question
    ? [...sentenceTerms(text, terms).slice(0, MAX_TERMS).flatMap((t) => [termSearch(t), ...synonymsOf(t, groups), ...wholeTermSearches(t, groups)]), ...sentenceClauses(text).map((c) => `"${c}"`)]
    : [
        query,
        ...(fragment || (!byDate && !/\s/u.test(text)) ? [`"${text}"`] : []),
        ...queryVariants(text, groups).flatMap((v) => (isFragmentQuery(v) || !byDate ? [v, `"${v}"`] : [v])),
        ...[...latinWords(text), ...numberWords(text)].map((w) => `"${w}"`),
        ...sentenceClauses(text).map((c) => `"${c}"`),
      ];
  // An article number's phrase and index word (第十 for 第十二条, articleResults in client.ts), a question's too.
  const articles = articleNumbers(text).flatMap((a) => [`"${a}"`, articleSearch(a)]);
  return { question, terms: [...new Set([...planned, ...articles])] };
}

/**
 * What Pagefind is given for one term of a question: a Latin word (latinWords) as a phrase in lower case, so it
 * matches only that whole word ("dna"); any other term as it is.
 */
export function termSearch(term: string): string {
  return /^\p{Script=Latin}+$/u.test(term) ? `"${term.toLowerCase()}"` : term;
}

/** Longest query searched, in characters (code points); the search inputs carry it as `maxlength`. */
export const MAX_QUERY_LENGTH = 100;

/**
 * A query cut to MAX_QUERY_LENGTH characters (code points, so no character is split), and whether it was cut:
 * a link may carry any length, and a query of thousands of characters keeps the page busy for minutes.
 */
export function limitQuery(query: string): { q: string; cut: boolean } {
  const chars = [...query];
  return chars.length > MAX_QUERY_LENGTH ? { q: chars.slice(0, MAX_QUERY_LENGTH).join('').trim(), cut: true } : { q: query, cut: false };
}

/** The line shown above a search's results when its query was cut (limitQuery). */
export function cutQueryNote(): string {
  return `搜索词较长，已按前 ${MAX_QUERY_LENGTH} 个字搜索。如需更准确的结果，请输入更短的关键词。`;
}

/**
 * The terms a fragment's looser results must contain when too few pages hold the fragment as written (积分入户 →
 * 积分 入户, pages saying 积分制入户): its meaningful terms (meaningfulTerms), when there are two or more; otherwise
 * none, as a one-word fragment's word search is already its results.
 */
export function looseTerms(fragment: string): string[] {
  const { terms } = meaningfulTerms(fragment.normalize('NFKC').trim());
  return terms.length >= 2 ? terms : [];
}

/**
 * The line above a fragment's looser results (looseTerms), which do not hold it as written:
 * 没有找到与“积分入户”完全一致的内容，以下结果包含“积分”“入户”. `exactFound`: some results above do hold it;
 * `partial`: some of the looser results hold only some of the terms (they come last).
 */
export function looseResultsNote(fragment: string, terms: readonly string[], exactFound: boolean, partial: boolean): string {
  const words = terms.map((t) => `“${t}”`).join('');
  const lead = exactFound ? `以下结果不含与“${fragment}”完全一致的内容，只包含` : `没有找到与“${fragment}”完全一致的内容，以下结果包含`;
  return `${lead}${words}${partial ? '（靠后的只包含其中一部分）' : ''}`;
}

/**
 * The status line of a search with looser results (looseResultsNote): the count of pages holding the query as written,
 * as statusText words it, then the looser ones, short enough for two lines in elder mode at 375 px:
 * 找到 3 条结果，另有 12 条相近结果; with none holding it, the looser ones alone: 找到 4 条相近结果 (a tester read
 * 找到 0 条结果，另有 4 条相近结果 as nothing found, when the four were right: 积分入户 for 积分制入户). The note above
 * the looser results says what they hold.
 */
export function looseStatusText(exact: number, loose: number): string {
  return exact > 0 ? `找到 ${exact} 条结果，另有 ${loose} 条相近结果` : `找到 ${loose} 条相近结果`;
}

/** An article number as laws and rules write it: 第十二条, 第一百八十二条, 第3款, 第二项, 第五章, 第一节. */
const ARTICLE_NUMBER = /第[零〇一二三四五六七八九十百千两\d]+[条款项章节编]/gu;

/**
 * The article numbers (第十二条, 第五十三条, 第二款, 第五章) of a query, as written, without repeats. Pagefind's index
 * cuts them with its own dictionary (第十|二条, 第二|百|零|七条, 第三|条: found in dist/pagefind's text blocks) and the
 * browser with another (第|十二条), so neither the word nor the phrase search finds them reliably; see articleSearch.
 */
export function articleNumbers(query: string): string[] {
  return [...new Set(query.normalize('NFKC').match(ARTICLE_NUMBER) ?? [])];
}

/**
 * The Pagefind search that finds every page holding an article number (articleNumbers): 第 and its first numeral
 * (第十 for 第十二条), the first word of the index's every cut of it (第十|二条, 第二|百|零|七条, 第一节 as one word, which
 * 第一 starts). Its results must then be checked for the whole number, as a fragment's (holdsFragment): 第十 is also
 * the start of 第十条 and 第十九条.
 */
export function articleSearch(article: string): string {
  return [...article].slice(0, 2).join('');
}

/** A query without its article numbers (articleNumbers), spaces trimmed: the other words searched with them. */
export function withoutArticles(query: string): string {
  return query.normalize('NFKC').replace(ARTICLE_NUMBER, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * A query that runs an editors' known term (a word of content/search-synonyms.yaml) into another word, with a space
 * between them: 放管服改革 → 放管服 改革. The browser cuts 放管服改革 into 放|管|服|改革 and the pages say 深化“放管服”
 * 改革 with quotation marks between, so the query as written matches none of them; the two words apart do. The
 * longest known term in the query decides. Undefined when the query is a known term alone, holds none, has spaces, or
 * leaves a single character apart (医保局).
 */
export function splitKnownTerm(query: string, groups: SynonymGroups): string | undefined {
  const text = query.normalize('NFKC').trim();
  if (/\s/u.test(text)) return undefined;
  const word = groups
    .flat()
    .filter((w) => [...w].length >= 2 && text.includes(w) && text !== w)
    .sort((a, b) => [...b].length - [...a].length)[0];
  if (!word) return undefined;
  const split = text.replace(word, ` ${word} `).replace(/\s+/gu, ' ').trim();
  // Another word of one character (医保局 is 医保 局) is not a word of its own: the synonyms' forms (医疗保障局) serve.
  const others = split.split(' ').filter((p) => p !== word);
  return others.length > 0 && others.every((p) => [...p].length >= 2) ? split : undefined;
}
