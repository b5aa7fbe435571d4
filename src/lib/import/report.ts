/** The importer's report as editors read it, in Chinese: what was created, updated, skipped and why, with counts. */
import { formatProblem, sortProblems } from '../problems';
import type { FileOutcome, ImportResult } from './importer';

const COLLECTION_NAMES: Record<FileOutcome['collection'], string> = {
  organizations: '机关',
  documents: '原文件',
  interpretations: '解读',
};

/** Formats an import result for the terminal. */
export function formatImportReport(result: ImportResult): string {
  const lines: string[] = [];
  const errors = sortProblems(result.problems.filter((p) => p.severity === 'error'));
  const warnings = sortProblems(result.problems.filter((p) => p.severity === 'warning'));

  if (!result.ok) {
    lines.push(`导入未进行：输入中发现 ${errors.length} 个错误，没有写入任何文件。`, '');
    for (const problem of errors) lines.push(formatProblem(problem), '');
    lines.push('改正以上错误后重新运行 npm run import。');
    return lines.join('\n');
  }

  lines.push(result.dryRun ? '试运行（--dry-run）：以下是将会进行的操作，没有写入任何文件。' : '导入完成。', '');
  lines.push('读取：');
  for (const input of result.inputs) {
    lines.push(`  ${input.file}：原文件 ${input.documents} 条，解读 ${input.interpretations} 条`);
  }
  lines.push('');

  const by = (status: FileOutcome['status']) => result.outcomes.filter((o) => o.status === status);
  const created = by('created');
  const updated = by('updated');
  const unchanged = by('unchanged');
  const skipped = by('skipped');

  lines.push(`新建 ${created.length} 个文件${created.length ? '：' : '。'}`);
  for (const o of created) lines.push(`  ${o.path}`);
  lines.push(`更新 ${updated.length} 个文件${updated.length ? '：' : '。'}`);
  for (const o of updated) lines.push(`  ${o.path}${o.reason ? `  （${o.reason}）` : ''}`);
  lines.push(`未变 ${unchanged.length} 个文件（内容已与导入结果相同）。`);
  lines.push(`跳过 ${skipped.length} 个文件${skipped.length ? '：' : '。'}`);
  for (const o of skipped) lines.push(`  ${o.path}  ${o.reason ?? ''}`);

  if (warnings.length) {
    lines.push('', `请编辑留意 ${warnings.length} 条提醒：`, '');
    for (const problem of warnings) lines.push(formatProblem(problem), '');
  }

  const perCollection = (Object.keys(COLLECTION_NAMES) as FileOutcome['collection'][])
    .map((c) => `${COLLECTION_NAMES[c]} ${result.outcomes.filter((o) => o.collection === c).length}`)
    .join('，');
  lines.push(
    '',
    `合计：新建 ${created.length}，更新 ${updated.length}，未变 ${unchanged.length}，跳过 ${skipped.length}（${perCollection}）。`,
  );
  return lines.join('\n');
}
