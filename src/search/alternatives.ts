/**
 * What the search page offers when a search finds nothing: the nearest searches that do find something — the
 * query with one word dropped, its words alone, the query without the chosen filters — and the topic and issuer
 * that share a word with the query. Plain TypeScript shared by the search page's client and the tests; the client
 * runs each offered search the way the page runs a reader's (findResults in client.ts), so every link promises the
 * number of results it shows when followed.
 */
import type { FilterKey } from './fields';
import { meaningfulTerms } from './query';

/** Shorter queries tried at most (each is one search). */
export const MAX_SHORTER = 3;

/** One Chinese character. */
const HAN = /^\p{Script=Han}$/u;
const ALL_HAN = /^\p{Script=Han}+$/u;

/** The words of a Chinese text by the browser's word segmenter. */
function segmentWords(text: string): string[] {
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * The words of a Chinese text without spaces, as whole words: the browser's words (`segment`), where a single Chinese
 * character it leaves (one or several in a row) joins the word before it, or at the start the word after it. Such a
 * character is usually the end of a word the segmenter does not know (计算 机 → 计算机, 残疾 人 → 残疾人, 积分 制 入 户 →
 * 积分制入户) or a short form's first character (双 随机 → 双随机); several at the start are a word (入 户 → 入户). So
 * no word of the result is a piece cut across the text's words (人补贴, 量子机). Where the segmenter knows no Chinese
 * words at all (only single characters, as Node without ICU data), pairs of characters, as most Chinese words are
 * two. Joined in order, the words give back the text.
 */
export function readerWords(text: string, segment: (text: string) => string[] = segmentWords): string[] {
  const tokens = segment(text);
  const single = (t: string | undefined) => t !== undefined && HAN.test(t);
  if (tokens.length > 1 && tokens.every(single)) {
    const chars = [...text];
    const pairs: string[] = [];
    for (let i = 0; i < chars.length; i += 2) pairs.push(chars.slice(i, i + 2).join(''));
    return pairs;
  }
  const words: string[] = [];
  let lead = '';
  for (const token of tokens) {
    if (!single(token)) {
      // Two characters or more at the start are a word of their own (入 户 宇宙 → 入户, 宇宙).
      if ([...lead].length >= 2) words.push(lead, token);
      else words.push(lead + token);
      lead = '';
    } else if (words.length > 0) words[words.length - 1] += token;
    else lead += token;
  }
  if (lead) words.push(lead);
  return words;
}

/**
 * Shorter searches made of the query's whole words, nearest first: without its last word, without its first, then
 * without each word between; at most `max`, none empty and none the query itself. Words are the parts between
 * spaces, or for a Chinese query of four characters or more without spaces its readerWords (量子计算机 → 量子,
 * 计算机). A search that drops a word from the middle keeps the parts on either side apart with a space (营商 改革试点),
 * so no offered search is a piece of text the query never had (量子机).
 */
export function shorterQueries(query: string, max = MAX_SHORTER, segment: (text: string) => string[] = segmentWords): string[] {
  const text = query.trim();
  let words = text.split(/\s+/u).filter(Boolean);
  let spaced = true;
  if (words.length === 1 && ALL_HAN.test(text) && [...text].length >= 4) {
    spaced = false;
    words = readerWords(text, segment);
  }
  const without = (drop: number): string => {
    if (spaced) return words.filter((_, i) => i !== drop).join(' ');
    return [words.slice(0, drop).join(''), words.slice(drop + 1).join('')].filter(Boolean).join(' ');
  };
  const order = [words.length - 1, 0, ...words.map((_, i) => i).slice(1, -1)];
  const candidates = words.length < 2 ? [] : order.map(without);
  const out: string[] = [];
  for (const shorter of candidates) if (shorter && shorter !== text && !out.includes(shorter)) out.push(shorter);
  return out.slice(0, max);
}

/**
 * The query's words of two characters or more, each a search of its own, longest first (计算机 before 量子): tried
 * when no shorter query finds anything. None is the query itself.
 */
export function wordQueries(query: string, max = MAX_SHORTER, segment: (text: string) => string[] = segmentWords): string[] {
  const text = query.trim();
  const words = text.split(/\s+/u).filter(Boolean).flatMap((part) => (ALL_HAN.test(part) && [...part].length >= 4 ? readerWords(part, segment) : [part]));
  const out = [...new Set(words)].filter((w) => [...w].length >= 2 && w !== text);
  return out.sort((a, b) => [...b].length - [...a].length).slice(0, max);
}

/** Pagefind's counts of a filter's values, e.g. { topic: { '卫生、体育\\卫生': 3 } }. */
export type FilterCounts = Record<string, Record<string, number>>;

/**
 * The filter value that shares a meaningful word with the query (its meaningfulTerms, question words and filler
 * dropped): the one whose shared words are longest in all (国务院办公厅 shares 国务院 and 办公厅 with 国务院办公厅的规定),
 * then the one with the most pages; values with no page are never offered. Undefined when no value shares a word:
 * a topic or issuer unrelated to the query is no help.
 */
export function relatedValue(query: string, counts: Record<string, number> | undefined): string | undefined {
  const words = meaningfulTerms(query).terms.filter((t) => [...t].length >= 2);
  let best: { value: string; shared: number; pages: number } | undefined;
  for (const [value, pages] of Object.entries(counts ?? {})) {
    if (!value || pages <= 0) continue;
    const shared = words.filter((w) => value.includes(w)).reduce((n, w) => n + [...w].length, 0);
    if (shared === 0) continue;
    if (!best || shared > best.shared || (shared === best.shared && pages > best.pages)) best = { value, shared, pages };
  }
  return best?.value;
}

/** One alternative the page offers: the words of the link and its address. */
export interface Alternative {
  text: string;
  href: string;
}

/** A search's address on the search page: /search/?q=…&topic=…. */
export function searchHref(q: string, filters: Partial<Record<FilterKey, string>> = {}): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return `/search/?${params}`;
}

/** A search tried for the alternatives, with the number of results the search page says it finds. */
export interface TriedSearch {
  q: string;
  filters: Partial<Record<FilterKey, string>>;
  /** The number the page's status line gives for this search (results that hold the query, not looser ones). */
  count: number;
  /** The reader's query without the reader's filters. */
  unfiltered?: boolean;
}

/**
 * The alternatives to offer: up to two of the searches tried that find pages (in the order tried), then the related
 * topic and issuer (relatedValue) with the number of their pages, each as a link whose text gives the number the
 * page shows when it is followed.
 */
export function alternatives(tried: readonly TriedSearch[], browse: { topic?: { value: string; count: number }; issuer?: { value: string; count: number } } = {}): Alternative[] {
  const out: Alternative[] = [];
  for (const t of tried.filter((t) => t.count > 0).slice(0, 2)) {
    const what = t.unfiltered ? `不限筛选条件搜索“${t.q}”` : `搜索“${t.q}”`;
    out.push({ text: `${what}（${t.count} 条）`, href: searchHref(t.q, t.filters) });
  }
  const { topic, issuer } = browse;
  if (topic && topic.count > 0) out.push({ text: `主题：${topic.value}（${topic.count} 条）`, href: searchHref('', { topic: topic.value }) });
  if (issuer && issuer.count > 0) out.push({ text: `机关：${issuer.value}（${issuer.count} 条）`, href: searchHref('', { issuer: issuer.value }) });
  return out;
}
