/**
 * Calendar arithmetic in a facility's time zone, in one place: "the day" of a payment, of a report and of a
 * schedule is the facility's day, not UTC's. A payment taken at 7 pm in Chicago belongs to that Chicago day
 * even though it is already tomorrow in UTC, and days are 23 or 25 hours long across daylight-saving changes.
 *
 * Everything here rests on one fact read from the platform's time-zone database: the zone's UTC offset at an
 * instant (`offsetAt`, through Intl). Local date and time are that instant shifted by its offset and read as
 * UTC; the instant of a local wall time is found the other way. `zonedTime` is the same arithmetic with the
 * offset remembered per quarter hour, for exports of a million rows.
 */
import type { EpochMs, IsoDate } from '../../shared/domain';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const QUARTER_HOUR = 15 * MINUTE;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * The zone's UTC offset at an instant, in milliseconds (positive east of Greenwich). Whole seconds: before
 * standard time a zone kept local mean time (Amsterdam 1910: +00:19:32).
 */
export function offsetAt(at: EpochMs, timeZone: string): number {
  const p: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) p[part.type] = part.value;
  const year = Number(p.year) * (p.era === 'BC' || p.era === 'B' ? -1 : 1);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  wall.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
  return wall.getTime() - Math.floor(at / 1000) * 1000;
}

// One implementation, shared with the renderer (the connection editor checks a time zone before saving).
export { isValidTimeZone } from '../../shared/time-zone-name';

/** Is the text a real calendar date `YYYY-MM-DD` (not 2026-02-30)? */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const probe = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 0));
  return probe.toISOString().slice(0, 10) === text;
}

function dateParts(date: IsoDate): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match || !isIsoDate(date)) throw new RangeError(`"${date}" is not a calendar date YYYY-MM-DD`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const pad2 = (n: number) => (n < 10 ? `0${String(n)}` : String(n));

/** `YYYY-MM-DD` of the wall clock `at + offset`. */
function wallDate(at: EpochMs, offset: number): IsoDate {
  const wall = new Date(at + offset);
  return `${String(wall.getUTCFullYear()).padStart(4, '0')}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
}

/**
 * ISO 8601 with the offset. An offset with seconds (local mean time, before about 1940) is written to the
 * minute, toward zero, as ISO 8601 has no seconds in an offset.
 */
function wallTimestamp(at: EpochMs, offset: number): string {
  const wall = new Date(at + offset);
  const minutes = Math.trunc(offset / MINUTE);
  const abs = Math.abs(minutes);
  const sign = minutes < 0 ? '-' : '+';
  return (
    `${wallDate(at, offset)}T${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:` +
    `${pad2(wall.getUTCSeconds())}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** `YYYY-MM-DD` of an instant in the time zone. */
export function localDate(at: EpochMs, timeZone: string): IsoDate {
  return wallDate(at, offsetAt(at, timeZone));
}

/** Today in the time zone. */
export const today = localDate;

/** The facility's yesterday: the day the scheduled daily files cover. */
export function previousDay(at: EpochMs, timeZone: string): IsoDate {
  return addDays(localDate(at, timeZone), -1);
}

/** Local wall-clock time `HH:MM` of an instant in the time zone, for the daily schedule. */
export function localTimeOfDay(at: EpochMs, timeZone: string): string {
  const wall = new Date(at + offsetAt(at, timeZone));
  return `${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}`;
}

/** ISO 8601 with the facility's offset ("2026-11-22T19:05:00-06:00"): the time an operator recognises. */
export function localTimestamp(at: EpochMs, timeZone: string): string {
  return wallTimestamp(at, offsetAt(at, timeZone));
}

/**
 * The first instant whose wall clock reads `wall` (milliseconds of a UTC-read wall time). A wall time that
 * happens twice (clocks set back) is its first occurrence; one that never happens (clocks set forward over
 * it) is the instant of the change, so a day that starts in the gap starts when its first minute exists.
 * Assumes at most one change of offset within a day either side, which every zone keeps.
 */
function firstInstantOf(wall: number, timeZone: string): EpochMs {
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/** The instants [start, end) of the calendar day in the time zone. */
export function dayWindow(date: IsoDate, timeZone: string): { start: EpochMs; end: EpochMs } {
  const [y, m, d] = dateParts(date);
  return {
    start: firstInstantOf(Date.UTC(y, m - 1, d), timeZone),
    end: firstInstantOf(Date.UTC(y, m - 1, d + 1), timeZone),
  };
}

/** Milliseconds from `at` until the next local midnight (Epic's "try again tomorrow"). */
export function msUntilNextLocalMidnight(at: EpochMs, timeZone: string): number {
  const tomorrow = addDays(localDate(at, timeZone), 1);
  return Math.max(0, dayWindow(tomorrow, timeZone).start - at);
}

export interface ZonedTime {
  /** `YYYY-MM-DD` in the zone, as `localDate`. */
  date(at: EpochMs): IsoDate;
  /** ISO 8601 with the zone's offset, as `localTimestamp`. */
  timestamp(at: EpochMs): string;
}

/**
 * `localDate` and `localTimestamp` for many rows of one zone. Asking Intl for every row was most of an
 * export's time; but a zone's offset only changes at a transition, and transitions fall on quarter hours,
 * so the offset is looked up once per quarter hour of UTC and kept when it is the same at both ends. Rows
 * come in time order, so one remembered quarter hour serves nearly every row. A quarter hour where the ends
 * differ (a transition off the quarter hour) takes the exact lookup for each of its rows.
 */
export function zonedTime(timeZone: string): ZonedTime {
  let bucket = Number.NaN;
  let steady: number | null = null;

  function offsetFor(at: EpochMs): number {
    const b = Math.floor(at / QUARTER_HOUR);
    if (b !== bucket) {
      bucket = b;
      const first = offsetAt(b * QUARTER_HOUR, timeZone);
      steady = offsetAt(b * QUARTER_HOUR + QUARTER_HOUR - 1, timeZone) === first ? first : null;
    }
    return steady ?? offsetAt(at, timeZone);
  }

  return {
    date: (at) => wallDate(at, offsetFor(at)),
    timestamp: (at) => wallTimestamp(at, offsetFor(at)),
  };
}
