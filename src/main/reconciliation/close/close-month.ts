/** A close period's calendar: a month, its first and last business day, and its bounds in a time zone. */
import { addDays, dayWindow } from '../../lib/time-zone';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthBounds {
  readonly from: string;
  readonly to: string;
  readonly startAt: number;
  readonly endAt: number;
}

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The first and last day of `YYYY-MM`, and the instants they begin and end in the zone. */
export function monthBounds(month: string, timeZone: string): MonthBounds {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`"${month}" is not a month YYYY-MM`);
  const year = Number(match[1]);
  const m = Number(match[2]);
  const from = `${month}-01`;
  const next =
    m === 12
      ? `${String(year + 1).padStart(4, '0')}-01-01`
      : `${match[1] ?? ''}-${String(m + 1).padStart(2, '0')}-01`;
  const to = addDays(next, -1);
  return { from, to, startAt: dayWindow(from, timeZone).start, endAt: dayWindow(to, timeZone).end };
}
