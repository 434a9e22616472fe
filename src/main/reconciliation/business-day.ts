/**
 * "The day" of a report is a calendar day in the facility's time zone, not in UTC: a payment taken at 7 pm
 * in Chicago belongs to that Chicago day even though it is already tomorrow in UTC. Days are 23 or 25 hours
 * long across daylight-saving changes, so a day is always computed as [local midnight, next local midnight).
 */
import { TZDate } from '@date-fns/tz';
import type { EpochMs, IsoDate } from '../../shared/domain';
import { localDate } from '../connectors/ehr/local-date';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const probe = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 0));
  return probe.toISOString().slice(0, 10) === text;
}

function parts(date: IsoDate): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match || !isIsoDate(date)) throw new RangeError(`"${date}" is not a calendar date YYYY-MM-DD`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The instants [start, end) of the calendar day in the time zone. */
export function dayWindow(date: IsoDate, timeZone: string): { start: EpochMs; end: EpochMs } {
  const [y, m, d] = parts(date);
  return {
    start: new TZDate(y, m - 1, d, timeZone).getTime(),
    end: new TZDate(y, m - 1, d + 1, timeZone).getTime(),
  };
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Today in the time zone. */
export function today(at: EpochMs, timeZone: string): IsoDate {
  return localDate(at, timeZone);
}

/** The facility's yesterday: the day the scheduled daily files cover. */
export function previousDay(at: EpochMs, timeZone: string): IsoDate {
  return addDays(localDate(at, timeZone), -1);
}

/** Local wall-clock time `HH:MM` of an instant in the time zone, for the daily schedule. */
export function localTimeOfDay(at: EpochMs, timeZone: string): string {
  const local = new TZDate(at, timeZone);
  return `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
}

/** ISO 8601 with the facility's offset ("2026-11-22T19:05:00-06:00"): the time an operator recognises. */
export function localTimestamp(at: EpochMs, timeZone: string): string {
  const local = new TZDate(at, timeZone);
  const offset = -local.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localDate(at, timeZone)}T${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}${sign}${hh}:${mm}`;
}
