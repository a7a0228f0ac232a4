/**
 * The review deadline: N working days after the submission, on the China Standard Time
 * calendar (UTC+8, no daylight saving). Weekends and configured holidays are skipped; configured
 * make-up working days (调休) count even on a weekend. The submission day itself is not counted,
 * so a Friday submission with N = 3 is due by the end of Wednesday.
 */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  makeupWorkdays: ReadonlySet<string>;
}

const CST_OFFSET_MS = 8 * 3600 * 1000;

/** The CST calendar date (YYYY-MM-DD) of an instant. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  if (calendar.makeupWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

export function addWorkingDays(submittedAt: Date, days: number, calendar: WorkCalendar): string {
  let cursor = new Date(`${cstDate(submittedAt)}T00:00:00Z`);
  let counted = 0;
  while (counted < days) {
    cursor = new Date(cursor.getTime() + 86_400_000);
    if (isWorkingDay(cursor.toISOString().slice(0, 10), calendar)) counted++;
  }
  return cursor.toISOString().slice(0, 10);
}

/** Overdue once the CST date is past the deadline date. */
export function isOverdue(deadline: string, now: Date): boolean {
  return cstDate(now) > deadline;
}
