import type { CashLeg, CashVarianceOf } from '../../../shared/commands/cash';

/**
 * The differences a cash balance can find, each with its cause. A variance's amount is what the second leg
 * holds minus what the first leg holds for it, so that, per currency:
 *   bank    = funding + Σ bank_funding variances
 *   funding = payments − refunds − chargebacks − returns − fees + Σ funding_payments variances
 *   ehr     = payments − refunds − chargebacks − returns + Σ payments_ehr variances
 * (a chargeback or an eCheck return takes the payment back, so the EHR must hold its reversal too).
 * Unexplained causes are those Clearpost's own records do not account for: someone must look.
 */
export const CASH_VARIANCE_CAUSES = [
  // bank ↔ funding
  'missing_deposit',
  'in_transit',
  'short_deposit',
  'unidentified_deposit',
  'accepted_difference',
  'batch_outside_range',
  // funding ↔ payments
  'not_in_clearpost',
  'amount_mismatch',
  'not_funded',
  'awaiting_funding',
  // payments ↔ EHR
  'not_posted',
  'reversal_not_posted',
  'reversal_missing',
  // a residual no cause above explains (a defect in Clearpost itself: always unexplained)
  'unreconciled',
] as const;
export type CashVarianceCause = (typeof CASH_VARIANCE_CAUSES)[number];

export const UNEXPLAINED_CASH_CAUSES: ReadonlySet<CashVarianceCause> = new Set<CashVarianceCause>([
  'missing_deposit',
  'short_deposit',
  'unidentified_deposit',
  'not_in_clearpost',
  'amount_mismatch',
  'not_funded',
  'reversal_missing',
  'unreconciled',
]);

export const CASH_CAUSE_LABEL: Readonly<Record<CashVarianceCause, string>> = {
  missing_deposit: 'Funding batch with no deposit',
  in_transit: 'Deposit still in transit',
  short_deposit: 'Deposit differs from its batch',
  unidentified_deposit: 'Deposit with no funding batch',
  accepted_difference: 'Difference accepted in a manual match',
  batch_outside_range: 'Batch of another period paid in this deposit',
  not_in_clearpost: 'Funded, but not a payment Clearpost has',
  amount_mismatch: 'Funded amount differs from the payment',
  not_funded: 'Payment never funded',
  awaiting_funding: 'Payment not funded yet',
  not_posted: 'Payment not posted in the EHR',
  reversal_not_posted: 'Chargeback or return not yet reversed in the EHR',
  reversal_missing: 'Chargeback or return the EHR has no reversal for',
  unreconciled: 'Difference without a known cause',
};

export type { CashLeg };

export type CashVariance = CashVarianceOf<CashVarianceCause>;

/** A variance, its fields in the order the balance states them. */
export function variance(
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
