/**
 * What `npm run check` prints, so an editor's own problem never scrolls away under the sample site's warnings:
 * the editor's own problems in full first (the named files, or with no file named every error, and the warnings
 * too when there is no error), then the other problems as one line per kind (same rule, same wording apart from
 * titles, values and numbers), with how many there are, where the first is and its message as written.
 */
import { formatProblem, type Problem } from '../lib/problems';

/** How the report is cut. */
export interface ReportOptions {
  /** true for the editor's own files (the files named on the command line); every file when none is named. */
  isOwn: (file: string) => boolean;
  /** true when files were named on the command line. */
  named: boolean;
  /** --errors-only: leave warnings out entirely (they are still counted). */
  errorsOnly: boolean;
}

/** The report: `full` problems printed in full, `summary` lines for the rest, and the counts for the last line. */
export interface CheckReport {
  full: Problem[];
  summary: string[];
  /** Errors and warnings in the editor's own files (all files when none is named). */
  errors: number;
  warnings: number;
  /** true when warnings of the editor's own files were summarised because there were errors to see first. */
  warningsSummarised: boolean;
}

/**
 * The kind of a problem: severity, field and message with what varies between cases (titles in 《》, quoted values,
 * dates, numbers, the column prefix of copy warnings) replaced by …, so the 33 "《…》需要解读，但还没有解读" warnings
 * are one kind.
 */
export function problemKind(p: Problem): string {
  return `${p.severity}\u0000${p.field?.replace(/\[\d+\]/g, '[]') ?? ''}\u0000${genericMessage(p.message)}`;
}

/** A message with its particulars replaced by …: what problems of one kind share (never shown to editors). */
function genericMessage(message: string): string {
  return message
    .replace(/^第 \d+ 列：/, '')
    .replace(/《.*》/g, '《…》')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/“[^”]*”/g, '“…”')
    .replace(/\d{4}-\d{2}-\d{2}/g, 'YYYY-MM-DD')
    .replace(/\d+/g, 'N');
}

/**
 * One line per kind of problem: severity, count (and files), where the first one is, its field and its message
 * verbatim (a message with its values masked, 字段名后要用英文冒号“…”, told the editor nothing).
 */
export function summarizeByKind(problems: readonly Problem[]): string[] {
  const kinds = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = problemKind(p);
    if (!kinds.has(key)) kinds.set(key, []);
    kinds.get(key)!.push(p);
  }
  return [...kinds.values()]
    .sort((a, b) => Number(b[0]!.severity === 'error') - Number(a[0]!.severity === 'error') || b.length - a.length)
    .map((list) => {
      const first = list[0]!;
      const files = new Set(list.map((p) => p.file)).size;
      const field = first.field ? `${first.field}${first.label ? `（${first.label}）` : ''}：` : '';
      const where = `${first.file}${first.line ? `:${first.line}` : ''}`;
      const count = list.length > 1 ? `${list.length} 处（${files} 个文件），第一处` : '1 处';
      return `  ${first.severity === 'error' ? '错误' : '警告'} ${count}  ${where}  ${field}${first.message}`;
    });
}

/** Splits the problems into what is printed in full and what is summarised (see the file comment). */
export function buildCheckReport(problems: readonly Problem[], options: ReportOptions): CheckReport {
  const own = problems.filter((p) => options.isOwn(p.file));
  const rest = problems.filter((p) => !options.isOwn(p.file));
  const errors = own.filter((p) => p.severity === 'error');
  const warnings = own.filter((p) => p.severity === 'warning');
  // With no file named, warnings wait until the errors are fixed: they would push the errors off the screen.
  const warningsSummarised = !options.named && errors.length > 0 && !options.errorsOnly;
  const full = [...errors, ...(options.errorsOnly || warningsSummarised ? [] : warnings)];
  const summarised = [
    ...(warningsSummarised ? warnings : []),
    ...rest.filter((p) => p.severity === 'error' || !options.errorsOnly),
  ];
  return { full, summary: summarizeByKind(summarised), errors: errors.length, warnings: warnings.length, warningsSummarised };
}

/** The printed report up to (not including) the final count line. */
export function formatCheckReport(report: CheckReport, options: ReportOptions): string {
  const blocks = report.full.map((p) => `${formatProblem(p)}\n`);
  if (report.summary.length) {
    const heading = options.named
      ? '其他文件的问题（每类一行；查看详情请运行 npm run check -- <文件>）：'
      : `警告（每类一行；改正上面的 ${report.errors} 个错误后再运行 npm run check 会逐条列出，或运行 npm run check -- <文件> 查看一个文件的全部问题）：`;
    blocks.push(`${heading}\n${report.summary.join('\n')}\n`);
  }
  return blocks.join('\n');
}
