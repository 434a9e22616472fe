import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainlyValidEvent } from '../../../src/main/intake/canonical/event-fast-check';
import { CanonicalEventSchema } from '../../../src/main/intake/event-schema';

const VALID = {
  source: 'file',
  processorTxnId: '7000000000000000000001',
  kind: 'one_time_payment',
  tender: 'card',
  amountMinor: 12345,
  currency: 'USD',
  ehr: 'epic',
  facility: 'MAIN',
  guarantorAccount: null,
  encounterId: null,
  merchantRef: 'HB-1',
  cardBrand: 'visa',
  cardLast4: '1111',
  processorStatus: 'BATCHED',
  reasonCode: null,
  transactionAt: Date.UTC(2025, 2, 2),
  effectiveDate: '2025-03-02',
  extras: { report: 'payment_batch_detail' },
};

// Per field: values the schema accepts and values at or past each of its limits.
const text = (max: number) =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constant(''),
    fc.constant('x'.repeat(max)),
    fc.constant('x'.repeat(max + 1)),
    fc.string({ maxLength: 5 }),
    fc.integer(),
  );
const number = fc.oneof(
  fc.integer(),
  fc.constant(0),
  fc.constant(-1),
  fc.constant(1.5),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(2 ** 53),
  fc.constant('100'),
  fc.constant(undefined),
);
const pattern = (...samples: unknown[]) =>
  fc.oneof(fc.constantFrom(...samples), fc.string({ maxLength: 12 }), fc.constant(undefined));

const FIELDS = {
  source: fc.constantFrom('file', 'webhook', 'manual', 'sandbox', 'email', undefined, 1),
  processorTxnId: fc.oneof(
    fc.constantFrom('abc', 'a.b_c:d-e', 'has space', '', 'x'.repeat(250), 'x'.repeat(251), 'ü'),
    fc.string({ maxLength: 8 }),
  ),
  kind: fc.constantFrom('one_time_payment', 'payment_plan', 'void', 'refund', 'chargeback', null),
  tender: fc.constantFrom('card', 'echeck', 'manual_check', 'cash', 'paypal', 'crypto'),
  amountMinor: number,
  currency: fc.constantFrom('USD', 'JPY', 'usd', 'XXX', 'toString', '__proto__', '', 5),
  ehr: fc.constantFrom('epic', 'oracle_health', 'cerner'),
  facility: fc.oneof(text(100), fc.constant('MAIN')),
  guarantorAccount: text(100),
  encounterId: text(100),
  merchantRef: text(250),
  cardBrand: text(20),
  cardLast4: pattern('1111', '111', '11111', 'abcd', '١١١١', null),
  cardExpiry: pattern('2027-12', '2027-13', '2027-00', '27-12', null),
  checkNumber: text(30),
  processorStatus: text(50),
  reasonCode: text(50),
  transactionAt: number,
  effectiveDate: pattern('2025-03-02', '2025-3-2', '20250302', null),
  fundingDate: pattern('2025-03-02', '2025-03-02T00:00', null),
  serviceFeeMinor: number,
  extras: fc.constantFrom(undefined, {}, { a: 1 }, [], null, 'x', Object.create(null) as object),
};

describe('the fast event check', () => {
  it('accepts the everyday event, so the schema is not asked for it', () => {
    expect(CanonicalEventSchema.safeParse(VALID).success).toBe(true);
    expect(plainlyValidEvent(VALID)).toBe(true);
  });

  it('refuses what the schema refuses, field by field', () => {
    const refused = [
      { processorTxnId: 'has space' },
      { amountMinor: 0 },
      { amountMinor: 2 ** 53 },
      { currency: 'XXX' },
      { currency: 'toString' },
      { facility: '' },
      { cardLast4: '123' },
      { cardExpiry: '2027-13' },
      { effectiveDate: '2025-3-2' },
      { transactionAt: -1 },
      { serviceFeeMinor: 1.5 },
      { extras: [] },
      { merchantRef: 'x'.repeat(251) },
    ];
    for (const change of refused) {
      const event = { ...VALID, ...change };
      expect(CanonicalEventSchema.safeParse(event).success).toBe(false);
      expect(plainlyValidEvent(event)).toBe(false);
    }
    expect(plainlyValidEvent(null)).toBe(false);
    expect(plainlyValidEvent([VALID])).toBe(false);
  });

  it('never says yes to an event the schema refuses (generated events, one or more fields changed)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.record(FIELDS, { requiredKeys: [] }),
        fc.subarray(Object.keys(FIELDS), { minLength: 0, maxLength: 4 }),
        (generated, keys) => {
          const event: Record<string, unknown> = { ...VALID };
          for (const key of keys) event[key] = (generated as Record<string, unknown>)[key];
          if (plainlyValidEvent(event)) {
            accepted += 1;
            expect(CanonicalEventSchema.safeParse(event).success).toBe(true);
          }
        },
      ),
      { numRuns: 5000 },
    );
    // The property is not vacuous: many generated events are accepted.
    expect(accepted).toBeGreaterThan(100);
  });
});
