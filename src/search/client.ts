/**
 * The search page's script: reads the search from the URL and the form, asks Pagefind (loaded on first use from
 * /pagefind/pagefind.js), puts the document of a typed 文号 (or the pages of a named issuer) first, and shows
 * results page by page.
 * Pagefind's own UI is not used: this client is a few KB and renders the site's own markup.
 */
import { holdsDocNumber } from '../lib/doc-number';
import { articleNumbers, articleSearch, partialDocNumber, partialDocNumberFilters, splitKnownTerm, withoutArticles, byTitleMatches, filterOption, findDocNumber, fragmentAt, fragmentLocations, holdsSentence, holdsWhole, isFragmentQuery, isQuantity, isSentenceQuery, latinWords, numberWords, sentenceTerms, wholeTermSearches, markedSynonyms, normalizeQuery, quotedPhrase, sentenceClauses, sentenceRun, sentenceRunIn, termSearch, issuersNamed, limitQuery, cutQueryNote, looseResultsNote, looseStatusText, looseTerms, MAX_QUERY_LENGTH, MAX_TERMS, meaningfulTerms, mergeIds, plannedSearches, queryVariants, queryWords, rankByTerms, relaxedQuery, sortOption, stateFromParams, stateToParams, statusText, type SearchState, type TermResults } from './query';
import { DOC_NUMBER_FILTER_PREFIX, FILTERS } from './fields';
import { blockNumber, blockPath, cardPath, excerptParts, excerptStart, metaExcerpt, parseBlock, type ResultCard, type TextBlock } from './result-files';
import { SHARDS_FILE, orderByShard, type ShardList } from './shards';
import { synonymGroupsFromJson, synonymsOf } from './synonyms';
import { alternatives, knownTermQueries, oneOffQueries, relatedValue, sameSeriesDocNumbers, shorterQueries, wordQueries, type FilterCounts, type TriedSearch } from './alternatives';
import { REGISTRY } from '../content/registry';

/** The parts of Pagefind's browser API this page uses (see pagefind.js in the built index). */
interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(indexPath: string, options?: Record<string, unknown>): Promise<void>;
  preload(term: string, options?: SearchOptions): Promise<void>;
  search(term: string | null, options?: SearchOptions): Promise<{ results: PagefindHit[]; filters?: FilterCounts } | null>;
  /** Every filter value of the index with its number of pages. */
  filters(): Promise<FilterCounts>;
}
interface SearchOptions {
  filters?: Record<string, string | { any: string[] }>;
  sort?: Record<string, 'asc' | 'desc'>;
}
/**
 * A result: Pagefind's page id, the locations of the matched words in the page text, and the folder of the shard
 * it came from (added to Pagefind's results by the indexer, see PATCHED_RESULT_FIELDS in shards.ts).
 */
interface PagefindHit {
  id: string;
  words: number[];
  basePath?: string;
  score?: number;
}

/** Results shown at once; more are loaded on request, so a query fetches few result files. */
const PAGE_SIZE = 8;
/** Pause after a keystroke before searching, so typing a word runs one search. */
const TYPING_PAUSE_MS = 60;
/** Fewer word results than this also runs the looser query (relaxedQuery). */
const FEW_RESULTS = 5;
/** Results whose titles are compared with the query. */
const RERANK = 16;
/**
 * Results of a fragment's word search checked against their text (see fragmentResults), and of its parts' searches,
 * and the text blocks read per result for each: the word search's matches sit next to each other where the fragment
 * is, so the two blocks with most of them suffice; a part's matches are everywhere the part is. Each block is 1–2 KB
 * compressed, and the first query should stay within 150 KB (npm run bench:search).
 */
const VERIFY_HITS = 12;
const VERIFY_BLOCKS = 2;
const VERIFY_PART_HITS = 24;
const VERIFY_PART_BLOCKS = 4;
const INDEX_URL = '/pagefind/';

const form = document.getElementById('search-form') as HTMLFormElement;
const input = form.elements.namedItem('q') as HTMLInputElement;
const selects = FILTERS.map((f) => form.elements.namedItem(f.key) as HTMLSelectElement);
const sortSelect = form.elements.namedItem('sort') as HTMLSelectElement;
/** The editors' synonyms and abbreviations (content/search-synonyms.yaml), written into the page at build time. */
const synonymGroups = synonymGroupsFromJson(form.dataset.synonyms);
/** Every issuer the index knows, as the issuer filter lists them (the first option is 全部). */
const issuerNames = [...(form.elements.namedItem('issuer') as HTMLSelectElement).options].map((o) => o.value).filter(Boolean);
const status = document.getElementById('search-status') as HTMLElement;
const list = document.getElementById('search-results') as HTMLOListElement;
const more = document.getElementById('search-more') as HTMLButtonElement;
const alternativesBox = document.getElementById('search-alternatives') as HTMLElement;
/**
 * The line saying that the looser results do not hold the query as written: above the list when every result is
 * looser, else at the top of the first looser result (placeNote), so the results that hold the query come first.
 */
const note = document.getElementById('search-note') as HTMLParagraphElement;
/** The filters' button says how many are chosen, since the filters are folded away. */
const chosen = document.getElementById('search-chosen') as HTMLElement;

let pagefind: Promise<PagefindApi> | undefined;
/** Shard folders (URLs), oldest pages first; a result's place in this list orders a date sort. */
let shardBases: string[] = [INDEX_URL];
/** Pages in the index (all shards), for weighing a question's terms. */
let totalPages = 0;
let searchSeq = 0;
let pending: PagefindHit[] = [];
/** Results already shown of the current search, and where its looser results start in it (looseFragmentResults). */
let shownCount = 0;
let looseStart = Infinity;
/** The query of the address was longer than MAX_QUERY_LENGTH and was cut (limitQuery). */
let queryCut = false;
/** The words the shown results' excerpts mark: what the reader typed, split at spaces. */
let markTerms: string[] = [];
/** The synonyms of those words, marked where whole (a page found through 医疗保障 for 医保). */
let markSynonyms: string[] = [];
let typingTimer: ReturnType<typeof setTimeout> | undefined;

function loadPagefind(): Promise<PagefindApi> {
  pagefind ??= (async () => {
    // The index is written after the build, so the bundler must not try to resolve this URL.
    const [api, list] = await Promise.all([
      import(/* @vite-ignore */ `${INDEX_URL}pagefind.js`) as Promise<PagefindApi>,
      fetch(INDEX_URL + SHARDS_FILE).then((r) => (r.ok ? (r.json() as Promise<ShardList>) : { shards: [] })),
    ]);
    // Search on the main thread: the index is small, and a worker would be one more script to download.
    const ranking = { metaWeights: { title: 6, wenhao: 4, of: 2, issuer: 2, type: 0, form: 1, date: 0, validity: 0 } };
    await api.options({ noWorker: true, ranking });
    await api.init();
    // A large site's index is in shards: the first is the index above, the others are merged into it.
    const dirs = list.shards.map((s) => s.dir);
    shardBases = dirs.length ? dirs.map((dir) => INDEX_URL + dir) : [INDEX_URL];
    totalPages = list.shards.reduce((sum, s) => sum + s.pages, 0);
    await Promise.all(dirs.filter((dir) => dir !== '').map((dir) => api.mergeIndex(INDEX_URL + dir, { ranking })));
    return api;
  })();
  pagefind.catch(() => {
    pagefind = undefined;
  });
  return pagefind;
}

