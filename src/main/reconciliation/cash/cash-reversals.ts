/**
 * A withdrawal (a chargeback or an eCheck return) in the cash balance: the EHR must hold the payment's
 * reversal for it, posted, for the same amount. Money a won case gives back is the mirror image: the EHR must
 * hold the payment re-posted for it. Its EHR side is booked where the withdrawal (or the money back) is;
 * anything else is a variance with its cause (missing, a different amount, not posted yet).
 */
import type { FundedRow } from '../../store/repositories/cash-balance';
import type { CashLines, LineKey } from './cash-lines';
import { variance, type CashVariance } from './cash-variance';

/** Posting statuses under which the EHR holds the money. */
export const POSTED: ReadonlySet<string> = new Set(['success', 'manually_posted']);

export function checkReversal(
  row: FundedRow,
  key: LineKey,
  what: string,
  to: { readonly add: (v: CashVariance, at: LineKey) => void; readonly lines: CashLines },
): void {
  const { add, lines } = to;
  const subject = `${what} of payment ${row.requestId}`;
  // Money back (a won case) is positive, a withdrawal negative; the EHR's follow-up carries the same sign.
  const back = row.amountMinor > 0;
  const follow = back ? 're-posted payment' : 'reversal';
  if (row.reversalEventId === null || row.reversalAmountMinor === null) {
    add(
      variance(
        'payments_ehr',
        'reversal_missing',
        row.currency,
        -row.amountMinor,
        subject,
        null,
        back
          ? `no won case Clearpost imported names this payment, so the EHR does not hold it again`
          : `no ${what} Clearpost imported names this payment, so the EHR still holds it`,
      ),
      key,
    );
    return;
  }
  const expected = (back ? 1 : -1) * Math.abs(row.reversalAmountMinor);
  if (expected !== row.amountMinor) {
    add(
      variance(
        'payments_ehr',
        'amount_mismatch',
        row.currency,
        expected - row.amountMinor,
        subject,
        null,
        `${back ? 'given back' : 'withdrawn'} ${String(Math.abs(row.amountMinor))}, the ${follow} says ${String(Math.abs(expected))}`,
      ),
      key,
    );
  }
  const status = row.reversalPostingStatus;
  if (status !== null && POSTED.has(status)) lines.book('ehr', key, expected);
  else
    add(
      variance(
        'payments_ehr',
        'reversal_not_posted',
        row.currency,
        -expected,
        subject,
        null,
        `its ${follow}'s posting is ${status ?? 'not created'}`,
      ),
      key,
    );
}
