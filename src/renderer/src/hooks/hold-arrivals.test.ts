import { describe, expect, it } from 'vitest';
import type { ExceptionItem } from '../../../shared/domain';
import { holdArrivals } from './use-keyset-list';

const rows = (...ids: number[]) => ids.map((postingId) => ({ postingId }) as ExceptionItem);

describe('arrivals in the queue', () => {
  it('holds back rows that were not loaded before, and keeps holding them until shown', () => {
    const first = holdArrivals(rows(1, 2, 3), new Set(), rows(9, 1, 2, 3));
    expect([...first]).toEqual([9]);
    const second = holdArrivals(rows(9, 1, 2, 3), first, rows(10, 9, 1, 3));
    expect([...second].sort()).toEqual([10, 9].sort());
  });

  it('forgets an arrival that left the list before it was shown, and holds nothing on a plain refresh', () => {
    expect(holdArrivals(rows(9, 1), new Set([9]), rows(1)).size).toBe(0);
    expect(holdArrivals(rows(1, 2), new Set(), rows(2)).size).toBe(0);
  });
});
