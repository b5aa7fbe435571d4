/**
 * Whether a record and the content entry found for it are the same document, and the 文号 already taken.
 * A record id is only unique within one office system's export: two exports (or an editor's rejects file with a
 * repeated id) may give the same id to different documents. The importer updates an entry from a record only when
 * the record is evidently the same document, so an entry is never rewritten with another document's text.
 */
import { normalizeDocNumber } from '../lib/doc-number';

/** Titles with a bigram Dice similarity below this (and neither containing the other) count as changed entirely. */
export const TITLE_SIMILARITY_MIN = 0.5;

/** A title reduced to its letters, digits and Han characters (punctuation, spaces and brackets out). */
function titleCore(title: string): string {
  return title.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');
}

/** Dice coefficient of the character bigrams of two strings: 1 for the same text, 0 for no pair in common. */
export function titleSimilarity(a: string, b: string): number {
  const x = titleCore(a);
  const y = titleCore(b);
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const pairs = (s: string) => {
    const chars = [...s];
    const counts = new Map<string, number>();
    for (let i = 0; i + 1 < chars.length; i++) {
      const p = chars[i]! + chars[i + 1]!;
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    return { counts, total: chars.length - 1 };
  };
  const px = pairs(x);
  const py = pairs(y);
  let shared = 0;
  for (const [p, n] of px.counts) shared += Math.min(n, py.counts.get(p) ?? 0);
  return (2 * shared) / (px.total + py.total);
}

/** What an entry is known by: its title and, for documents, its 文号. */
export interface EntryIdentity {
  title?: string;
  docNumber?: string;
  /** 发布日期, YYYY-MM-DD (documents). */
  publishedAt?: string;
}

/**
 * Why a record is evidently not the document of the entry found by its id, in Chinese, or undefined when it may be
 * the same one: its 文号 differs from the entry's (both given, compared in the standard form), or its title is
 * changed entirely (neither title contains the other and their bigram similarity is below TITLE_SIMILARITY_MIN), or,
 * without the same 文号 on both sides, its 发布日期 differs from the entry's.
 * A corrected typo or a title given its issuer's name still counts as the same document.
 */
export function differenceFromEntry(entry: EntryIdentity, record: EntryIdentity): string | undefined {
  if (entry.docNumber && record.docNumber && normalizeDocNumber(entry.docNumber) !== normalizeDocNumber(record.docNumber)) {
    return `文号不同（已有文件为 ${entry.docNumber}，这条记录为 ${record.docNumber}）`;
  }
  // Without a 文号 on both sides, a generic title (关于做好有关工作的通知) says little: another 发布日期 makes it another
  // document. With the same 文号, a changed date is a correction of the same document.
  const sameDocNumber = entry.docNumber && record.docNumber && normalizeDocNumber(entry.docNumber) === normalizeDocNumber(record.docNumber);
  if (!sameDocNumber && entry.publishedAt && record.publishedAt && entry.publishedAt !== record.publishedAt) {
    return `没有相同的文号，发布日期也不同（已有文件为 ${entry.publishedAt}，这条记录为 ${record.publishedAt}）`;
  }
  if (entry.title && record.title) {
    const a = titleCore(entry.title);
    const b = titleCore(record.title);
    if (!a.includes(b) && !b.includes(a) && titleSimilarity(entry.title, record.title) < TITLE_SIMILARITY_MIN) {
      return `标题完全不同（已有文件为《${entry.title}》，这条记录为《${record.title}》）`;
    }
  }
  return undefined;
}

/** How an entry is named in a message: its path, 文号 and title. */
export function describeEntry(path: string, entry: EntryIdentity): string {
  return `${path}（${[entry.docNumber, entry.title ? `《${entry.title}》` : undefined].filter(Boolean).join(' ')}）`;
}
