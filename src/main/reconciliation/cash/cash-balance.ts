/**
 * The four-way cash balance for a date range: bank deposits ↔ processor funding ↔ payments ↔ EHR postings,
 * per currency, with refunds, chargebacks, eCheck returns and fees as their own lines and every difference a variance with
 * its cause (cash-variance.ts). The legs are computed independently and the identities then checked: any
 * residual no variance explains is reported as `unreconciled`, so the balance never claims more than it shows.
 *
 * Range: funding by the batches' funding dates; bank by the deposits matched to those batches (wherever they
 * were booked) plus unmatched deposits booked in the range; payments by the events those batches fund plus
 * processor payments of the range that no funding names yet.
 */
import type { CashLegsView } from '../../../shared/commands/cash';
import type { IsoDate } from '../../../shared/domain';
import { bigToMinor } from '../../../shared/signed-money';
import type { Repositories } from '../../store/repositories';
import type { FundedRow } from '../../store/repositories/cash-balance';
import { addDays, dayWindow } from '../../lib/time-zone';
import { UNEXPLAINED_CASH_CAUSES, type CashLeg, type CashVariance } from './cash-variance';
import { DEFAULT_WINDOW, type MatchWindow } from './match-deposits';

/** One currency's legs, as the console shows them (declared once, with the cash commands). */
export type CashLegs = CashLegsView;

export interface CashBalance {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly asOf: IsoDate;
  readonly currencies: Record<string, CashLegs>;
  readonly variances: readonly CashVariance[];
  readonly unexplained: number;
  readonly balanced: boolean;
  /** Payments of the range that arrived after their period closed: held, flagged and in no leg above. */
  readonly lateEvents: readonly LateEventLine[];
}

export interface LateEventLine {
  readonly eventId: number;
  readonly processorTxnId: string;
  readonly facility: string;
  readonly currency: string;
  readonly amountMinor: number;
  /** The closed period it belongs to, `YYYY-MM`. */
  readonly month: string;
}

export interface CashBalanceRequest {
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** The day the balance is taken: deposits and funding still inside their window are in transit, not missing. */
  readonly asOf: IsoDate;
  /** Zone of the business days for payments' transaction times. */
  readonly timeZone: string;
  readonly window?: MatchWindow;
}

/** Days after a payment within which its funding is simply not there yet. */
const FUNDING_GRACE_DAYS = 3;
const POSTED = new Set(['success', 'manually_posted']);

type Totals = Record<keyof CashLegs, bigint>;
const emptyTotals = (): Totals => ({
  bank: 0n,
  funding: 0n,
  payments: 0n,
  refunds: 0n,
  chargebacks: 0n,
  returns: 0n,
  fees: 0n,
  ehr: 0n,
});

