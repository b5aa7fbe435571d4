/**
 * What the search index knows about a page besides its main text: the words of its title, 文号 and issuers (indexed
 * like the text, so Chinese word segmentation applies to them), metadata shown in results, filters and the sort key.
 * Pages render these as one hidden block before their main text (searchFieldsHtml), so the index and the filter
 * choices on /search/ come from the same functions.
 */
import type { Element } from 'hast';
import { h } from 'hastscript';
import { docNumberToSearchKey, normalizeDocNumber } from '../lib/doc-number';
import { nodesToHtml } from '../lib/html-tree';
import { SEARCH_TYPES } from '../content/registry';

/** Kinds of page in the index, as readers name them (the 类型 filter): the article collections' names. */
export const PAGE_TYPES = SEARCH_TYPES;
/** One kind of page in the index. */
export type PageType = (typeof PAGE_TYPES)[number];

const [DOCUMENT_TYPE, INTERPRETATION_TYPE, INFOGRAPHIC_TYPE] = PAGE_TYPES;

/** Filters the reader chooses on /search/, in the order shown, with their labels. */
export const FILTERS = [
  { key: 'type', label: '类型' },
  { key: 'form', label: '解读形式' },
  { key: 'issuer', label: '机关' },
  { key: 'topic', label: '主题' },
  { key: 'year', label: '年份' },
] as const;
export type FilterKey = (typeof FILTERS)[number]['key'];

/**
 * 文号 filters are split by year (wh2019, wh2020, …; wh0 for numbers without a year), so a 文号 query loads one
 * small filter file instead of the 文号 of the whole site.
 */
export const DOC_NUMBER_FILTER_PREFIX = 'wh';

/** A 文号 search key (国发2019-5, 国令-707; see docNumberToSearchKey) as a filter key and value. */
export function searchKeyToFilter(searchKey: string): { key: string; value: string } | undefined {
  const m = /^(.+?)(\d{4})?-(\d+)$/u.exec(searchKey);
  if (!m) return undefined;
  const [, prefix, year, serial] = m as unknown as [string, string, string | undefined, string];
  return { key: `${DOC_NUMBER_FILTER_PREFIX}${year ?? '0'}`, value: `${prefix}-${serial}` };
}

/** A 文号 as a filter (key by year, value prefix-serial), or undefined when it does not parse. */
export function docNumberFilter(docNumber: string | undefined): { key: string; value: string } | undefined {
  const searchKey = docNumber ? docNumberToSearchKey(docNumber) : undefined;
  return searchKey ? searchKeyToFilter(searchKey) : undefined;
}

/** Search fields of one page. */
export interface SearchFields {
  /** Indexed before the page's text, most important first, each with its Pagefind weight (text is 1, h1 is 7). */
  text: { text: string; weight: number }[];
  /** Shown with each result; all values are plain text. */
  meta: Record<string, string>;
  /** Filter values; a page may have several values for one filter (joint issuers). */
  filters: Record<string, string[]>;
  /** Sort keys: date is the publication date YYYY-MM-DD. */
  sort: Record<string, string>;
}

/** Weights of the indexed fields: a title counts like a page's h1, a 文号 a little less, issuers like an h3. */
export const FIELD_WEIGHTS = { title: 7, docNumber: 6, issuer: 5, other: 1 } as const;

/** Id of the empty element that ends the fields block; its position tells where a page's own text starts. */
export const FIELDS_END_ID = 'search-fields-end';

/** Plain facts about a document (原文件) page. */
export interface DocumentFacts {
  title: string;
  docNumber?: string;
  /** 索引号. */
  indexNumber?: string;
  /** Issuer names, lead issuer first. */
  issuers: string[];
  publishedAt: string;
  /** 主题分类, levels separated by a backslash. */
  topic?: string;
  /** 有效性; shown with results unless 有效. */
  validity?: string;
}

/** Plain facts about an interpretation (解读) page. */
export interface InterpretationFacts {
  title: string;
  form: string;
  /** Name of the interpreting office (解读机关). */
  office?: string;
  publishedAt?: string;
  /** The documents it interprets. */
  documents: DocumentFacts[];
}

/** Plain facts about an infographic (图解) page. */
export interface InfographicFacts {
  title: string;
  publishedAt?: string;
  document?: DocumentFacts;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v && v.trim().length > 0).map((v) => v.trim()))];
}

function topicLevel1(topic: string | undefined): string | undefined {
  return topic?.split('\\')[0]?.trim() || undefined;
}

function yearOf(date: string | undefined): string | undefined {
  return date && /^\d{4}/.test(date) ? date.slice(0, 4) : undefined;
}

function addDocNumberFilters(filters: Record<string, string[]>, docNumbers: (string | undefined)[]): void {
  for (const n of docNumbers) {
    const f = docNumberFilter(n);
    if (f) filters[f.key] = unique([...(filters[f.key] ?? []), f.value]);
  }
}

function withoutEmpty(filters: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v.length > 0));
}

function withoutBlank(meta: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).filter((e): e is [string, string] => !!e[1]));
}

function textFields(parts: [string | undefined, number][]): SearchFields['text'] {
  return parts.filter((p): p is [string, number] => !!p[0]?.trim()).map(([text, weight]) => ({ text: text.trim(), weight }));
}

