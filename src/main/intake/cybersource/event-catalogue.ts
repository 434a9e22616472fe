/**
 * Every published event name of Cybersource's payments and eCheck products (Cybersource Webhooks
 * Implementation Guide, REST, "Supported Products and Event Types"), what it claims the transaction is, and
 * what Clearpost makes of it. This one table feeds the mapper, the README's table (`npm run -s
 * webhook-catalogue` prints it) and the parametrised test, so the three cannot drift apart.
 *
 * The name is outside the signature: it only cross-checks the kind the signed payload itself shows
 * (signed-kind.ts). A disagreement is quarantined as `kind_mismatch`.
 */

export type MoneyKind = 'payment' | 'refund' | 'void';
export type Outcome = 'accepted' | 'rejected' | 'review' | 'by_status';

export type EventTypeMeaning =
  | { readonly money: MoneyKind; readonly outcome: Outcome }
  | { readonly money: 'none'; readonly about: 'authorization' | 'reversal' };

export type Product = 'payments' | 'cardProcessing (legacy)' | 'eCheck';

export interface CatalogueEntry {
  readonly name: string;
  readonly product: Product;
  readonly meaning: EventTypeMeaning;
}

const pay = (outcome: Outcome): EventTypeMeaning => ({ money: 'payment', outcome });
const refund = (outcome: Outcome): EventTypeMeaning => ({ money: 'refund', outcome });
const voids = (outcome: Outcome): EventTypeMeaning => ({ money: 'void', outcome });
const auth: EventTypeMeaning = { money: 'none', about: 'authorization' };
const reversal: EventTypeMeaning = { money: 'none', about: 'reversal' };

// prettier-ignore
export const EVENT_CATALOGUE: readonly CatalogueEntry[] = [
  { name: 'payments.capture.status.accepted', product: 'payments', meaning: pay('accepted') },
  { name: 'payments.capture.status.updated', product: 'payments', meaning: pay('by_status') },
  { name: 'payments.refund.status.accepted', product: 'payments', meaning: refund('accepted') },
  { name: 'payments.refund.status.updated', product: 'payments', meaning: refund('by_status') },
  { name: 'payments.credit.status.accepted', product: 'payments', meaning: refund('accepted') },
  { name: 'payments.credit.status.updated', product: 'payments', meaning: refund('by_status') },
  { name: 'payments.void.status.accepted', product: 'payments', meaning: voids('accepted') },
  { name: 'payments.void.status.rejected', product: 'payments', meaning: voids('rejected') },
  { name: 'payments.authorization.status.accepted', product: 'payments', meaning: auth },
  { name: 'payments.authorization.status.reviewed', product: 'payments', meaning: auth },
  { name: 'payments.authorization.status.rejected', product: 'payments', meaning: auth },
  { name: 'payments.authorization.status.partiallyApproved', product: 'payments', meaning: auth },
  { name: 'payments.reversal.status.accepted', product: 'payments', meaning: reversal },
  { name: 'payments.reversal.status.rejected', product: 'payments', meaning: reversal },
  // ASSUMPTION: the legacy `payments.payments.*` fire for a sale (authorization with capture); the signed
  // payload must show the capture (signed-kind.ts), else the event is an authorization and is quarantined.
  { name: 'payments.payments.accept', product: 'cardProcessing (legacy)', meaning: pay('accepted') },
  { name: 'payments.payments.review', product: 'cardProcessing (legacy)', meaning: pay('review') },
  { name: 'payments.payments.reject', product: 'cardProcessing (legacy)', meaning: pay('rejected') },
  { name: 'payments.payments.partial.approval', product: 'cardProcessing (legacy)', meaning: pay('accepted') },
  { name: 'payments.captures.accept', product: 'cardProcessing (legacy)', meaning: pay('accepted') },
  { name: 'payments.captures.review', product: 'cardProcessing (legacy)', meaning: pay('review') },
  { name: 'payments.captures.reject', product: 'cardProcessing (legacy)', meaning: pay('rejected') },
  { name: 'payments.refunds.accept', product: 'cardProcessing (legacy)', meaning: refund('accepted') },
  { name: 'payments.refunds.reject', product: 'cardProcessing (legacy)', meaning: refund('rejected') },
  { name: 'payments.refunds.partial.approval', product: 'cardProcessing (legacy)', meaning: refund('accepted') },
  { name: 'payments.credits.accept', product: 'cardProcessing (legacy)', meaning: refund('accepted') },
  { name: 'payments.credits.review', product: 'cardProcessing (legacy)', meaning: refund('review') },
  { name: 'payments.credits.reject', product: 'cardProcessing (legacy)', meaning: refund('rejected') },
  { name: 'payments.credits.partial.approval', product: 'cardProcessing (legacy)', meaning: refund('accepted') },
  { name: 'payments.voids.accept', product: 'cardProcessing (legacy)', meaning: voids('accepted') },
  { name: 'payments.voids.reject', product: 'cardProcessing (legacy)', meaning: voids('rejected') },
  { name: 'payments.reversals.accept', product: 'cardProcessing (legacy)', meaning: reversal },
  { name: 'payments.reversals.reject', product: 'cardProcessing (legacy)', meaning: reversal },
  { name: 'payments.payments.accepted', product: 'eCheck', meaning: pay('accepted') },
  { name: 'payments.payments.failed', product: 'eCheck', meaning: pay('rejected') },
  { name: 'payments.credits.accepted', product: 'eCheck', meaning: refund('accepted') },
  { name: 'payments.credits.failed', product: 'eCheck', meaning: refund('rejected') },
  { name: 'payments.voids.accepted', product: 'eCheck', meaning: voids('accepted') },
  { name: 'payments.voids.failed', product: 'eCheck', meaning: voids('rejected') },
];

/** What an event becomes, in the words of the README's table. */
export function becomes(meaning: EventTypeMeaning): string {
  if (meaning.money === 'none')
    return `informational (${meaning.about}: no money moved; kept in quarantine as not_a_payment, nothing posted)`;
  const what = meaning.money === 'payment' ? 'payment' : meaning.money;
  switch (meaning.outcome) {
    case 'accepted':
      return `posted (${what})`;
    case 'rejected':
      return `recorded as declined (${what}; never posted)`;
    case 'review':
      return `held for review (${what}; quarantined as processor_review until an accepted event)`;
    case 'by_status':
      return `by the signed status: posted (${what}), recorded as declined, or held for review`;
  }
}

/** The README's table, from the catalogue. */
export function catalogueMarkdown(): string {
  const rows = EVENT_CATALOGUE.map((e) => `| \`${e.name}\` | ${e.product} | ${becomes(e.meaning)} |`);
  return ['| Event name | Product | Becomes |', '| --- | --- | --- |', ...rows].join('\n');
}
