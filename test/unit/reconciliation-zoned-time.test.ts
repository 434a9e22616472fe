import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/main/connectors/ehr/local-date';
import { localTimestamp } from '../../src/main/reconciliation/business-day';
import { zonedTime } from '../../src/main/reconciliation/zoned-time';

/** Zones with whole-hour, half-hour and 45-minute offsets and DST shifts of an hour and of half an hour. */
const ZONES = [
  'America/Chicago',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/St_Johns',
  'Europe/London',
  'Asia/Tokyo',
  'UTC',
];

function sweep(zone: string, from: number, to: number, step: number): void {
  const fast = zonedTime(zone);
  for (let at = from; at < to; at += step) {
    expect(fast.timestamp(at), `${zone} ${new Date(at).toISOString()}`).toBe(localTimestamp(at, zone));
    expect(fast.date(at), `${zone} ${new Date(at).toISOString()}`).toBe(localDate(at, zone));
  }
}

describe('the fast local time of a report row equals the exact formatting', () => {
  it.each(ZONES)('%s, every 97 minutes and 13 seconds of 2026', (zone) => {
    sweep(zone, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1), 97 * 60_000 + 13_000);
  });

  it('every second around the Chicago and Lord Howe transitions', () => {
    // Chicago falls back at 07:00Z on 2026-11-01; Lord Howe (+10:30/+11) shifts by half an hour at 15:00Z.
    sweep('America/Chicago', Date.UTC(2026, 10, 1, 6, 50), Date.UTC(2026, 10, 1, 7, 10), 1_000);
    sweep('Australia/Lord_Howe', Date.UTC(2026, 3, 4, 14, 50), Date.UTC(2026, 3, 4, 15, 10), 1_000);
  });

  it('takes the exact path where an offset has seconds (Amsterdam, 1910: +00:19:32)', () => {
    sweep('Europe/Amsterdam', Date.UTC(1910, 5, 1), Date.UTC(1910, 5, 3), 7 * 60_000 + 3_000);
  });

  it('is right when rows jump back and forth in time (the cache is not order-dependent)', () => {
    const fast = zonedTime('America/Chicago');
    const instants = [
      Date.UTC(2026, 10, 1, 6, 59, 59),
      Date.UTC(2026, 2, 8, 8, 0, 0),
      Date.UTC(2026, 10, 1, 7, 0, 0),
      Date.UTC(2026, 10, 1, 6, 59, 59),
    ];
    for (const at of instants) expect(fast.timestamp(at)).toBe(localTimestamp(at, 'America/Chicago'));
  });
});
