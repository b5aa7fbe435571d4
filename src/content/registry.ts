/**
 * The collection registry: the one place that says, for each kind of content editors write, where its files live,
 * what it is called in Chinese, which URLs its pages take, how its lists are paged and how search and releases
 * name it. Schemas, pages, the check, search, `npm run new`, the importer, stats, release notes and the image
 * build all read these facts from here; a URL is always made by entryUrl() or listUrl().
 *
 * Astro's page files necessarily repeat the URL prefix in their folder names (src/pages/wenjian/[id].astro);
 * tests/unit/content/registry.test.ts fails when a prefix here and a folder there disagree.
 * No imports: the browser's search script and every command can use it.
 */

/**
 * Editors' list of search synonyms and abbreviations (医保 ↔ 医疗保障), optional, path relative to the project root:
 * checked with the content (src/search/search-synonyms-file.ts), applied by the search page.
 */
export const SEARCH_SYNONYMS_FILE = 'content/search-synonyms.yaml';

/** The collections editors write, in the order content flows. */
export const COLLECTIONS = ['organizations', 'documents', 'interpretations', 'infographics'] as const;
/** Name of a collection, as Astro and content/ know it. */
export type CollectionName = (typeof COLLECTIONS)[number];

/** The collections with article pages, lists and search entries (everything but organisations). */
export const ARTICLE_COLLECTIONS = ['documents', 'interpretations', 'infographics'] as const;
/** Name of a collection with article pages. */
export type ArticleCollection = (typeof ARTICLE_COLLECTIONS)[number];

/** true for a collection with article pages (and a Markdown or MDX body): documents, interpretations, infographics. */
export function isArticleCollection(collection: string): collection is ArticleCollection {
  return (ARTICLE_COLLECTIONS as readonly string[]).includes(collection);
}

/** The paginated list of a collection's entries: /<prefix>/, /<prefix>/2/ … */
export interface ListFacts {
  /** Chinese name of the list, e.g. 原文件列表. */
  name: string;
  /** Entries per list page. */
  pageSize: number;
  /** Measure word for a count of entries, e.g. 件 (共 12 件). */
  unit: string;
}

/** Everything the project knows about one collection. */
export interface CollectionFacts {
  /** Folder under content/, e.g. documents. */
  dir: string;
  /** File extensions it takes; the first is what `npm run new` and the importer write. */
  extensions: readonly string[];
  /** Chinese name of one entry, e.g. 原文件; also the search type (类型) of article pages. */
  name: string;
  /** First URL segment and folder under src/pages/: the entry `x` is /<prefix>/x/. */
  urlPrefix: string;
  /** Paginated list pages, when the collection has them. */
  list?: ListFacts;
  /** Other fixed page names under /<prefix>/ (src/pages/<prefix>/<name>.astro), which no id may take. */
  pages: readonly string[];
  /** Name of the kind in release notes and manifests, e.g. 政策文件; only article collections have one. */
  releaseLabel?: string;
}

/** The facts of an article collection: it always has list pages and a name in releases. */
export type ArticleCollectionFacts = CollectionFacts & { list: ListFacts; releaseLabel: string };

/** The facts of every collection. */
export const REGISTRY: Readonly<{ organizations: CollectionFacts } & Record<ArticleCollection, ArticleCollectionFacts>> = {
  organizations: { dir: 'organizations', extensions: ['.yaml', '.yml'], name: '机构', urlPrefix: 'jiguan', pages: [] },
  documents: {
    dir: 'documents',
    extensions: ['.md'],
    name: '原文件',
    urlPrefix: 'wenjian',
    list: { name: '原文件列表', pageSize: 20, unit: '件' },
    pages: [],
    releaseLabel: '政策文件',
  },
  interpretations: {
    dir: 'interpretations',
    extensions: ['.mdx'],
    name: '解读',
    urlPrefix: 'jiedu',
    list: { name: '解读列表', pageSize: 20, unit: '篇' },
    pages: [],
    releaseLabel: '政策解读',
  },
  infographics: {
    dir: 'infographics',
    extensions: ['.mdx'],
    name: '图解',
    urlPrefix: 'tujie',
    list: { name: '图解列表', pageSize: 20, unit: '幅' },
    pages: [],
    releaseLabel: '图解',
  },
};

