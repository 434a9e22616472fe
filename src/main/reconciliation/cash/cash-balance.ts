/**
 * The four-way cash balance for a date range: bank deposits ↔ processor funding ↔ payments ↔ EHR postings,
 * per currency, with refunds, chargebacks, eCheck returns, chargebacks won back and fees as their own lines and every difference a
 * variance with its cause (cash-variance.ts). The legs are computed independently and the identities then
 * checked (funding = payments − refunds − chargebacks − returns + won − fees; EHR = payments − refunds −
 * chargebacks − returns + won): any residual no variance explains is reported as `unreconciled`, so the balance never claims more
 * than it shows.
 * Everything is booked per facility, merchant account and day as well (cash-lines.ts says how a deposit's
 * money is attributed), which is the balance's `breakdown`.
 *
 * Range: funding by the batches' funding dates; bank by the deposits matched to those batches (wherever they
 * were booked) plus unmatched deposits booked in the range; payments by the events those batches fund plus
 * processor payments of the range that no funding names yet. A breakdown row's day is its batch's funding
 * date (a payment no funding names yet: its business day; a deposit matched to nothing: its booking date).
 */
import type { CashBalanceOf, LateEventView } from '../../../shared/commands/cash';
import type { IsoDate } from '../../../shared/domain';
import { bigToMinor } from '../../../shared/signed-money';
import type { Repositories } from '../../store/repositories';
import type { FundedRow } from '../../store/repositories/cash-balance';
import { addDays, dayWindow, localDate } from '../../lib/time-zone';
import { CashLines, rollUp, toMinor, type LineKey, type Share } from './cash-lines';
import { checkReversal, POSTED } from './cash-reversals';
import { UNEXPLAINED_CASH_CAUSES, variance, type CashLeg, type CashVariance } from './cash-variance';
import { DEFAULT_WINDOW, type MatchWindow } from './match-deposits';

export type CashBalance = CashBalanceOf<CashVariance>;
export type LateEventLine = LateEventView;

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

