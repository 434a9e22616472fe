/**
 * A withdrawal (a chargeback or an eCheck return) in the cash balance: the EHR must hold the payment's
 * reversal for it, posted, for the same amount. Its EHR side is booked where the withdrawal is; anything
 * else is a variance with its cause (missing, a different amount, not posted yet).
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
      key,
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
        `its reversal's posting is ${status ?? 'not created'}`,
      ),
      key,
    );
}
