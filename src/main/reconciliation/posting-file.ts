/**
 * The content of a file-only facility's daily posting file, in the site's layout (posting-file-format.ts).
 * Amounts are signed: payments positive, refunds and voids negative, so the trailer's total is the net money
 * the file moves and an import that adds the lines must reach it. Pure: no I/O.
 */
import { formatMinor, sumMinor } from '../../shared/money';
import { localDate } from '../lib/time-zone';
import type { PostingFileItem } from '../store/repositories/posting-file-items';
import type { PostingFileField, PostingFileFormat } from './posting-file-format';

const HEADERS: Record<PostingFileField, string> = {
  transaction_id: 'TRANSACTION_ID',
  amount: 'AMOUNT',
  currency: 'CURRENCY',
  kind: 'TYPE',
  tender: 'TENDER',
  guarantor_account: 'GUARANTOR_ACCOUNT',
  encounter: 'ENCOUNTER',
  merchant_reference: 'MERCHANT_REFERENCE',
  business_date: 'BUSINESS_DATE',
};

const KIND_CODE = {
  one_time_payment: 'PAYMENT',
  payment_plan: 'PLAN_PAYMENT',
  void: 'VOID',
  refund: 'REFUND',
};

export function signedMinor(item: Pick<PostingFileItem, 'kind' | 'amountMinor'>): number {
  return item.kind === 'void' || item.kind === 'refund' ? -item.amountMinor : item.amountMinor;
}

export interface PostingFileContent {
  readonly text: string;
  readonly rows: number;
  /** Net (signed) total per currency, in minor units. */
  readonly totals: Record<string, number>;
}

export function postingFileContent(
  items: readonly PostingFileItem[],
  format: PostingFileFormat,
  timeZone: string,
  emptyCurrency: string,
): PostingFileContent {
  const currencies = new Set(items.map((i) => i.currency));
  if (currencies.size > 1) {
    throw new Error(
      `Posting file would mix currencies (${[...currencies].join(', ')}); one file carries one`,
    );
  }
  const currency = items[0]?.currency ?? emptyCurrency;
  // A delimiter or a line break inside a value would split it into two fields or two lines in the import.
  const clean = (value: string) => value.replace(/[|,\t\r\n]/g, ' ');
  const valueOf = (item: PostingFileItem, field: PostingFileField): string => {
    switch (field) {
      case 'transaction_id':
        return item.processorTxnId;
      case 'amount':
        return formatMinor(signedMinor(item), item.currency);
      case 'currency':
        return item.currency;
      case 'kind':
        return KIND_CODE[item.kind];
      case 'tender':
        return item.tender.toUpperCase();
      case 'guarantor_account':
        return item.guarantorAccount ?? '';
      case 'encounter':
        return item.encounterId ?? '';
      case 'merchant_reference':
        return item.merchantRef ?? '';
      case 'business_date':
        return localDate(item.transactionAt, timeZone);
    }
  };
  const lines: string[] = [];
  if (format.header) lines.push(format.fields.map((f) => HEADERS[f]).join(format.delimiter));
  for (const item of items) {
    lines.push(format.fields.map((field) => clean(valueOf(item, field))).join(format.delimiter));
  }
  const total = sumMinor(items.map(signedMinor));
  if (format.trailer) {
    lines.push(['TRAILER', String(items.length), formatMinor(total, currency)].join(format.delimiter));
  }
  const end = format.lineEnd === 'crlf' ? '\r\n' : '\n';
  return { text: `${lines.join(end)}${end}`, rows: items.length, totals: { [currency]: total } };
}