function readForm(): SearchState {
  const data = new FormData(form);
  const params = new URLSearchParams();
  for (const [k, v] of data) if (typeof v === 'string') params.set(k, v);
  return stateFromParams(params);
}

function fillForm(state: SearchState): void {
  input.value = state.q;
  for (const select of selects) {
    const value = state.filters[select.name as keyof SearchState['filters']] ?? '';
    // A value from an old link that is no longer a choice is kept, so the URL and the form agree.
    if (value && ![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
    select.value = value;
  }
  sortSelect.value = state.sort;
  showChosen(state);
}

function showChosen(state: SearchState): void {
  const n = Object.keys(filterOption(state.filters)).length + (state.sort ? 1 : 0);
  chosen.textContent = n ? `（已选 ${n} 项）` : '';
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

const files = new Map<string, Promise<unknown>>();

/** A result file (card or text block) at a URL, fetched once. */
function fetchFile<T>(path: string, as: 'json' | 'text'): Promise<T> {
  let file = files.get(path);
  if (!file) {
    file = fetch(path).then((r) => {
      if (!r.ok) throw new Error(`${r.status} ${path}`);
      return as === 'json' ? r.json() : r.text();
    });
    file.catch(() => files.delete(path));
    files.set(path, file);
  }
  return file as Promise<T>;
}

/** The folder of a result's shard. */
const baseOf = (hit: PagefindHit) => hit.basePath ?? INDEX_URL;
const cardOf = (hit: PagefindHit) => fetchFile<ResultCard>(baseOf(hit) + cardPath(hit.id), 'json');

/**
 * Results of a date-sorted search in the order of the whole site: Pagefind orders merged shards by each result's
 * position within its own shard (see orderByShard).
 */
function inDateOrder(hits: PagefindHit[], sort: Record<string, 'asc' | 'desc'>): PagefindHit[] {
  const direction = sort.date;
  if (!direction || shardBases.length < 2) return hits;
  return orderByShard(hits, (hit) => Math.max(0, shardBases.indexOf(baseOf(hit))), direction);
}

function renderHit(hit: PagefindHit, card: ResultCard, block: TextBlock, start: number, terms: readonly string[]): HTMLLIElement {
  const m = card.meta;
  const li = el('li', 'result');
  const h = el('h2', 'result-title');
  const a = el('a', undefined, m.title ?? card.url);
  a.href = card.url;
  h.append(a);
  const line = el('p', 'meta-line');
  const type = m.type ?? '';
  const parts: (string | undefined)[] =
    type === REGISTRY.documents.name ? [m.wenhao, m.issuer, m.date] : [type === REGISTRY.interpretations.name ? m.form : undefined, m.issuer, m.date, m.of ? `原文件 ${m.of}` : undefined];
  if (type) line.append(el('span', 'tag', type));
  for (const p of parts) if (p) line.append(el('span', undefined, p));
  if (m.validity) line.append(el('span', 'tag', m.validity));
  const excerpt = el('p', 'excerpt');
  const excerptText = excerptParts(block, start, hit.words, terms, markSynonyms);
  for (const part of excerptText) excerpt.append(part.mark ? el('mark', undefined, part.text) : document.createTextNode(part.text));
  // A page without text of its own (a link-only or title-only interpretation) says who published it and where the
  // original is, not an empty line.
  if (!excerptText.some((p) => p.text.trim())) excerpt.replaceChildren(metaExcerpt(m));
  li.append(h, line, excerpt);
  return li;
}

/** Fetches what a result shows: its card and the text block around its matched words. */
async function loadHit(hit: PagefindHit): Promise<HTMLLIElement> {
  const start = excerptStart(hit.words);
  const [card, block] = await Promise.all([cardOf(hit), excerptBlockOf(hit)]);
  return renderHit(hit, card, block, start, markTerms);
}

/** The text block a result's excerpt is taken from (the one holding its first matched words), fetched once. */
const excerptBlockOf = (hit: PagefindHit) => fetchFile<TextBlock>(baseOf(hit) + blockPath(hit.id, blockNumber(excerptStart(hit.words))), 'text');

async function showMore(seq: number): Promise<void> {
  const next = pending.slice(0, PAGE_SIZE);
  pending = pending.slice(PAGE_SIZE);
  const items: HTMLLIElement[] = await Promise.all(next.map(loadHit));
  if (seq !== searchSeq) return;
  const from = shownCount;
  shownCount += items.length;
  items.forEach((item, i) => {
    if (from + i >= looseStart) item.classList.add('result-loose');
  });
  list.append(...items);
  placeNote(items[looseStart - from]);
  more.hidden = pending.length === 0;
}

/**
 * Puts the looser results' line where they start: inside the first looser result (`firstLoose`, when it has just
 * been shown and results holding the query come before it), else back above the list. On a 375×812 phone a line
 * above the list pushed the first result's title off the first screen in elder mode (“合法稳定就业”).
 */
function placeNote(firstLoose?: HTMLLIElement): void {
  if (firstLoose && looseStart > 0) firstLoose.prepend(note);
  else if (!firstLoose && note.nextElementSibling !== list) list.before(note);
}

// Two shards may give two pages the same id: a result is known by its shard and id.
const keyOf = (h: PagefindHit) => `${baseOf(h)}${h.id}`;

/** Result lists joined: each page once, in the order it first appears. */
function mergeHits(...lists: PagefindHit[][]): PagefindHit[] {
  const byKey = new Map(lists.flat().map((h) => [keyOf(h), h]));
  return mergeIds(...lists.map((l) => l.map(keyOf))).map((k) => byKey.get(k)!);
}

/** The pages of `exact` (the query as written) first, in the order of the word search, then the word search's others. */
function phraseFirst(exact: PagefindHit[], words: PagefindHit[]): PagefindHit[] {
  const keys = new Set(exact.map(keyOf));
  return mergeHits(
    words.filter((h) => keys.has(keyOf(h))),
    exact,
    words.filter((h) => !keys.has(keyOf(h))),
  );
}

/**
 * The results that hold `fragment` as written: in their title, or in their text around their matched words (only
 * where two matches are next to each other, with `adjacent`). Reads each result's card and at most VERIFY_BLOCKS of
 * its text blocks; a block that cannot be read counts as not holding it. A result held in its text comes back with
 * its words narrowed to the place that holds the fragment, so its excerpt shows it (fragmentAt). `holdsIt` decides
 * whether a text holds it (default holdsWhole; a 文号 is read in any bracket style, holdsDocNumber).
 */
async function holdingFragment(
  hits: PagefindHit[],
  fragment: string,
  adjacent: boolean,
  maxBlocks: number,
  holdsIt: (text: string) => boolean = (text) => holdsWhole(text, fragment),
): Promise<PagefindHit[]> {
  const holds = await Promise.all(
    hits.map(async (hit): Promise<PagefindHit | undefined> => {
      try {
        if (holdsIt(((await cardOf(hit)).meta.title ?? '').normalize('NFKC'))) return hit;
        const locations = adjacent ? fragmentLocations(hit.words) : [...new Set(hit.words)].sort((a, b) => a - b);
        // The blocks with the most matches first: the fragment is likelier where its words cluster.
        const perBlock = new Map<number, number>();
        for (const l of locations) perBlock.set(blockNumber(l), (perBlock.get(blockNumber(l)) ?? 0) + 1);
        const blocks = [...perBlock].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([n]) => n);
        for (const n of blocks.slice(0, maxBlocks)) {
          const { offset, words } = parseBlock(await fetchFile<TextBlock>(baseOf(hit) + blockPath(hit.id, n), 'text'));
          const at = fragmentAt(words, offset, locations.filter((l) => blockNumber(l) === n), fragment, holdsIt);
          if (at !== undefined) return { ...hit, words: hit.words.filter((l) => Math.abs(l - at) <= [...fragment].length) };
        }
      } catch {
        // A missing card or block: the result is not shown as holding the fragment.
      }
      return undefined;
    }),
  );
  return holds.filter((h): h is PagefindHit => h !== undefined);
}

type TermSearch = (term: string) => Promise<PagefindHit[]>;

/**
 * Pagefind's search for one reader's search (its filters and sort), each term searched once: the word, phrase and
 * synonym searches of a query share terms, and a search started early (plannedSearches) is awaited where it is
 * used. Results in the site's date order when sorted by date (inDateOrder). A failed search fails where awaited.
 */
function sessionSearch(api: PagefindApi, filters: SearchOptions['filters'], sort: Record<string, 'asc' | 'desc'>): TermSearch {
  const searches = new Map<string, Promise<PagefindHit[]>>();
  return (term) => {
    let hits = searches.get(term);
    if (!hits) {
      hits = api.search(term, { filters, sort }).then((r) => inDateOrder(r?.results ?? [], sort));
      // A search started ahead may go unused when the reader types on: not an unhandled rejection.
      hits.catch(() => undefined);
      searches.set(term, hits);
    }
    return hits;
  };
}

/**
 * A fragment's results (isFragmentQuery): the pages that hold it as written. Pagefind's phrase search finds it where
 * the index cut it into the same words as the browser; the word search's other results are checked against their
 * text (推行部 also matches pages with 推行 here and 部门 there) unless the phrase search found FEW_RESULTS or more
 * (the index then cuts the fragment as the browser does); when they find little, the fragment's words of two
 * characters or more are searched without its single characters and their results checked (抽查检 is 抽查 检 to the
 * browser, 抽查 检查 in the index, and Pagefind finds 检查 for 检 only when that part of the index is loaded).
 */
async function fragmentResults(fragment: string, words: PagefindHit[], search: TermSearch): Promise<PagefindHit[]> {
  const exact = await search(`"${fragment}"`);
  const parts = queryWords(fragment);
  // One word to the browser: Pagefind matches the index's words that start with it, so every result holds it.
  if (parts.length <= 1) return phraseFirst(exact, words);
  const exactKeys = new Set(exact.map(keyOf));
  // The phrase search found enough: the index cut the fragment as the browser does, and checking the other results'
  // text would cost a phone more than it finds (个人所得税: 50 KB of text blocks).
  if (exact.length >= FEW_RESULTS) return phraseFirst(exact, words.filter((h) => exactKeys.has(keyOf(h))));
  const checked = words.filter((h) => !exactKeys.has(keyOf(h))).slice(0, VERIFY_HITS);
  let held = await holdingFragment(checked, fragment, true, VERIFY_BLOCKS);
  const long = parts.filter((w) => [...w].length >= 2);
  // Without single characters (个人 所得税) the longer words' search is the word search again: nothing more to find.
  if (exact.length + held.length < FEW_RESULTS && (long.length < parts.length || words.length === 0)) {
    // The pages with all the fragment's longer words, checked where they are next to each other; or, when no page has
    // them all, the pages with any of them, checked wherever they are.
    const all = long.length > 1 ? await search(long.join(' ')) : [];
    const candidates = all.length > 0 ? all : mergeHits(...(await Promise.all(long.map(search))));
    const known = new Set([...exactKeys, ...checked.map(keyOf)]);
    const more = await holdingFragment(candidates.filter((h) => !known.has(keyOf(h))).slice(0, VERIFY_PART_HITS), fragment, all.length > 0, VERIFY_PART_BLOCKS);
    held = [...held, ...more];
  }
  const heldKeys = new Set(held.map(keyOf));
  return phraseFirst(exact, mergeHits(words.filter((h) => exactKeys.has(keyOf(h)) || heldKeys.has(keyOf(h))), held));
}

/**
 * A question's results: each meaningful term (meaningfulTerms) searched alone and the pages ranked by the terms they
 * match (rankByTerms), so the pages that match most of the question come first even when none matches all of it.
 * With a date sort, the same pages in date order.
 */
async function questionResults(api: PagefindApi, terms: string[], search: TermSearch, filters: SearchOptions['filters'], sort: Record<string, 'asc' | 'desc'>): Promise<PagefindHit[]> {
  // A term matches a page that has it or one of its synonyms (医保 or 医疗保障). A Chinese term that finds nothing is
  // shortened from its end (大病花 → 大病): joining single characters (meaningfulTerms) may have taken one too many.
  // The pages with the term as a word of their own (wholeTermSearches) are known, so those with it only across a word
  // boundary (低保 in 降低保险) rank after them (rankByTerms).
  const termHits = async (term: string): Promise<{ hits: PagefindHit[]; whole?: Set<string> }> => {
    if (termSearch(term) !== term) return { hits: await search(termSearch(term)) };
    for (let t = term; [...t].length >= 2; t = [...t].slice(0, -1).join('')) {
      const [words, phrases] = await Promise.all([Promise.all([t, ...synonymsOf(t, synonymGroups)].map(search)), Promise.all(wholeTermSearches(t, synonymGroups).map(search))]);
      const hits = mergeHits(...phrases, ...words);
      // No page has it as a word (积分入 joined from single characters): nothing to tell the pages apart by.
      const whole = phrases.flat().length > 0 ? new Set(phrases.flat().map(keyOf)) : undefined;
      if (hits.length > 0 || !/^\p{Script=Han}+$/u.test(t)) return { hits, whole };
    }
    return { hits: [] };
  };
  const lists = await Promise.all(terms.slice(0, MAX_TERMS).map(async (term) => ({ term, ...(await termHits(term)) })));
  // A page's matched words are those of all the terms it matches, so its excerpt (and a pasted sentence's check,
  // sourceFirst) goes where most of them are.
  const byKey = new Map<string, PagefindHit>();
  for (const h of lists.flatMap((l) => l.hits)) {
    const known = byKey.get(keyOf(h));
    byKey.set(keyOf(h), known ? { ...h, words: [...new Set([...known.words, ...h.words])].sort((a, b) => a - b) } : h);
  }
  const ranked = rankByTerms(
    lists.map((l): TermResults => ({ term: l.term, hits: l.hits.map((h) => ({ key: keyOf(h), score: h.score ?? 0, whole: l.whole?.has(keyOf(h)) })) })),
    Math.max(totalPages, byKey.size),
  ).map((s) => byKey.get(s.key)!);
  if (!sort.date) return ranked;
  const all = inDateOrder((await api.search(null, { filters, sort }))?.results ?? [], sort).map(keyOf);
  const place = new Map(all.map((k, i) => [k, i]));
  return [...ranked].sort((a, b) => (place.get(keyOf(a)) ?? Infinity) - (place.get(keyOf(b)) ?? Infinity));
}

/**
 * The results of the words of a query: a fragment's, a question's (a query that had question words or filler
 * dropped; the question as typed is not searched), or the word search's (`search(q)`) with the exact phrase first
 * and, when it finds little, the looser query's after; and the text the results' titles are compared with.
 * `search` is the reader's search session (sessionSearch): searches started ahead are awaited here, not repeated.
 */
async function wordResults(
  api: PagefindApi,
  q: string,
  search: TermSearch,
  filters: SearchOptions['filters'],
  sort: Record<string, 'asc' | 'desc'>,
): Promise<WordResults> {
  const text = q.normalize('NFKC').trim();
  const quoted = quotedPhrase(text);
  if (quoted) return quotedResults(quoted, search);
  const { terms, reduced } = meaningfulTerms(text);
  const question = !isFragmentQuery(text) && reduced && terms.length > 0;
  // An article number, in a question too (第十二条是怎么规定的: searched with the question's other terms).
  const articles = articleNumbers(text);
  const byArticle = articles.length > 0 ? await articleResults(question ? terms.join(' ') : text, articles, search) : undefined;
  if (byArticle) return byArticle;
  if (question) {
    const hits = await questionResults(api, sentenceTerms(text, terms), search, filters, sort);
    return { ...(isSentenceQuery(text) && !sort.date ? await sourceFirst(text, hits, search) : { hits }), titleQuery: terms.join(' ') };
  }
  const split = isFragmentQuery(text) ? splitKnownTerm(text, synonymGroups) : undefined;
  if (split) return knownTermResults(api, split, search, filters, sort);
  // Pages with a synonym of the query (社会保险 for 社保) come after the query's own. The searches run side by side
  // (runSearch started them all, see plannedSearches).
  const othersDone = Promise.all(
    queryVariants(text, synonymGroups).map(async (v) => (isFragmentQuery(v) ? fragmentResults(v, await search(v), search) : phraseFirst(sort.date ? [] : await search(`"${v}"`), await search(v)))),
  );
  const words = await search(q);
  if (isFragmentQuery(text) || isQuantity(text)) {
    const [own, others] = await Promise.all([fragmentResults(text, words, search), othersDone]);
    const hits = mergeHits(own, ...others);
    // A short question no page holds as written (优待证咋办, 陪审员咋选): its meaningful terms' results.
    if (hits.length === 0 && reduced && terms.length > 0) return { hits: await questionResults(api, terms, search, filters, sort), titleQuery: terms.join(' ') };
    const loose = hits.length === 0 ? await looseFragmentResults(text, hits, search) : undefined;
    return { hits, titleQuery: text, loose };
  }
  // Pages with the query as written come before pages with its parts apart (营商环境 before 营商 … 环境).
  // Few results may mean the index split a long word differently: try its character pairs too.
  const relaxed = words.length < FEW_RESULTS ? relaxedQuery(q) : undefined;
  const [exact, looser, others, latin] = await Promise.all([
    !sort.date && !/\s/u.test(text) ? search(`"${text}"`) : [],
    relaxed ? search(relaxed) : [],
    othersDone,
    Promise.all([...latinWords(text), ...numberWords(text)].map((w) => search(`"${w}"`))),
  ]);
  // A Latin word or a number matches only pages with it as a whole word (Pagefind also matches abc by the one-letter
  // words A, B, and 201 by 2019).
  const wholeLatin = latin.map((hits) => new Set(hits.map(keyOf)));
  const hits = mergeHits(phraseFirst(exact, words), looser, ...others).filter((h) => wholeLatin.every((keys) => keys.has(keyOf(h))));
  return { ...(isSentenceQuery(text) && !sort.date ? await sourceFirst(text, hits, search) : { hits }), titleQuery: q };
}

/** Text blocks read per page for an article number (articleResults): 第十 is in many blocks of a law. */
const ARTICLE_BLOCKS = 8;

/**
 * A query with article numbers (articleNumbers: 第十二条, 第十二条 申请): the pages holding every one of them whole,
 * found by the index's first word of each (articleSearch) and checked against their text (holdingFragment), those
 * with the query's other words first; then the other words' results. Undefined when no page holds them all (the
 * query is then searched as any other).
 */
async function articleResults(text: string, articles: string[], search: TermSearch): Promise<WordResults | undefined> {
  // The phrase search finds it where the index cuts it as the browser does (第三|条), in any block of the page.
  const held = await Promise.all(
    articles.map(async (a) => {
      // Found FEW_RESULTS or more so, the index cuts it as the browser does: checking 第三's pages would cost a phone
      // 55 KB of text blocks more (第三条: 97.5 KB before checking, 152.4 KB with it, one run each).
      const phrase = await search(`"${a}"`);
      if (phrase.length >= FEW_RESULTS) return phrase;
      return mergeHits(phrase, await holdingFragment(await search(articleSearch(a)), a, false, ARTICLE_BLOCKS));
    }),
  );
  const keys = held.map((list) => new Set(list.map(keyOf)));
  const all = held[0]!.filter((h) => keys.every((k) => k.has(keyOf(h))));
  if (all.length === 0) return undefined;
  const rest = withoutArticles(text);
  const restHits = rest ? await search(rest) : [];
  const restKeys = new Set(restHits.map(keyOf));
  // The pages holding the numbers keep their place before the others' titles are compared (byTitleMatches).
  return { hits: mergeHits(all.filter((h) => restKeys.has(keyOf(h))), all, restHits), titleQuery: text, lead: all.length };
}

/**
 * A fragment running a known term into another word (splitKnownTerm: 放管服改革 → 放管服 改革): the pages holding the
 * known term as written (its fragment's results, not its synonyms') and every other word, those holding the query as
 * written first (公积金贷款 before 住房公积金 … 贷款); then the split query's results (synonyms after, as for any query).
 * The query's own results count only among the pages holding both words: Pagefind's phrase search of 放|管|服|改革
 * found 3 pages without 放管服 (and the pages holding 放管服改革 as written hold both words).
 */
async function knownTermResults(api: PagefindApi, split: string, search: TermSearch, filters: SearchOptions['filters'], sort: Record<string, 'asc' | 'desc'>): Promise<WordResults> {
  const parts = split.split(' ');
  const known = parts.find((p) => synonymGroups.some((g) => g.includes(p)))!;
  const termHits = (p: string) => (isFragmentQuery(p) ? search(p).then((words) => fragmentResults(p, words, search)) : search(p));
  // The query as written (公积金贷款 in 住房公积金贷款) before pages with both words apart (README: "Other queries put
  // pages with the query as written before scattered matches"): its fragment's results, each page's text checked.
  const written = parts.join('');
  const [asWritten, knownHits, otherHits, rest] = await Promise.all([
    isFragmentQuery(written) ? search(written).then((words) => fragmentResults(written, words, search)) : [],
    termHits(known),
    Promise.all(parts.filter((p) => p !== known).map(termHits)),
    wordResults(api, split, search, filters, sort),
  ]);
  const otherKeys = otherHits.map((list) => new Set(list.map(keyOf)));
  const apart = knownHits.filter((h) => otherKeys.every((k) => k.has(keyOf(h))));
  // Only pages found holding both words too: Pagefind's phrase search of 放|管|服|改革 found pages without 放管服.
  const apartKeys = new Set(apart.map(keyOf));
  const both = mergeHits(asWritten.filter((h) => apartKeys.has(keyOf(h))), apart);
  // They keep their place: a title with 改革 alone is not a better answer than a text with both (byTitleMatches).
  return { hits: mergeHits(both, rest.hits), titleQuery: split, lead: both.length };
}

/**
 * A phrase in quotation marks (quotedPhrase): the pages that hold it as written (a fragment's results, or Pagefind's
 * phrase search), then, under a line saying they do not hold it, the pages with most of its terms (looseFragmentResults).
 */
async function quotedResults(phrase: string, search: TermSearch): Promise<WordResults> {
  const exact = isFragmentQuery(phrase) ? await fragmentResults(phrase, await search(phrase), search) : await search(`"${phrase}"`);
  return { hits: exact, titleQuery: phrase, loose: await looseFragmentResults(phrase, exact, search) };
}

/** Results read for a pasted sentence's source (sourceFirst), and text blocks read of each. */
const SENTENCE_HITS = 6;
const SENTENCE_BLOCKS = 1;

/**
 * A pasted sentence's results (isSentenceQuery) with the pages that hold it, or most of its consecutive text
 * (holdsSentence), first, longest run first; the others in their order. Candidates: the pages of its clauses' phrase
 * searches (sentenceClauses; their matched words are where the clause is), most clauses first; the first
 * SENTENCE_HITS are read: each one's title and the SENTENCE_BLOCKS text blocks with most matched words are
 * compared with the sentence (sentenceRunIn). A source comes with its words narrowed to where the sentence starts,
 * so its excerpt shows it. `lead`: the number of sources, which keep their place before the titles are compared.
 */
async function sourceFirst(sentence: string, hits: PagefindHit[], search: TermSearch): Promise<{ hits: PagefindHit[]; lead: number }> {
  const clauseHits = await Promise.all(sentenceClauses(sentence).map((c) => search(`"${c}"`)));
  const clauseCount = new Map<string, number>();
  for (const h of clauseHits.flat()) clauseCount.set(keyOf(h), (clauseCount.get(keyOf(h)) ?? 0) + 1);
  const byClauses = mergeHits(...clauseHits).sort((a, b) => clauseCount.get(keyOf(b))! - clauseCount.get(keyOf(a))!);
  // Only pages a clause's phrase search found are read: a sentence no page holds costs no text block.
  const candidates = byClauses.slice(0, SENTENCE_HITS);
  const runs = await Promise.all(
    candidates.map(async (hit) => {
      let best = { run: 0, hit };
      try {
        best.run = sentenceRun(sentence, (await cardOf(hit)).meta.title ?? '');
        const perBlock = new Map<number, number>();
        for (const l of hit.words) perBlock.set(blockNumber(l), (perBlock.get(blockNumber(l)) ?? 0) + 1);
        const blocks = [...perBlock].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([n]) => n);
        for (const n of blocks.slice(0, SENTENCE_BLOCKS)) {
          const { offset, words } = parseBlock(await fetchFile<TextBlock>(baseOf(hit) + blockPath(hit.id, n), 'text'));
          const { run, word } = sentenceRunIn(sentence, words);
          // The excerpt goes where the sentence starts.
          if (run > best.run) best = { run, hit: { ...hit, words: [offset + word] } };
        }
      } catch {
        // A missing card or block: the page is not taken for the sentence's source.
      }
      return best;
    }),
  );
  const sources = runs.filter((r) => holdsSentence(sentence, r.run)).sort((a, b) => b.run - a.run).map((r) => r.hit);
  const sourceKeys = new Set(sources.map(keyOf));
  return { hits: [...sources, ...hits.filter((h) => !sourceKeys.has(keyOf(h)))], lead: sources.length };
}

/**
 * The results of a query's words (wordResults): `lead` results first that keep their place (a pasted sentence's
 * sources), then the others, whose titles are compared with `titleQuery`; a fragment's looser results apart.
 */
interface WordResults {
  hits: PagefindHit[];
  titleQuery: string;
  loose?: LooseResults;
  lead?: number;
}

/** A fragment's looser results (looseFragmentResults) and the line shown above them. */
interface LooseResults {
  hits: PagefindHit[];
  note: string;
}

/**
 * When no page holds a fragment as written (积分入户; pages say 积分制入户): the pages with all of its terms
 * (looseTerms: 积分 入户), then the pages with more than half of them (rankByTerms), without the pages of `exact`.
 * They are shown after the fragment's own results under a line saying they do not hold it (looseResultsNote).
 * Undefined when the fragment has fewer than two terms or nothing more is found.
 */
async function looseFragmentResults(fragment: string, exact: PagefindHit[], search: TermSearch): Promise<LooseResults | undefined> {
  const terms = looseTerms(fragment);
  if (terms.length < 2) return undefined;
  const exactKeys = new Set(exact.map(keyOf));
  // Each term searched alone, so which terms a page has is known (Pagefind's search of several words does not
  // require all of them). Most of the terms: more than half (both of two), so a query no page comes close to still
  // finds nothing and is offered shorter searches instead (showAlternatives). Pages with more terms first.
  const lists = await Promise.all(terms.map(async (term) => ({ term, hits: await search(term) })));
  const byKey = new Map(lists.flatMap((l) => l.hits).map((h) => [keyOf(h), h]));
  const ranked = rankByTerms(
    lists.map((l): TermResults => ({ term: l.term, hits: l.hits.map((h) => ({ key: keyOf(h), score: h.score ?? 0 })) })),
    Math.max(totalPages, byKey.size),
  )
    .filter((t) => t.matched.length * 2 > terms.length && !exactKeys.has(t.key))
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.matched.length - a.t.matched.length || a.i - b.i)
    .map((x) => x.t);
  const allKeys = new Set(ranked.filter((t) => t.matched.length === terms.length).map((t) => t.key));
  const hits = ranked.map((t) => byKey.get(t.key)!);
  if (hits.length === 0) return undefined;
  return { hits, note: looseResultsNote(fragment, terms, exact.length > 0, hits.some((h) => !allKeys.has(keyOf(h)))) };
}

