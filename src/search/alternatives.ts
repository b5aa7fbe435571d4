/**
 * What the search page offers when a search finds nothing: the nearest searches that do find something — the
 * query with one word dropped, the query without the chosen filters — and a topic and an issuer to browse.
 * Plain TypeScript shared by the search page's client and the tests; the client runs the searches.
 */
import type { FilterKey } from './fields';

/** Shorter queries tried at most (each is one search). */
export const MAX_SHORTER = 3;

const HAN = /\p{Script=Han}/u;
const ALL_HAN = /^\p{Script=Han}+$/u;

/** The words of a Chinese text by the browser's word segmenter. */
function segmentWords(text: string): string[] {
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * The query with one word dropped, nearest first: without its last word, without its first, then without each
 * word between; at most `max`, none empty and none the query itself. Words are the parts between spaces, or for a
 * Chinese query of four characters or more without spaces its words by `segment` (the browser's segmenter:
 * 双随机宇宙 → 双随机, 随机宇宙), which stay without spaces. Where the segmenter knows no Chinese words (it gives
 * single characters, as Node's does), two characters are dropped instead, as most Chinese words are two.
 */
export function shorterQueries(query: string, max = MAX_SHORTER, segment: (text: string) => string[] = segmentWords): string[] {
  const text = query.trim();
  let words = text.split(/\s+/u).filter(Boolean);
  let spaced = true;
  if (words.length === 1 && ALL_HAN.test(text) && [...text].length >= 4) {
    spaced = false;
    words = segment(text);
    if (words.every((w) => [...w].length === 1)) {
      const chars = [...text];
      words = [];
      for (let i = 0; i < chars.length; i += 2) words.push(chars.slice(i, i + 2).join(''));
    }
  }
  const order = [words.length - 1, 0, ...words.map((_, i) => i).slice(1, -1)];
  const candidates = words.length < 2 ? [] : order.map((drop) => words.filter((_, i) => i !== drop).join(spaced ? ' ' : ''));
  const out: string[] = [];
  for (const shorter of candidates) if (shorter && shorter !== text && !out.includes(shorter)) out.push(shorter);
  return out.slice(0, max);
}

/** Pagefind's counts of a filter's values, e.g. { topic: { '卫生、体育\\卫生': 3 } }. */
export type FilterCounts = Record<string, Record<string, number>>;

/**
 * The value of a filter nearest to the query: the one sharing the most characters with it (卫生 for 医院卫生), else
 * the one with the most pages; values with no page are never offered. Undefined when there is none.
 */
export function nearestValue(query: string, counts: Record<string, number> | undefined): string | undefined {
  const chars = new Set([...query].filter((c) => HAN.test(c) || /[\p{L}\p{N}]/u.test(c)));
  let best: { value: string; shared: number; pages: number } | undefined;
  for (const [value, pages] of Object.entries(counts ?? {})) {
    if (!value || pages <= 0) continue;
    const shared = new Set([...value].filter((c) => chars.has(c))).size;
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

/**
 * The alternatives to offer, from the searches tried (each with the number of pages it found, in the order
 * shorterQueries gave them) and the filter counts of the first that found something (or of the whole index):
 * up to two searches that find pages, then the nearest topic and issuer, each as a link.
 */
export function alternatives(
  query: string,
  tried: { q: string; filters: Partial<Record<FilterKey, string>>; count: number; unfiltered?: boolean }[],
  counts: FilterCounts,
): Alternative[] {
  const out: Alternative[] = [];
  for (const t of tried.filter((t) => t.count > 0).slice(0, 2)) {
    const what = t.unfiltered ? `不限筛选条件搜索“${t.q}”` : `搜索“${t.q}”`;
    out.push({ text: `${what}（${t.count} 条）`, href: searchHref(t.q, t.filters) });
  }
  const topic = nearestValue(query, counts.topic);
  if (topic) out.push({ text: `主题：${topic}`, href: searchHref('', { topic }) });
  const issuer = nearestValue(query, counts.issuer);
  if (issuer) out.push({ text: `机关：${issuer}`, href: searchHref('', { issuer }) });
  return out;
}
