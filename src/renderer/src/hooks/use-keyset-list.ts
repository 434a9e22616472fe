/**
 * The exception queue's rows, fetched page by page with keyset cursors as the operator scrolls. When main
 * reports a change, only what changed is asked for (`queue.changes`: the loaded rows written since the last
 * look, those that left the filter, newer postings, and older ones that moved into the filter within the
 * loaded range, such as a Retry turning Failure deep in the list), so a resolved item leaves the list and a
 * changed one shows its new state in one small request however deep the operator has scrolled. Items that
 * arrived or moved in meanwhile are held back and counted ("3 new — show") instead of being inserted under
 * the pointer.
 *
 * The whole loaded range is read again from the top only when that is cheaper or needed: too many rows
 * loaded for one check, more new rows than one answer carries, and, as a safety net, at most once every
 * FULL_PASS_MS.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../../shared/api-error';
import {
  CHANGES_MAX_IDS,
  type QueueChanges,
  type QueuePage,
  type QueueQueryInput,
  type QueueSort,
} from '../../../shared/commands/console';
import type { TableName } from '../../../shared/contract';
import type { ExceptionItem } from '../../../shared/domain';
import { useApi } from './api-context';
import { applyChanges } from './apply-changes';
import { useRequeryOn } from './use-query';

export const PAGE_SIZE = 200;
/** The largest page the API serves: used to re-fetch what is loaded in few requests. */
const REFRESH_PAGE = 500;
/**
 * How far back each check looks before the last answer's time: the engine stamps a row before its batch
 * commits (the writer thread), so a row stamped just before one answer may only become visible after it.
 * Rows seen twice are simply replaced again.
 */
const SETTLE_MARGIN_MS = 2_000;
/** The longest the list goes without a full read from the top (see the module comment). */
export const FULL_PASS_MS = 60_000;

/** The tables whose changes can add, move or change a row of the list. */
const CHANGED_BY: readonly TableName[] = ['postings', 'payment_events'];

export interface KeysetList {
  readonly rows: readonly ExceptionItem[];
  /** True once the first page for the current query arrived. */
  readonly ready: boolean;
  readonly loadingMore: boolean;
  readonly complete: boolean;
  readonly error: ApiError | null;
  /** Items that arrived since the operator started reading, not shown yet. */
  readonly arrivals: number;
  readonly showArrivals: () => void;
  readonly loadMore: () => void;
  readonly reload: () => void;
}

type Query = Omit<QueueQueryInput, 'after' | 'limit'>;

interface State {
  readonly key: string;
  /** Every loaded row, arrivals included, in the server's order. */
  readonly rows: readonly ExceptionItem[];
  /** Arrivals held back from view until the operator asks for them. */
  readonly held: ReadonlySet<number>;
  readonly next: string | null;
  readonly error: ApiError | null;
  /** From the bookmark taken before the last full read, then from each change answer; null before any. */
  readonly asOf: number | null;
  readonly newestId: number | null;
  /** When the last full read started (this computer's clock). */
  readonly fullAt: number;
}

const NONE: ReadonlySet<number> = new Set();

/** After a refresh: rows not loaded before are arrivals, held back with those still held. */
export function holdArrivals(
  before: readonly ExceptionItem[],
  held: ReadonlySet<number>,
  after: readonly ExceptionItem[],
): ReadonlySet<number> {
  const seen = new Set(before.map((r) => r.postingId));
  const next = new Set<number>();
  for (const row of after) {
    if (held.has(row.postingId) || !seen.has(row.postingId)) next.add(row.postingId);
  }
  return next.size === 0 ? NONE : next;
}

/** The filter of a query, for `queue.changes` (which takes no sort). */
function withoutSort(query: Query): Omit<Query, 'sort'> {
  const { sort: _sort, ...filter } = query;
  return filter;
}

const asApiError = (cause: unknown) =>
  cause instanceof ApiError ? cause : new ApiError({ code: 'unavailable', message: String(cause) });

