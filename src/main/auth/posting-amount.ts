/**
 * The manual-posting limit: limits are kept per currency, in that currency's minor units,
 * because an amount means nothing without its currency: a 5,000 US dollar limit says nothing about pounds
 * or yen. A payment in a currency with no configured limit needs a supervisor.
 */
import type { PostingsRepository } from '../store/repositories/postings';

export interface PaymentAmount {
  readonly amountMinor: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
}

/** Manual posting limits by ISO 4217 code, in minor units of that currency. */
export type ManualPostingLimits = Readonly<Record<string, number>>;

/** Whether entering (or marking as posted by hand) this amount needs a supervisor. */
export function exceedsManualLimit(limits: ManualPostingLimits, amount: PaymentAmount): boolean {
  const currency = amount.currency.toUpperCase();
  if (!Object.hasOwn(limits, currency)) return true;
  const limit = limits[currency];
  // A refund or void counts by its size: moving money either way is what the limit guards.
  return limit === undefined || Math.abs(amount.amountMinor) > limit;
}

/** The payment amount and currency behind a posting, for the manual-posting limit. */
export function postingAmountLookup(
  postings: Pick<PostingsRepository, 'amountOf'>,
): (postingId: number) => PaymentAmount | null {
  return (postingId) => postings.amountOf(postingId);
}