export function balanceCash(
  repos: Pick<Repositories, 'funding' | 'cashMatching' | 'cashBalance' | 'bankDeposits' | 'periodClose'>,
  request: CashBalanceRequest,
): CashBalance {
  const { from, to, asOf } = request;
  const window = request.window ?? DEFAULT_WINDOW;
  const lines = new CashLines();
  const variances: CashVariance[] = [];
  const add = (v: CashVariance, at: LineKey | readonly Share[]) => {
    variances.push(v);
    return lines.variance(v, at);
  };
  const unattributed = (day: string, currency: string, merchantId: string | null = null): LineKey => ({
    day,
    facility: null,
    merchantId,
    currency,
  });

  // Funding: the batches funded in the range, item by item at the facility of the payment each item funds.
  const batches = repos.funding.batchesBetween(from, to);
  const inRange = new Map(batches.map((b) => [b.id, b]));
  const funded = repos.cashBalance.fundedBetween(from, to);
  const keyOfItem = (row: FundedRow): LineKey => ({
    day: row.fundingDate,
    facility: row.facility,
    merchantId: row.merchantId,
    currency: row.currency,
  });
  const sharesOf = sharesByBatch(funded, keyOfItem);
  const batchShares = (b: { id: number; merchantId: string; fundingDate: string; currency: string }) =>
    sharesOf.get(b.id) ?? [{ key: unattributed(b.fundingDate, b.currency, b.merchantId), weight: 1n }];
  for (const row of funded) lines.book('funding', keyOfItem(row), row.fundingMinor);
  /** A batch's deposit money goes where its funding went: to the facilities of its payments. */
  const bankAsFunded = (b: (typeof batches)[number]) => {
    for (const share of batchShares(b)) lines.book('bank', share.key, share.weight);
  };

  // Bank: deposits of every match holding a batch of the range, and unmatched deposits booked in it.
  const pad = window.daysAfter + window.daysBefore + 31;
  for (const match of repos.cashMatching.matchesBetween(addDays(from, -pad), addDays(to, pad))) {
    if (!match.batchIds.some((id) => inRange.has(id))) continue;
    let currency = 'USD';
    let deposited = 0n;
    let firstDay: string | null = null;
    for (const id of match.depositIds) {
      const d = repos.bankDeposits.get(id);
      if (!d) continue;
      currency = d.currency;
      if (firstDay === null || d.bookingDate < firstDay) firstDay = d.bookingDate;
      deposited += BigInt(d.amountMinor);
    }
    let attributed = 0n;
    for (const id of match.batchIds) {
      const b = inRange.get(id) ?? repos.funding.batch(id);
      if (!b) continue;
      attributed += BigInt(b.netMinor);
      if (inRange.has(id)) {
        bankAsFunded(b);
        continue;
      }
      const key = unattributed(b.fundingDate, b.currency, b.merchantId);
      lines.book('bank', key, b.netMinor);
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
        key,
      );
    }
    // What the deposits hold beyond their batches: a difference accepted by hand, attributed to no facility.
    const rest = deposited - attributed;
    const restKey = unattributed(firstDay ?? from, currency);
    if (rest !== 0n) lines.book('bank', restKey, rest);
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
        restKey,
      );
    }
  }
  const looseDeposits = repos.cashMatching.unmatchedDeposits(from, to);
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
    const shares = inRange.has(b.id)
      ? batchShares(b)
      : [{ key: unattributed(b.fundingDate, b.currency), weight: 1n }];
    if (short) {
      pairedDeposits.add(short.id);
      // The short deposit is this batch's money: its facilities get their funding plus their part of the gap.
      for (const share of shares) lines.book('bank', share.key, share.weight);
      const parts = add(
        variance(
          'bank_funding',
          'short_deposit',
          b.currency,
          short.amountMinor - b.netMinor,
          `batch ${b.batchId}`,
          b.fundingDate,
          `deposit ${short.bankReference ?? `#${String(short.id)}`} of ${short.bookingDate} is ${String(short.amountMinor)} for a batch net of ${String(b.netMinor)}`,
        ),
        shares,
      );
      for (const part of parts) lines.book('bank', part.key, part.amount);
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
      shares,
    );
  }
  for (const d of looseDeposits) {
    if (pairedDeposits.has(d.id)) continue;
    const key = unattributed(d.bookingDate, d.currency);
    lines.book('bank', key, d.amountMinor);
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
      key,
    );
  }

  // Payments, refunds, chargebacks, eCheck returns and fees behind the funding; EHR postings of those payments.
  const postedOrNot = (key: LineKey, signed: number, status: string | null, subject: string) => {
    if (status !== null && POSTED.has(status)) lines.book('ehr', key, signed);
    else
      add(
        variance(
          'payments_ehr',
          'not_posted',
          key.currency,
          -signed,
          subject,
          null,
          `posting ${status ?? 'not created'}`,
        ),
        key,
      );
  };
  for (const row of funded) {
    const key = keyOfItem(row);
    lines.book('fees', key, row.totalFeeMinor);
    if (row.kind === 'chargeback') {
      // A withdrawal: a chargeback, or an eCheck return (its transaction type says so), each on its own line.
      const isReturn = /return/i.test(row.transactionType);
      lines.book(isReturn ? 'returns' : 'chargebacks', key, -row.amountMinor);
      checkReversal(row, key, isReturn ? 'eCheck return' : 'chargeback', { add, lines });
      continue;
    }
    if (row.kind === 'chargeback_reversal') {
      // Money a won case gave back: its own line, and the payment re-posted in the EHR for it.
      lines.book('won', key, row.amountMinor);
      checkReversal(row, key, 'won chargeback', { add, lines });
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
        key,
      );
      continue;
    }
    const signed = row.kind === 'refund' ? -Math.abs(row.eventAmountMinor) : Math.abs(row.eventAmountMinor);
    if (row.kind === 'refund') lines.book('refunds', key, -signed);
    else lines.book('payments', key, signed);
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
        key,
      );
    }
    postedOrNot(key, signed, row.postingStatus, subject);
  }
  const start = dayWindow(from, request.timeZone).start;
  const end = dayWindow(to, request.timeZone).end;
  const graceFrom = dayWindow(addDays(asOf, -FUNDING_GRACE_DAYS), request.timeZone).start;
  for (const e of repos.cashBalance.unfundedBetween(start, end)) {
    // No funding names it yet, so no merchant account either: its row is its facility's business day.
    const key: LineKey = {
      day: localDate(e.transactionAt, request.timeZone),
      facility: e.facility,
      merchantId: null,
      currency: e.currency,
    };
    const signed = e.kind === 'refund' ? -Math.abs(e.amountMinor) : Math.abs(e.amountMinor);
    if (e.kind === 'refund') lines.book('refunds', key, -signed);
    else lines.book('payments', key, signed);
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
      key,
    );
    postedOrNot(key, signed, e.postingStatus, subject);
  }

  // The identities, per currency: a residual no variance explains is itself reported.
  const currencies: Record<string, CashBalance['currencies'][string]> = {};
  const totals = lines.totals();
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
          unattributed(to, currency),
        );
    };
    const net = t.payments - t.refunds;
    residual('bank_funding', t.bank, t.funding);
    const withdrawn = t.chargebacks + t.returns - t.won;
    residual('funding_payments', t.funding, net - withdrawn - t.fees);
    residual('payments_ehr', t.ehr, net - withdrawn);
    currencies[currency] = toMinor(t);
  }
  const unexplained = variances.filter((v) => UNEXPLAINED_CASH_CAUSES.has(v.cause)).length;
  const breakdown = lines.breakdown();
  const lateEvents = repos.periodClose.lateBetween(start, end).map((e) => ({
    eventId: e.eventId,
    processorTxnId: e.processorTxnId,
    facility: e.facility,
    currency: e.currency,
    amountMinor: e.amountMinor,
    month: e.month,
  }));
  return {
    from,
    to,
    asOf,
    currencies,
    variances,
    unexplained,
    balanced: variances.length === 0,
    lateEvents,
    breakdown,
    byFacility: rollUp(breakdown),
  };
}

/** Each batch's facilities (and merchant), weighted by what the payments of each fund. */
function sharesByBatch(
  funded: readonly FundedRow[],
  keyOf: (row: FundedRow) => LineKey,
): Map<number, Share[]> {
  const out = new Map<number, Map<string, Share>>();
  for (const row of funded) {
    let byKey = out.get(row.batchRowId);
    if (!byKey) out.set(row.batchRowId, (byKey = new Map<string, Share>()));
    const key = keyOf(row);
    const id = key.facility ?? '';
    const seen = byKey.get(id);
    byKey.set(id, { key, weight: (seen?.weight ?? 0n) + BigInt(row.fundingMinor) });
  }
  return new Map([...out].map(([id, byKey]) => [id, [...byKey.values()]]));
}
