/**
 * The bulk receipt as CSV: one line per item of the frozen set with its status before and now and what came
 * of it, then one total line per result. Amounts as exact decimals.
 */
import type { BulkReceipt } from '../../../../shared/commands/console';
import { toCsv } from '../../../../shared/csv';
import { formatMinor, isKnownCurrency } from '../../../../shared/money';
import { count } from '../../../../shared/words';
import { resultTotals, type ReceiptLine } from './receipt-lines';

export const RECEIPT_HEADER = [
  'posting_id',
  'processor_transaction_id',
  'guarantor_account',
  'amount',
  'currency',
  'status_before',
  'status_now',
  'result',
  'detail',
  'action',
  'actor',
  'finished_at',
] as const;

const amount = (minor: number, currency: string) =>
  isKnownCurrency(currency) ? formatMinor(minor, currency) : String(minor);

/** Total lines carry "total" in posting_id, the result, its count in `detail`, one line per currency. */
export function receiptCsv(receipt: BulkReceipt, lines: readonly ReceiptLine[]): string {
  const finished = new Date(receipt.finishedAt).toISOString();
  const items = lines.map((line) => [
    line.item.postingId,
    line.item.processorTxnId,
    line.item.guarantorAccount,
    amount(line.item.amountMinor, line.item.currency),
    line.item.currency,
    line.statusBefore,
    line.statusNow,
    line.result,
    line.text,
    receipt.action,
    receipt.actor,
    finished,
  ]);
  const totals = resultTotals(lines).flatMap((t) =>
    t.totals.map((c) => [
      'total',
      '',
      '',
      amount(c.amountMinor, c.currency),
      c.currency,
      '',
      '',
      t.result,
      count(c.count, 'item'),
      receipt.action,
      receipt.actor,
      finished,
    ]),
  );
  return toCsv(RECEIPT_HEADER, [...items, ...totals]);
}

export const receiptFileName = (receipt: BulkReceipt): string =>
  `clearpost-bulk-${receipt.action}-${new Date(receipt.finishedAt).toISOString().replace(/[:.]/g, '-')}.csv`;
