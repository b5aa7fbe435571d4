/** The documents and organisations `new` chooses from: taken from the content snapshot, found by id, 文号 or name. */
import { readSnapshot } from '../content/snapshot';
import { docNumberToSearchKey } from '../lib/doc-number';
import { findNearest } from '../lib/text-distance';
import { NewEntryError } from './kinds';
import type { DocumentInfo } from './templates';

export type { DocumentInfo } from './templates';

/** An organisation an editor can name as issuer: by file name or full name. */
export interface OrgInfo {
  id: string;
  name: string;
  /** 文号 prefixes (机关代字) it issues under (docNumberPrefixes), used to fill the issuer from a 文号. */
  docNumberPrefixes?: string[];
}

/**
 * The documents and organisations under content/ of `root`, as far as their frontmatter can be read: from the
 * run's content snapshot (src/content/snapshot.ts), so a command that holds it reads no file twice. Frontmatter is
 * taken as written, before any schema: a document with a mistake elsewhere can still be chosen.
 */
export function loadChoices(root: string): { documents: DocumentInfo[]; organizations: OrgInfo[] } {
  const { files } = readSnapshot(root);
  const documents: DocumentInfo[] = [];
  const organizations: OrgInfo[] = [];
  for (const f of files) {
    const d = (f.data ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString().slice(0, 10) : undefined);
    if (f.collection === 'documents') {
      documents.push({ id: f.id, title: str(d.title) ?? f.id, docNumber: str(d.docNumber), issuer: str(d.issuer), publishedAt: str(d.publishedAt) });
    } else if (f.collection === 'organizations') {
      const prefixes = Array.isArray(d.docNumberPrefixes) ? d.docNumberPrefixes.filter((p): p is string => typeof p === 'string') : undefined;
      organizations.push({ id: f.id, name: str(d.name) ?? f.id, docNumberPrefixes: prefixes });
    }
  }
  return { documents, organizations };
}

/** Finds a document by id or by 文号 in any bracket style. */
export function findDocument(query: string, documents: readonly DocumentInfo[]): DocumentInfo | undefined {
  const q = query.trim();
  const byId = documents.find((d) => d.id === q || d.id === q.replace(/\.md$/, ''));
  if (byId) return byId;
  const key = docNumberToSearchKey(q);
  if (!key) return undefined;
  return documents.find((d) => d.docNumber !== undefined && docNumberToSearchKey(d.docNumber) === key);
}

/** The 文号 of a document in brackets for a list, or nothing: （国发〔2019〕5号）. */
export function docLabel(d: DocumentInfo | undefined): string {
  return d?.docNumber ? `（${d.docNumber}）` : '';
}

/** The error for a document not found, naming the nearest ids and 文号. */
export function documentNotFound(query: string, documents: readonly DocumentInfo[]): NewEntryError {
  const near = findNearest(query, documents.map((d) => d.id), 3);
  const byNumber = findNearest(query, documents.flatMap((d) => (d.docNumber ? [d.docNumber] : [])), 3);
  const hints = [...near.map((id) => `${id}${docLabel(documents.find((d) => d.id === id))}`), ...byNumber.filter((n) => !near.some((id) => documents.find((d) => d.id === id)?.docNumber === n))];
  return new NewEntryError(
    `找不到原文件 “${query}”。${hints.length ? `最接近的是：${hints.join('、')}。` : ''}`,
    '写 content/documents/ 下的文件名（不含 .md）或文号；原文件还没有的，先运行 npm run new -- wenjian 新建。',
  );
}