/** Puts original documents before their interpretations among the hits of a 文号. */
async function documentsFirst(hits: PagefindHit[]): Promise<PagefindHit[]> {
  const withType = await Promise.all(hits.slice(0, 20).map(async (hit) => ({ hit, type: (await cardOf(hit)).meta.type })));
  const ordered = [...withType.filter((h) => h.type === REGISTRY.documents.name), ...withType.filter((h) => h.type !== REGISTRY.documents.name)];
  return [...ordered.map((h) => h.hit), ...hits.slice(20)];
}

/** Pages whose words are read for a correction of a query that finds nothing (siteWordsNear), and per search. */
const CORRECTION_HITS = 8;
const CORRECTION_HITS_EACH = 3;

/**
 * Texts of the site near a Chinese query that finds nothing, for its corrections (oneOffQueries: 积分入护 → 积分入户):
 * the query with each character dropped in turn is searched (积分入 finds the 积分制入户 pages), and of the first
 * CORRECTION_HITS pages found, the title (its words as the browser cuts them) and the text block around the matched
 * words (the index's words; already loaded for the query's own search, or 1–2 KB each). Empty for a query of
 * other characters or of fewer than three.
 */
async function siteTextsNear(api: PagefindApi, q: string, filters: SearchOptions['filters']): Promise<string[][]> {
  const chars = [...q];
  if (chars.length < 3 || chars.length > 8 || !/^\p{Script=Han}+$/u.test(q)) return [];
  const drops = [...new Set(chars.map((_, i) => [...chars.slice(0, i), ...chars.slice(i + 1)].join('')))];
  const found = await Promise.all(drops.map((d) => api.search(d, { filters }).then((r) => (r?.results ?? []).slice(0, CORRECTION_HITS_EACH), () => [])));
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  const texts = await Promise.all(
    mergeHits(...found)
      .slice(0, CORRECTION_HITS)
      .map(async (hit) => {
        try {
          const [card, block] = await Promise.all([cardOf(hit), excerptBlockOf(hit)]);
          return [[...segmenter.segment(card.meta.title ?? '')].map((w) => w.segment), parseBlock(block).words];
        } catch {
          return [];
        }
      }),
  );
  return texts.flat();
}