export function useKeysetList(query: Query | null): KeysetList {
  const api = useApi();
  const key = query ? JSON.stringify(query) : '';
  const [state, setState] = useState<State>({
    key: '',
    rows: [],
    held: NONE,
    next: null,
    error: null,
    asOf: null,
    newestId: null,
    fullAt: 0,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef(0);
  const changeSeq = useRef(0);
  // Callbacks read the newest rows through this ref, so they need not be re-created on every page.
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  /** Fetches from the top until at least `want` rows (or the end) and replaces the list in one go. */
  const fetchFromTop = useCallback(
    (want: number, refresh = false) => {
      if (!key) return;
      const id = ++generation.current;
      const base = JSON.parse(key) as Query;
      const fullAt = Date.now();
      const collect = async () => {
        // The bookmark first: whatever is written after it is seen by the next change check.
        const mark = await api.invoke('queue.changes', { ...withoutSort(base), ids: [], since: 0 });
        const rows: ExceptionItem[] = [];
        let next: string | null = null;
        do {
          const page: QueuePage = await api.invoke('queue.list', {
            ...base,
            limit: want <= PAGE_SIZE ? PAGE_SIZE : REFRESH_PAGE,
            ...(next ? { after: next } : {}),
          });
          rows.push(...page.rows);
          next = page.next;
        } while (next && rows.length < want);
        return { rows, next, mark };
      };
      collect().then(
        ({ rows, next, mark }) => {
          if (id !== generation.current) return;
          setState((s) => ({
            key,
            rows,
            // A refresh of the same query holds back what arrived; a new query (or a reload) shows everything.
            held: refresh && s.key === key ? holdArrivals(s.rows, s.held, rows) : NONE,
            next,
            error: null,
            asOf: mark.asOf,
            newestId: mark.newestId,
            fullAt,
          }));
        },
        (cause: unknown) => {
          if (id === generation.current) setState((s) => ({ ...s, key, error: asApiError(cause) }));
        },
      );
    },
    [api, key],
  );

  /** Asks only for what changed since the last look; falls back to a full read when that is needed. */
  const refreshChanged = useCallback(() => {
    const current = stateRef.current;
    const full = () => fetchFromTop(Math.max(PAGE_SIZE, current.rows.length), true);
    if (
      !key ||
      current.key !== key ||
      current.asOf === null ||
      current.newestId === null ||
      current.rows.length > CHANGES_MAX_IDS ||
      Date.now() - current.fullAt >= FULL_PASS_MS
    ) {
      full();
      return;
    }
    const id = generation.current;
    // Only the newest check may answer: an older one arriving late would put back a row's older state.
    const seq = ++changeSeq.current;
    const base = JSON.parse(key) as Query;
    const sort: QueueSort = base.sort ?? 'newest';
    api
      .invoke('queue.changes', {
        ...withoutSort(base),
        ids: current.rows.map((r) => r.postingId),
        since: Math.max(0, current.asOf - SETTLE_MARGIN_MS),
        newestId: current.newestId,
        // Rows that moved into the filter up to the last loaded one come back too; past it, the next page.
        loaded: { sort, through: current.next === null ? null : (current.rows.at(-1)?.postingId ?? null) },
      })
      .then(
        (changes: QueueChanges) => {
          // A full read started meanwhile owns the list now.
          if (id !== generation.current || seq !== changeSeq.current) return;
          if (changes.more) {
            full();
            return;
          }
          setState((s) => {
            if (s.key !== key) return s;
            const merged = applyChanges(
              { rows: s.rows, held: s.held, complete: s.next === null },
              changes,
              sort,
            );
            return {
              ...s,
              rows: merged.rows,
              held: merged.held.size === 0 ? NONE : merged.held,
              asOf: changes.asOf,
              newestId: changes.newestId,
              error: null,
            };
          });
        },
        (cause: unknown) => {
          if (id === generation.current) setState((s) => ({ ...s, error: asApiError(cause) }));
        },
      );
  }, [api, key, fetchFromTop]);

  // A layout effect runs before every passive one, so the rows, which are what the operator is waiting for,
  // are asked for before the header count, the status bar and the saved views: serve mode answers in
  // arrival order, and at a million postings the status bar's counts alone take a few hundred ms.
  useLayoutEffect(() => {
    fetchFromTop(PAGE_SIZE);
  }, [fetchFromTop]);

  useRequeryOn(CHANGED_BY, refreshChanged);

  const loadMore = useCallback(() => {
    const current = stateRef.current;
    if (loadingMore || !current.next || current.key !== key) return;
    setLoadingMore(true);
    const id = generation.current;
    const base = JSON.parse(key) as Query;
    api
      .invoke('queue.list', { ...base, limit: PAGE_SIZE, after: current.next })
      .then(
        (page) => {
          // A refresh started meanwhile owns the list now; this page would be stale.
          if (id !== generation.current) return;
          setState((s) => ({ ...s, rows: [...s.rows, ...page.rows], next: page.next, error: null }));
        },
        (cause: unknown) => {
          if (id === generation.current) setState((s) => ({ ...s, error: asApiError(cause) }));
        },
      )
      .finally(() => setLoadingMore(false));
  }, [api, key, loadingMore]);

  const current = state.key === key;
  const showArrivals = useCallback(() => setState((s) => ({ ...s, held: NONE })), []);
  const visible = useMemo(
    () => (state.held.size === 0 ? state.rows : state.rows.filter((r) => !state.held.has(r.postingId))),
    [state.rows, state.held],
  );
  return {
    rows: current ? visible : [],
    arrivals: current ? state.held.size : 0,
    showArrivals,
    ready: current,
    loadingMore,
    complete: current && state.next === null,
    error: current ? state.error : null,
    loadMore,
    reload: () => fetchFromTop(Math.max(PAGE_SIZE, stateRef.current.rows.length)),
  };
}
