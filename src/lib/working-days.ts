/**
 * Working days on the official calendar (holidays and make-up working days, 调休), from the maintained
 * `chinese-days` package. Years it does not cover fall back to Monday–Friday and are reported as such.
 */
import chineseDays from 'chinese-days';

const { isWorkday } = chineseDays;

/** First and last year the calendar data covers. */
export const CALENDAR_YEARS = { first: 2004, last: 2026 } as const;

/** true when the official calendar covers the year of this YYYY-MM-DD date. */
export function isCalendarCovered(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last;
}

/** true when the date is a working day (Monday–Friday outside the calendar's years). */
export function isWorkingDay(date: string): boolean {
  if (isCalendarCovered(date)) return isWorkday(date);
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Working days from `from` (exclusive) to `to` (inclusive): 0 when published the same day,
 * 1 when published the next working day. Negative spans count 0.
 */
export function workingDaysAfter(from: string, to: string): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    if (isWorkingDay(d)) count++;
  }
  return count;
}

/** The last date that is still within `days` working days after `from`. */
export function workingDayDeadline(from: string, days: number): string {
  let d = from;
  let left = days;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