/**
 * The documents of the site with the same issuer prefix and year as a 文号 it does not have (sameSeriesDocNumbers:
 * 国发〔2019〕99号 → 国发〔2019〕5号), each as a link to its page with its 文号 and title; and the 文号 as readers write
 * it (国发〔2019〕99号).
 */
async function sameSeriesDocuments(api: PagefindApi, missing: { key: string; value: string; text: string }, all: FilterCounts): Promise<{ docNumber: string; series: string; links: { text: string; href: string }[] }> {
  const year = missing.key.slice(DOC_NUMBER_FILTER_PREFIX.length);
  const prefix = missing.value.replace(/-\d+$/u, '');
  const series = `${prefix}〔${year}〕`;
  // As findDocNumber wrote it (国令第706号 has no year: never 国令〔0〕706号).
  const docNumber = missing.text;
  const links = await Promise.all(
    sameSeriesDocNumbers(missing, all).map(async (value) => {
      try {
        const hits = (await api.search(null, { filters: { [missing.key]: value } }))?.results ?? [];
        for (const hit of hits.slice(0, 5)) {
          const card = await cardOf(hit);
          if (card.meta.type === REGISTRY.documents.name) return { text: [card.meta.wenhao, card.meta.title].filter(Boolean).join(' '), href: card.url };
        }
      } catch {
        // A filter or card that cannot be read: that document is not offered.
      }
      return undefined;
    }),
  );
  return { docNumber, series, links: links.filter((l): l is { text: string; href: string } => l !== undefined) };
}

