/**
 * The sandbox's processor and bank after the card, against Clearpost's own readers: a cut-off with nothing
 * due makes no files; voided payments, cash and manual-workflow payments are never funded; a payment is
 * settled once whatever the cut-offs; the BAI2 statement passes the importer's control totals and record
 * counts, its deposits are the batches' nets (the first cut-off's largest short by the bank's fee), and a
 * negative batch is a debit.
 */
import { describe, expect, it } from 'vitest';
import { dayWindow } from '../../../src/main/lib/time-zone';
import { parseBai2 } from '../../../src/main/reconciliation/bank/bai2-parse';
import { readEcheckReturns } from '../../../src/main/reconciliation/funding/echeck-returns';
import { readPurchaseRefundDetails } from '../../../src/main/reconciliation/funding/purchase-refund-details';
import { writeBai2 } from '../../../src/main/sandbox/cash/bai2-writer';
import { createSandboxCashDesk, SANDBOX_BANK_FEE_MINOR } from '../../../src/main/sandbox/cash/cash-desk';
import {
  ProcessorLedger,
  sandboxOrganizationId,
} from '../../../src/main/sandbox/cybersource/processor-ledger';
import type { GeneratedPayment } from '../../../src/main/sandbox';
import { SANDBOX_TIME_ZONE } from '../../../src/main/sandbox/world';

const DAY = '2025-03-03';
const { start, end } = dayWindow(DAY, SANDBOX_TIME_ZONE);

function sent(
  id: string,
  overrides: Partial<GeneratedPayment['event']> = {},
  payment: Partial<GeneratedPayment> = {},
): GeneratedPayment {
  return {
    event: {
      source: 'sandbox',
      processorTxnId: id,
      kind: 'one_time_payment',
      tender: 'card',
      amountMinor: 20_000,
      currency: 'USD',
      facility: 'NORTH',
      ehr: 'epic',
      guarantorAccount: '1234567',
      transactionAt: start + 3_600_000,
      merchantRef: `GAR-${id}`,
      ...overrides,
    },
    workflow: 'api',
    problem: null,
    checkDate: null,
    cashTenderedMinor: null,
    originalProcessorTxnId: null,
    processorTotalMinor: overrides.amountMinor ?? 20_000,
    ...payment,
  };
}

function ledgerOf(payments: readonly GeneratedPayment[]): ProcessorLedger {
  const ledger = new ProcessorLedger();
  for (const payment of payments)
    ledger.record({ payment, organizationId: sandboxOrganizationId(payment.event.facility), dropped: false });
  return ledger;
}

