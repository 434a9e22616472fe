import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCardBrand } from '../../../src/main/intake/canonical/card-brand';
import { guard } from '../../../src/main/lib/card-guard';
import { mapWebhookEnvelope } from '../../../src/main/intake/cybersource/map-payload';
import { DEFAULT_INTAKE_CONFIG } from '../../../src/main/intake/cybersource/webhook-config';
import { createTrafficGenerator, type GeneratedPayment } from '../../../src/main/sandbox/traffic-generator';
import {
  isProcessorPayment,
  SANDBOX_EVENT_TYPES,
  webhookEnvelope,
} from '../../../src/main/sandbox/webhook-envelope';
import { createSandboxWorld } from '../../../src/main/sandbox/world';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { FakeClock } from '../connectors/harness';

function generate(seed: number, worldSeed: number, count: number): GeneratedPayment[] {
  const generator = createTrafficGenerator({
    world: createSandboxWorld(worldSeed),
    clock: new FakeClock(),
    seed,
    onEvent: () => undefined,
  });
  return Array.from({ length: count }, () => generator.next());
}

/** Envelope → wire (JSON) → card guard → intake's mapper: the path a webhook takes, minus the signature. */
function roundTrip(payment: GeneratedPayment): NewPaymentEvent {
  const envelope = webhookEnvelope(payment, {
    webhookId: 'wh-sandbox',
    transactionTraceId: '1234567890123456789012',
    retryNumber: 0,
    at: payment.event.transactionAt + 1500,
  });
  if (!envelope) throw new Error('not a processor payment');
  const { redacted, findings } = guard(JSON.parse(JSON.stringify(envelope)) as unknown);
  expect(findings).toEqual([]);
  const mapped = mapWebhookEnvelope(redacted, {
    source: 'sandbox',
    headerEventType: null,
    config: DEFAULT_INTAKE_CONFIG,
  });
  if (!mapped.ok) throw new Error(`quarantined: ${mapped.rejection.reason}`);
  expect(mapped.disposition).toBe('post');
  return mapped.event;
}

function expectSameEvent(payment: GeneratedPayment, back: NewPaymentEvent): void {
  const sent = payment.event;
  expect({
    source: back.source,
    processorTxnId: back.processorTxnId,
    kind: back.kind,
    tender: back.tender,
    amountMinor: back.amountMinor,
    currency: back.currency,
    ehr: back.ehr,
    facility: back.facility,
    guarantorAccount: back.guarantorAccount,
    encounterId: back.encounterId,
    cardLast4: back.cardLast4,
    cardExpiry: back.cardExpiry,
    checkNumber: back.checkNumber,
    serviceFeeMinor: back.serviceFeeMinor,
    processorStatus: back.processorStatus,
    reasonCode: back.reasonCode,
  }).toEqual({
    source: 'sandbox',
    processorTxnId: sent.processorTxnId,
    kind: sent.kind,
    tender: sent.tender,
    amountMinor: sent.amountMinor,
    currency: sent.currency,
    ehr: sent.ehr,
    facility: sent.facility,
    guarantorAccount: sent.guarantorAccount ?? null,
    encounterId: sent.encounterId ?? null,
    cardLast4: sent.cardLast4 ?? null,
    cardExpiry: sent.cardExpiry ?? null,
    checkNumber: sent.checkNumber ?? null,
    serviceFeeMinor: sent.serviceFeeMinor ?? 0,
    processorStatus: sent.processorStatus,
    reasonCode: sent.reasonCode,
  });
  // Intake stores brand codes (MASTERCARD → MASTER), the same codes the EHR connectors send.
  expect(back.cardBrand).toBe(normalizeCardBrand(sent.cardBrand));
  // Cybersource submit times are whole seconds.
  expect(back.transactionAt).toBe(Math.floor(sent.transactionAt / 1000) * 1000);
  // The enriched merchant reference keeps what was sent and tags the encounter.
  expect(back.merchantRef?.startsWith(sent.merchantRef ?? '')).toBe(true);
  expect(back.extras?.originalTransactionId ?? null).toBe(payment.originalProcessorTxnId);
  expect(back.extras?.eventType).toBe(SANDBOX_EVENT_TYPES[sent.kind]);
}

describe('sandbox webhook envelopes read back by intake', () => {
  it('carry every generated processor payment through intake mapping unchanged', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, worldSeed) => {
        for (const payment of generate(seed, worldSeed, 40)) {
          if (isProcessorPayment(payment)) expectSameEvent(payment, roundTrip(payment));
        }
      }),
      { numRuns: 60 },
    );
  });

  // Up to ten billion dollars: a 13+ digit whole-dollar amount could pass Luhn and is masked as a card number.
  it('keep amounts and fees exact at any realistic size', () => {
    const processorPayments = generate(11, 7, 200).filter(isProcessorPayment);
    fc.assert(
      fc.property(
        fc.constantFrom(...processorPayments),
        fc.integer({ min: 1, max: 999_999_999_999 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (payment, amountMinor, serviceFeeMinor) => {
          const changed = { ...payment, event: { ...payment.event, amountMinor, serviceFeeMinor } };
          const back = roundTrip(changed);
          expect(back.amountMinor).toBe(amountMinor);
          expect(back.serviceFeeMinor).toBe(serviceFeeMinor);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('covers every kind and processor tender, and sends nothing for cash, paper checks or manual payments', () => {
    const payments = generate(42, 7, 600);
    const sent = payments.filter(isProcessorPayment);
    expect(new Set(sent.map((p) => p.event.kind))).toEqual(
      new Set(['one_time_payment', 'payment_plan', 'refund', 'void']),
    );
    expect(new Set(sent.map((p) => p.event.tender))).toEqual(new Set(['card', 'echeck', 'paypal']));
    for (const payment of payments.filter((p) => !isProcessorPayment(p))) {
      expect(payment.workflow === 'manual' || ['cash', 'manual_check'].includes(payment.event.tender)).toBe(
        true,
      );
      expect(
        webhookEnvelope(payment, { webhookId: 'w', transactionTraceId: 't', retryNumber: 0, at: 0 }),
      ).toBeNull();
    }
  });
});
