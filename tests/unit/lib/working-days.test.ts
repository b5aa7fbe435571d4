import { describe, expect, it } from 'vitest';
import { isWorkingDay, workingDayDeadline, workingDaysAfter } from '../../../src/lib/working-days';

describe('working days on the official calendar', () => {
  it('a make-up working day on a weekend counts (2019-02-02 was a Saturday worked for Spring Festival)', () => {
    expect(isWorkingDay('2019-02-02')).toBe(true);
  });

  it('a holiday on a weekday does not count (2019-02-05, Spring Festival)', () => {
    expect(isWorkingDay('2019-02-05')).toBe(false);
  });

  it('publishing on the same day is 0 working days late', () => {
    expect(workingDaysAfter('2019-02-15', '2019-02-15')).toBe(0);
  });

  it('the National Day week adds no working days', () => {
    // 2019-09-30 Mon; 10-01..10-07 holiday; 10-12 Sat make-up working day.
    expect(workingDaysAfter('2019-09-30', '2019-10-08')).toBe(1);
    expect(workingDayDeadline('2019-09-30', 3)).toBe('2019-10-10');
  });

  it('years outside the calendar data fall back to Monday to Friday', () => {
    expect(isWorkingDay('1996-06-29')).toBe(false);
    expect(isWorkingDay('1996-07-01')).toBe(true);
  });
});
