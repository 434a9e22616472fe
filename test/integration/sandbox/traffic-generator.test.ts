import { describe, expect, it } from 'vitest';
import { createTrafficGenerator, type GeneratedPayment } from '../../../src/main/sandbox/traffic-generator';
import { createSandboxWorld } from '../../../src/main/sandbox/world';
import { FakeClock } from '../connectors/harness';

function generate(count: number, seed = 42): GeneratedPayment[] {
  const delivered: GeneratedPayment[] = [];
  const generator = createTrafficGenerator({
    world: createSandboxWorld(),
    clock: new FakeClock(),
    seed,
    onEvent: (p) => delivered.push(p),
  });
  const made = generator.burst(count);
  expect(delivered).toEqual(made);
  return made;
}

describe('sandbox traffic generator', () => {
  const payments = generate(600);

  it('is repeatable for a seed', () => {
    expect(generate(50).map((p) => p.event.processorTxnId)).toEqual(
      payments.slice(0, 50).map((p) => p.event.processorTxnId),
    );
  });

  it('produces every kind, every tender and both EHRs', () => {
    const kinds = new Set(payments.map((p) => p.event.kind));
    const tenders = new Set(payments.map((p) => p.event.tender));
    const ehrs = new Set(payments.map((p) => p.event.ehr));
    expect([...kinds].sort()).toEqual(['one_time_payment', 'payment_plan', 'refund', 'void']);
    expect([...tenders].sort()).toEqual(['card', 'cash', 'echeck', 'manual_check', 'paypal']);
    expect([...ehrs].sort()).toEqual(['epic', 'oracle_health']);
  });

  it('amounts and fees are integer minor units; fees only on payment plans and never in the amount', () => {
    for (const p of payments) {
      expect(Number.isSafeInteger(p.event.amountMinor) && p.event.amountMinor > 0).toBe(true);
      const fee = p.event.serviceFeeMinor ?? 0;
      expect(Number.isSafeInteger(fee)).toBe(true);
      if (fee > 0) expect(p.event.kind).toBe('payment_plan');
      expect(p.processorTotalMinor).toBe(p.event.amountMinor + fee);
    }
    expect(payments.some((p) => (p.event.serviceFeeMinor ?? 0) > 0)).toBe(true);
  });

  it('voids and refunds reverse earlier payments, never more than was paid', () => {
    const byTxn = new Map(payments.map((p) => [p.event.processorTxnId, p]));
    const reversals = payments.filter((p) => p.event.kind === 'void' || p.event.kind === 'refund');
    expect(reversals.length).toBeGreaterThan(0);
    for (const r of reversals) {
      const original = byTxn.get(r.originalProcessorTxnId ?? '');
      expect(original).toBeDefined();
      expect(r.event.amountMinor).toBeLessThanOrEqual(original?.event.amountMinor ?? 0);
      if (r.event.kind === 'void') expect(r.event.amountMinor).toBe(original?.event.amountMinor);
      expect(r.event.guarantorAccount).toBe(original?.event.guarantorAccount);
    }
  });

  it('includes manual-workflow payments and the planted data problems', () => {
    expect(payments.some((p) => p.workflow === 'manual')).toBe(true);
    const problems = new Set(payments.map((p) => p.problem).filter((p) => p !== null));
    expect([...problems].sort()).toEqual([
      'closed_encounter',
      'combined_account',
      'paypal_to_oracle',
      'unknown_account',
    ]);
    for (const p of payments.filter((x) => x.problem === 'paypal_to_oracle')) {
      expect([p.event.ehr, p.event.tender]).toEqual(['oracle_health', 'paypal']);
    }
  });

  it('never carries a card number: last 4 and expiry only', () => {
    for (const p of payments) {
      // Processor ids are long digit strings by design; every other field must hold no PAN-length number.
      const rest = Object.entries(p.event).filter(
        ([key]) => !['processorTxnId', 'extras', 'transactionAt'].includes(key),
      );
      expect(JSON.stringify(rest)).not.toMatch(/\d{13,}/);
      if (p.event.tender === 'card') {
        expect(p.event.cardLast4).toMatch(/^\d{4}$/);
        expect(p.event.cardExpiry).toMatch(/^\d{4}-\d{2}$/);
      }
    }
  });
});
