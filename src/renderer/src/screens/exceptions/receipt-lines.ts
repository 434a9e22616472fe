/**
 * A bulk receipt as the operator reads it: each item's status before and now, what came of it (for a
 * retry, the EHR's answer once it arrived, not "done"), and totals per result. The dialog and the CSV
 * both read these lines, so they never disagree.
 */
import type { BulkReceipt, BulkReceiptItem, CurrencyTotal } from '../../../../shared/commands/console';
import type { ExceptionItem } from '../../../../shared/domain';
import { afterRetry, statusName, type Tone } from '../../../../shared/words';

export const RESULTS = [
  'posted',
  'refused',
  'not posted yet',
  'waiting',
  'done',
  'skipped',
  'failed',
] as const;
export type Result = (typeof RESULTS)[number];

export interface ReceiptLine {
  readonly item: BulkReceiptItem;
  readonly statusBefore: string;
  readonly statusNow: string;
  readonly result: Result;
  readonly text: string;
  readonly tone: Tone;
}

export interface ResultTotal {
  readonly result: Result;
  readonly count: number;
  readonly totals: readonly CurrencyTotal[];
}

function retryLine(
  item: BulkReceiptItem,
  now: ExceptionItem | undefined,
): Pick<ReceiptLine, 'result' | 'text' | 'tone'> {
  if (!now) return { result: 'waiting', text: item.message, tone: 'info' };
  const outcome = afterRetry(now);
  if (!outcome.settled) return { result: 'waiting', text: outcome.text, tone: outcome.tone };
  const result: Result =
    outcome.tone === 'ok' ? 'posted' : outcome.tone === 'bad' ? 'refused' : 'not posted yet';
  return { result, text: outcome.text, tone: outcome.tone };
}

export function receiptLines(receipt: BulkReceipt, now: ReadonlyMap<number, ExceptionItem>): ReceiptLine[] {
  return receipt.items.map((item) => {
    const current = now.get(item.postingId);
    const statusNow = current?.status ?? item.statusAfter;
    const base = {
      item,
      statusBefore: statusName(item.statusBefore),
      statusNow: statusNow ? statusName(statusNow) : '—',
    };
    if (item.outcome !== 'done') {
      return {
        ...base,
        result: item.outcome,
        text: item.message,
        tone: item.outcome === 'failed' ? 'bad' : 'warn',
      };
    }
    if (receipt.action === 'retry') return { ...base, ...retryLine(item, current) };
    return { ...base, result: 'done', text: item.message, tone: 'ok' };
  });
}

/** Count and amount per result, in the order of RESULTS, leaving out results nobody had. */
export function resultTotals(lines: readonly ReceiptLine[]): ResultTotal[] {
  return RESULTS.flatMap((result) => {
    const of = lines.filter((l) => l.result === result);
    if (of.length === 0) return [];
    const byCurrency = new Map<string, CurrencyTotal>();
    for (const { item } of of) {
      const t = byCurrency.get(item.currency) ?? { currency: item.currency, amountMinor: 0, count: 0 };
      byCurrency.set(item.currency, {
        currency: item.currency,
        amountMinor: t.amountMinor + item.amountMinor,
        count: t.count + 1,
      });
    }
    return [{ result, count: of.length, totals: [...byCurrency.values()] }];
  });
}

/** Still waiting for the EHR's answer on some retried item. */
export const stillWaiting = (lines: readonly ReceiptLine[]): boolean =>
  lines.some((l) => l.result === 'waiting');
