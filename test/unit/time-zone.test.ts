import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayWindow,
  isIsoDate,
  isValidTimeZone,
  localDate,
  localTimeOfDay,
  localTimestamp,
  msUntilNextLocalMidnight,
  offsetAt,
  previousDay,
  zonedTime,
} from '../../src/main/lib/time-zone';

const HOUR = 3_600_000;

describe('refuses what is not a date or a zone', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '20260101', '', '2026-02-29'])(
    '"%s" is not a calendar date',
    (text) => {
      expect(isIsoDate(text)).toBe(false);
    },
  );

  it('a day window of a non-date is a clear error, not a wrong window', () => {
    expect(() => dayWindow('2026-02-30', 'America/Chicago')).toThrow(/not a calendar date/);
    expect(() => addDays('12/06/2026', 1)).toThrow(/not a calendar date/);
  });

  it('an unknown zone is not valid; real ones are', () => {
    expect(isValidTimeZone('America/Chicagoo')).toBe(false);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('America/Chicago')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
  });

  it('accepts leap days', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('the facility day, not the UTC day', () => {
  it('7 pm in Chicago is that Chicago day although UTC is already tomorrow', () => {
    const at = Date.UTC(2026, 10, 23, 1, 0); // 2026-11-22 19:00 CST
    expect(localDate(at, 'America/Chicago')).toBe('2026-11-22');
    expect(localDate(at, 'UTC')).toBe('2026-11-23');
    expect(localTimestamp(at, 'America/Chicago')).toBe('2026-11-22T19:00:00-06:00');
    expect(localTimeOfDay(at, 'America/Chicago')).toBe('19:00');
    expect(previousDay(at, 'America/Chicago')).toBe('2026-11-21');
  });

  it('half-hour and 45-minute offsets', () => {
    const at = Date.UTC(2026, 5, 1, 12, 0);
    expect(localTimestamp(at, 'Asia/Kathmandu')).toBe('2026-06-01T17:45:00+05:45');
    expect(localTimestamp(at, 'America/St_Johns')).toBe('2026-06-01T09:30:00-02:30');
    expect(localTimestamp(at, 'UTC')).toBe('2026-06-01T12:00:00+00:00');
  });

  it('an offset with seconds (Monrovia until 1972: -00:44:30) keeps the true wall clock', () => {
    const at = Date.UTC(1960, 0, 1, 12, 0, 0);
    expect(offsetAt(at, 'Africa/Monrovia')).toBe(-(44 * 60_000 + 30_000));
    expect(localTimestamp(at, 'Africa/Monrovia')).toBe('1960-01-01T11:15:30-00:44');
  });
});

describe('days across daylight-saving changes', () => {
  it('a Chicago spring-forward day has 23 hours, a fall-back day 25', () => {
    const spring = dayWindow('2026-03-08', 'America/Chicago');
    expect(spring.start).toBe(Date.UTC(2026, 2, 8, 6));
    expect(spring.end - spring.start).toBe(23 * HOUR);
    const fall = dayWindow('2026-11-01', 'America/Chicago');
    expect(fall.start).toBe(Date.UTC(2026, 10, 1, 5));
    expect(fall.end - fall.start).toBe(25 * HOUR);
    expect(dayWindow('2026-11-02', 'America/Chicago').start).toBe(fall.end);
  });

  it('a day whose midnight does not exist starts when its first minute does (Havana, clocks forward at 00:00)', () => {
    // Cuba moves from -05:00 to -04:00 at local midnight on 2026-03-08: the day starts at 01:00 -04:00.
    const { start, end } = dayWindow('2026-03-08', 'America/Havana');
    expect(start).toBe(Date.UTC(2026, 2, 8, 5));
    expect(localTimestamp(start, 'America/Havana')).toBe('2026-03-08T01:00:00-04:00');
    expect(localTimestamp(start - 1000, 'America/Havana')).toBe('2026-03-07T23:59:59-05:00');
    expect(end - start).toBe(23 * HOUR);
  });

  it('the next local midnight counts the short and the long night', () => {
    // 22:00 CDT on 2026-10-31: two hours to midnight; 22:00 CST on 2026-11-01: two hours too.
    expect(msUntilNextLocalMidnight(Date.UTC(2026, 10, 1, 3), 'America/Chicago')).toBe(2 * HOUR);
    expect(msUntilNextLocalMidnight(Date.UTC(2026, 10, 2, 4), 'America/Chicago')).toBe(2 * HOUR);
    // 22:00 -05:00 on 2026-03-07 in Havana: midnight is skipped, the day begins at 01:00 -04:00, 2 h later.
    expect(msUntilNextLocalMidnight(Date.UTC(2026, 2, 8, 3), 'America/Havana')).toBe(2 * HOUR);
  });

  it('the hour that happens twice reads with each offset in turn', () => {
    // Chicago falls back at 07:00Z on 2026-11-01: 01:30 happens at 06:30Z (-05:00) and at 07:30Z (-06:00).
    expect(localTimestamp(Date.UTC(2026, 10, 1, 6, 30), 'America/Chicago')).toBe('2026-11-01T01:30:00-05:00');
    expect(localTimestamp(Date.UTC(2026, 10, 1, 7, 30), 'America/Chicago')).toBe('2026-11-01T01:30:00-06:00');
  });
});

describe('the remembered-offset reader of many rows', () => {
  /** Zones with whole-hour, half-hour and 45-minute offsets and DST shifts of an hour and of half an hour. */
  const ZONES = [
    'America/Chicago',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Europe/London',
  ];

  function sweep(zone: string, from: number, to: number, step: number): void {
    const rows = zonedTime(zone);
    for (let at = from; at < to; at += step) {
      expect(rows.timestamp(at), `${zone} ${new Date(at).toISOString()}`).toBe(localTimestamp(at, zone));
      expect(rows.date(at), `${zone} ${new Date(at).toISOString()}`).toBe(localDate(at, zone));
    }
  }

  it.each(ZONES)('%s reads like the single lookup every 7 hours and 13 seconds of 2026', (zone) => {
    sweep(zone, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1), 7 * HOUR + 13_000);
  });

  it('every second around the Chicago and Lord Howe transitions', () => {
    sweep('America/Chicago', Date.UTC(2026, 10, 1, 6, 58), Date.UTC(2026, 10, 1, 7, 2), 1_000);
    sweep('Australia/Lord_Howe', Date.UTC(2026, 3, 4, 14, 58), Date.UTC(2026, 3, 4, 15, 2), 1_000);
  });

  it('a transition off the quarter hour (Monrovia, 1972: -00:44:30 to UTC at 00:44:30Z)', () => {
    sweep('Africa/Monrovia', Date.UTC(1972, 0, 7, 0, 30), Date.UTC(1972, 0, 7, 1, 0), 7_000);
    expect(zonedTime('Africa/Monrovia').timestamp(Date.UTC(1972, 0, 7, 0, 44, 29))).toBe(
      '1972-01-06T23:59:59-00:44',
    );
    expect(zonedTime('Africa/Monrovia').timestamp(Date.UTC(1972, 0, 7, 0, 44, 30))).toBe(
      '1972-01-07T00:44:30+00:00',
    );
  });

  it('rows out of time order read right (the remembered quarter hour is not order-dependent)', () => {
    const rows = zonedTime('America/Chicago');
    const expected: [number, string][] = [
      [Date.UTC(2026, 10, 1, 6, 59, 59), '2026-11-01T01:59:59-05:00'],
      [Date.UTC(2026, 2, 8, 8, 0, 0), '2026-03-08T03:00:00-05:00'],
      [Date.UTC(2026, 10, 1, 7, 0, 0), '2026-11-01T01:00:00-06:00'],
      [Date.UTC(2026, 10, 1, 6, 59, 59), '2026-11-01T01:59:59-05:00'],
    ];
    for (const [at, text] of expected) expect(rows.timestamp(at)).toBe(text);
  });
});
