/** The Transactions screen's search as a queue query, or the field that is wrong, in words. */
import type { QueueFilterInput } from '../../../../shared/commands/console';
import { POSTING_STATUSES } from '../../../../shared/domain';
import type { TransactionFilters } from '../../stores/ui';
import { localDayStart, type FilterResult } from '../exceptions/filter-query';

/** The search as a query for the list and the export (newest first) and a filter for the count, or what is wrong. */
export type TransactionQuery = FilterResult;

export function toTransactionQuery(f: TransactionFilters): TransactionQuery {
  const from = f.from ? localDayStart(f.from) : undefined;
  const to = f.to ? localDayStart(f.to, 1) : undefined;
  if (from === null) return { ok: false, message: 'From: enter a date.' };
  if (to === null) return { ok: false, message: 'To: enter a date.' };
  if (from !== undefined && to !== undefined && from >= to) {
    return { ok: false, message: 'The date range ends before it starts.' };
  }
  const filter: QueueFilterInput = {
    // Every status: a transaction is listed whatever became of it.
    statuses: f.status ? [f.status] : [...POSTING_STATUSES],
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
  return { ok: true, filter, query: { ...filter, sort: 'newest' } };
}
