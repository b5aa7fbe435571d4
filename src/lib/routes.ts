/**
 * Entry URLs and the pages that share their folder: an entry's id is its URL (/wenjian/<id>/), so an id
 * that is also the name of another page in that folder would replace it. Mirrors src/pages/; a unit test
 * (tests/unit/routes.test.ts) reads src/pages/ and fails when a page is added there without being listed here.
 */
import type { CollectionName } from '../schemas/common';

/** One collection's URL folder and what else lives in it. */
export interface EntryRoute {
  /** Folder under src/pages/ and first URL segment, e.g. wenjian for /wenjian/<id>/. */
  folder: string;
  /** Chinese name of the list pages in that folder, e.g. 原文件列表; undefined when there are none. */
  list?: string;
  /** true when the folder has paginated list pages ([...page].astro): /wenjian/2/, /wenjian/3/ … */
  paginated: boolean;
  /** Other fixed page names in the folder (src/pages/<folder>/<name>.astro or <name>/), none today. */
  pages: readonly string[];
}

/** Where each collection's entry pages live (src/pages/<folder>/[id].astro). */
export const ENTRY_ROUTES: Record<CollectionName, EntryRoute> = {
  documents: { folder: 'wenjian', list: '原文件列表', paginated: true, pages: [] },
  interpretations: { folder: 'jiedu', list: '解读列表', paginated: true, pages: [] },
  infographics: { folder: 'tujie', list: '图解列表', paginated: true, pages: [] },
  organizations: { folder: 'jiguan', paginated: false, pages: [] },
};

/** Why an id cannot be used as a URL in its folder. */
export interface RouteCollision {
  /** The URL the entry would take, e.g. /wenjian/2/. */
  url: string;
  /** Which page already has it, in Chinese. */
  page: string;
  /** An id that does not collide, for the fix. */
  suggestion: string;
}

/**
 * The page an entry id would replace, or undefined. Ids of digits only are refused in paginated folders
 * whatever the number of pages today (list page n is /<folder>/n/, and lists grow).
 */
export function findRouteCollision(collection: CollectionName, id: string): RouteCollision | undefined {
  const route = ENTRY_ROUTES[collection];
  const url = `/${route.folder}/${id}/`;
  const suggestion = `${route.folder}-${id}`;
  if (route.paginated && /^\d+$/.test(id)) {
    return { url, page: `${route.list ?? '列表'}的第 ${Number(id)} 页`, suggestion };
  }
  if (route.pages.includes(id)) return { url, page: `页面 /${route.folder}/${id}/`, suggestion };
  return undefined;
}