/**
 * After a search that found nothing (`nothingFound`) or whose 文号 no page has (`missing`, the query's 文号 filter):
 * for the 文号, a plain line that no document of the site has it and the documents of the same issuer prefix and
 * year (sameSeriesDocuments); then, when nothing was found, a correction one character off a word of the site
 * (您是不是要找), the nearest searches that find something (the query's `words` with one dropped, the known terms
 * it holds and their synonyms, then its words alone; the query without the chosen filters) and the topic and issuer
 * that share a word with the query, as links (alternatives.ts). Each search is run as the page would run it when
 * followed (findResults), and the link says the number the page then gives; a search that finds nothing is not
 * offered.
 */
async function showAlternatives(api: PagefindApi, state: SearchState, words: string, seq: number, missing?: { key: string; value: string; text: string }, nothingFound = true): Promise<void> {
  const isCurrent = () => seq === searchSeq;
  // The offered links carry no sort, so neither does the search that counts their results.
  const counted = async (q: string, filters: SearchState['filters']): Promise<{ count: number; loose: number }> => {
    const found = await findResults(api, { q, filters, sort: '' }, isCurrent, false).catch(() => undefined);
    return found ? { count: found.hits.length - found.loose.length, loose: found.loose.length } : { count: 0, loose: 0 };
  };
  const tryAll = (tries: Omit<TriedSearch, 'count'>[]): Promise<TriedSearch[]> => Promise.all(tries.map(async (t) => ({ ...t, ...(await counted(t.q, t.filters)) })));
  const all = await api.filters().catch((): FilterCounts => ({}));
  const same = missing ? await sameSeriesDocuments(api, missing, all) : undefined;
  let links: { text: string; href: string }[] = [];
  if (nothingFound) {
    const filtered = Object.keys(filterOption(state.filters)).length > 0;
    const shorter = shorterQueries(words);
    const known = knownTermQueries(words, synonymGroups).filter((q) => !shorter.includes(q));
    // The topic and issuer are counted alongside the searches tried, so the offers are shown as soon as those are.
    const browse = async (key: 'topic' | 'issuer') => {
      const value = relatedValue(state.q, all[key]);
      return value ? { value, count: (await counted('', { [key]: value })).count } : undefined;
    };
    const browsed = Promise.all([browse('topic'), browse('issuer')]);
    const [tried, corrections] = await Promise.all([
      tryAll([...(filtered && state.q ? [{ q: state.q, filters: {}, unfiltered: true }] : []), ...[...shorter, ...known].map((q) => ({ q, filters: state.filters }))]),
      siteTextsNear(api, words, filterOption(state.filters)).then((near) => tryAll(oneOffQueries(words, near).map((q) => ({ q, filters: state.filters, correction: true })))),
    ]);
    // No shorter search finds two things: the query's words alone (量子计算机宇宙 → 计算机).
    if (isCurrent() && tried.filter((t) => t.count > 0).length < 2) {
      const knownQueries = new Set(tried.map((t) => t.q));
      tried.push(...(await tryAll(wordQueries(words).filter((q) => !knownQueries.has(q)).map((q) => ({ q, filters: state.filters })))));
    }
    const [topic, issuer] = await browsed;
    links = alternatives([...corrections, ...tried], { topic, issuer });
  }
  if (!isCurrent() || (links.length === 0 && !same)) return;
  const listOf = (items: { text: string; href: string }[]) => {
    const listEl = el('ul');
    for (const link of items) {
      const a = el('a', undefined, link.text);
      a.href = link.href;
      const li = el('li');
      li.append(a);
      listEl.append(li);
    }
    return listEl;
  };
  const parts: Node[] = [];
  if (same) {
    parts.push(el('p', undefined, `本站没有文号为“${same.docNumber}”的文件。`));
    if (same.links.length > 0) parts.push(el('p', undefined, `本站${same.series}的文件：`), listOf(same.links));
  }
  if (links.length > 0) parts.push(el('p', undefined, '可以试试：'), listOf(links));
  alternativesBox.replaceChildren(...parts);
}