describe('the sandbox cash desk', () => {
  it('makes nothing when nothing is due, and never funds voided, cash or manual-workflow payments', () => {
    const desk = createSandboxCashDesk(
      ledgerOf([
        sent('V1'),
        sent('V1-VOID', { kind: 'void' }, { originalProcessorTxnId: 'V1' }),
        sent('CASH1', { tender: 'cash' }),
        sent('MAN1', {}, { workflow: 'manual' }),
      ]),
    );
    expect(desk.cutOff(DAY, start)).toBeNull();
    expect(desk.cutOff(DAY, end)).toBeNull();
  });

  it('settles each payment once; its files read back through the importers, deposits the batch nets', () => {
    const ledger = ledgerOf([
      sent('N1', { amountMinor: 50_000 }),
      sent('N2', { amountMinor: 12_345, tender: 'echeck' }),
      sent('S1', { amountMinor: 30_000, facility: 'SOUTH' }),
      // A refund larger than its batch's payments: the bank takes money back (a debit).
      sent('R1', { kind: 'refund', amountMinor: 40_000, facility: 'RIVERSIDE' }),
    ]);
    const desk = createSandboxCashDesk(ledger);
    const day = desk.cutOff(DAY, end);
    expect(day?.files.map((f) => f.name)).toEqual([
      `purchase-refund-details-${DAY}-01.json`,
      `chargeback-funding-${DAY}-01.json`,
      `chargeback-details-${DAY}-01.csv`,
      `echeck-return-funding-${DAY}-01.json`,
      `echeck-returns-${DAY}-01.csv`,
      `bank-${DAY}-01.bai2`,
    ]);
    const text = (name: string) => day?.files.find((f) => f.name.startsWith(name))?.text ?? '';
    const funding = readPurchaseRefundDetails(JSON.parse(text('purchase-refund-details')));
    expect(funding.rejected).toEqual([]);
    expect(funding.items.map((i) => [i.requestId, i.kind, i.amountMinor, i.fundingDate])).toEqual([
      ['N1', 'purchase', 50_000, DAY],
      ['N2', 'purchase', 12_345, DAY],
      ['S1', 'purchase', 30_000, DAY],
      ['R1', 'refund', -40_000, DAY],
    ]);
    // Card fees: 1.65 % + 10 cents, 0.25 %, 0.14 %; eCheck 25 cents; a refund pays nothing.
    expect(funding.items.map((i) => i.totalFeeMinor)).toEqual([
      825 + 10 + 125 + 70,
      25,
      495 + 10 + 75 + 42,
      0,
    ]);
    const chargeback = readPurchaseRefundDetails(JSON.parse(text('chargeback-funding')));
    expect(chargeback.items.map((i) => [i.requestId, i.kind, i.amountMinor])).toEqual([
      ['N1', 'chargeback', -50_000],
    ]);

    // The eCheck payment comes back from the patient's bank: withdrawn in the funding, and reported as a return.
    const returnFunding = readPurchaseRefundDetails(JSON.parse(text('echeck-return-funding')));
    expect(returnFunding.items.map((i) => [i.requestId, i.kind, i.transactionType, i.amountMinor])).toEqual([
      ['N2', 'chargeback', 'echeck return', -12_345],
    ]);
    const returns = readEcheckReturns(text('echeck-returns'));
    expect(returns.rejected).toEqual([]);
    expect(returns.rows).toEqual([
      expect.objectContaining({ requestId: 'N2', returnCode: 'R01', amountMinor: 12_345, returnDate: DAY }),
    ]);
    expect(day?.returns).toBe(1);

    const statement = parseBai2(text('bank-'));
    const entries = statement.accounts.flatMap((a) => a.entries);
    const net = (id: string) => day?.batches.find((b) => b.batchId.endsWith(id))?.netMinor ?? NaN;
    // NORTH: 50,000 + 12,345 − fees − the 50,000 chargeback − the 12,345 return (the bank takes the fees back:
    // a debit); SOUTH: 30,000 − fees, short by the bank's fee.
    expect(net('north')).toBe(50_000 + 12_345 - 1_030 - 25 - 50_000 - 12_345);
    expect(day?.shortBatchId).toMatch(/-south$/);
    expect(entries.map((e) => [e.customerReference, e.amountMinor, e.direction, e.bookingDate])).toEqual([
      [day?.batches[0]?.batchId, net('north'), 'debit', DAY],
      [day?.batches[1]?.batchId, -40_000, 'debit', DAY],
      [day?.batches[2]?.batchId, net('south') - SANDBOX_BANK_FEE_MINOR, 'credit', DAY],
    ]);

    // Settled once: a later cut-off has nothing, and a new payment makes a batch of its own, nothing planted.
    expect(desk.cutOff(DAY, end)).toBeNull();
    ledger.record({
      payment: sent('N3', { transactionAt: end - 1 }),
      organizationId: sandboxOrganizationId('NORTH'),
      dropped: false,
    });
    const later = desk.cutOff(DAY, end);
    expect(later?.funding.map((f) => f.requestId)).toEqual(['N3']);
    expect([later?.chargebacks, later?.returns, later?.shortBatchId]).toEqual([0, 0, null]);
  });

  it('writes control totals and record counts the importer checks, and refuses one changed by a cent', () => {
    const text = writeBai2({
      fileId: '2503031',
      asOf: DAY,
      createdOn: '2025-03-04',
      accountNumber: '000044556677',
      entries: [
        { amountMinor: 10_000, bankReference: 'A', customerReference: 'B1', text: 'CYBERSOURCE DEPOSIT' },
        { amountMinor: -2_500, bankReference: 'B', customerReference: 'B2', text: 'CYBERSOURCE DEBIT' },
      ],
    });
    expect(parseBai2(text).accounts[0]?.entries.map((e) => e.amountMinor)).toEqual([10_000, -2_500]);
    expect(() => parseBai2(text.replace('49,12500,', '49,12501,'))).toThrow(/line 6/);
  });
});
