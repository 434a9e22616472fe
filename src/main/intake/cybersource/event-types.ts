/**
 * Webhook event names to what they mean for posting. Both naming styles are in use (domain.md §6):
 * `payments.capture.status.accepted` and the older `payments.payments.accept`.
 */

export type EventTypeMeaning =
  | {
      readonly money: 'payment' | 'refund' | 'void';
      readonly outcome: 'accepted' | 'rejected' | 'review' | 'by_status';
    }
  | { readonly money: 'none' };

// ASSUMPTION: the older `payments.payments.accept` fires for a sale (authorization with capture) and is
// treated as a payment; sites that capture later should subscribe to capture events instead.
// prettier-ignore
const EXACT: Readonly<Record<string, EventTypeMeaning>> = {
  'payments.payments.accept': { money: 'payment', outcome: 'accepted' },
  'payments.payments.review': { money: 'payment', outcome: 'review' },
  'payments.payments.reject': { money: 'payment', outcome: 'rejected' },
  'payments.payments.partial.approval': { money: 'payment', outcome: 'accepted' },
  'payments.captures.accept': { money: 'payment', outcome: 'accepted' },
  'payments.captures.reject': { money: 'payment', outcome: 'rejected' },
  'payments.refunds.accept': { money: 'refund', outcome: 'accepted' },
  'payments.refunds.reject': { money: 'refund', outcome: 'rejected' },
  'payments.refunds.partial.approval': { money: 'refund', outcome: 'accepted' },
  'payments.credits.accept': { money: 'refund', outcome: 'accepted' },
  'payments.credits.reject': { money: 'refund', outcome: 'rejected' },
  'payments.voids.accept': { money: 'void', outcome: 'accepted' },
  'payments.voids.reject': { money: 'void', outcome: 'rejected' },
  'payments.reversals.accept': { money: 'none' },
  'payments.reversals.reject': { money: 'none' },
};

// New style: payments.<noun>.status.<verb>
const NOUNS: Readonly<Record<string, EventTypeMeaning['money']>> = {
  capture: 'payment',
  payment: 'payment',
  sale: 'payment',
  refund: 'refund',
  credit: 'refund',
  void: 'void',
  authorization: 'none',
  reversal: 'none',
};
const VERBS: Readonly<Record<string, 'accepted' | 'rejected' | 'review' | 'by_status'>> = {
  accepted: 'accepted',
  rejected: 'rejected',
  declined: 'rejected',
  review: 'review',
  updated: 'by_status',
};

/** What an event name means, or null when Clearpost does not know it. */
export function classifyEventType(name: string): EventTypeMeaning | null {
  const key = name.trim().toLowerCase();
  const exact = EXACT[key];
  if (exact) return exact;
  const m = /^payments\.([a-z]+)\.status\.([a-z]+)$/.exec(key);
  if (!m) return null;
  const money = NOUNS[m[1] ?? ''];
  const outcome = VERBS[m[2] ?? ''];
  if (money === undefined || outcome === undefined) return null;
  return money === 'none' ? { money } : { money, outcome };
}
