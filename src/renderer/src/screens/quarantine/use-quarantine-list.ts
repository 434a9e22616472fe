import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../../shared/api-error';
import type { QuarantineListRow, QuarantineQuery } from '../../../../shared/commands/quarantine';
import type { TableName } from '../../../../shared/contract';
import { useApi } from '../../hooks/api-context';
import { useRequeryOn } from '../../hooks/use-query';

const PAGE = 50;
const CHANGED_BY: readonly TableName[] = ['quarantined_inputs'];
export type QuarantineFilters = Omit<QuarantineQuery, 'limit' | 'after'>;

interface ListState {
  readonly key: string;
  readonly rows: readonly QuarantineListRow[];
  readonly next: number | null;
  readonly error: ApiError | null;
}

const asApiError = (cause: unknown) =>
  cause instanceof ApiError ? cause : new ApiError({ code: 'unavailable', message: String(cause) });

/** Quarantined inputs, newest first, a page at a time; re-fetched from the top when main reports a change. */
export function useQuarantineList(filters: QuarantineFilters) {
  const api = useApi();
  const key = JSON.stringify(filters);
  const [state, setState] = useState<ListState>({ key: '', rows: [], next: null, error: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef(0);
  const loaded = useRef(0);
  useEffect(() => {
    loaded.current = state.rows.length;
  }, [state]);

  const refresh = useCallback(() => {
    const id = ++generation.current;
    const want = Math.min(500, Math.max(PAGE, loaded.current));
    api.invoke('quarantine.list', { ...(JSON.parse(key) as QuarantineFilters), limit: want }).then(
      (page) => {
        if (id === generation.current) setState({ key, rows: page.rows, next: page.next, error: null });
      },
      (cause: unknown) => {
        if (id === generation.current) setState((s) => ({ ...s, key, error: asApiError(cause) }));
      },
    );
  }, [api, key]);

  useEffect(refresh, [refresh]);

  useRequeryOn(CHANGED_BY, refresh);

  const loadMore = () => {
    if (loadingMore || state.next === null || state.key !== key) return;
    const id = generation.current;
    setLoadingMore(true);
    api
      .invoke('quarantine.list', {
        ...(JSON.parse(key) as QuarantineFilters),
        limit: PAGE,
        after: state.next,
      })
      .then(
        (page) => {
          if (id === generation.current)
            setState((s) => ({ ...s, rows: [...s.rows, ...page.rows], next: page.next, error: null }));
        },
        (cause: unknown) => {
          if (id === generation.current) setState((s) => ({ ...s, error: asApiError(cause) }));
        },
      )
      .finally(() => setLoadingMore(false));
  };

  const current = state.key === key;
  return {
    rows: current ? state.rows : [],
    ready: current,
    complete: current && state.next === null,
    error: current ? state.error : null,
    loadingMore,
    loadMore,
  };
}