/** Search fields of a document page. */
export function documentSearchFields(doc: DocumentFacts): SearchFields {
  const docNumber = doc.docNumber ? normalizeDocNumber(doc.docNumber) : undefined;
  const filters: Record<string, string[]> = {
    type: [DOCUMENT_TYPE],
    issuer: unique(doc.issuers),
    topic: unique([topicLevel1(doc.topic)]),
    year: unique([yearOf(doc.publishedAt)]),
  };
  addDocNumberFilters(filters, [docNumber]);
  return {
    text: textFields([
      [doc.title, FIELD_WEIGHTS.title],
      [docNumber, FIELD_WEIGHTS.docNumber],
      [doc.issuers.join(' '), FIELD_WEIGHTS.issuer],
      [[doc.indexNumber, doc.topic?.replace(/\\/g, ' ')].filter(Boolean).join(' '), FIELD_WEIGHTS.other],
    ]),
    meta: withoutBlank({
      title: doc.title,
      type: DOCUMENT_TYPE,
      wenhao: docNumber,
      issuer: doc.issuers.join('、'),
      date: doc.publishedAt,
      validity: doc.validity && doc.validity !== '有效' ? doc.validity : undefined,
    }),
    filters: withoutEmpty(filters),
    sort: { date: doc.publishedAt },
  };
}

/** Search fields of an interpretation page: its own form, office and date, and the 文号 of its documents. */
export function interpretationSearchFields(i: InterpretationFacts): SearchFields {
  const numbers = unique(i.documents.map((d) => (d.docNumber ? normalizeDocNumber(d.docNumber) : undefined)));
  // The interpreting office; without one, the drafting office interprets (谁起草、谁解读): the issuers.
  const issuers = i.office ? [i.office] : unique(i.documents.flatMap((d) => d.issuers));
  const filters: Record<string, string[]> = {
    type: [INTERPRETATION_TYPE],
    form: [i.form],
    issuer: issuers,
    topic: unique(i.documents.map((d) => topicLevel1(d.topic))),
    year: unique([yearOf(i.publishedAt)]),
  };
  addDocNumberFilters(filters, numbers);
  return {
    text: textFields([
      [i.title, FIELD_WEIGHTS.title],
      [numbers.join(' '), FIELD_WEIGHTS.other],
      [issuers.join(' '), FIELD_WEIGHTS.issuer],
      [`${i.form} 解读`, FIELD_WEIGHTS.other],
    ]),
    meta: withoutBlank({ title: i.title, type: INTERPRETATION_TYPE, form: i.form, issuer: issuers.join('、'), date: i.publishedAt, of: numbers.join('、') }),
    filters: withoutEmpty(filters),
    sort: i.publishedAt ? { date: i.publishedAt } : {},
  };
}

/** Search fields of an infographic page. */
export function infographicSearchFields(g: InfographicFacts): SearchFields {
  const number = g.document?.docNumber ? normalizeDocNumber(g.document.docNumber) : undefined;
  const issuers = unique(g.document?.issuers ?? []);
  const filters: Record<string, string[]> = {
    type: [INFOGRAPHIC_TYPE],
    form: ['图解'],
    issuer: issuers,
    topic: unique([topicLevel1(g.document?.topic)]),
    year: unique([yearOf(g.publishedAt)]),
  };
  addDocNumberFilters(filters, [number]);
  return {
    text: textFields([
      [g.title, FIELD_WEIGHTS.title],
      [number, FIELD_WEIGHTS.other],
      [issuers.join(' '), FIELD_WEIGHTS.other],
      ['图解 一图读懂', FIELD_WEIGHTS.other],
    ]),
    meta: withoutBlank({ title: g.title, type: INFOGRAPHIC_TYPE, form: '图解', issuer: issuers.join('、'), date: g.publishedAt, of: number }),
    filters: withoutEmpty(filters),
    sort: g.publishedAt ? { date: g.publishedAt } : {},
  };
}

/**
 * The inside of the page's hidden fields block, `<div hidden data-pagefind-body set:html={…} />`, placed before the
 * page's main text: one paragraph per indexed field (paragraphs keep words apart), then metadata, filters and
 * sort key in an ignored element (Pagefind still reads them there), then the end marker. Built as a hast tree, so
 * every value is text.
 */
export function searchFieldsHtml(fields: SearchFields): string {
  const nodes: Element[] = fields.text.map(({ text, weight }) => h('p', weight === 1 ? {} : { dataPagefindWeight: weight }, text));
  const data: Element[] = [];
  for (const [key, value] of Object.entries(fields.meta)) data.push(h('span', { dataPagefindMeta: key }, value));
  for (const [key, values] of Object.entries(fields.filters)) {
    for (const value of values) data.push(h('span', { dataPagefindFilter: key }, value));
  }
  for (const [key, value] of Object.entries(fields.sort)) data.push(h('span', { dataPagefindSort: key }, value));
  nodes.push(h('div', { dataPagefindIgnore: true }, data), h('span', { id: FIELDS_END_ID }));
  return nodesToHtml(nodes);
}

/** The choices of each filter over a set of pages, sorted for a select (years newest first). */
export function filterChoices(pages: SearchFields[]): Record<FilterKey, string[]> {
  const out = Object.fromEntries(FILTERS.map((f) => [f.key, new Set<string>()])) as Record<FilterKey, Set<string>>;
  for (const p of pages) {
    for (const f of FILTERS) for (const v of p.filters[f.key] ?? []) out[f.key].add(v);
  }
  const collator = new Intl.Collator('zh-CN');
  const order = (key: FilterKey, values: Set<string>) => {
    const list = [...values];
    if (key === 'type') return PAGE_TYPES.filter((t) => values.has(t));
    if (key === 'year') return list.sort((a, b) => b.localeCompare(a));
    return list.sort(collator.compare);
  };
  return Object.fromEntries(FILTERS.map((f) => [f.key, order(f.key, out[f.key])])) as Record<FilterKey, string[]>;
}
