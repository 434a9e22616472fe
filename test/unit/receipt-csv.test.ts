import { describe, expect, it } from 'vitest';
import type { BulkReceipt } from '../../src/shared/commands/console';
import type { ExceptionItem } from '../../src/shared/domain';
import { receiptCsv, receiptFileName } from '../../src/renderer/src/screens/exceptions/receipt-csv';
import { receiptLines, resultTotals } from '../../src/renderer/src/screens/exceptions/receipt-lines';

const receipt: BulkReceipt = {
  previewId: 'p1',
  action: 'retry',
  actor: 'pat',
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  finishedAt: Date.UTC(2026, 0, 2, 3, 4, 6),
  done: 2,
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
      statusAfter: 'retry',
      outcome: 'done',
      message: 'Sent again; waiting for the EHR’s answer.',
    },
    {
      postingId: 9,
      processorTxnId: '7003',
      guarantorAccount: 'G1',
      amountMinor: 450,
      currency: 'USD',
      statusBefore: 'failure',
      statusAfter: 'retry',
      outcome: 'done',
      message: 'Sent again; waiting for the EHR’s answer.',
    },
    {
      postingId: 8,
      processorTxnId: '7002',
      guarantorAccount: null,
      amountMinor: 1_500,
      currency: 'JPY',
      statusBefore: 'retry',
      statusAfter: 'retry',
      outcome: 'skipped',
      message: 'On hold: release it first.',
    },
  ],
};

/** Item 7 came back refused by Oracle Health; item 9 has not been tried yet. */
const now = new Map<number, ExceptionItem>([
  [
    7,
    {
      postingId: 7,
      status: 'failure',
      ehr: 'oracle_health',
      reasonCode: 'not_found',
      reason: 'The account or encounter was not found in Oracle Health.',
      nextStep: null,
    } as ExceptionItem,
  ],
  [9, { postingId: 9, status: 'retry', ehr: 'epic', reasonCode: 'operator_retry' } as ExceptionItem],
]);

describe('the bulk receipt', () => {
  it('reports a retry the EHR refused as refused, not done, and one not yet answered as waiting', () => {
    const lines = receiptLines(receipt, now);
    expect(lines.map((l) => [l.result, l.statusBefore, l.statusNow])).toEqual([
      ['refused', 'Failure', 'Failure'],
      ['waiting', 'Failure', 'Retry'],
      ['skipped', 'Retry', 'Retry'],
    ]);
    expect(lines[0]?.text).toBe(
      'Sent again — refused: the account or encounter was not found in Oracle Health.',
    );
    expect(resultTotals(lines)).toEqual([
      { result: 'refused', count: 1, totals: [{ currency: 'USD', amountMinor: 12_550, count: 1 }] },
      { result: 'waiting', count: 1, totals: [{ currency: 'USD', amountMinor: 450, count: 1 }] },
      { result: 'skipped', count: 1, totals: [{ currency: 'JPY', amountMinor: 1_500, count: 1 }] },
    ]);
  });

  it('CSV: status before and now, the result per item, totals, exact decimals and neutralised formulas', () => {
    const lines = receiptCsv(receipt, receiptLines(receipt, now)).split('\r\n');
    expect(lines[0]).toBe(
      'posting_id,processor_transaction_id,guarantor_account,amount,currency,status_before,status_now,result,detail,action,actor,finished_at',
    );
    expect(lines[1]).toBe(
      "7,7001,'=cmd|x,125.50,USD,Failure,Failure,refused,Sent again — refused: the account or encounter was not found in Oracle Health.,retry,pat,2026-01-02T03:04:06.000Z",
    );
    expect(lines[3]).toBe(
      '8,7002,,1500,JPY,Retry,Retry,skipped,On hold: release it first.,retry,pat,2026-01-02T03:04:06.000Z',
    );
    expect(lines.slice(4, 7)).toEqual([
      'total,,,125.50,USD,,,refused,1 item,retry,pat,2026-01-02T03:04:06.000Z',
      'total,,,4.50,USD,,,waiting,1 item,retry,pat,2026-01-02T03:04:06.000Z',
      'total,,,1500,JPY,,,skipped,1 item,retry,pat,2026-01-02T03:04:06.000Z',
    ]);
    expect(lines).toHaveLength(8);
  });

  it('names the file after the action and time, without characters a file system refuses', () => {
    expect(receiptFileName(receipt)).toBe('clearpost-bulk-retry-2026-01-02T03-04-06-000Z.csv');
  });
});
