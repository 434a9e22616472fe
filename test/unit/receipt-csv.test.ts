import { describe, expect, it } from 'vitest';
import type { BulkReceipt } from '../../src/shared/commands/console';
import { receiptCsv, receiptFileName } from '../../src/renderer/src/screens/exceptions/receipt-csv';

const receipt: BulkReceipt = {
  previewId: 'p1',
  action: 'retry',
  actor: 'pat',
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  finishedAt: Date.UTC(2026, 0, 2, 3, 4, 6),
  done: 1,
  skipped: 1,
  failed: 0,
  items: [
    {
      postingId: 7,
      processorTxnId: '7001',
      guarantorAccount: '=cmd|x',
      amountMinor: 12_550,
      currency: 'USD',
      statusBefore: 'failure',
      outcome: 'done',
      message: 'Done.',
    },
    {
      postingId: 8,
      processorTxnId: '7002',
      guarantorAccount: null,
      amountMinor: 1_500,
      currency: 'JPY',
      statusBefore: 'retry',
      outcome: 'skipped',
      message: 'On hold: release it first.',
    },
  ],
};

describe('the bulk receipt CSV', () => {
  it('has one line per item with exact decimal amounts and neutralised formulas', () => {
    const lines = receiptCsv(receipt).split('\r\n');
    expect(lines[0]).toBe(
      'posting_id,processor_transaction_id,guarantor_account,amount,currency,status_before,outcome,message,action,actor,finished_at',
    );
    expect(lines[1]).toBe("7,7001,'=cmd|x,125.50,USD,failure,done,Done.,retry,pat,2026-01-02T03:04:06.000Z");
    expect(lines[2]).toBe(
      '8,7002,,1500,JPY,retry,skipped,On hold: release it first.,retry,pat,2026-01-02T03:04:06.000Z',
    );
    expect(lines).toHaveLength(4);
  });

  it('names the file after the action and time, without characters a file system refuses', () => {
    expect(receiptFileName(receipt)).toBe('clearpost-bulk-retry-2026-01-02T03-04-06-000Z.csv');
  });
});
