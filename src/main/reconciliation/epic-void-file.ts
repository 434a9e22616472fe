/**
 * Epic's daily void/refund file: Epic takes voids and refunds by file, not by API. One
 * pipe-delimited line per item (transaction id, amount, kind, account, date) and a trailer with the count and
 * total. ASSUMPTION: no header line, `TRAILER|count|total` as the last line, LF line ends; a site whose Epic
 * build expects otherwise changes only this file.
 */
import { formatMinor, sumMinor } from '../../shared/money';
import { localDate } from '../lib/time-zone';
import type { EpicFileItem } from '../store/repositories/epic-file-items';

/** A pipe or a line break inside a field would split it into two fields or two lines in Epic's import. */
function field(value: string): string {
  return value.replace(/[|\r\n]/g, ' ');
}

export interface EpicFileContent {
  readonly text: string;
  readonly rows: number;
  readonly totals: Record<string, number>;
}

export function epicVoidFileContent(
  items: readonly EpicFileItem[],
  timeZone: string,
  emptyCurrency: string,
): EpicFileContent {
  const currencies = new Set(items.map((i) => i.currency));
  if (currencies.size > 1) {
    throw new Error(`Epic file would mix currencies (${[...currencies].join(', ')}); one file carries one`);
  }
  const currency = items[0]?.currency ?? emptyCurrency;
  const lines = items.map((item) =>
    [
      item.processorTxnId,
      formatMinor(item.amountMinor, item.currency),
      item.kind === 'void' ? 'VOID' : 'REFUND',
      item.guarantorAccount ?? item.encounterId ?? '',
      localDate(item.transactionAt, timeZone),
    ]
      .map(field)
      .join('|'),
  );
  const total = sumMinor(items.map((i) => i.amountMinor));
  lines.push(`TRAILER|${String(items.length)}|${formatMinor(total, currency)}`);
  return { text: `${lines.join('\n')}\n`, rows: items.length, totals: { [currency]: total } };
}
