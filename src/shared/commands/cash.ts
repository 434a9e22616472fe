/**
 * Commands of the cash screen: the four-way balance of a date range, deposits and funding batches still
 * unmatched, the exception queue (aged, with owner), matching by hand and assigning an exception.
 */
import { z } from 'zod';
import { command, id } from './define';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const range = z.object({ from: isoDate, to: isoDate }).strict();

/**
 * The lines of a cash balance, in the order they are shown and exported. Fees, chargebacks and refunds are
 * lines of their own beside the four legs, and so are eCheck (ACH) returns the processor took back; a new
 * line is one entry here and one label.
 */
export const CASH_LINES = [
  'bank',
  'funding',
  'payments',
  'refunds',
  'chargebacks',
  'returns',
  'won',
  'fees',
  'ehr',
] as const;
export type CashLine = (typeof CASH_LINES)[number];

export const CASH_LINE_LABEL: Readonly<Record<CashLine, string>> = {
  bank: 'Bank deposits',
  funding: 'Processor funding',
  payments: 'Payments',
  refunds: 'Refunds',
  chargebacks: 'Chargebacks',
  returns: 'eCheck returns',
  won: 'Chargebacks won back',
  fees: 'Fees',
  ehr: 'Posted in the EHR',
};

/** One currency's (or one breakdown row's) lines, in integer minor units. */
export type CashLegsView = Readonly<Record<CashLine, number>>;

export const CASH_LEGS = ['bank_funding', 'funding_payments', 'payments_ehr'] as const;
export type CashLeg = (typeof CASH_LEGS)[number];

/** Who a variance's or a line's money belongs to: null facility or merchant is money no payment attributes. */
export interface CashAttribution {
  readonly facility: string | null;
  readonly merchantId: string | null;
}

/** A variance as the balance finds it; the cause list is the reconciliation's (cash-variance.ts). */
export interface CashVarianceOf<Cause extends string> {
  readonly leg: CashLeg;
  readonly cause: Cause;
  readonly currency: string;
  readonly amountMinor: number;
  /** What the variance is about: a deposit, a funding batch, a match or a payment (processor id). */
  readonly subject: string;
  readonly date: string | null;
  readonly detail: string;
}

export interface CashVarianceView extends CashVarianceOf<string> {
  readonly causeText: string;
  readonly unexplained: boolean;
}

/** A payment that arrived after its period closed: held, flagged, counted in no line. */
export interface LateEventView {
  readonly eventId: number;
  readonly processorTxnId: string;
  readonly facility: string;
  readonly currency: string;
  readonly amountMinor: number;
  /** The closed period it belongs to, `YYYY-MM`. */
  readonly month: string;
}

/** A breakdown row's share of the variances of one cause. */
export interface CashRowVariance {
  readonly leg: CashLeg;
  readonly cause: string;
  readonly causeText: string;
  readonly unexplained: boolean;
  readonly amountMinor: number;
}

/**
 * The balance for one facility, merchant account and day (or the whole range: `day` null), per currency. A
 * row's lines obey the balance's identities on their own, so the rows add up to the currency's figures.
 */
export interface CashBreakdownRow extends CashAttribution {
  readonly day: string | null;
  readonly currency: string;
  readonly lines: CashLegsView;
  readonly variances: readonly CashRowVariance[];
  /** How many of the row's variance shares need a person. */
  readonly unexplained: number;
}

/** The four-way balance of a date range, declared once for the reconciliation, the console and the export. */
export interface CashBalanceOf<Variance> {
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly currencies: Readonly<Record<string, CashLegsView>>;
  readonly variances: readonly Variance[];
  readonly unexplained: number;
  readonly balanced: boolean;
  /** Payments of the range that arrived after their period closed: held, flagged and in no line. */
  readonly lateEvents: readonly LateEventView[];
  /** Per facility, merchant account and day. */
  readonly breakdown: readonly CashBreakdownRow[];
  /** The same per facility and merchant account over the whole range (`day` null). */
  readonly byFacility: readonly CashBreakdownRow[];
}

export type CashBalanceView = CashBalanceOf<CashVarianceView>;

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

/**
 * A payment Clearpost holds whose money was received but is not (yet) posted in the EHR, aged from the day it
 * was taken, with whoever follows it up.
 */
export interface UnpostedCashView {
  readonly eventId: number;
  readonly processorTxnId: string;
  readonly facility: string;
  readonly tender: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly receivedDate: string;
  readonly ageDays: number;
  /** The posting's status; null when no posting was created. */
  readonly postingStatus: string | null;
  readonly owner: string | null;
  readonly note: string | null;
  readonly followUp: string | null;
}

/** The list and its total per currency: the number a supervisor watches go to zero. */
export interface UnpostedCashList {
  readonly asOf: string;
  readonly rows: readonly UnpostedCashView[];
  readonly totals: readonly {
    readonly currency: string;
    readonly count: number;
    readonly amountMinor: number;
  }[];
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
  'cash.unposted': command<UnpostedCashList>()(
    'Money received but not yet posted in the EHR, oldest first, aged in days, with its total per currency.',
    z.object({ asOf: isoDate.optional(), facility: z.string().trim().min(1).max(40).optional() }).strict(),
  ),
  'cash.unposted.assign': command<{ ok: true }>()(
    'Gives an unposted payment an owner, and optionally a note and a follow-up date.',
    z
      .object({
        eventId: id,
        owner: z.string().trim().min(1).max(100),
        note: z.string().trim().max(1000).optional(),
        followUp: isoDate.optional(),
      })
      .strict(),
  ),
} as const;
