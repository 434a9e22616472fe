/** The bulk receipt as CSV: one line per item of the frozen set, amounts as exact decimals. */
import type { BulkReceipt } from '../../../../shared/commands/console';
import { toCsv } from '../../../../shared/csv';
import { formatMinor, isKnownCurrency } from '../../../../shared/money';

export const RECEIPT_HEADER = [
  'posting_id',
  'processor_transaction_id',
  'guarantor_account',
  'amount',
  'currency',
  'status_before',
  'outcome',
  'message',
  'action',
  'actor',
  'finished_at',
] as const;

export function receiptCsv(receipt: BulkReceipt): string {
  const finished = new Date(receipt.finishedAt).toISOString();
  return toCsv(
    RECEIPT_HEADER,
    receipt.items.map((item) => [
      item.postingId,
      item.processorTxnId,
      item.guarantorAccount,
      isKnownCurrency(item.currency)
        ? formatMinor(item.amountMinor, item.currency)
        : String(item.amountMinor),
      item.currency,
      item.statusBefore,
      item.outcome,
      item.message,
      receipt.action,
      receipt.actor,
      finished,
    ]),
  );
}

export const receiptFileName = (receipt: BulkReceipt): string =>
  `clearpost-bulk-${receipt.action}-${new Date(receipt.finishedAt).toISOString().replace(/[:.]/g, '-')}.csv`;
