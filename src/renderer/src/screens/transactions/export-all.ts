/** Every transaction a filter selects, fetched page by page for an export, up to a bound. */
import type { QueuePage, QueueQueryInput } from '../../../../shared/commands/console';
import type { ConsoleApi } from '../../../../shared/contract';
import type { ExceptionItem } from '../../../../shared/domain';

/** The most rows one export holds: a spreadsheet's comfortable size; a larger set is narrowed by date first. */
export const EXPORT_MAX = 10_000;
const PAGE = 500;

export interface Exported {
  readonly rows: readonly ExceptionItem[];
  /** More rows matched than EXPORT_MAX: the file holds the newest EXPORT_MAX. */
  readonly truncated: boolean;
}

export async function fetchAll(
  api: ConsoleApi,
  query: Omit<QueueQueryInput, 'after' | 'limit'>,
): Promise<Exported> {
  const rows: ExceptionItem[] = [];
  let next: string | null = null;
  do {
    const page: QueuePage = await api.invoke('queue.list', {
      ...query,
      limit: PAGE,
      ...(next ? { after: next } : {}),
    });
    rows.push(...page.rows);
    next = page.next;
  } while (next && rows.length < EXPORT_MAX);
  return { rows: rows.slice(0, EXPORT_MAX), truncated: next !== null || rows.length > EXPORT_MAX };
}
