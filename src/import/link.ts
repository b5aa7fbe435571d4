/**
 * Linking an interpretation that names its original document but gives no record id: by a 《title》 in its
 * title or first paragraph, or by a 文号 anywhere in its text (any brackets, full-width digits), among the
 * documents of this import and those already in content/documents/. Every link carries the evidence an editor
 * needs to confirm it; a name that fits more than one document links nothing and is reported as ambiguous.
 */
import { normalizeDocNumber, parseDocNumber } from '../lib/doc-number';
import type { Problem } from '../lib/problems';

/** A document an interpretation can be linked to. */
export interface LinkTarget {
  /** Entry id (file name in content/documents/). */
  id: string;
  title: string;
  /** 文号, any form. */
  docNumber?: string;
}

/** One document found for an interpretation, and why. */
export interface FoundOriginal {
  id: string;
  /** In Chinese: where the name was found and what it matched, e.g. 标题中的《…》与原文件标题一致. */
  evidence: string;
}

/** The outcome of linking: one document (linked), several (ambiguous: not linked), or none. */
export type LinkOutcome =
  | { kind: 'linked'; found: FoundOriginal[] }
  | { kind: 'ambiguous'; found: FoundOriginal[] }
  | { kind: 'none' };

/** A title as a lookup key: no spaces, no book-title marks, no invisible characters. */
function titleKey(title: string): string {
  return title.replace(/[\s\u3000《》〈〉“”"]/gu, '');
}

// A document that issues another one is titled …关于印发《X》的通知 / …印发X的通知: interpretations name X.
const ISSUING = /(?:印发|转发|颁布|发布|公布)(.+?)的(?:通知|决定|令|公告|通告|函)$/u;

/** 文号 in running text, any bracket style, possibly with a few characters before the prefix that are not part of it. */
const DOC_NUMBER_IN_TEXT =
  /([\p{Script=Han}]{2,12})\s*[〔﹝[【(（［〖〘]\s*([0-9０-９]{4})\s*[〕﹞\]】)）］〗〙]\s*第?\s*([0-9０-９]{1,5})\s*号/gu;

/**
 * The documents an interpretation can be linked to, indexed by title (and by the X of 关于印发X的通知) and by
 * standard 文号. Build once per import, query per interpretation.
 */
export class OriginalIndex {
  private readonly byTitle = new Map<string, Set<string>>();
  private readonly byNumber = new Map<string, Set<string>>();
  private readonly titles = new Map<string, string>();

  constructor(targets: Iterable<LinkTarget>) {
    for (const t of targets) this.add(t);
  }

  /** Adds a document (an id seen again is only indexed under its new names). */
  add(target: LinkTarget): void {
    this.titles.set(target.id, target.title);
    const put = (map: Map<string, Set<string>>, key: string) => {
      if (!key) return;
      if (!map.has(key)) map.set(key, new Set());
      map.get(key)!.add(target.id);
    };
    const key = titleKey(target.title);
    put(this.byTitle, key);
    const issued = ISSUING.exec(key)?.[1];
    if (issued) put(this.byTitle, issued);
    if (target.docNumber) {
      const parsed = parseDocNumber(target.docNumber);
      if (parsed) put(this.byNumber, parsed.normalized);
    }
  }

  /** Ids of documents whose title (or issued title) is `title`. */
  findByTitle(title: string): string[] {
    return [...(this.byTitle.get(titleKey(title)) ?? [])];
  }

  /** Ids of documents whose 文号 is `docNumber` (any form). */
  findByDocNumber(docNumber: string): string[] {
    return [...(this.byNumber.get(normalizeDocNumber(docNumber)) ?? [])];
  }

  /** The indexed title of a document id. */
  titleOf(id: string): string | undefined {
    return this.titles.get(id);
  }

  /**
   * Finds the original of an interpretation from its title and body text: 《…》 in the title and the first
   * paragraph, 文号 anywhere. One document in all → linked; more than one → ambiguous; none → none.
   */
  findOriginals(title: string, bodyText: string): LinkOutcome {
    const found = new Map<string, string[]>();
    const note = (ids: string[], evidence: (id: string) => string) => {
      for (const id of ids) found.set(id, [...(found.get(id) ?? []), evidence(id)]);
    };
    const firstParagraph = bodyText.split(/\n/).find((l) => l.trim() !== '') ?? '';
    for (const [where, text] of [
      ['标题', title],
      ['正文第一段', firstParagraph],
    ] as const) {
      for (const m of text.matchAll(/《([^《》]+)》/gu)) {
        note(this.findByTitle(m[1]!), (id) => `${where}中的《${m[1]}》与原文件 ${id}《${this.titleOf(id)}》的标题一致`);
      }
    }
    for (const [where, text] of [
      ['标题', title],
      ['正文', bodyText],
    ] as const) {
      for (const m of text.matchAll(DOC_NUMBER_IN_TEXT)) {
        const prefix = m[1]!;
        // The match may start a few characters early (根据国发〔2019〕5号): the longest prefix that is a 文号 wins.
        for (let k = prefix.length; k >= 2; k--) {
          const number = normalizeDocNumber(`${prefix.slice(-k)}〔${m[2]}〕${m[3]}号`);
          const ids = this.findByDocNumber(number);
          if (ids.length > 0) {
            note(ids, (id) => `${where}中的文号 “${m[0].slice(prefix.length - k)}” 与原文件 ${id} 的文号 ${number} 一致`);
            break;
          }
        }
      }
    }
    if (found.size === 0) return { kind: 'none' };
    const list = [...found].map(([id, evidence]) => ({ id, evidence: [...new Set(evidence)].join('；') }));
    return { kind: list.length === 1 ? 'linked' : 'ambiguous', found: list };
  }
}

/** The words of the toFinish item an interpretation gets while its original is a draft; the check's to-do list finds it by them. */
export const DRAFT_ORIGINAL_WORDS = '还是待补草稿';

/** A document that is a draft: its file and title. */
interface DraftDocument {
  /** Content file, relative to the project root (content/documents/<id>.md). */
  path: string;
  title?: string;
}

/**
 * The original documents that are drafts: those in content/documents/ with `draft: true`, as this import leaves them
 * (a document this import writes counts as it is written: a draft to finish or not). A document and its
 * interpretation are published together (三同步, ../shared/DOMAIN.md), so an interpretation of a draft is imported
 * as a draft too, or it would go live before its original (the check's warning 原文件 … 还是草稿，这篇会先于原文件上线).
 */
export class DraftOriginals {
  private readonly drafts = new Map<string, DraftDocument>();

  /** Starts from the documents on the site (id, path, title and whether the file says draft: true). */
  constructor(existing: Iterable<{ id: string; path: string; title?: string; draft?: boolean }>) {
    for (const e of existing) if (e.draft) this.drafts.set(e.id, { path: e.path, title: e.title });
  }

  /** Records how this import writes a document: a draft to finish or ready to publish. */
  noteWritten(id: string, path: string, title: string, draft: boolean): void {
    if (draft) this.drafts.set(id, { path, title });
    else this.drafts.delete(id);
  }

  /**
   * What an interpretation of `documentIds` still needs because some of them are drafts: one error-shaped problem per
   * draft original (field documents[i], in Chinese: 所解读的原文件《…》还是待补草稿), for its toFinish list; [] when none is.
   */
  problemsFor(documentIds: readonly string[], where: { file: string; line: number }): Problem[] {
    const problems: Problem[] = [];
    documentIds.forEach((id, i) => {
      const draft = this.drafts.get(id);
      if (!draft) return;
      problems.push({
        severity: 'error',
        ...where,
        field: `documents[${i}]`,
        label: '所解读的原文件',
        message: `所解读的原文件《${draft.title ?? id}》${DRAFT_ORIGINAL_WORDS}（${draft.path}），解读与原文件同步发布，所以这篇也导入为草稿。`,
        fix: `先补齐 ${draft.path} 并删去它的 draft: true；之后删去这一项，与原文件一起发布。`,
      });
    });
    return problems;
  }
}
