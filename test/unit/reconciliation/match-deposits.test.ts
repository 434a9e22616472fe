/**
 * The deposit matcher on its own: what must not match first (a cent off, outside the window, another
 * currency), then the three shapes, then a property: whatever deposits a month's batches are paid in (whole,
 * combined or split), every one is matched and nothing is matched twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchDeposits,
  type BatchCandidate,
  type DepositCandidate,
} from '../../../src/main/reconciliation/cash/match-deposits';

const batch = (id: number, date: string, amountMinor: number, currency = 'USD'): BatchCandidate => ({
  id,
  date,
  amountMinor,
  currency,
});
const deposit = (id: number, date: string, amountMinor: number, currency = 'USD'): DepositCandidate => ({
  id,
  date,
  amountMinor,
  currency,
});

describe('what the matcher leaves for a person', () => {
  it('a deposit a cent short, one outside the window, one in another currency', () => {
    const result = matchDeposits(
      [
        deposit(1, '2025-03-04', 99_999),
        deposit(2, '2025-03-12', 50_000),
        deposit(3, '2025-03-04', 70_000, 'CAD'),
      ],
      [batch(10, '2025-03-03', 100_000), batch(11, '2025-03-03', 50_000), batch(12, '2025-03-03', 70_000)],
    );
    expect(result.matches).toEqual([]);
    expect(result.unmatchedDeposits.map((d) => d.id)).toEqual([1, 3, 2]);
    expect(result.unmatchedBatches.map((b) => b.id)).toEqual([10, 11, 12]);
  });

  it('a batch that nets to zero expects no deposit and is never an exception', () => {
    expect(matchDeposits([], [batch(10, '2025-03-03', 0)]).unmatchedBatches).toEqual([]);
  });
});

describe('the three shapes', () => {
  it('one to one, the nearest day winning when two deposits have the amount', () => {
    const result = matchDeposits(
      [deposit(1, '2025-03-07', 100_000), deposit(2, '2025-03-04', 100_000)],
      [batch(10, '2025-03-03', 100_000)],
    );
    expect(result.matches).toEqual([{ shape: 'one_to_one', depositIds: [2], batchIds: [10] }]);
    expect(result.unmatchedDeposits.map((d) => d.id)).toEqual([1]);
  });

  it('one deposit paying several batches, and one batch paid in several deposits', () => {
    const result = matchDeposits(
      [deposit(1, '2025-03-05', 175_000), deposit(2, '2025-03-06', 50_000), deposit(3, '2025-03-06', 40_000)],
      [
        batch(10, '2025-03-04', 100_000),
        batch(11, '2025-03-04', 75_000),
        batch(12, '2025-03-05', 90_000),
        batch(13, '2025-03-05', 33_000),
      ],
    );
    expect(result.matches).toEqual([
      { shape: 'many_batches', depositIds: [1], batchIds: [10, 11] },
      { shape: 'many_deposits', depositIds: [2, 3], batchIds: [12] },
    ]);
    expect(result.unmatchedBatches.map((b) => b.id)).toEqual([13]);
  });

  it('a negative batch (more refunds than sales) matches a debit', () => {
    expect(
      matchDeposits([deposit(1, '2025-03-04', -12_500)], [batch(10, '2025-03-03', -12_500)]).matches,
    ).toHaveLength(1);
  });
});

describe('property: a month of batches paid whole, combined or split is matched completely', () => {
  it('every batch and deposit is matched exactly once', () => {
    const plan = fc.array(
      fc.record({
        day: fc.integer({ min: 1, max: 28 }),
        amounts: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 2 }),
        split: fc.boolean(),
        lag: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 1, maxLength: 25 },
    );
    fc.assert(
      fc.property(plan, (groups) => {
        const batches: BatchCandidate[] = [];
        const deposits: DepositCandidate[] = [];
        // Amounts in each group carry a distinct high part so that no coincidence across groups can pair
        // them differently from the plan (the matcher may legitimately choose another equal-sum pairing).
        groups.forEach((g, gi) => {
          const date = `2025-03-${String(g.day).padStart(2, '0')}`;
          const paid = `2025-03-${String(g.day + g.lag).padStart(2, '0')}`;
          const tag = (gi + 1) * 1_000_000_000;
          const ids = g.amounts.map((a, i) => {
            const b = batch(batches.length + 1, date, tag + a * 10 + i);
            batches.push(b);
            return b;
          });
          const total = ids.reduce((s, b) => s + b.amountMinor, 0);
          if (g.split && ids.length === 1) {
            const first = Math.floor(total / 3);
            deposits.push(
              deposit(deposits.length + 1, paid, first),
              deposit(deposits.length + 2, paid, total - first),
            );
          } else {
            deposits.push(deposit(deposits.length + 1, paid, total));
          }
        });
        const result = matchDeposits(deposits, batches);
        const matchedBatches = result.matches.flatMap((m) => m.batchIds);
        const matchedDeposits = result.matches.flatMap((m) => m.depositIds);
        expect(new Set(matchedBatches).size).toBe(matchedBatches.length);
        expect(new Set(matchedDeposits).size).toBe(matchedDeposits.length);
        expect(result.unmatchedBatches).toEqual([]);
        expect(result.unmatchedDeposits).toEqual([]);
        for (const m of result.matches) {
          const dep = m.depositIds.reduce((s, id) => s + (deposits[id - 1]?.amountMinor ?? 0), 0);
          const bat = m.batchIds.reduce((s, id) => s + (batches[id - 1]?.amountMinor ?? 0), 0);
          expect(dep).toBe(bat);
        }
      }),
      { seed: 24, numRuns: 200 },
    );
  });
});
