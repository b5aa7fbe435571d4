/**
 * Entry ids for imported content: readable, stable, [a-z0-9-] only, built from pinyin.
 * 国发〔2019〕5号 → guofa-2019-5; 国令第707号 → guoling-707; a document without a 文号 → title initials + date.
 */
import { pinyin } from 'pinyin-pro';
import { parseDocNumber } from '../lib/doc-number';

/** Longest run of title initials used in an id, e.g. zhrmghgldhtf for 中华人民共和国劳动合同法. */
export const MAX_INITIALS = 12;

/** Full pinyin of a Chinese name, syllables joined without separators: 国务院办公厅 → guowuyuanbangongting. */
export function pinyinSlug(text: string): string {
  const parts = pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' });
  return toSlug(parts.map((part) => toSlug(part) || '-').join(''));
}

/** Pinyin initials of a title, at most `max` letters (digits and Latin letters kept as they are). */
export function titleInitials(title: string, max = MAX_INITIALS): string {
  const parts = pinyin(title, { pattern: 'first', toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' });
  return parts
    .map((part) => part.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .join('')
    .slice(0, max);
}

/** Lower-case ASCII letters and digits, other runs become one hyphen, none at the ends. */
export function toSlug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The id a document would get before de-duplication: from its 文号 when it has one that parses,
 * otherwise from the initials of its title and its publication date.
 */
export function documentIdBase(doc: { docNumber?: string; title: string; publishedAt: string }): string {
  const parts = doc.docNumber ? parseDocNumber(doc.docNumber) : undefined;
  if (parts) {
    const prefix = pinyinSlug(parts.prefix);
    if (prefix) return [prefix, parts.year, parts.serial].filter((p) => p !== undefined).join('-');
  }
  const initials = titleInitials(doc.title) || 'wenjian';
  return `${initials}-${doc.publishedAt}`;
}

/** The id an interpretation would get before de-duplication: its document's id, -jd-, and its date or record id. */
export function interpretationIdBase(documentId: string, interp: { publishedAt?: string; recordId: string }): string {
  return `${documentId}-jd-${interp.publishedAt ?? (toSlug(interp.recordId) || 'wuriqi')}`;
}

/**
 * The id base of an interpretation that has no local document (its original is elsewhere, or it is a draft to
 * link): the initials of its title, -jd-, and its date or record id.
 */
export function unlinkedInterpretationIdBase(interp: { title: string; publishedAt?: string; recordId: string }): string {
  return interpretationIdBase(titleInitials(interp.title.replace(/【[^】]*】/gu, '')) || 'jiedu', interp);
}

/** The organisation id of a full name: 国务院 → guowuyuan. */
export function organizationId(name: string): string {
  return pinyinSlug(name) || 'jiguan';
}

/** Gives `base`, or base-2, base-3 … the first one not in `taken`, and marks it taken. */
export function claimId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
