/**
 * A generated payment as the Cybersource webhook a processor would send for it: the envelope, and under
 * `payload.data` (the published v3 shape, Cybersource Webhooks Implementation Guide, REST) the REST
 * transaction resource with its own `_links.self` (which is what says payment, refund or void under the
 * signature) and the hospital's fields in merchant-defined data. webhook-sender.ts encrypts `data` to the
 * installation's message-encryption key, as Cybersource does for payment events.
 * Intake's mapper must read it back to the generator's canonical event; the round-trip test holds the two
 * together, so this file writes exactly the fields `map-payload.ts` and `payment-method.ts` read.
 */
import type { EventKind, Tender } from '../../shared/domain';
import { formatMinor } from '../../shared/money';
import type { CanonicalTarget } from '../intake/canonical/custom-fields';
import { DEFAULT_FIELD_RULES } from '../intake/cybersource/webhook-config';
import type { NewPaymentEvent } from '../store/repositories/events';
import type { GeneratedPayment } from './traffic-generator';

export interface SandboxWebhookEnvelope {
  readonly webhookId: string;
  /** New for every delivery attempt, redeliveries included. */
  readonly transactionTraceId: string;
  readonly eventType: string;
  readonly eventDate: string;
  readonly retryNumber: number;
  /** `{ data: <resource> }`, or `{ data: <compact JWE of the resource> }` once encrypted. */
  readonly payload: { readonly data: unknown };
}

export interface DeliveryAttempt {
  readonly webhookId: string;
  readonly transactionTraceId: string;
  readonly retryNumber: number;
  /** Epoch milliseconds of this attempt. */
  readonly at: number;
}

/** The new-style event names (event-catalogue.ts) the processor sends for each kind. */
export const SANDBOX_EVENT_TYPES: Readonly<Record<EventKind, string>> = {
  one_time_payment: 'payments.capture.status.updated',
  payment_plan: 'payments.capture.status.updated',
  refund: 'payments.refund.status.updated',
  void: 'payments.void.status.accepted',
};

/** The REST collection each kind's resource lives in (its `_links.self`). */
const COLLECTION: Readonly<Record<EventKind, string>> = {
  one_time_payment: 'captures',
  payment_plan: 'captures',
  refund: 'refunds',
  void: 'voids',
};

/**
 * Tenders a card processor carries. Cash and paper checks are taken at the cashier's window and never pass
 * through Cybersource, and its payload has no way to say "cash": those payments cannot be webhooks.
 */
const PROCESSOR_TENDERS: ReadonlySet<Tender> = new Set<Tender>(['card', 'echeck', 'paypal']);

// Cybersource REST card type codes (paymentInformation.card.type) for the brands the generator uses.
const CARD_TYPE_CODES: Readonly<Record<string, string>> = {
  VISA: '001',
  MASTERCARD: '002',
  MASTER: '002',
  AMEX: '003',
  DISCOVER: '004',
};

/** Whether a processor would send this payment as a webhook at all. */
export function isProcessorPayment(payment: GeneratedPayment): boolean {
  return payment.workflow === 'api' && PROCESSOR_TENDERS.has(payment.event.tender);
}

/**
 * The merchant-defined data key intake reads for a field: the first default rule for it (the numbered slot,
 * which is how the REST API numbers merchant-defined fields). Read from the rules, not hard-coded, so the
 * sandbox keeps matching intake if the defaults change.
 */
function mddKey(target: CanonicalTarget): string {
  const rule = DEFAULT_FIELD_RULES.find((r) => r.target === target);
  if (!rule) throw new Error(`no default merchant-defined field carries ${target}`);
  return rule.source;
}

/** Cybersource writes submit times to the second: "2025-03-03T14:55:00Z". */
function utcSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function paymentInformation(event: NewPaymentEvent): Record<string, unknown> {
  switch (event.tender) {
    case 'card': {
      const [year, month] = (event.cardExpiry ?? '').split('-');
      return {
        paymentType: { name: 'CARD' },
        card: {
          ...(event.cardBrand ? { type: CARD_TYPE_CODES[event.cardBrand] ?? event.cardBrand } : {}),
          ...(event.cardLast4 ? { suffix: event.cardLast4 } : {}),
          ...(year && month ? { expirationYear: year, expirationMonth: month } : {}),
        },
      };
    }
    case 'echeck':
      return {
        paymentType: { name: 'CHECK' },
        bank: { account: event.checkNumber ? { checkNumber: event.checkNumber } : {} },
      };
    default:
      return { paymentType: { name: 'PAYPAL' } };
  }
}

function merchantDefinedInformation(event: NewPaymentEvent): { key: string; value: string }[] {
  const entries: { key: string; value: string }[] = [];
  const put = (target: CanonicalTarget, value: string | null | undefined) => {
    if (value) entries.push({ key: mddKey(target), value });
  };
  put('guarantorAccount', event.guarantorAccount);
  put('encounterId', event.encounterId);
  put('facility', event.facility);
  put('ehr', event.ehr);
  // Intake tells an installment from a one-time payment by its plan id; the generator models one plan per
  // guarantor, so the plan id is derived from the account.
  if (event.kind === 'payment_plan')
    put('paymentPlanId', `PP-${event.guarantorAccount ?? event.processorTxnId}`);
  return entries;
}

/** The REST transaction resource for a payment; null when no processor would send it. */
export function paymentPayload(payment: GeneratedPayment): Record<string, unknown> | null {
  if (!isProcessorPayment(payment)) return null;
  const { event } = payment;
  const fee = event.serviceFeeMinor ?? 0;
  return {
    _links: { self: { href: `/pts/v2/${COLLECTION[event.kind]}/${event.processorTxnId}`, method: 'GET' } },
    id: event.processorTxnId,
    status: event.processorStatus ?? 'TRANSMITTED',
    submitTimeUtc: utcSeconds(event.transactionAt),
    // Reconciliation ids are short; derived from the transaction id so repeats of a payment carry the same one.
    reconciliationId: `R${event.processorTxnId.slice(-12)}`,
    ...(event.reasonCode ? { reasonCode: event.reasonCode } : {}),
    ...(payment.originalProcessorTxnId ? { originalTransactionId: payment.originalProcessorTxnId } : {}),
    ...(event.merchantRef ? { clientReferenceInformation: { code: event.merchantRef } } : {}),
    orderInformation: {
      amountDetails: {
        // With Cybersource service fees the total is the principal; the fee is captured beside it and
        // reported in serviceFeeAmount, so processorTotalMinor = totalAmount + serviceFeeAmount.
        totalAmount: formatMinor(event.amountMinor, event.currency),
        currency: event.currency,
        ...(fee > 0 ? { serviceFeeAmount: formatMinor(fee, event.currency) } : {}),
      },
    },
    paymentInformation: paymentInformation(event),
    merchantDefinedInformation: merchantDefinedInformation(event),
  };
}

/** The whole webhook for one delivery attempt; null when no processor would send the payment. */
export function webhookEnvelope(
  payment: GeneratedPayment,
  attempt: DeliveryAttempt,
): SandboxWebhookEnvelope | null {
  const payload = paymentPayload(payment);
  if (!payload) return null;
  return {
    webhookId: attempt.webhookId,
    transactionTraceId: attempt.transactionTraceId,
    eventType: SANDBOX_EVENT_TYPES[payment.event.kind],
    eventDate: utcSeconds(attempt.at),
    retryNumber: attempt.retryNumber,
    payload: { data: payload },
  };
}