/** A reader's search as the page shows it (findResults). */
interface FoundResults {
  /** Every result in the order shown: a 文号's document or a named issuer's pages, the word results, the looser. */
  hits: PagefindHit[];
  /** The looser results at the end of `hits` (looseFragmentResults), and the line shown above them. */
  loose: PagefindHit[];
  looseNote: string;
  /** The text the results' titles were compared with: a question's meaningful terms, else the query. */
  titleQuery: string;
  /** The query's 文号 (its filter) when no page has it. */
  missingDocNumber?: { key: string; value: string; text: string };
  /** A 文号 asked alone (FoundDocNumber.alone), which excerpts mark whole only. */
  docNumberAlone?: string;
}

/**
 * The results the page shows for a search (query, filters and sort), in order; the number its status line gives is
 * `hits.length - loose.length`. The search page and its offered alternatives (showAlternatives) both use this, so a
 * link promises what following it shows. With `prefetch`, the excerpts' text blocks of a first page that holds every
 * result load alongside the cards. Undefined when `isCurrent` says the reader has moved on.
 */
async function findResults(api: PagefindApi, state: SearchState, isCurrent: () => boolean = () => true, prefetch = true): Promise<FoundResults | undefined> {
  const filters = filterOption(state.filters);
  // Without words, a filter lists its pages newest first.
  const sort = sortOption(state.q ? state.sort : state.sort || 'new');
  const docNumber = state.q ? findDocNumber(state.q) : undefined;
  // A query that names an issuer lists that issuer's pages first, newest first (unless the reader sorts).
  const named = state.q && !docNumber && !filters.issuer ? issuersNamed(state.q, issuerNames) : [];
  const issuerSort = sortOption(state.sort || 'new');
  // A 文号 given in part (国发5号 without its year, 2019年5号文 without its prefix): the documents whose 文号 it fits,
  // from the filters' values (all the filter chunks, as the no-results offers read them), are the answer.
  const partial = state.q && !docNumber ? partialDocNumber(state.q) : undefined;
  const partialFilters = partial ? partialDocNumberFilters(partial, await api.filters().catch((): FilterCounts => ({})), DOC_NUMBER_FILTER_PREFIX) : [];
  const search = sessionSearch(api, filters, sort);
  // The searches the query surely needs start together (word, phrase and synonym searches, a question's terms).
  if (state.q) for (const term of plannedSearches(state.q, !!sort.date, synonymGroups).terms) void search(term);
  const [first, wordHitsOf] = await Promise.all([
    docNumber
      ? api.search(null, { filters: { ...filters, [docNumber.key]: docNumber.value }, sort }).then((r) => documentsFirst(inDateOrder(r?.results ?? [], sort)))
      : partialFilters.length
        ? Promise.all(partialFilters.map((f) => api.search(null, { filters: { ...filters, [f.key]: f.value }, sort }).then((r) => documentsFirst(inDateOrder(r?.results ?? [], sort))))).then((lists) => mergeHits(...lists))
        : named.length
        ? api.search(null, { filters: { ...filters, issuer: { any: named } }, sort: issuerSort }).then((r) => inDateOrder(r?.results ?? [], issuerSort))
        : [],
    // The documents a partial 文号 fits are all its answer: its words alone (2019, 5号) match any page.
    partialFilters.length
      ? ({ hits: [], titleQuery: state.q } as WordResults)
      : state.q
        ? wordResults(api, state.q, search, filters, sort)
        : api.search(null, { filters, sort }).then((r): WordResults => ({ hits: inDateOrder(r?.results ?? [], sort), titleQuery: '' })),
  ]);
  if (!isCurrent()) return undefined;
  const firstKeys = new Set(first.map(keyOf));
  const { titleQuery } = wordHitsOf;
  let wordHits = wordHitsOf.hits;
  // A 文号 alone: besides its documents (first), only the pages that cite it as a whole, in any bracket style; the
  // word search also finds pages that merely share its parts (other 2019 documents with 发〔2019〕, the 8号 page for
  // an absent 9号), which are no answer to it. Checked in the text around the matches, VERIFY_HITS at most.
  if (docNumber?.alone) {
    const cited = wordHits.filter((h) => !firstKeys.has(keyOf(h))).slice(0, VERIFY_HITS);
    const text = docNumber.text;
    wordHits = await holdingFragment(cited, text, true, VERIFY_BLOCKS, (t) => holdsDocNumber(t, text));
    if (!isCurrent()) return undefined;
  }
  const found = wordHits.filter((h) => !firstKeys.has(keyOf(h)));
  // Ordered by relevance, the best results whose titles contain what the reader typed come first.
  const rerank = state.q && !state.sort;
  // A pasted sentence's sources keep their place before it (wordResults' lead).
  const lead = wordHitsOf.lead ?? 0;
  const top = rerank ? found.slice(lead, lead + RERANK) : [];
  // The excerpts' text blocks of the first page load alongside the cards the titles are compared from, not after
  // them: one round trip instead of two, which a phone on a slow network feels most. When more results than a page
  // were found, the titles may bring a later one onto the first page (RERANK > PAGE_SIZE): the blocks of the first
  // page in the search's order are loaded anyway, as most stay there, and the others' load when shown.
  if (prefetch) for (const h of [...first, ...found].slice(0, PAGE_SIZE)) void excerptBlockOf(h).catch(() => undefined);
  const titles = new Map(await Promise.all(top.map(async (h) => [keyOf(h), (await cardOf(h)).meta.title] as const)));
  const shownKeys = new Set([...first, ...found].map(keyOf));
  const loose = (wordHitsOf.loose?.hits ?? []).filter((h) => !shownKeys.has(keyOf(h)));
  const hits = [...first, ...found.slice(0, lead), ...byTitleMatches(top, titleQuery, (h) => titles.get(keyOf(h))), ...found.slice(lead + top.length), ...loose];
  return { hits, loose, looseNote: wordHitsOf.loose?.note ?? '', titleQuery, missingDocNumber: docNumber?.definite && first.length === 0 ? docNumber : undefined, docNumberAlone: docNumber?.alone ? docNumber.text : undefined };
}

