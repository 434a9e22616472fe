/**
 * Matching over a real database: deposits (as BAI2 imports store them) to funding batches (as Purchase &
 * Refund Details imports total them), splits both ways, exceptions aged with an owner, a supervisor's manual
 * match with a stated difference, and a re-run that changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  matchByHand,
  ManualMatchError,
  runMatching,
} from '../../../src/main/reconciliation/cash/run-matching';
import { openCashStore, type CashStore } from '../../helpers/cash-store';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let cash: CashStore | null = null;
afterEach(() => {
  cash?.close();
  cash = null;
});

const MARCH = { from: '2025-03-01', to: '2025-03-31' };

function month(): CashStore {
  const c = openCashStore(tempDir());
  // Batch A paid whole; B and C paid together; D split in two; E never paid; F a short deposit.
  c.fund([
    { batchId: 'A', fundingDate: '2025-03-03', amountMinor: 200_000, totalFeeMinor: 4_000 },
    { batchId: 'A', fundingDate: '2025-03-03', amountMinor: 110_000, totalFeeMinor: 2_000 },
    { batchId: 'B', fundingDate: '2025-03-10', amountMinor: 50_000 },
    { batchId: 'C', fundingDate: '2025-03-10', amountMinor: 25_000 },
    { batchId: 'D', fundingDate: '2025-03-17', amountMinor: 90_000 },
    { batchId: 'E', fundingDate: '2025-03-24', amountMinor: 33_300 },
    { batchId: 'F', fundingDate: '2025-03-25', amountMinor: 44_400 },
  ]);
  c.deposit([
    { bookingDate: '2025-03-04', amountMinor: 304_000, bankReference: 'A' },
    { bookingDate: '2025-03-11', amountMinor: 75_000, bankReference: 'B+C' },
    { bookingDate: '2025-03-18', amountMinor: 60_000, bankReference: 'D1' },
    { bookingDate: '2025-03-18', amountMinor: 30_000, bankReference: 'D2' },
    { bookingDate: '2025-03-26', amountMinor: 44_000, bankReference: 'F short' },
  ]);
  return c;
}

describe('what matching cannot pair becomes an exception with aging and owner', () => {
  it('a missing deposit and a short deposit stay unmatched, aged from their own days', () => {
    cash = month();
    const summary = runMatching(MARCH, cash);
    expect(summary).toEqual({
      matched: 3,
      oneToOne: 1,
      manyBatches: 1,
      manyDeposits: 1,
      unmatchedDeposits: 1,
      unmatchedBatches: 2,
    });
    const open = cash.repos.cashMatching.openExceptions('2025-04-01');
    expect(open.map((e) => [e.subjectType, e.since, e.ageDays, e.amountMinor, e.owner])).toEqual([
      ['batch', '2025-03-24', 8, 33_300, null],
      ['batch', '2025-03-25', 7, 44_400, null],
      ['deposit', '2025-03-26', 6, 44_000, null],
    ]);
    expect(open[0]?.reason).toMatch(/No deposit, alone or with others, makes this batch's net within 4 day/);

    const [first] = open;
    expect(
      cash.repos.cashMatching.assign(first?.id ?? 0, 'dana.cash', {
        note: 'asked Cybersource',
        followUp: '2025-04-03',
      }),
    ).toBe(true);
    expect(cash.repos.cashMatching.openExceptions('2025-04-01')[0]).toMatchObject({
      owner: 'dana.cash',
      note: 'asked Cybersource',
      followUp: '2025-04-03',
    });
  });

  it('a manual match with a difference needs a note; an item cannot be matched twice', () => {
    cash = month();
    runMatching(MARCH, cash);
    const batches = cash.repos.funding.batchesBetween('2025-03-01', '2025-03-31');
    const f = batches.find((b) => b.batchId === 'F');
    const a = batches.find((b) => b.batchId === 'A');
    const short = cash.repos.bankDeposits.between('2025-03-26', '2025-03-26')[0];
    const request = { depositIds: [short?.id ?? 0], batchIds: [f?.id ?? 0], actor: 'sam.supervisor' };
    expect(() => matchByHand(request, cash!)).toThrow(
      new ManualMatchError('The deposits and batches differ by -400 minor units: say why in a note.', 'note'),
    );
    expect(() => matchByHand({ ...request, batchIds: [a?.id ?? 0], note: 'x' }, cash!)).toThrow(
      /already matched/,
    );

    matchByHand({ ...request, note: 'Chargeback withheld by the processor (case 4410)' }, cash);
    expect(cash.repos.cashMatching.openExceptions('2025-04-01').map((e) => e.subjectType)).toEqual(['batch']);
    const manual = cash.repos.cashMatching
      .matchesBetween('2025-03-01', '2025-03-31')
      .find((m) => m.shape === 'manual');
    expect(manual).toMatchObject({ differenceMinor: -400, depositIds: [short?.id], batchIds: [f?.id] });
  });
});

describe('matching', () => {
  it('pairs whole, combined and split deposits and is idempotent', () => {
    cash = month();
    runMatching(MARCH, cash);
    const again = runMatching(MARCH, cash);
    expect(again).toMatchObject({ matched: 0, unmatchedDeposits: 1, unmatchedBatches: 2 });
    expect(cash.repos.cashMatching.openExceptions('2025-04-01')).toHaveLength(3);
    const shapes = cash.repos.cashMatching
      .matchesBetween('2025-03-01', '2025-03-31')
      .map((m) => [m.shape, m.depositIds.length, m.batchIds.length]);
    expect(shapes).toEqual([
      ['one_to_one', 1, 1],
      ['many_batches', 1, 2],
      ['many_deposits', 2, 1],
    ]);
  });
});
