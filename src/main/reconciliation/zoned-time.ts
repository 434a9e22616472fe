/**
 * The facility's local date and time of a row, fast enough for a million rows. Asking Intl for every row was
 * most of an export's time; but a zone's UTC offset only changes at a transition, and transitions fall on
 * quarter hours, so the offset is looked up once per quarter hour of UTC and the local time is plain
 * arithmetic from there. Rows come in time order, so one remembered quarter hour per zone serves nearly every
 * row. The lookup is checked against the exact formatting at both ends of the quarter hour; any quarter hour
 * where they differ (a transition off the quarter hour, a historical offset in seconds) takes the exact,
 * slow path for its rows, so the output is the same as `localDate` / `localTimestamp` in every case.
 */
import { TZDate } from '@date-fns/tz';
import type { EpochMs, IsoDate } from '../../shared/domain';
import { localDate } from '../connectors/ehr/local-date';
import { localTimestamp } from './business-day';

const QUARTER_HOUR = 15 * 60_000;

export interface ZonedTime {
  /** `YYYY-MM-DD` in the zone, as `localDate`. */
  date(at: EpochMs): IsoDate;
  /** ISO 8601 with the zone's offset, as `localTimestamp`. */
  timestamp(at: EpochMs): string;
}

export function zonedTime(timeZone: string): ZonedTime {
  let bucket = Number.NaN;
  /** Offset in minutes for the remembered quarter hour, or null where only the exact path is right. */
  let offset: number | null = null;

  function offsetAt(at: EpochMs): number | null {
    const b = Math.floor(at / QUARTER_HOUR);
    if (b !== bucket) {
      bucket = b;
      offset = steadyOffset(b * QUARTER_HOUR, timeZone);
    }
    return offset;
  }

  return {
    date(at) {
      const minutes = offsetAt(at);
      return minutes === null ? localDate(at, timeZone) : fastDate(at, minutes);
    },
    timestamp(at) {
      const minutes = offsetAt(at);
      return minutes === null ? localTimestamp(at, timeZone) : fastTimestamp(at, minutes);
    },
  };
}

/** The offset over [start, start + 15 min) if it is the same at both ends and the fast path agrees there. */
function steadyOffset(start: EpochMs, timeZone: string): number | null {
  const last = start + QUARTER_HOUR - 1;
  const minutes = -new TZDate(start, timeZone).getTimezoneOffset();
  if (!Number.isInteger(minutes) || -new TZDate(last, timeZone).getTimezoneOffset() !== minutes) return null;
  for (const at of [start, last]) {
    if (fastTimestamp(at, minutes) !== localTimestamp(at, timeZone)) return null;
    if (fastDate(at, minutes) !== localDate(at, timeZone)) return null;
  }
  return minutes;
}

const pad2 = (n: number) => (n < 10 ? `0${String(n)}` : String(n));

function fastDate(at: EpochMs, minutes: number): IsoDate {
  const wall = new Date(at + minutes * 60_000);
  return `${String(wall.getUTCFullYear()).padStart(4, '0')}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
}

function fastTimestamp(at: EpochMs, minutes: number): string {
  const wall = new Date(at + minutes * 60_000);
  const abs = Math.abs(minutes);
  const sign = minutes < 0 ? '-' : '+';
  return (
    `${fastDate(at, minutes)}T${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:` +
    `${pad2(wall.getUTCSeconds())}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}
