/** Turns what the operator typed into a queue filter, or says which field is wrong. */
import type { QueueFilterInput, QueueQueryInput } from '../../../../shared/commands/console';
import { MoneyError, parseMinor } from '../../../../shared/money';
import type { ExceptionFilters } from '../../stores/ui';

/** The console works in one currency for typed amounts; the queue itself shows every currency. */
export const CONSOLE_CURRENCY = 'USD';

/** What the operator typed as a filter (for counts) and a query (for the list), or what is wrong, in words. */
export type FilterResult =
  | {
      readonly ok: true;
      readonly filter: QueueFilterInput;
      readonly query: Omit<QueueQueryInput, 'after' | 'limit'>;
    }
  | { readonly ok: false; readonly message: string };

/** Local midnight of a `YYYY-MM-DD`, or null when it is not a date. */
export function localDayStart(text: string, addDays = 0): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? null : date.getTime();
}

export function toQueueFilter(filters: ExceptionFilters): FilterResult {
  const filter: { -readonly [K in keyof QueueFilterInput]: QueueFilterInput[K] } = {};
  if (filters.statuses.length) filter.statuses = [...filters.statuses];
  if (filters.ehr) filter.ehr = filters.ehr;
  if (filters.channel) filter.channel = filters.channel;
  if (filters.tender) filter.tender = filters.tender;
  if (filters.search.trim()) filter.search = filters.search.trim();
  if (filters.amount.trim()) {
    try {
      filter.amountMinor = parseMinor(filters.amount.replace(/[$,\s]/g, ''), CONSOLE_CURRENCY);
    } catch (error) {
      if (error instanceof MoneyError) return { ok: false, message: `Amount: ${error.message}` };
      throw error;
    }
  }
  if (filters.from) {
    const from = localDayStart(filters.from);
    if (from === null) return { ok: false, message: 'From: enter a date.' };
    filter.from = from;
  }
  if (filters.to) {
    const to = localDayStart(filters.to, 1);
    if (to === null) return { ok: false, message: 'To: enter a date.' };
    filter.to = to;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    return { ok: false, message: 'The date range ends before it starts.' };
  }
  const assignee = filters.assignee.trim();
  if (assignee === '-') filter.assignee = null;
  else if (assignee) filter.assignee = assignee;
  return { ok: true, filter, query: { ...filter, sort: filters.sort } };
}
