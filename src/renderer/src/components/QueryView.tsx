import type { ReactNode } from 'react';
import type { ApiError } from '../../../shared/api-error';
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
    return <LoadFailed what="this view" error={query.error} reload={query.reload} />;
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

/** A read that failed: what could not be loaded, why, and a way to ask again. */
export function LoadFailed({ what, error, reload }: { what: string; error: ApiError; reload: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load {what}.</strong> {error.message}{' '}
      <button type="button" onClick={reload}>
        Try again
      </button>
    </div>
  );
}
