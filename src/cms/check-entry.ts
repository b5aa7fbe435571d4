/**
 * The project's own check (src/check/validate.ts) run on an entry as the form holds it, before the form editor
 * saves it: the entry is written the way the form would write it into a temporary copy of content/, the whole
 * copy is checked (so links to documents and organisations are resolved as `npm run check` does), and the
 * problems of that one file are returned, formatted as `npm run check` prints them.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContent } from '../check/validate';
import { formatProblem } from '../lib/problems';
import { COLLECTIONS, REGISTRY, contentDir, isArticleCollection, type CollectionName } from '../content/registry';
import { FORM_SCHEMAS, schemaToFormFields } from './schema-fields';
import { pruneEmpty } from './admin/entry-data';
import { frontmatterToFile, yamlToFile } from './admin/file-format';
import type { CheckAnswer } from './admin/setup';

/** true for the name of a collection the form edits. */
export function isCollectionName(name: unknown): name is CollectionName {
  return typeof name === 'string' && (COLLECTIONS as readonly string[]).includes(name);
}

/**
 * The file text the form's values stand for, written as the form writes it (admin/file-format.ts): the
 * frontmatter fields in the schema's order (empty ones left out), then the body for documents, interpretations
 * and infographics; organisations are plain YAML. Keys the schema does not know are kept after the known ones,
 * so the check can name them.
 */
export function formDataToFileText(collection: CollectionName, data: Record<string, unknown>): string {
  const values = pruneEmpty(data);
  const order = schemaToFormFields(FORM_SCHEMAS[collection]).map((f) => f.key);
  return isArticleCollection(collection) ? frontmatterToFile(values, order) : yamlToFile(values, order);
}

/** The file of an entry: the existing file for `slug` when there is one, else a new file with a placeholder id. */
export function entryPath(root: string, collection: CollectionName, slug: string | undefined): string {
  const facts = REGISTRY[collection];
  const id = slug ?? `${facts.urlPrefix}-xinjian`;
  const existing = facts.extensions.map((e) => `${contentDir(collection)}${id}${e}`).find((f) => existsSync(join(root, f)));
  return existing ?? `${contentDir(collection)}${id}${facts.extensions[0]}`;
}

/**
 * Checks the form's values of one entry against the content of the project at `root`. `slug` is the entry's id,
 * undefined for an entry not saved yet. Nothing under `root` is written; the temporary copy is removed.
 */
export function checkFormEntry(root: string, collection: CollectionName, slug: string | undefined, data: Record<string, unknown>): CheckAnswer {
  const file = entryPath(root, collection, slug);
  const copy = mkdtempSync(join(tmpdir(), 'jiedu-cms-check-'));
  try {
    cpSync(join(root, 'content'), join(copy, 'content'), { recursive: true });
    writeFileSync(join(copy, file), formDataToFileText(collection, data));
    const { problems } = checkContent(copy);
    const mine = problems.filter((p) => p.file === file);
    return {
      file: slug === undefined ? `${file}（新建，保存时文件名由编辑器生成）` : file,
      problems: [...mine.filter((p) => p.severity === 'error'), ...mine.filter((p) => p.severity === 'warning')].map((p) => ({
        severity: p.severity,
        text: formatProblem(p),
      })),
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
