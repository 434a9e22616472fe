import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ExceptionItem } from '../../../shared/domain';
import { count as countOf } from '../../../shared/words';
import { LoadFailed } from '../components/QueryView';
import { formatTotals } from '../format';
import { useKeysetList } from '../hooks/use-keyset-list';
import { useQuery } from '../hooks/use-query';
import { useShortcuts } from '../hooks/use-shortcuts';
import { useUi } from '../stores/ui';
import { BulkDialog } from './exceptions/BulkDialog';
import { toQueueFilter } from './exceptions/filter-query';
import { QueueFilters, SEARCH_INPUT_ID } from './exceptions/QueueFilters';
import { QueuePane } from './exceptions/QueuePane';
import { QueueTable } from './exceptions/QueueTable';
import { SavedViews } from './exceptions/SavedViews';

export function Exceptions() {
  const navigate = useNavigate();
  const filters = useUi((s) => s.exceptionFilters);
  const cursor = useUi((s) => s.queueCursor);
  const setCursor = useUi((s) => s.setQueueCursor);
  const connected = useUi((s) => s.connected);
  const [bulkOpen, setBulkOpen] = useState(false);
  // After a search, the keyboard goes to the results (once they are there), ready for j / k / Enter.
  const [searches, setSearches] = useState(0);
  const focusedFor = useRef(0);

  const built = useMemo(() => toQueueFilter(filters), [filters]);
  const list = useKeysetList(built.ok ? built.query : null);
  const count = useQuery('queue.count', built.ok ? built.filter : {}, ['postings', 'payment_events']);

  const open = useCallback(
    (row: ExceptionItem) => void navigate(`/exceptions/${String(row.postingId)}`),
    [navigate],
  );
  const move = (by: number) => setCursor(Math.max(0, Math.min(list.rows.length - 1, cursor + by)));
  const focusBody = () => document.querySelector<HTMLElement>('[data-queue-grid]')?.focus();

  // The cursor stays on the item the operator was on when rows above it leave the list.
  const activeId = useRef<number | null>(null);
  useEffect(() => {
    const at = activeId.current === null ? -1 : list.rows.findIndex((r) => r.postingId === activeId.current);
    if (at >= 0 && at !== cursor) setCursor(at);
    else activeId.current = list.rows[Math.min(cursor, list.rows.length - 1)]?.postingId ?? null;
  }, [list.rows, cursor, setCursor]);

  useEffect(() => {
    if (searches === focusedFor.current || !list.ready) return;
    focusedFor.current = searches;
    if (list.rows.length > 0) focusBody();
  }, [searches, list.ready, list.rows.length]);

  useShortcuts({
    '/': () => document.getElementById(SEARCH_INPUT_ID)?.focus(),
    j: () => {
      move(1);
      focusBody();
    },
    k: () => {
      move(-1);
      focusBody();
    },
    o: () => {
      const row = list.rows[cursor];
      if (row) open(row);
    },
    b: () => {
      if (connected && (count.data?.count ?? 0) > 0) setBulkOpen(true);
    },
  });

  const total = count.data && built.ok ? count.data : null;
  return (
    <section aria-labelledby="exceptions-title" className="exceptions">
      <div className="screen-head">
        <h1 id="exceptions-title">Exceptions</h1>
        <p className="queue-summary" role="status" aria-live="polite" data-testid="queue-summary">
          {!total
            ? ' '
            : total.capped
              ? `More than ${total.count.toLocaleString()} items: narrow the filters to see totals`
              : `${countOf(total.count, 'item')} · ${formatTotals(total.totals)}`}
        </p>
        <button
          type="button"
          onClick={() => setBulkOpen(true)}
          disabled={!connected || !total || total.count === 0}
          aria-keyshortcuts="b"
        >
          Bulk action…
        </button>
      </div>
      <QueueFilters problem={built.ok ? null : built.message} onSearched={() => setSearches((n) => n + 1)} />
      <SavedViews current={built} />
      {list.error ? (
        <LoadFailed what="the queue" error={list.error} reload={list.reload} />
      ) : !built.ok ? null : !list.ready ? (
        <div className="state" role="status" aria-live="polite">
          Loading the queue…
        </div>
      ) : list.rows.length === 0 ? (
        <div className="state state-empty">
          <strong>Nothing needs attention here.</strong> Payments that do not post cleanly are listed here
          with what to do next. Clear the filters to see every exception.
        </div>
      ) : (
        <>
          {list.arrivals > 0 && (
            <div className="queue-arrivals" role="status" data-testid="queue-arrivals">
              {countOf(list.arrivals, 'new item')} since you started reading.
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  list.showArrivals();
                  setCursor(0);
                  activeId.current = null;
                }}
              >
                Show {list.arrivals === 1 ? 'it' : 'them'}
              </button>
            </div>
          )}
          <QueuePane row={list.rows[Math.min(cursor, list.rows.length - 1)]} />
          <QueueTable
            rows={list.rows}
            total={total?.count ?? null}
            cursor={Math.min(cursor, list.rows.length - 1)}
            complete={list.complete}
            loadingMore={list.loadingMore}
            onCursor={setCursor}
            onOpen={open}
            onNearEnd={list.loadMore}
          />
        </>
      )}
      {bulkOpen && built.ok && <BulkDialog filter={built.filter} onClose={() => setBulkOpen(false)} />}
    </section>
  );
}
