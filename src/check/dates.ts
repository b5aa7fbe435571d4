/**
 * Dates as editors type them: 2019-03-05, 2019-3-5, 2019.3.5, 2019/3/5, 2019年3月5日, with full-width digits or
 * spaces, read into the one form the content files use (YYYY-MM-DD, the `isoDate` schema in src/schemas/common.ts).
 * The check shows the corrected value, and `npm run check -- --fix` writes it (src/check/lint/copy-lint.ts).
 */

/** Frontmatter keys whose values are dates (isoDate in src/schemas/). */
export const DATE_KEYS: ReadonlySet<string> = new Set(['publishedAt', 'writtenAt', 'publishAt', 'at', 'date']);

/** A date read from what an editor wrote. */
export type WrittenDate =
  /** A day that exists; `iso` is YYYY-MM-DD. */
  | { ok: true; iso: string }
  /** Year, month and day were read but that day does not exist (2019-02-30); `daysInMonth` says how many there are. */
  | { ok: false; year: number; month: number; day: number; daysInMonth: number };

const WRITTEN = /^(\d{4})\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:[-./]|月)\s*(\d{1,2})\s*日?$/;

/**
 * Reads a date written in a common form; undefined when `text` is not a year, month and day at all
 * (such a value gets the general "写成 YYYY-MM-DD" message). Full-width digits and separators are accepted.
 */
export function readWrittenDate(text: string): WrittenDate | undefined {
  const normalized = text
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[－．／]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const m = WRITTEN.exec(normalized);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return { ok: false, year, month, day, daysInMonth };
  return { ok: true, iso: `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/**
 * The message and fix for a date field whose value is not a YYYY-MM-DD day that exists. --fix writes the corrected
 * value in every file, official texts brought in by the importer included (src/check/lint/copy-lint.ts
 * rewriteWrittenDates: the date is their metadata, not the issued text).
 */
export function dateMessage(value: unknown, example = '2019-02-15'): { message: string; fix: string; corrected?: string } {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  const read = typeof value === 'string' ? readWrittenDate(value) : undefined;
  if (read?.ok) {
    return {
      message: `日期 ${shown} 的写法不对：日期要写成“年-月-日”，月和日各两位数。`,
      fix: `改为 ${read.iso}（npm run check -- --fix 可自动改正）。`,
      corrected: read.iso,
    };
  }
  if (read) {
    const what = read.month < 1 || read.month > 12 ? `没有 ${read.month} 月` : `${read.year} 年 ${read.month} 月只有 ${read.daysInMonth} 天`;
    return {
      message: `日期 ${shown} 不是日历上存在的日期：${what}。`,
      fix: `核对原件上的日期，写成 YYYY-MM-DD，例如 ${example}。`,
    };
  }
  return {
    message: `${shown} 不是日期。日期要写成“年-月-日”，例如 ${example}。`,
    fix: `写成 YYYY-MM-DD，例如 ${example}。`,
  };
}
