/**
 * Which entries are on the site: drafts (`draft: true`) and entries scheduled for a later date (`publishAt`)
 * stay off it, but are still checked. Pure functions over frontmatter data, shared by the pages
 * (src/site/queries.ts), `npm run stats` and the check.
 */
import type { CheckedData } from '../schemas/collections';
import { ARTICLE_COLLECTIONS } from '../content/registry';
import type { CheckedEntries, CheckedEntry } from './validate';
import type { Problem } from '../lib/problems';
import { formatFieldPath, labelOf } from '../schemas/field-labels';

/**
 * The frontmatter fields that decide publication, as every article schema declares them (src/schemas/): draft (true
 * keeps the entry off the site) and publishAt (scheduled publication date, YYYY-MM-DD); optional, so the data of
 * any entry fits.
 */
export type PublicationFields = Partial<Pick<CheckedData<'documents'>, 'draft' | 'publishAt'>>;

/** Today's date in China (UTC+8), YYYY-MM-DD: the day a build publishes for. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** true when the entry belongs on the site built on `today` (YYYY-MM-DD): not a draft, and not scheduled after today. */
export function isPublished(data: PublicationFields, today: string): boolean {
  if (data.draft) return false;
  return data.publishAt === undefined || data.publishAt <= today;
}

/** Why an entry is or is not on the site built on `today`. */
export type PublicationState = { state: 'published' } | { state: 'draft' } | { state: 'scheduled'; publishAt: string };

/** The publication state of an entry on `today`, for notices in the preview and in reports. */
export function publicationState(data: PublicationFields, today: string): PublicationState {
  if (data.draft) return { state: 'draft' };
  if (data.publishAt !== undefined && data.publishAt > today) return { state: 'scheduled', publishAt: data.publishAt };
  return { state: 'published' };
}

/** Marks the template text of `npm run new` that editors must replace: 【待填写：…】. */
export const PLACEHOLDER_START = '【待填写';

/** The earliest day an entry can be on the site: never for drafts, otherwise its publishAt (or any day). */
function firstDay(data: PublicationFields): string {
  if (data.draft) return '9999-99-99';
  return data.publishAt ?? '0000-00-00';
}

/** An interpretation or infographic that passed its schema: the entries that link to an original document. */
type LinkingEntry = CheckedEntry<CheckedData<'interpretations'> | CheckedData<'infographics'>>;

/**
 * Checks that do not depend on today's date:
 * - an entry that goes on the site must not still contain the template text of `npm run new` (error);
 * - an interpretation or infographic that would go on the site before its original document (warning);
 * - a scheduled interpretation or infographic whose publishedAt is earlier than publishAt (warning).
 */
export function checkPublication(entries: CheckedEntries): Problem[] {
  const problems: Problem[] = [];
  for (const collection of ARTICLE_COLLECTIONS) {
    for (const { source, data } of entries[collection].values()) {
      if (data.draft) continue;
      const at = source.raw.indexOf(PLACEHOLDER_START);
      if (at >= 0) {
        const line = source.raw.slice(0, at).split('\n').length;
        const end = source.raw.indexOf('】', at);
        problems.push({
          severity: 'error',
          file: source.file,
          line,
          message: `还有模板占位文字“${source.raw.slice(at, end > at ? Math.min(end + 1, at + 40) : at + 20)}”，不能发布。`,
          fix: '把所有“【待填写：…】”改写成正式内容；尚未写完的，在元数据区加一行 draft: true。',
        });
      }
    }
  }
  const documents = entries.documents;
  // Each link to an original document, with the path of the field that makes it.
  const links: [LinkingEntry, string, PropertyKey[]][] = [
    ...[...entries.interpretations.values()].flatMap((e) =>
      e.data.documents.map((id, i): [LinkingEntry, string, PropertyKey[]] => [e, id, ['documents', i]]),
    ),
    ...[...entries.infographics.values()].map((e): [LinkingEntry, string, PropertyKey[]] => [e, e.data.document, ['document']]),
  ];
  for (const [{ source, data: d }, id, path] of links) {
    const doc = documents.get(id)?.data;
    if (d.draft || !doc || firstDay(doc) <= firstDay(d)) continue;
    problems.push({
      severity: 'warning',
      file: source.file,
      line: source.lineOf(path),
      field: formatFieldPath(path),
      label: labelOf(path),
      message: doc.draft
        ? `原文件 ${id} 还是草稿（draft: true），这篇会先于原文件上线，页面上将没有原文件的链接。`
        : `原文件 ${id} 定于 ${doc.publishAt} 上线，这篇会${d.publishAt ? `在 ${d.publishAt} ` : ''}先于原文件上线，页面上暂时没有原文件的链接。`,
      fix: doc.draft
        ? '与原文件同步发布：原文件发布前，这篇也写 draft: true。'
        : `与原文件同步发布：写 publishAt: ${doc.publishAt}。`,
    });
  }
  for (const { source, data: d } of [...entries.interpretations.values(), ...entries.infographics.values()]) {
    if (d.publishAt && d.publishedAt && d.publishAt > d.publishedAt) {
      problems.push({
        severity: 'warning',
        file: source.file,
        line: source.lineOf(['publishedAt']),
        field: 'publishedAt',
        label: '发布日期',
        message: `定时于 ${d.publishAt} 上线，但页面显示的发布日期是更早的 ${d.publishedAt}。`,
        fix: `把 publishedAt 改为 ${d.publishAt}（与 publishAt 相同）。`,
      });
    }
  }
  return problems;
}