/**
 * How a search enters the browser's history, so that Back returns to the reader's earlier searches: `push` a new
 * entry (a search the reader sent, a filter chosen), `typed` a search run while typing (a new entry unless the
 * previous typed search was less than TYPING_ENTRY_MS ago: one entry per word typed, not per keystroke),
 * `replace` the current entry (the search of the address the page opened with), `none` (Back or Forward).
 */
type HistoryMode = 'push' | 'typed' | 'replace' | 'none';
/** A pause in typing after which the next typed search is a history entry of its own (the reader read the last). */
const TYPING_ENTRY_MS = 2000;
/** When the last typed search ran (performance.now()); -Infinity after a search that was not typed. */
let typedAt = -Infinity;

/** Puts a search's address in the history (see HistoryMode); an address equal to the current one is not repeated. */
function remember(state: SearchState, mode: HistoryMode): void {
  const typed = mode === 'typed';
  const push = mode === 'push' || (typed && performance.now() - typedAt > TYPING_ENTRY_MS);
  typedAt = typed ? performance.now() : -Infinity;
  if (mode === 'none') return;
  const query = stateToParams(state).toString();
  const search = query ? `?${query}` : '';
  if (push && search !== location.search) history.pushState(null, '', search || location.pathname);
  else history.replaceState(history.state, '', search || location.pathname);
}

