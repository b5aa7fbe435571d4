/**
 * Problems found in content, as editors read them: where (file, line, field), what is wrong, and the fix,
 * in Chinese with the field's English key. Every checker returns these; nothing throws at the first one.
 */

/** One problem in one place. */
export interface Problem {
  /** error stops the build; warning is listed and the build goes on. */
  severity: 'error' | 'warning';
  /** Path relative to the project root, with forward slashes, e.g. content/documents/guofa-2019-5.md. */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** English field key, e.g. docNumber, or documents[1]. */
  field?: string;
  /** Chinese name of the field, e.g. 文号. */
  label?: string;
  /** What is wrong, quoting what was found and what is allowed. */
  message: string;
  /** The exact fix. */
  fix?: string;
}

/** Formats a problem the way STYLE.md shows: location and field on the first line, message and fix indented. */
export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  const field = p.field ? `  ${p.field}${p.label ? ` (${p.label})` : ''}` : '';
  const kind = p.severity === 'error' ? '错误' : '警告';
  const lines = [`${where}${field}  [${kind}]`, `  ${p.message}`];
  if (p.fix) lines.push(`  ${p.fix}`);
  return lines.join('\n');
}

/** Sorts problems by file, then line, so reports read top to bottom and stay stable between runs. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.message.localeCompare(b.message),
  );
}

/** A build step's failure carrying the problems that caused it. */
export class ContentError extends Error {
  constructor(readonly problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(`内容检查发现 ${errors.length} 个错误：\n\n${sortProblems(errors).map(formatProblem).join('\n\n')}`);
    this.name = 'ContentError';
  }
}
