/**
 * What the search page offers when a search finds nothing: the nearest searches that do find something — the
 * query with one word dropped, its words alone, the query without the chosen filters — and the topic and issuer
 * that share a word with the query. Plain TypeScript shared by the search page's client and the tests; the client
 * runs each offered search the way the page runs a reader's (findResults in client.ts), so every link promises the
 * number of results it shows when followed.
 */
import { DOC_NUMBER_FILTER_PREFIX, type FilterKey } from './fields';
import { meaningfulTerms } from './query';
import type { SynonymGroups } from './synonyms';

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
 * so no offered search is a piece of text the query never had (量子机). A single Chinese word of three characters or
 * more offers its head without the last character when the browser reads that as a word of its own (养老院 → 养老,
 * 敬老院 → 敬老: the broader term, which a site often uses where readers name the institution; a tester found
 * 养老院 offered nothing).
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
  const head = [...text].slice(0, -1).join('');
  const headOfWord = words.length === 1 && ALL_HAN.test(text) && [...text].length >= 3 && segment(head).length === 1 && segment(head)[0] === head;
  const candidates = words.length < 2 ? (headOfWord ? [head] : []) : order.map(without);
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

/** Corrected queries offered at most (“您是不是要找”), each verified by a search. */
export const MAX_CORRECTIONS = 2;

/**
 * The query with one of its pieces replaced by text of the site one character off (积分入护 → 积分入户: the site says
 * 积分制入户, and 入护 is nowhere), the best first. `siteTexts` are texts of the site near the query (the titles and the
 * text around the matches of the pages found by the query with one character dropped), each as its words (the
 * index's words of a text block, the browser's of a title): a replacing run starts and ends between words (入|户 in
 * 积分|制|入|户, never 量控 across 质量|控制). A piece is a run of the
 * query's words as the browser cuts them (`segment`; 积分|入|护), two characters or more, that the texts do not
 * hold; it is replaced by a run of Chinese text of the same length that differs from it in one character. A
 * correction must hold more of its characters in the site's pairs of characters than the query (积分入户: all four;
 * 积分制护: three), so a correction that leaves a piece the site does not have comes later; among equals the more
 * frequent text first. Queries of fewer than three characters, or not all Chinese, get none; the query itself is
 * never offered. Every correction still has to find pages (the client runs findResults on it) before it is shown.
 */
export function oneOffQueries(query: string, siteTexts: readonly (readonly string[])[], max = MAX_CORRECTIONS, segment: (text: string) => string[] = segmentWords): string[] {
  const chars = [...query.trim()];
  if (chars.length < 3 || !ALL_HAN.test(chars.join(''))) return [];
  const texts = siteTexts.map((words) => {
    const starts = new Set<number>([0]);
    let at = 0;
    for (const w of words) starts.add((at += [...w].length));
    return { chars: words.flatMap((w) => [...w]), starts, text: words.join('') };
  });
  const pairs = new Set<string>();
  for (const { chars: t } of texts) for (let i = 0; i + 1 < t.length; i++) pairs.add(t[i]! + t[i + 1]!);
  const held = (cs: readonly string[]) => cs.filter((c, i) => (i > 0 && pairs.has(cs[i - 1]! + c)) || (i + 1 < cs.length && pairs.has(c + cs[i + 1]!))).length;
  // Where the browser's words start and end; every position when its words do not give back the query.
  const tokens = segment(chars.join(''));
  let cuts = [0];
  for (const token of tokens) cuts.push(cuts.at(-1)! + [...token].length);
  if (cuts.at(-1) !== chars.length) cuts = chars.map((_, i) => i).concat(chars.length);
  const before = held(chars);
  const found = new Map<string, { held: number; times: number }>();
  for (const a of cuts) {
    for (const b of cuts) {
      if (b - a < 2) continue;
      const piece = chars.slice(a, b);
      if (texts.some((t) => t.text.includes(piece.join('')))) continue;
      for (const { chars: t, starts } of texts) {
        for (let i = 0; i + piece.length <= t.length; i++) {
          if (!starts.has(i) || !starts.has(i + piece.length)) continue;
          const run = t.slice(i, i + piece.length);
          if (!ALL_HAN.test(run.join('')) || run.filter((c, k) => c !== piece[k]).length !== 1) continue;
          const corrected = [...chars.slice(0, a), ...run, ...chars.slice(b)];
          const q = corrected.join('');
          const known = found.get(q) ?? { held: held(corrected), times: 0 };
          known.times++;
          found.set(q, known);
        }
      }
    }
  }
  return [...found]
    .filter(([, f]) => f.held > before)
    .sort((x, y) => y[1].held - x[1].held || y[1].times - x[1].times)
    .map(([q]) => q)
    .slice(0, max);
}

/**
 * Searches for the known terms a query holds (社保卡 holds 社保): each term of the editors' synonym groups that is
 * part of the query, then the other words of its group (社会保险), longest term first. A query of one word the
 * site does not have (社保卡) has no shorter whole words to offer; the known term it starts from, or the word the
 * site uses for it, does. Never the query itself.
 */
