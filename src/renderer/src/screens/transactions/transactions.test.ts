import { describe, expect, it } from 'vitest';
import type { ExceptionItem } from '../../../../shared/domain';
import { exceptionItem } from '../../test-support/exception-item';
import { toTransactionQuery } from './transaction-query';
import { signedTotals, TRANSACTIONS_HEADER, transactionsCsv } from './transactions-csv';

const item = (over: Partial<ExceptionItem>): ExceptionItem =>
  exceptionItem({
    status: 'success',
    amountMinor: 12_550,
    guarantorAccount: 'G100',
    processorTxnId: '7001',
    transactionAt: Date.UTC(2026, 10, 3, 15),
    updatedAt: Date.UTC(2026, 10, 3, 15),
    ...over,
  });

describe('the Transactions search', () => {
  it('refuses a range that ends before it starts, naming it in words', () => {
    const q = toTransactionQuery({ search: '', status: '', from: '2026-11-05', to: '2026-11-04' });
    expect(q).toEqual({ ok: false, message: 'The date range ends before it starts.' });
    expect(toTransactionQuery({ search: '', status: '', from: 'soon', to: '' })).toEqual({
      ok: false,
      message: 'From: enter a date.',
    });
  });

  it('takes both days whole (to is inclusive) and every status when none is chosen', () => {
    const q = toTransactionQuery({ search: ' G1 ', status: '', from: '2026-11-04', to: '2026-11-04' });
    if (!q.ok) throw new Error(q.message);
    expect(q.filter.search).toBe('G1');
    expect(q.filter.statuses).toHaveLength(11);
    expect(q.filter.to! - q.filter.from!).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(q.query.sort).toBe('newest');
    expect('sort' in q.filter).toBe(false);
  });
});

describe('transactions as CSV', () => {
  it('signs refunds and voids negative as numbers a spreadsheet sums, says statuses in words, and ends with the net per currency', () => {
    const csv = transactionsCsv([
      item({ postingId: 1, amountMinor: 12_550 }),
      item({ postingId: 2, kind: 'refund', amountMinor: 2_000, status: 'will_not_be_sent' }),
      item({ postingId: 3, kind: 'void', amountMinor: -50, processorTxnId: '=cmd()' }),
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(TRANSACTIONS_HEADER.join(','));
    expect(lines[1]).toContain(',Success,One-time payment,');
    expect(lines[1]).toContain(',125.5,USD,');
    expect(lines[2]).toContain(',Will not be sent,Refund,');
    expect(lines[2]).toContain(',-20,USD,');
    // A stored negative void is still one negative amount, and a formula-looking id never runs.
    expect(lines[3]).toContain(',-0.5,USD,');
    expect(lines[3]).toContain("'=cmd()");
    expect(lines[4]).toBe('total,,,3 payments,,105,USD,,,,,');
  });

  it('keeps currencies apart in the totals', () => {
    const totals = signedTotals([item({ currency: 'EUR', amountMinor: 100 }), item({ amountMinor: 300 })]);
    expect([...totals]).toEqual([
      ['EUR', { net: 100, count: 1 }],
      ['USD', { net: 300, count: 1 }],
    ]);
  });
});