async function runSearch(state: SearchState, mode: HistoryMode = 'push'): Promise<void> {
  const seq = ++searchSeq;
  remember(state, mode);
  // Searched as normalised (a 文号 without spaces in it); the address and the box keep what the reader typed.
  state = { ...state, q: normalizeQuery(state.q) };
  const filters = filterOption(state.filters);
  alternativesBox.replaceChildren();
  note.hidden = true;
  // Out of the list before its results are replaced.
  placeNote();
  showChosen(state);
  if (!state.q && Object.keys(filters).length === 0) {
    pending = [];
    looseStart = Infinity;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = '';
    return;
  }
  list.setAttribute('aria-busy', 'true');
  try {
    const api = await loadPagefind();
    const shown = await findResults(api, state, () => seq === searchSeq);
    if (!shown || seq !== searchSeq) return;
    const { hits, loose, titleQuery } = shown;
    pending = hits;
    shownCount = 0;
    looseStart = loose.length > 0 ? hits.length - loose.length : Infinity;
    // When results that hold the query come first, the line is shown where the others start (placeNote).
    note.textContent = shown.looseNote;
    note.hidden = loose.length === 0;
    // Excerpts mark the words searched for: a question's meaningful terms, else what the reader typed.
    markTerms = (titleQuery || state.q).split(/\s+/u).filter(Boolean);
    // An article number (第十二条) is marked only whole: 十二条 in 第一百八十二条 is another article.
    const articleTerms = markTerms.filter((t) => articleNumbers(t).join('') === t);
    markTerms = markTerms.filter((t) => !articleTerms.includes(t));
    markSynonyms = [...articleTerms, ...markedSynonyms(markTerms, synonymGroups)];
    // A 文号 alone is marked whole only: 发〔2019〕 of another document's 文号 is not what was asked.
    if (shown.docNumberAlone) [markTerms, markSynonyms] = [[], [shown.docNumberAlone]];
    list.replaceChildren();
    // An entry the reader comes back to (the address the page opened with, Back, Forward) shows its place again.
    const place = mode === 'replace' || mode === 'none' ? savedPlace() : undefined;
    await showMore(seq);
    while (place && shownCount < place.shown && pending.length > 0 && seq === searchSeq) await showMore(seq);
    if (seq !== searchSeq) return;
    // With looser results both numbers, short: the line above the looser results names the query and its words.
    const counted = loose.length > 0 ? looseStatusText(hits.length - loose.length, loose.length) : statusText(hits.length, state);
    status.textContent = (queryCut ? `${cutQueryNote()} ` : '') + counted;
    if (place) restorePlace(place);
    if (hits.length === 0 || shown.missingDocNumber) await showAlternatives(api, state, titleQuery || state.q, seq, shown.missingDocNumber, hits.length === 0);
  } catch (error) {
    if (seq !== searchSeq) return;
    console.warn('Search failed', error);
    list.replaceChildren();
    more.hidden = true;
    status.textContent = '搜索暂时无法使用。请稍后再试，或从“政策文件”“政策解读”栏目浏览。';
  } finally {
    if (seq === searchSeq) list.removeAttribute('aria-busy');
  }
}

/** Scrolls to a kept place and focuses the result opened from it (keyboard and screen-reader users land there). */
function restorePlace(place: ResultsPlace): void {
  const opened = place.opened ? [...list.querySelectorAll('a')].find((a) => a.getAttribute('href') === place.opened) : undefined;
  opened?.focus({ preventScroll: true });
  if (place.scrollY !== undefined) window.scrollTo(0, place.scrollY);
}

function searchSoon(): void {
  clearTimeout(typingTimer);
  // Results of the text before this keystroke are out of date: a search still running for it shows nothing.
  searchSeq++;
  typingTimer = setTimeout(() => void runSearch(readForm(), 'typed'), TYPING_PAUSE_MS);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  void runSearch(readForm(), 'push');
});
input.addEventListener('input', (event) => {
  // While an input method is composing Chinese, the text is not final yet.
  if ((event as InputEvent).isComposing) return;
  // A paste the box cut to its maxlength is said in the status, as a cut address is.
  queryCut = pasteCut;
  pasteCut = false;
  const term = input.value.trim();
  if (term) void loadPagefind().then((api) => api.preload(term, { filters: filterOption(readForm().filters) })).catch(() => undefined);
  searchSoon();
});
input.addEventListener('compositionend', searchSoon);
/**
 * A paste or drop longer than the box takes (maxlength, MAX_QUERY_LENGTH UTF-16 units): the browser cuts it
 * silently, so the reader is told (a tester pasted 1,200 characters). Set before the text goes in, read by `input`.
 */
let pasteCut = false;
input.addEventListener('beforeinput', (event) => {
  const e = event as InputEvent;
  if (e.inputType !== 'insertFromPaste' && e.inputType !== 'insertFromDrop' && e.inputType !== 'insertReplacementText') return;
  // A search box drops line breaks from pasted text.
  const added = (e.data ?? e.dataTransfer?.getData('text/plain') ?? '').replace(/[\r\n]/gu, '');
  const kept = input.value.length - ((input.selectionEnd ?? 0) - (input.selectionStart ?? 0));
  pasteCut = kept + added.length > MAX_QUERY_LENGTH;
});
for (const select of [...selects, sortSelect]) select.addEventListener('change', () => void runSearch(readForm(), 'push'));
more.addEventListener('click', () => {
  const firstNew = list.children.length;
  void showMore(searchSeq).then(() => {
    (list.children[firstNew]?.querySelector('a') as HTMLElement | null)?.focus();
    keepPlace();
  });
});

/**
 * The place a reader had in the results of a history entry: how many were shown (显示更多结果 pressed), the scroll
 * position and the result opened. Kept in history.state, so Back from a result's page shows as many results again,
 * scrolled as they were, with the opened result focused, when the browser loads the search page anew (without its
 * back/forward cache); a new search is a new entry without one.
 */
interface ResultsPlace {
  shown: number;
  scrollY?: number;
  opened?: string;
}

function keepPlace(opened?: string): void {
  const place: ResultsPlace = { shown: shownCount, scrollY: window.scrollY, ...(opened ? { opened } : {}) };
  history.replaceState({ ...(history.state as object | null), ...place }, '');
}

function savedPlace(): ResultsPlace | undefined {
  const state = history.state as Partial<ResultsPlace> | null;
  return state && typeof state.shown === 'number' ? (state as ResultsPlace) : undefined;
}

list.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a');
  if (link && list.contains(link)) keepPlace(link.getAttribute('href') ?? undefined);
});
window.addEventListener('pagehide', () => keepPlace(savedPlace()?.opened));
// The search page puts back its own place (restorePlace): the browser's would scroll before the results are shown.
history.scrollRestoration = 'manual';

/** The search of the page's address, shown in the form. */
function searchFromAddress(): SearchState {
  const fromAddress = stateFromParams(new URLSearchParams(location.search));
  // A link may carry a query of any length; the search inputs take at most MAX_QUERY_LENGTH characters.
  const limited = limitQuery(fromAddress.q);
  queryCut = limited.cut;
  const state: SearchState = { ...fromAddress, q: limited.q };
  fillForm(state);
  return state;
}

// Back and Forward between the reader's searches show the search of the address again.
window.addEventListener('popstate', () => {
  clearTimeout(typingTimer);
  void runSearch(searchFromAddress(), 'none');
});
const initial = searchFromAddress();
// Without a search in the address, Pagefind loads when the reader turns to the form (its WebAssembly takes the
// main thread for a moment, which would delay the page's first taps); the files are small and load while typing.
// The browser's Chinese word segmenter (query.ts, alternatives.ts) loads its dictionary on first use, a long task
// (120–900 ms at 4x CPU throttling on the loaded bench machine, 0–20 ms the next time): it is prepared then too, when the
// main thread is idle, so the reader's first query does not wait for it.
const warmSegmenter = () => void [...new Intl.Segmenter('zh-CN', { granularity: 'word' }).segment('搜索政策解读')];
if (!initial.q) {
  for (const type of ['focusin', 'pointerdown']) {
    form.addEventListener(
      type,
      () => {
        void loadPagefind().catch(() => undefined);
        if ('requestIdleCallback' in window) requestIdleCallback(warmSegmenter, { timeout: 300 });
        else setTimeout(warmSegmenter, 0);
      },
      { once: true },
    );
  }
}
void runSearch(initial, 'replace');
