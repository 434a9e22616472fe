/** Issue 18 items 5 and 10: signed amounts, and sums that cannot overflow or lose a cent. */
import { describe, expect, it } from 'vitest';
import { ControlTotalsAccumulator } from '../../src/main/reconciliation/control-totals';
import type { ReportTransaction } from '../../src/main/store/repositories/report-transactions';
import { MoneyError } from '../../src/shared/money';
import { MinorTotal, signedMinor, totalMinor } from '../../src/shared/signed-money';

const BIG = Number.MAX_SAFE_INTEGER - 1; // even, so half of it is exact

function row(
  kind: ReportTransaction['kind'],
  amountMinor: number,
  status: ReportTransaction['status'] = 'success',
) {
  return {
    eventId: 1,
    postingId: 1,
    processorTxnId: 'T',
    source: 'webhook',
    kind,
    tender: 'card',
    amountMinor,
    serviceFeeMinor: 0,
    currency: 'USD',
    ehr: 'oracle_health',
    facility: 'MAIN',
    department: null,
    guarantorAccount: null,
    encounterId: null,
    merchantRef: null,
    cardBrand: null,
    cardLast4: null,
    processorStatus: null,
    enteredBy: null,
    transactionAt: 0,
    effectiveDate: null,
    fundingDate: null,
    status,
    channel: 'api',
    attempts: 1,
    ehrReference: null,
    reasonCode: null,
    reason: null,
    nextStep: null,
  } satisfies ReportTransaction;
}

describe('signed money', () => {
  it('payments are positive, refunds and voids negative, whatever sign was stored', () => {
    expect(signedMinor('one_time_payment', 1_050)).toBe(1_050);
    expect(signedMinor('payment_plan', -1_050)).toBe(1_050);
    expect(signedMinor('refund', 1_050)).toBe(-1_050);
    expect(signedMinor('void', -1_050)).toBe(-1_050);
  });

  it('refuses an amount that is not whole minor units, rather than rounding', () => {
    expect(() => new MinorTotal().add(1.5)).toThrow(MoneyError);
    expect(() => new MinorTotal().add(2 ** 53)).toThrow(MoneyError);
  });

  it('sums past 2^53 on the way without losing a cent, and says so if the total itself is too large', () => {
    // Two large payments and a refund of one: the running sum passes 2^53, the net does not.
    expect(totalMinor([BIG, BIG, -BIG])).toBe(BIG);
    const total = new MinorTotal().add(BIG).add(BIG);
    expect(total.big).toBe(2n * BigInt(BIG));
    expect(() => total.toMinor()).toThrow(/too large to report exactly/);
  });

  it('totals a day of amounts at the highest ceiling a site may set, gross and net per dimension', () => {
    const CEILING = 9_000_000_000; // ingest.ts MAX_AMOUNT_CEILING_MINOR
    const totals = new ControlTotalsAccumulator();
    for (let i = 0; i < 1_000; i += 1) totals.add(row('one_time_payment', CEILING));
    totals.add(row('refund', CEILING));
    totals.add(row('one_time_payment', 999, 'declined'));
    expect(totals.grandTotals()).toEqual({ USD: 999 * CEILING });
    const kinds = totals.controlTotals().filter((t) => t.dimension === 'kind');
    expect(kinds.map((t) => [t.value, t.count, t.grossMinor, t.amountMinor])).toEqual([
      ['one_time_payment', 1_001, 1_000 * CEILING + 999, 1_000 * CEILING],
      ['refund', 1, CEILING, -CEILING],
    ]);
    const declined = totals.controlTotals().find((t) => t.dimension === 'status' && t.value === 'declined');
    expect([declined?.grossMinor, declined?.amountMinor]).toEqual([999, 0]);
  });

  it('rows stored before the ceiling existed: a clear error, never a total off by a cent', () => {
    const totals = new ControlTotalsAccumulator();
    totals.add(row('one_time_payment', BIG));
    totals.add(row('one_time_payment', BIG));
    expect(() => totals.controlTotals()).toThrow(/too large to report exactly/);
  });
});