/** Search type (类型 filter) of each article collection's pages, in the order the filter lists them. */
export const SEARCH_TYPES = ARTICLE_COLLECTIONS.map((c) => REGISTRY[c].name) as ['原文件', '解读', '图解'];

/** URL path of an entry's page, e.g. entryUrl('documents', 'guofa-2019-5') is /wenjian/guofa-2019-5/. */
export function entryUrl(collection: CollectionName, id: string): string {
  return `/${REGISTRY[collection].urlPrefix}/${id}/`;
}

/** URL path of page `page` (from 1) of a collection's list: /wenjian/ for the first, /wenjian/2/ after. */
export function listUrl(collection: ArticleCollection, page = 1): string {
  return page <= 1 ? `/${REGISTRY[collection].urlPrefix}/` : `/${REGISTRY[collection].urlPrefix}/${page}/`;
}

/** Folder of a collection's files relative to the project root, with the slash: content/documents/. */
export function contentDir(collection: CollectionName): string {
  return `content/${REGISTRY[collection].dir}/`;
}

/** Path of an entry's file relative to the project root, with the collection's first extension. */
export function entryFile(collection: CollectionName, id: string): string {
  return `${contentDir(collection)}${id}${REGISTRY[collection].extensions[0]}`;
}

/** Glob of a collection's files inside its folder, e.g. *.md or *.{yaml,yml} (brace form only for several). */
export function filePattern(collection: CollectionName): string {
  const names = REGISTRY[collection].extensions.map((e) => e.slice(1));
  return names.length > 1 ? `*.{${names.join(',')}}` : `*.${names[0]}`;
}

/**
 * The article entry a URL path shows, or undefined: /wenjian/guofa-2019-5/ (or …/index.html) is that document;
 * list pages (/wenjian/, /wenjian/2/) and fixed pages are not entries.
 */
export function entryOfUrl(pathname: string): { collection: CollectionName; id: string } | undefined {
  const m = /^\/([^/]+)\/([^/]+)\/(?:index\.html)?$/.exec(pathname);
  if (!m) return undefined;
  const collection = COLLECTIONS.find((c) => REGISTRY[c].urlPrefix === m[1]);
  if (!collection) return undefined;
  const id = decodeURIComponent(m[2]!);
  const facts = REGISTRY[collection];
  if ((facts.list && /^\d+$/.test(id)) || facts.pages.includes(id)) return undefined;
  return { collection, id };
}

/** The URL path a built file answers: wenjian/x/index.html is /wenjian/x/, rss.xml is /rss.xml. */
export function fileToUrlPath(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** Why an id cannot be used as a URL in its collection's folder. */
export interface RouteCollision {
  /** The URL the entry would take, e.g. /wenjian/2/. */
  url: string;
  /** Which page already has it, in Chinese. */
  page: string;
  /** An id that does not collide, for the fix. */
  suggestion: string;
}

/**
 * The page an entry id would replace, or undefined: an entry's id is its URL, so an id that is also the name of
 * another page in that folder would replace it. Ids of digits only are refused where there are list pages,
 * whatever their number today (list page n is /<prefix>/n/, and lists grow).
 */
export function findRouteCollision(collection: CollectionName, id: string): RouteCollision | undefined {
  const facts = REGISTRY[collection];
  const url = entryUrl(collection, id);
  const suggestion = `${facts.urlPrefix}-${id}`;
  if (facts.list && /^\d+$/.test(id)) return { url, page: `${facts.list.name}的第 ${Number(id)} 页`, suggestion };
  if (facts.pages.includes(id)) return { url, page: `页面 ${url}`, suggestion };
  return undefined;
}
