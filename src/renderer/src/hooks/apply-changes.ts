/**
 * Folds a `queue.changes` answer into the rows a list has loaded, without asking for them again: changed
 * rows replace theirs, rows that left the filter go, and rows new to the list are held back as arrivals
 * ("3 new — show") when they fall within what is loaded. Beyond the last loaded row they are left for the
 * next page, which the keyset cursor will fetch in order.
 */
import type { QueueChanges, QueueSort } from '../../../shared/commands/console';
import type { ExceptionItem } from '../../../shared/domain';

/** Items without a window sort after every item with one (as the queue's own SQL orders them). */
const NO_EXPIRY = Number.MAX_SAFE_INTEGER;

type Compare = (a: ExceptionItem, b: ExceptionItem) => number;

/** The queue's order for each sort: its key, then the posting id in the same direction (a total order). */
export function compareFor(sort: QueueSort): Compare {
  const byKey =
    (key: (r: ExceptionItem) => number, direction: 1 | -1): Compare =>
    (a, b) =>
      direction * (key(a) - key(b) || a.postingId - b.postingId);
  switch (sort) {
    case 'newest':
      return byKey((r) => r.postingId, -1);
    case 'oldest':
      return byKey((r) => r.postingId, 1);
    case 'amount_desc':
      return byKey((r) => r.amountMinor, -1);
    case 'amount_asc':
      return byKey((r) => r.amountMinor, 1);
    case 'expiry':
      return byKey((r) => r.windowExpiresAt ?? NO_EXPIRY, 1);
  }
}

export interface LoadedList {
  readonly rows: readonly ExceptionItem[];
  readonly held: ReadonlySet<number>;
  /** Every matching row is loaded (no next page). */
  readonly complete: boolean;
}

export function applyChanges(
  list: LoadedList,
  changes: Pick<QueueChanges, 'rows' | 'left'>,
  sort: QueueSort,
): { rows: readonly ExceptionItem[]; held: ReadonlySet<number> } {
  if (changes.rows.length === 0 && changes.left.length === 0) return list;
  const compare = compareFor(sort);
  const gone = new Set(changes.left);
  const byId = new Map(list.rows.filter((r) => !gone.has(r.postingId)).map((r) => [r.postingId, r]));
  const last = list.rows.at(-1);
  const held = new Set([...list.held].filter((id) => !gone.has(id)));
  for (const row of changes.rows) {
    if (byId.has(row.postingId)) {
      byId.set(row.postingId, row);
    } else if (list.complete || last === undefined || compare(row, last) < 0) {
      // New to the list and within what is loaded: kept, but not shown under the operator's pointer.
      byId.set(row.postingId, row);
      held.add(row.postingId);
    }
  }
  return { rows: [...byId.values()].sort(compare), held };
}
