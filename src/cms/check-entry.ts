/**
 * The project's own check (src/check/validate.ts) run on an entry as the form holds it, before the form editor
 * saves it: the entry is written the way the form would write it into a temporary copy of content/, the whole
 * copy is checked (so links to documents and organisations are resolved as `npm run check` does), and the
 * problems of that one file are returned, formatted as `npm run check` prints them.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContent } from '../check/validate';
import { formatProblem, type Problem } from '../lib/problems';
import { parseDocument, visit } from 'yaml';
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
 * The comments (`# …`) in an existing file's YAML, which a save from the form would drop (the form holds values,
 * not text): one error at the first comment's line, so the editor is told before anything is lost. Undefined when
 * the file has none or cannot be read as YAML (the check reports that).
 */
export function commentLossProblem(file: string, text: string, article: boolean): Problem | undefined {
  const m = article ? /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text) : [text, text.replace(/^\uFEFF/, '')];
  if (!m) return undefined;
  const yaml = m[1]!;
  const doc = parseDocument(yaml);
  if (doc.errors.length) return undefined;
  let found = Boolean(doc.commentBefore || doc.comment);
  visit(doc, (_key, node) => {
    const n = node as { commentBefore?: string | null; comment?: string | null };
    if (n.commentBefore || n.comment) {
      found = true;
      return visit.BREAK;
    }
    return undefined;
  });
  if (!found) return undefined;
  const lines = yaml.split(/\r?\n/);
  const index = lines.findIndex((l) => /^\s*#|\s#/.test(l));
  const offset = article ? 2 : 1;
  return {
    severity: 'error',
    file,
    line: index >= 0 ? index + offset : undefined,
    message: `这个文件的字段部分有注释${index >= 0 ? `（第 ${index + offset} 行“${lines[index]!.trim().slice(0, 40)}”）` : ''}，用表单保存会把注释删掉。`,
    fix: '请用文本编辑器修改这个文件；或先在文本编辑器里删掉注释（需要保留的说明写进 summary 等字段或正文），再用表单编辑。',
  };
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
    if (slug !== undefined && existsSync(join(root, file))) {
      const lost = commentLossProblem(file, readFileSync(join(root, file), 'utf8'), isArticleCollection(collection));
      if (lost) mine.unshift(lost);
    }
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
