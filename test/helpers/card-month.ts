/**
 * A month of card payments as cash reconciliation sees it: each payment posted to the EHR on one day, funded in
 * its batch the next day (the fee taken), and what the bank deposited. The month-close tests, integration and
 * end to end, set up their month with it, so they speak of the same kind of month.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../src/main/clock';
import { runMatching } from '../../src/main/reconciliation/cash/run-matching';
import type { Repositories } from '../../src/main/store/repositories';
import { depositInto, fundInto } from './cash-seed';
import { seedPosting } from './seed';

export interface CardMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  /** The day of the month the payments were taken (15:00 UTC) and posted; their batches fund the next day. */
  readonly day: number;
  readonly payments: readonly {
    readonly processorTxnId: string;
    readonly amountMinor: number;
    readonly totalFeeMinor: number;
    readonly batchId: string;
  }[];
  readonly deposits: readonly {
    readonly day: number;
    readonly amountMinor: number;
    readonly bankReference: string;
  }[];
  /** Runs the deposit matcher over the whole month once seeded, as the Cash screen's button does. */
  readonly match: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (month: string, day: number) => `${month}-${pad(day)}`;

/** Last month in this process's zone (the browser's, on the same machine): the month the close panel offers first. */
export function lastMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}`;
}

/** Writes `m` into a store (a test app's or a served database) as the postings and the imports write it. */
export function seedCardMonth(repos: Repositories, db: Database, m: CardMonth, clock: Clock): void {
  const at = Date.parse(`${dayOf(m.month, m.day)}T15:00:00Z`);
  for (const p of m.payments)
    seedPosting(
      repos,
      'success',
      { processorTxnId: p.processorTxnId, amountMinor: p.amountMinor, transactionAt: at },
      at,
    );
  const fundingDate = dayOf(m.month, m.day + 1);
  fundInto(
    repos,
    db,
    m.payments.map((p) => ({
      requestId: p.processorTxnId,
      batchId: p.batchId,
      fundingDate,
      amountMinor: p.amountMinor,
      totalFeeMinor: p.totalFeeMinor,
    })),
    clock.now(),
  );
  depositInto(
    repos,
    db,
    m.deposits.map((d) => ({
      bookingDate: dayOf(m.month, d.day),
      amountMinor: d.amountMinor,
      bankReference: d.bankReference,
    })),
    clock.now(),
  );
  if (!m.match) return;
  const [year, month] = m.month.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate();
  runMatching({ from: dayOf(m.month, 1), to: dayOf(m.month, lastDay) }, { db, repos, clock });
}
