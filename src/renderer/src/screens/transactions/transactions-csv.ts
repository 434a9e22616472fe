/**
 * Transactions as CSV for a spreadsheet: one line per payment with its status and kind in words, the amount
 * signed (refunds and voids negative) as an exact decimal, then one total line per currency.
 */
import { toCsv } from '../../../../shared/csv';
import { EHR_LABEL, EVENT_KIND_LABEL, TENDER_LABEL, type ExceptionItem } from '../../../../shared/domain';
import { formatMinor, isKnownCurrency } from '../../../../shared/money';
import { MinorTotal, signedMinor } from '../../../../shared/signed-money';
import { count, statusName } from '../../../../shared/words';

export const TRANSACTIONS_HEADER = [
  'posting_id',
  'processor_transaction_id',
  'status',
  'kind',
  'tender',
  'amount',
  'currency',
  'ehr',
  'facility',
  'guarantor_account',
  'encounter_id',
  'transaction_at',
] as const;

/**
 * A number cell, so a negative amount stays a number a spreadsheet sums (text "-20.00" would be guarded as a
 * formula). The decimal text converts exactly: its shortest form is the same digits.
 */
const amount = (minor: number, currency: string): number =>
  isKnownCurrency(currency) ? Number(formatMinor(minor, currency)) : minor;

/** Net per currency, in minor units: a refund takes away what a payment adds (summed without overflow). */
export function signedTotals(rows: readonly ExceptionItem[]): Map<string, { net: number; count: number }> {
  const sums = new Map<string, { net: MinorTotal; count: number }>();
  for (const row of rows) {
    const t = sums.get(row.currency) ?? { net: new MinorTotal(), count: 0 };
    t.net.add(signedMinor(row.kind, row.amountMinor));
    t.count += 1;
    sums.set(row.currency, t);
  }
  return new Map([...sums].map(([currency, t]) => [currency, { net: t.net.toMinor(), count: t.count }]));
}

export function transactionsCsv(rows: readonly ExceptionItem[]): string {
  const lines = rows.map((r) => [
    r.postingId,
    r.processorTxnId,
    statusName(r.status),
    EVENT_KIND_LABEL[r.kind],
    TENDER_LABEL[r.tender],
    amount(signedMinor(r.kind, r.amountMinor), r.currency),
    r.currency,
    EHR_LABEL[r.ehr],
    r.facility,
    r.guarantorAccount,
    r.encounterId,
    new Date(r.transactionAt).toISOString(),
  ]);
  const totals = [...signedTotals(rows)].map(([currency, t]) => [
    'total',
    '',
    '',
    count(t.count, 'payment'),
    '',
    amount(t.net, currency),
    currency,
    '',
    '',
    '',
    '',
    '',
  ]);
  return toCsv(TRANSACTIONS_HEADER, [...lines, ...totals]);
}

export const transactionsFileName = (at: Date): string =>
  `clearpost-transactions-${at.toISOString().replace(/[:.]/g, '-')}.csv`;
