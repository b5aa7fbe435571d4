/**
 * The to-do list of drafts to finish: entries the importer wrote as `draft: true` with a `toFinish` list (what
 * publication still needs: an issuer, an original document, a body). `npm run check` prints them by kind after
 * the problems; they are not errors, since drafts never reach the site. An entry published (no `draft`) while
 * its toFinish list is still there gets a warning: the list is stale or the work is not done.
 */
import type { CollectionName } from '../schemas/common';
import type { Problem } from '../lib/problems';
import type { CheckResult } from './validate';
import { DRAFT_ORIGINAL_WORDS } from '../import/link';

/** One draft to finish: its file and what it lacks. */
export interface DraftToFinish {
  file: string;
  title: string;
  items: string[];
  /**
   * What follows from the other entries (三同步, ../shared/DOMAIN.md), in Chinese: for a document, the interpretations
   * waiting as drafts for it; for an interpretation, an original that was a draft when it was imported and is
   * finished now (its item can go). Empty when nothing does.
   */
  notes: string[];
}

const KIND_NAMES: Partial<Record<CollectionName, string>> = { documents: '原文件', interpretations: '解读', infographics: '图解' };

/** The drafts to finish per kind (collection), files in path order, and warnings for published entries that still have a list. */
export function findDraftsToFinish(entries: CheckResult['entries']): { byKind: Map<CollectionName, DraftToFinish[]>; problems: Problem[] } {
  const byKind = new Map<CollectionName, DraftToFinish[]>();
  const problems: Problem[] = [];
  for (const [collection, map] of Object.entries(entries) as [CollectionName, CheckResult['entries'][CollectionName]][]) {
    for (const { source, data } of map.values()) {
      const items = (data as { toFinish?: unknown }).toFinish;
      if (!Array.isArray(items) || items.length === 0) continue;
      if ((data as { draft?: boolean }).draft) {
        const list = byKind.get(collection) ?? [];
        list.push({ file: source.file, title: String((data as { title?: unknown }).title ?? source.id), items: items.map(String), notes: [] });
        byKind.set(collection, list);
      } else {
        problems.push({
          severity: 'warning',
          file: source.file,
          line: source.lineOf(['toFinish']),
          field: 'toFinish',
          label: '待补事项',
          message: `已不是草稿（没有 draft: true），但 toFinish 还列着 ${items.length} 项待补内容。`,
          fix: '补齐所列内容后删去 toFinish；尚未补齐的，加回 draft: true。',
        });
      }
    }
  }
  for (const list of byKind.values()) list.sort((a, b) => a.file.localeCompare(b.file));
  noteDraftOriginals(entries, byKind);
  return { byKind, problems };
}

/**
 * Links drafts of a document and of its interpretations (they are published together, 三同步): a draft document
 * names the draft interpretations of it that can be finished with it; a draft interpretation whose toFinish says its
 * original is a draft (the importer's item, DRAFT_ORIGINAL_WORDS and the original's file) is told when that original
 * is no longer a draft, so that the item can go.
 */
function noteDraftOriginals(entries: CheckResult['entries'], byKind: Map<CollectionName, DraftToFinish[]>): void {
  const drafts = new Map([...byKind.values()].flat().map((d) => [d.file, d]));
  for (const { source, data } of entries.interpretations.values()) {
    const own = drafts.get(source.file);
    for (const id of data.documents) {
      const original = entries.documents.get(id);
      if (!original) continue;
      const file = original.source.file;
      const originalDraft = drafts.get(file);
      if (original.data.draft) {
        if (originalDraft && data.draft) originalDraft.notes.push(`补齐后，解读 ${source.file}（${data.title}）也可以同时补齐发布。`);
        continue;
      }
      const waiting = own?.items.find((item) => item.includes(DRAFT_ORIGINAL_WORDS) && item.includes(`（${file}）`));
      if (own && waiting) {
        own.notes.push(`原文件 ${file}（${original.data.title}）已补齐，不再是草稿：上面“${DRAFT_ORIGINAL_WORDS}”这一项已完成，从 toFinish 删去；没有别的待补事项时，删去 toFinish 和 draft: true，与原文件一起发布。`);
      }
    }
  }
}

/** The to-do list as printed by npm run check, in Chinese; '' when there is nothing to finish. */
export function formatDraftsToFinish(byKind: Map<CollectionName, DraftToFinish[]>): string {
  const total = [...byKind.values()].reduce((n, l) => n + l.length, 0);
  if (total === 0) return '';
  const lines = [`待补草稿 ${total} 条（导入时缺少发布所需的内容，draft: true，不会发布；补齐后删去 toFinish 和 draft: true）：`];
  for (const [collection, list] of byKind) {
    lines.push('', `${KIND_NAMES[collection] ?? collection} ${list.length} 条：`);
    for (const d of list) {
      lines.push(`  ${d.file}（${d.title}）`);
      for (const item of d.items) lines.push(`    □ ${item}`);
      for (const note of d.notes) lines.push(`    → ${note}`);
    }
  }
  return lines.join('\n');
}