export function balanceCash(
  repos: Pick<Repositories, 'funding' | 'cashMatching' | 'cashBalance' | 'bankDeposits' | 'periodClose'>,
  request: CashBalanceRequest,
): CashBalance {
  const { from, to, asOf } = request;
  const window = request.window ?? DEFAULT_WINDOW;
  const totals = new Map<string, Totals>();
  const legOf = (currency: string) => {
    let t = totals.get(currency);
    if (!t) totals.set(currency, (t = emptyTotals()));
    return t;
  };
  const variances: CashVariance[] = [];
  const add = (v: CashVariance) => variances.push(v);

  // Funding: the batches funded in the range.
  const batches = repos.funding.batchesBetween(from, to);
  const inRange = new Set(batches.map((b) => b.id));
  for (const b of batches) legOf(b.currency).funding += BigInt(b.netMinor);

  // Bank: deposits of every match holding a batch of the range, and unmatched deposits booked in it.
  const pad = window.daysAfter + window.daysBefore + 31;
  for (const match of repos.cashMatching.matchesBetween(addDays(from, -pad), addDays(to, pad))) {
    if (!match.batchIds.some((id) => inRange.has(id))) continue;
    let currency = 'USD';
    for (const id of match.depositIds) {
      const d = repos.bankDeposits.get(id);
      if (!d) continue;
      currency = d.currency;
      legOf(d.currency).bank += BigInt(d.amountMinor);
    }
    for (const id of match.batchIds) {
      if (inRange.has(id)) continue;
      const b = repos.funding.batch(id);
      if (!b) continue;
      add(
        variance(
          'bank_funding',
          'batch_outside_range',
          b.currency,
          b.netMinor,
          `batch ${b.batchId}`,
          b.fundingDate,
          `funded ${b.fundingDate}, paid with a deposit of this range`,
        ),
      );
    }
    if (match.differenceMinor !== 0) {
      add(
        variance(
          'bank_funding',
          'accepted_difference',
          currency,
          match.differenceMinor,
          `match ${String(match.matchId)}`,
          null,
          'accepted by hand with a note',
        ),
      );
    }
  }
  const looseDeposits = repos.cashMatching.unmatchedDeposits(from, to);
  for (const d of looseDeposits) legOf(d.currency).bank += BigInt(d.amountMinor);
  const looseBatches = repos.cashMatching.unmatchedBatches(from, to).filter((b) => b.netMinor !== 0);
  const pairedDeposits = new Set<number>();
  for (const b of looseBatches) {
    // The nearest unmatched deposit of the window within a tenth of the batch is "the same money, short".
    const candidates = looseDeposits.filter(
      (d) =>
        !pairedDeposits.has(d.id) &&
        d.currency === b.currency &&
        Math.sign(d.amountMinor) === Math.sign(b.netMinor) &&
        d.bookingDate >= addDays(b.fundingDate, -window.daysBefore) &&
        d.bookingDate <= addDays(b.fundingDate, window.daysAfter) &&
        Math.abs(d.amountMinor - b.netMinor) * 10 <= Math.abs(b.netMinor),
    );
    candidates.sort(
      (x, y) => Math.abs(x.amountMinor - b.netMinor) - Math.abs(y.amountMinor - b.netMinor) || x.id - y.id,
    );
    const short = candidates[0];
    if (short) {
      pairedDeposits.add(short.id);
      add(
        variance(
          'bank_funding',
          'short_deposit',
          b.currency,
          short.amountMinor - b.netMinor,
          `batch ${b.batchId}`,
          b.fundingDate,
          `deposit ${short.bankReference ?? `#${String(short.id)}`} of ${short.bookingDate} is ${String(short.amountMinor)} for a batch net of ${String(b.netMinor)}`,
        ),
      );
      continue;
    }
    const transit = asOf <= addDays(b.fundingDate, window.daysAfter);
    add(
      variance(
        'bank_funding',
        transit ? 'in_transit' : 'missing_deposit',
        b.currency,
        -b.netMinor,
        `batch ${b.batchId}`,
        b.fundingDate,
        transit
          ? `its deposit may still arrive until ${addDays(b.fundingDate, window.daysAfter)}`
          : `no deposit within ${String(window.daysAfter)} days of ${b.fundingDate}`,
      ),
    );
  }
  for (const d of looseDeposits) {
    if (pairedDeposits.has(d.id)) continue;
    add(
      variance(
        'bank_funding',
        'unidentified_deposit',
        d.currency,
        d.amountMinor,
        `deposit ${d.bankReference ?? `#${String(d.id)}`}`,
        d.bookingDate,
        `${d.typeCode} ${d.text}`.trim(),
      ),
    );
  }

  // Payments, refunds, chargebacks and fees behind the funding; EHR postings of those payments.
  const postedOrNot = (
    currency: string,
    signed: number,
    status: string | null,
    subject: string,
    date: string | null,
  ) => {
    if (status !== null && POSTED.has(status)) legOf(currency).ehr += BigInt(signed);
    else
      add(
        variance(
          'payments_ehr',
          'not_posted',
          currency,
          -signed,
          subject,
          date,
          `posting ${status ?? 'not created'}`,
        ),
      );
  };
  const reversed = (row: FundedRow, what: string) => {
    const subject = `${what} of payment ${row.requestId}`;
    if (row.reversalEventId === null || row.reversalAmountMinor === null) {
      add(
        variance(
          'payments_ehr',
          'reversal_missing',
          row.currency,
          -row.amountMinor,
          subject,
          null,
          `no ${what} Clearpost imported names this payment, so the EHR still holds it`,
        ),
      );
      return;
    }
    const expected = -Math.abs(row.reversalAmountMinor);
    if (expected !== row.amountMinor) {
      add(
        variance(
          'payments_ehr',
          'amount_mismatch',
          row.currency,
          expected - row.amountMinor,
          subject,
          null,
          `withdrawn ${String(-row.amountMinor)}, the reversal says ${String(-expected)}`,
        ),
      );
    }
    const status = row.reversalPostingStatus;
    if (status !== null && POSTED.has(status)) legOf(row.currency).ehr += BigInt(expected);
    else
      add(
        variance(
          'payments_ehr',
          'reversal_not_posted',
          row.currency,
          -expected,
          subject,
          null,
          `its reversal's posting is ${status ?? 'not created'}`,
        ),
      );
  };
  for (const row of repos.cashBalance.fundedBetween(from, to)) {
    const t = legOf(row.currency);
    t.fees += BigInt(row.totalFeeMinor);
    if (row.kind === 'chargeback') {
      // A withdrawal: a chargeback, or an eCheck return (its transaction type says so). The EHR must hold the
      // payment's reversal for it.
      const isReturn = /return/i.test(row.transactionType);
      if (isReturn) t.returns += BigInt(-row.amountMinor);
      else t.chargebacks += BigInt(-row.amountMinor);
      reversed(row, isReturn ? 'eCheck return' : 'chargeback');
      continue;
    }
    const subject = `payment ${row.requestId}`;
    if (row.eventId === null || row.eventAmountMinor === null) {
      add(
        variance(
          'funding_payments',
          'not_in_clearpost',
          row.currency,
          row.amountMinor,
          subject,
          null,
          `a funded ${row.kind} Clearpost has no payment event for`,
        ),
      );
      continue;
    }
    const signed = row.kind === 'refund' ? -Math.abs(row.eventAmountMinor) : Math.abs(row.eventAmountMinor);
    if (row.kind === 'refund') t.refunds += BigInt(-signed);
    else t.payments += BigInt(signed);
    if (signed !== row.amountMinor || row.eventCurrency !== row.currency) {
      add(
        variance(
          'funding_payments',
          'amount_mismatch',
          row.currency,
          row.amountMinor - signed,
          subject,
          null,
          `funded ${String(row.amountMinor)}, the payment says ${String(signed)} ${row.eventCurrency ?? ''}`.trim(),
        ),
      );
    }
    postedOrNot(row.currency, signed, row.postingStatus, subject, null);
  }
  const start = dayWindow(from, request.timeZone).start;
  const end = dayWindow(to, request.timeZone).end;
  const graceFrom = dayWindow(addDays(asOf, -FUNDING_GRACE_DAYS), request.timeZone).start;
  for (const e of repos.cashBalance.unfundedBetween(start, end)) {
    const t = legOf(e.currency);
    const signed = e.kind === 'refund' ? -Math.abs(e.amountMinor) : Math.abs(e.amountMinor);
    if (e.kind === 'refund') t.refunds += BigInt(-signed);
    else t.payments += BigInt(signed);
    const waiting = e.transactionAt >= graceFrom;
    const subject = `payment ${e.processorTxnId}`;
    add(
      variance(
        'funding_payments',
        waiting ? 'awaiting_funding' : 'not_funded',
        e.currency,
        -signed,
        subject,
        null,
        waiting
          ? 'taken in the last days: its funding may still come'
          : `no funding ${String(FUNDING_GRACE_DAYS)} days after it was taken`,
      ),
    );
    postedOrNot(e.currency, signed, e.postingStatus, subject, null);
  }

  // The identities, per currency: a residual no variance explains is itself reported.
  const currencies: Record<string, CashLegs> = {};
  for (const [currency, t] of [...totals.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sum = (leg: CashLeg) =>
      variances
        .filter((v) => v.leg === leg && v.currency === currency)
        .reduce((s, v) => s + BigInt(v.amountMinor), 0n);
    const residual = (leg: CashLeg, actual: bigint, expected: bigint) => {
      const gap = actual - expected - sum(leg);
      if (gap !== 0n)
        add(
          variance(
            leg,
            'unreconciled',
            currency,
            bigToMinor(gap),
            leg,
            null,
            'no cause found for this difference',
          ),
        );
    };
    const net = t.payments - t.refunds;
    residual('bank_funding', t.bank, t.funding);
    const withdrawn = t.chargebacks + t.returns;
    residual('funding_payments', t.funding, net - withdrawn - t.fees);
    residual('payments_ehr', t.ehr, net - withdrawn);
    currencies[currency] = {
      bank: bigToMinor(t.bank),
      funding: bigToMinor(t.funding),
      payments: bigToMinor(t.payments),
      refunds: bigToMinor(t.refunds),
      chargebacks: bigToMinor(t.chargebacks),
      returns: bigToMinor(t.returns),
      fees: bigToMinor(t.fees),
      ehr: bigToMinor(t.ehr),
    };
  }
  const unexplained = variances.filter((v) => UNEXPLAINED_CASH_CAUSES.has(v.cause)).length;
  const lateEvents = repos.periodClose.lateBetween(start, end).map((e) => ({
    eventId: e.eventId,
    processorTxnId: e.processorTxnId,
    facility: e.facility,
    currency: e.currency,
    amountMinor: e.amountMinor,
    month: e.month,
  }));
  return { from, to, asOf, currencies, variances, unexplained, balanced: variances.length === 0, lateEvents };
}

function variance(
  leg: CashLeg,
  cause: CashVariance['cause'],
  currency: string,
  amountMinor: number,
  subject: string,
  date: string | null,
  detail: string,
): CashVariance {
  return { leg, cause, currency, amountMinor, subject, date, detail };
}
