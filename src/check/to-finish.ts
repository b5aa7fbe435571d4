/**
 * The to-do list of drafts to finish: entries the importer wrote as `draft: true` with a `toFinish` list (what
 * publication still needs: an issuer, an original document, a body). `npm run check` prints them by kind after
 * the problems; they are not errors, since drafts never reach the site. An entry published (no `draft`) while
 * its toFinish list is still there gets a warning: the list is stale or the work is not done.
 */
import type { CollectionName } from '../schemas/common';
import type { Problem } from '../lib/problems';
import type { CheckResult } from './validate';

/** One draft to finish: its file and what it lacks. */
export interface DraftToFinish {
  file: string;
  title: string;
  items: string[];
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
        list.push({ file: source.file, title: String((data as { title?: unknown }).title ?? source.id), items: items.map(String) });
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
  return { byKind, problems };
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
    }
  }
  return lines.join('\n');
}
