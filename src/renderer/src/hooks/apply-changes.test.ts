import { describe, expect, it } from 'vitest';
import type { ExceptionItem } from '../../../shared/domain';
import { exceptionItem } from '../test-support/exception-item';
import { applyChanges, compareFor } from './apply-changes';

const item = (postingId: number, over: Partial<ExceptionItem> = {}): ExceptionItem =>
  exceptionItem({ postingId, processorTxnId: `T${String(postingId)}`, ...over });
const ids = (rows: readonly ExceptionItem[]) => rows.map((r) => r.postingId);
const NONE: ReadonlySet<number> = new Set();

describe('applying queue changes to the loaded rows', () => {
  it('an empty answer changes nothing (the same list, not a copy)', () => {
    const list = { rows: [item(3), item(2)], held: NONE, complete: false };
    expect(applyChanges(list, { rows: [], left: [] }, 'newest')).toBe(list);
  });

  it('drops rows that left, replaces changed rows in place, and holds back new ones within what is loaded', () => {
    const list = { rows: [item(9), item(7), item(5), item(3)], held: new Set([9]), complete: false };
    const next = applyChanges(
      list,
      { rows: [item(7, { assignee: 'pat' }), item(8), item(1)], left: [5, 9] },
      'newest',
    );
    // 8 sorts among the loaded rows: kept and held; 1 is past the last loaded row: left for the next page.
    expect(ids(next.rows)).toEqual([8, 7, 3]);
    expect(next.rows[1]?.assignee).toBe('pat');
    expect([...next.held]).toEqual([8]);
  });

  it('keeps new rows past the end when the whole list is loaded', () => {
    const next = applyChanges(
      { rows: [item(5)], held: NONE, complete: true },
      { rows: [item(1)], left: [] },
      'newest',
    );
    expect(ids(next.rows)).toEqual([5, 1]);
  });

  it('moves a row whose sort key changed to its new place', () => {
    const list = {
      rows: [item(1, { windowExpiresAt: 10 }), item(2, { windowExpiresAt: 20 }), item(3)],
      held: NONE,
      complete: true,
    };
    const next = applyChanges(list, { rows: [item(2, { windowExpiresAt: 5 })], left: [] }, 'expiry');
    expect(ids(next.rows)).toEqual([2, 1, 3]);
  });

  it('orders like the queue: key, then id in the same direction; no window after every window', () => {
    const rows = [item(1, { amountMinor: 5 }), item(2, { amountMinor: 5 }), item(3, { amountMinor: 9 })];
    expect(ids([...rows].sort(compareFor('amount_desc')))).toEqual([3, 2, 1]);
    expect(ids([...rows].sort(compareFor('amount_asc')))).toEqual([1, 2, 3]);
    const windows = [item(1), item(2, { windowExpiresAt: 50 })];
    expect(ids([...windows].sort(compareFor('expiry')))).toEqual([2, 1]);
  });
});
