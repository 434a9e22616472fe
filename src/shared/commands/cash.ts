/**
 * Commands of the cash screen: the four-way balance of a date range, deposits and funding batches still
 * unmatched, the exception queue (aged, with owner), matching by hand and assigning an exception.
 */
import { z } from 'zod';
import { command, id } from './define';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const range = z.object({ from: isoDate, to: isoDate }).strict();

export interface CashLegsView {
  readonly bank: number;
  readonly funding: number;
  readonly payments: number;
  readonly refunds: number;
  readonly chargebacks: number;
  /** eCheck (ACH) returns the processor took back. */
  readonly returns: number;
  readonly fees: number;
  readonly ehr: number;
}

export interface CashVarianceView {
  readonly leg: 'bank_funding' | 'funding_payments' | 'payments_ehr';
  readonly cause: string;
  readonly causeText: string;
  readonly unexplained: boolean;
  readonly currency: string;
  readonly amountMinor: number;
  readonly subject: string;
  readonly date: string | null;
  readonly detail: string;
}

export interface CashBalanceView {
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly currencies: Record<string, CashLegsView>;
  readonly variances: readonly CashVarianceView[];
  readonly unexplained: number;
  readonly balanced: boolean;
  /** Payments that arrived after their period closed: held, flagged, counted in no leg. */
  readonly lateEvents: readonly {
    readonly eventId: number;
    readonly processorTxnId: string;
    readonly facility: string;
    readonly currency: string;
    readonly amountMinor: number;
    readonly month: string;
  }[];
}

export interface UnmatchedDepositView {
  readonly id: number;
  readonly bookingDate: string;
  readonly accountLast4: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reference: string | null;
  readonly text: string;
}

export interface UnmatchedBatchView {
  readonly id: number;
  readonly merchantId: string;
  readonly batchId: string;
  readonly fundingDate: string;
  readonly netMinor: number;
  readonly currency: string;
}

export interface CashExceptionView {
  readonly id: number;
  readonly subjectType: 'deposit' | 'batch';
  readonly subjectId: number;
  readonly since: string;
  readonly ageDays: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly owner: string | null;
  readonly note: string | null;
  readonly followUp: string | null;
}

export const CASH_COMMANDS = {
  'cash.balance': command<CashBalanceView>()(
    'Bank deposits, processor funding, payments and EHR postings of a date range, with every variance and its cause.',
    range,
  ),
  'cash.unmatched': command<{
    deposits: readonly UnmatchedDepositView[];
    batches: readonly UnmatchedBatchView[];
  }>()('Deposits and funding batches of a date range that no match holds yet.', range),
  'cash.exceptions': command<readonly CashExceptionView[]>()(
    'Open cash exceptions (unmatched deposits and batches), oldest first, aged in days.',
    z.object({ asOf: isoDate.optional() }).strict(),
  ),
  'cash.runMatching': command<{ matched: number; unmatchedDeposits: number; unmatchedBatches: number }>()(
    'Matches the unmatched deposits of a date range to funding batches by amount and date window.',
    range,
  ),
  'cash.match': command<{ matchId: number }>()(
    'Matches deposits to funding batches by hand; a difference between them needs a note.',
    z
      .object({
        depositIds: z.array(id).min(1).max(50),
        batchIds: z.array(id).min(1).max(50),
        note: z.string().trim().max(1000).optional(),
      })
      .strict(),
  ),
  'cash.assign': command<{ ok: true }>()(
    'Gives a cash exception an owner, and optionally a note and a follow-up date.',
    z
      .object({
        id,
        owner: z.string().trim().min(1).max(100),
        note: z.string().trim().max(1000).optional(),
        followUp: isoDate.optional(),
      })
      .strict(),
  ),
} as const;
