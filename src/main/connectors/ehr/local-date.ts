/** Calendar arithmetic in a facility's time zone: "the day" of a payment is the facility's day, not UTC's. */
import type { EpochMs, IsoDate } from '../../../shared/domain';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(
  at: EpochMs,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** `YYYY-MM-DD` of an instant in the time zone. */
export function localDate(at: EpochMs, timeZone: string): IsoDate {
  const { year, month, day } = partsIn(at, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Milliseconds from `at` until the next midnight in the time zone (Epic's "try again tomorrow"). */
export function msUntilNextLocalMidnight(at: EpochMs, timeZone: string): number {
  const p = partsIn(at, timeZone);
  const wallNow = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = wallNow - Math.floor(at / 1000) * 1000;
  const nextMidnightWall = Date.UTC(p.year, p.month - 1, p.day + 1);
  return Math.max(0, nextMidnightWall - offset - at);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
