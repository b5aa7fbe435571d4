/**
 * The reader's search as data: the query, the chosen filters and the sort, read from and written to the URL;
 * and recognising a 文号 typed with any brackets (or none) so its document can be put first.
 * Plain TypeScript shared by the search page's client and the tests.
 */
import { docNumberToSearchKey } from '../lib/doc-number';
import { FILTERS, searchKeyToFilter, type FilterKey } from './fields';

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

/**
 * Finds a 文号 in a query: the whole query, or a run of words in it (国发〔2019〕5号 双随机, 国发 2019 5号).
 * Longer runs are tried first, so 国发 2019 5号 is one 文号 and not the word 国发.
 */
export function findDocNumber(query: string): { key: string; value: string } | undefined {
  const words = query.trim().split(/\s+/u).filter(Boolean);
  for (let n = Math.min(words.length, 4); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const found = docNumberQuery(words.slice(i, i + n).join(' '));
      if (found) return found;
    }
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
