/**
 * The month the month-close integration tests close: March 2025 in Chicago, two card payments funded in
 * batches A and B, the bank paying A whole and B only when asked, on a real app (real SQLite file) that the
 * fixture closes after each test. Also what both files assert with: a close refusal read back, a late payment.
 */
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ClearpostApp } from '../../src/main/app';
import { approveClose, CloseError, prepareClose } from '../../src/main/reconciliation/close/close-period';
import type { NewPaymentEvent } from '../../src/main/store/repositories/events';
import { fakeClock, testApp } from './app';
import { seedCardMonth } from './card-month';
import { useTempDirs } from './temp-dir';

export const ZONE = 'America/Chicago';
export const MARCH = { scope: '*', month: '2025-03', timeZone: ZONE };

/** `march(paidB)` opens the month (batch B deposited only when `paidB`); `closedMarch()` has sam prepare it and alex close it. */
export function useMarchClose() {
  const tempDir = useTempDirs();
  let app: ClearpostApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function march(paidB: boolean) {
    const clock = fakeClock(Date.UTC(2025, 3, 2, 15));
    const dataDir = tempDir();
    const a = await testApp(dataDir, clock);
    app = a;
    seedCardMonth(
      a.repos,
      a.store.db,
      {
        month: '2025-03',
        day: 3,
        payments: [
          { processorTxnId: 'P1', amountMinor: 100_000, totalFeeMinor: 2_000, batchId: 'A' },
          { processorTxnId: 'P2', amountMinor: 70_000, totalFeeMinor: 1_000, batchId: 'B' },
        ],
        deposits: [
          { day: 5, amountMinor: 98_000, bankReference: 'A' },
          ...(paidB ? [{ day: 5, amountMinor: 69_000, bankReference: 'B' }] : []),
        ],
        match: true,
      },
      clock,
    );
    const deps = { db: a.store.db, repos: a.repos, clock, reportsDir: join(tempDir(), 'reports') };
    /** Closes the app before the test ends (to run the CLI on its data folder). */
    const closeApp = async () => {
      await a.close();
      app = null;
    };
    return { a, clock, deps, dataDir, closeApp };
  }

  async function closedMarch() {
    const opened = await march(true);
    prepareClose({ ...MARCH, actor: 'sam' }, opened.deps);
    const closed = approveClose({ ...MARCH, actor: 'alex' }, opened.deps);
    return { ...opened, closed };
  }

  return { march, closedMarch };
}

/** The refusal a close step throws, read back to assert on; anything else (or nothing) fails the test. */
export function closeRefusal(fn: () => unknown): { refusal: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof CloseError) return { refusal: error.refusal, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A card payment of 50.00 arriving by file after the month it was taken in may have closed. */
export const latePayment = (processorTxnId: string, transactionAt: number): NewPaymentEvent => ({
  source: 'file',
  processorTxnId,
  kind: 'one_time_payment',
  tender: 'card',
  amountMinor: 5_000,
  currency: 'USD',
  ehr: 'oracle_health',
  facility: 'MAIN',
  guarantorAccount: 'G100200',
  encounterId: 'E500300',
  cardBrand: 'VISA',
  cardLast4: '1111',
  transactionAt,
});