export function knownTermQueries(query: string, groups: SynonymGroups, max = MAX_SHORTER): string[] {
  const text = query.trim();
  const out: string[] = [];
  const terms = groups.flatMap((group) => group.map((word) => ({ word, group }))).sort((a, b) => b.word.length - a.word.length);
  for (const { word, group } of terms) {
    if (word === text || !text.includes(word)) continue;
    for (const q of [word, ...group.filter((w) => w !== word)]) if (q !== text && !out.includes(q)) out.push(q);
  }
  return out.slice(0, max);
}

/** 文号 offered at most when the one searched for is not on the site. */
export const MAX_SAME_SERIES = 6;

/**
 * The 文号 of the site with the same issuer prefix and year as a 文号 it does not have (国发〔2019〕99号: 国发〔2019〕5号,
 * 国发〔2019〕18号), serial numbers nearest first. `docNumber` is the 文号 filter of the query (findDocNumber:
 * key wh2019, value 国发-99); `counts` Pagefind's counts of every filter's values. The values returned are filter
 * values of the same key (国发-5), each with its pages. Empty for a 文号 without a year (its prefix is too broad).
 */
export function sameSeriesDocNumbers(docNumber: { key: string; value: string }, counts: FilterCounts, max = MAX_SAME_SERIES): string[] {
  if (!docNumber.key.startsWith(DOC_NUMBER_FILTER_PREFIX) || docNumber.key === `${DOC_NUMBER_FILTER_PREFIX}0`) return [];
  const split = (value: string) => {
    const m = /^(.*)-(\d+)$/u.exec(value);
    return m ? { prefix: m[1]!, serial: Number(m[2]) } : undefined;
  };
  const wanted = split(docNumber.value);
  if (!wanted) return [];
  return Object.entries(counts[docNumber.key] ?? {})
    .filter(([value, pages]) => pages > 0 && value !== docNumber.value && split(value)?.prefix === wanted.prefix)
    .map(([value]) => ({ value, distance: Math.abs(split(value)!.serial - wanted.serial), serial: split(value)!.serial }))
    .sort((a, b) => a.distance - b.distance || a.serial - b.serial)
    .slice(0, max)
    .map((v) => v.value);
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
  /** A correction of the query (oneOffQueries), offered as “您是不是要找”. */
  correction?: boolean;
  /**
   * The results the page shows after the line 没有找到与“…”完全一致的内容 (a fragment's looser results): a
   * correction is offered with them when no page holds it as written (积分入户: pages say 积分制入户).
   */
  loose?: number;
}

/**
 * The alternatives to offer: the reader's query without the filters when it finds pages so (its exact results, or
 * its looser ones said as such: 积分入户 with 2019 chosen finds nothing, without it the 积分制入户 pages); a
 * correction (您是不是要找), under the filters with its looser results only when the query finds nothing without
 * them either (积极入户's looser pages under 2019 hold 积极 or 入户, not what the reader meant); up to two of the
 * other searches tried that find pages (in the order tried); then the related topic and issuer (relatedValue) with
 * the number of their pages. Each is a link whose text gives the number the page shows when it is followed.
 */
export function alternatives(tried: readonly TriedSearch[], browse: { topic?: { value: string; count: number }; issuer?: { value: string; count: number } } = {}): Alternative[] {
  const out: Alternative[] = [];
  const found = (t: TriedSearch) => (t.count > 0 ? `${t.count} 条` : `${t.loose} 条包含其中的词`);
  const unfiltered = tried.find((t) => t.unfiltered && (t.count > 0 || (t.loose ?? 0) > 0));
  if (unfiltered) out.push({ text: `不限筛选条件搜索“${unfiltered.q}”（${found(unfiltered)}）`, href: searchHref(unfiltered.q, unfiltered.filters) });
  // A correction comes next, with the number the page's status line then gives first: its exact results, or when it
  // has none (and the query finds nothing without the filters), its looser ones, said as such.
  for (const t of tried.filter((t) => t.correction && (t.count > 0 || (!unfiltered && (t.loose ?? 0) > 0))).slice(0, 1)) {
    out.push({ text: `您是不是要找：${t.q}（${found(t)}）`, href: searchHref(t.q, t.filters) });
  }
  for (const t of tried.filter((t) => !t.correction && !t.unfiltered && t.count > 0).slice(0, unfiltered ? 1 : 2)) {
    out.push({ text: `搜索“${t.q}”（${t.count} 条）`, href: searchHref(t.q, t.filters) });
  }
  const { topic, issuer } = browse;
  if (topic && topic.count > 0) out.push({ text: `主题：${topic.value}（${topic.count} 条）`, href: searchHref('', { topic: topic.value }) });
  if (issuer && issuer.count > 0) out.push({ text: `机关：${issuer.value}（${issuer.count} 条）`, href: searchHref('', { issuer: issuer.value }) });
  return out;
}
