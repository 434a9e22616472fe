import type { ReactNode } from 'react';
import type { ApiError } from '../../../shared/api-error';

/** What a list read a page at a time offers its screen (the queue's and the quarantine's lists both do). */
export interface PagedRows<T> {
  readonly rows: readonly T[];
  /** True once the first page for the current filters arrived. */
  readonly ready: boolean;
  readonly complete: boolean;
  readonly error: ApiError | null;
  readonly loadingMore: boolean;
  readonly loadMore: () => void;
}

/** A paged list's error, loading and empty states, its rows, and "Show more" while pages remain. */
export function PagedListView<T>({
  list,
  empty,
  children,
}: {
  list: PagedRows<T>;
  empty: ReactNode;
  children: (rows: readonly T[]) => ReactNode;
}) {
  return (
    <>
      {list.error && (
        <div className="state state-error" role="alert">
          {list.error.message}
        </div>
      )}
      {!list.ready && !list.error && (
        <div className="state" role="status" aria-live="polite">
          Loading…
        </div>
      )}
      {list.ready && list.rows.length === 0 && <div className="state state-empty">{empty}</div>}
      {list.rows.length > 0 && children(list.rows)}
      {!list.complete && list.rows.length > 0 && (
        <button type="button" onClick={list.loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? 'Loading…' : 'Show more'}
        </button>
      )}
    </>
  );
}
