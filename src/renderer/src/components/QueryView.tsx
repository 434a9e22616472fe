import type { ReactNode } from 'react';
import type { QueryState } from '../hooks/use-query';

/** Loading, error and empty states, the same on every screen. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: QueryState<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.error) {
    return (
      <div className="state state-error" role="alert">
        <strong>Could not load this view.</strong> {query.error.message}{' '}
        <button type="button" onClick={query.reload}>
          Try again
        </button>
      </div>
    );
  }
  if (query.data === undefined) {
    return (
      <div className="state" role="status" aria-live="polite">
        Loading…
      </div>
    );
  }
  if (isEmpty?.(query.data)) return <div className="state state-empty">{empty}</div>;
  return <>{children(query.data)}</>;
}
