/**
 * The file name (id) of a new entry: made from the document's 文号 or title, or from the document's id and the
 * form; checked to be a usable URL that no list page takes and no file has yet.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ID_PATTERN } from '../schemas/common';
import { entryFile, findRouteCollision } from '../content/registry';
import { documentIdBase, toSlug } from '../import/ids';
import { KIND_COLLECTIONS, NewEntryError, type Kind } from './kinds';
import type { Form } from './templates';

/** The end of an interpretation's file name per form: guofa-2019-5-wenda. */
export const FORM_SLUGS: Record<Form, string> = {
  文字解读: 'wenzi',
  图解: 'tujie',
  问答: 'wenda',
  专家解读: 'zhuanjia',
  负责人解读: 'fuzeren',
  媒体解读: 'meiti',
  音频: 'yinpin',
  视频: 'shipin',
  H5: 'h5',
};

/** The id of a new document: from its 文号 (guofa-2019-5), else from its title and date, as the importer makes them. */
export function documentId(doc: { docNumber?: string; title: string; publishedAt: string }): string {
  return documentIdBase(doc);
}

/** The id of a new interpretation of `documentId` in `form`: guofa-2019-5-wenda. */
export function interpretationId(documentId: string, form: Form): string {
  return `${documentId}-${FORM_SLUGS[form]}`;
}

/** The id of a new infographic of `documentId`: guofa-2019-5-tujie. */
export function infographicId(documentId: string): string {
  return `${documentId}-tujie`;
}

/**
 * The file a new entry of `kind` named `id` goes to, relative to the root; throws, with the fix, when the id is
 * not a usable URL, would take a list page's URL, or the file exists already.
 */
export function targetFile(root: string, kind: Kind, id: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new NewEntryError(`文件名 “${id}” 不能用作网址：只能用小写英文字母、数字和连字符（-）。`, `改为 --id ${toSlug(id) || 'jiedu-1'}。`);
  }
  const collision = findRouteCollision(KIND_COLLECTIONS[kind], id);
  if (collision) {
    throw new NewEntryError(`文件名 “${id}” 会占用网址 ${collision.url}，而这个网址是${collision.page}。`, `改为 --id ${collision.suggestion}。`);
  }
  const file = entryFile(KIND_COLLECTIONS[kind], id);
  if (existsSync(join(root, file))) {
    throw new NewEntryError(`${file} 已经存在，没有改动它。`, `要新建另一篇，用 --id 指定别的文件名，例如 --id ${id}-2；要修改已有的，直接打开这个文件。`);
  }
  return file;
}
