import { memo, useEffect, type KeyboardEvent } from 'react';
import type { ExceptionItem } from '../../../../shared/domain';
import { itemReason, statusMeaning } from '../../../../shared/words';
import { StatusBadge } from '../../components/StatusBadge';
import { formatMoney, formatWhen } from '../../format';
import { useVirtualWindow } from '../../hooks/use-virtual-window';

export const ROW_HEIGHT = 44;
/** Start fetching the next page this many rows before the end, so scrolling never waits on the network. */
const PREFETCH_ROWS = 60;

// Encounter, tender and the next attempt time are in the reading pane above the grid: without them the
// reason and the next step have room at 1280 px, and the assignee stays on screen.
const COLUMNS = [
  'Status',
  'Reason',
  'Next step',
  'Amount',
  'Guarantor account',
  'Transaction id',
  'Attempts',
  'Window expires',
  'Assignee',
] as const;
const NUMERIC = new Set<string>(['Amount', 'Attempts']);

export const rowDomId = (postingId: number) => `queue-row-${String(postingId)}`;

function Cells({ row }: { row: ExceptionItem }) {
  const words = itemReason(row);
  const reason = words.sentence ?? statusMeaning(row.status);
  const nextStep = words.nextStep;
  return (
    <>
      <span role="gridcell">
        <StatusBadge status={row.status} />
        {row.held && <span className="tag">held</span>}
      </span>
      <span role="gridcell" className="wrap" title={reason}>
        {reason}
      </span>
      <span role="gridcell" className="wrap" title={nextStep ?? undefined}>
        {nextStep ?? '—'}
      </span>
      <span role="gridcell" className="num">
        {formatMoney(row.amountMinor, row.currency)}
      </span>
      <span role="gridcell">{row.guarantorAccount ?? '—'}</span>
      <span role="gridcell" className="mono">
        {/* A plain link into the hash router: a router <Link> per row cost a third of each scrolled frame. */}
        <a href={`#/exceptions/${String(row.postingId)}`} tabIndex={-1}>
          {row.processorTxnId}
        </a>
      </span>
      <span role="gridcell" className="num">
        {row.attempts}
      </span>
      <span role="gridcell">{formatWhen(row.windowExpiresAt)}</span>
      <span role="gridcell">{row.assignee ?? '—'}</span>
    </>
  );
}

/**
 * One row, rendered again only when its item, place or cursor state changes: while scrolling, the rows
 * already in view are left alone and only those coming into view are built.
 */
const QueueRow = memo(function QueueRow({
  row,
  index,
  active,
  onCursor,
  onOpen,
}: {
  row: ExceptionItem;
  index: number;
  active: boolean;
  onCursor: (index: number) => void;
  onOpen: (row: ExceptionItem) => void;
}) {
  return (
    <div
      id={rowDomId(row.postingId)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`queue-row${active ? ' queue-row-active' : ''}`}
      style={{ transform: `translateY(${String(index * ROW_HEIGHT)}px)`, height: ROW_HEIGHT }}
      // One click opens, as Enter does: the row under the pointer is the one the operator means.
      onClick={() => {
        onCursor(index);
        onOpen(row);
      }}
    >
      <Cells row={row} />
    </div>
  );
});

/**
 * The queue as an ARIA grid whose body is windowed: only the rows in view exist in the DOM. The grid is one
 * focus stop that points at the cursor row (aria-activedescendant); the arrow keys (or j / k) move the
 * cursor, Enter or a click opens it.
 */
export function QueueTable({
  rows,
  total,
  cursor,
  complete,
  loadingMore,
  onCursor,
  onOpen,
  onNearEnd,
}: {
  rows: readonly ExceptionItem[];
  total: number | null;
  cursor: number;
  complete: boolean;
  loadingMore: boolean;
  onCursor: (index: number) => void;
  onOpen: (row: ExceptionItem) => void;
  onNearEnd: () => void;
}) {
  const view = useVirtualWindow(rows.length, ROW_HEIGHT);
  const { reveal, ref: body } = view;

  useEffect(() => {
    reveal(cursor);
  }, [cursor, reveal]);

  useEffect(() => {
    if (!complete && view.end >= rows.length - PREFETCH_ROWS) onNearEnd();
  }, [complete, view.end, rows.length, onNearEnd]);

  const active = rows[Math.min(cursor, rows.length - 1)];
  const onKeyDown = (event: KeyboardEvent) => {
    const move = (to: number) => {
      event.preventDefault();
      onCursor(Math.max(0, Math.min(rows.length - 1, to)));
    };
    const page = Math.max(1, Math.floor((body.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown':
        return move(cursor + 1);
      case 'ArrowUp':
        return move(cursor - 1);
      case 'PageDown':
        return move(cursor + page);
      case 'PageUp':
        return move(cursor - page);
      case 'Home':
        return move(0);
      case 'End':
        return move(rows.length - 1);
      case 'Enter':
        if (active) {
          event.preventDefault();
          onOpen(active);
        }
        return;
    }
  };

  return (
    <div
      className="queue"
      role="grid"
      aria-label="Exception queue"
      aria-readonly="true"
      aria-rowcount={(total ?? rows.length) + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={active ? rowDomId(active.postingId) : undefined}
      aria-describedby="queue-keys"
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="exception-queue"
      data-queue-grid
    >
      <span id="queue-keys" hidden>
        Arrow keys move, Enter opens.
      </span>
      <div role="rowgroup" className="queue-head">
        <div role="row" aria-rowindex={1} className="queue-row">
          {COLUMNS.map((name) => (
            <span key={name} role="columnheader" className={NUMERIC.has(name) ? 'num' : undefined}>
              {name}
            </span>
          ))}
        </div>
      </div>
      <div ref={body} role="rowgroup" className="queue-body" onScroll={view.onScroll} data-queue-body>
        <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
          {rows.slice(view.start, view.end).map((row, offset) => {
            const index = view.start + offset;
            return (
              <QueueRow
                key={row.postingId}
                row={row}
                index={index}
                active={index === cursor}
                onCursor={onCursor}
                onOpen={onOpen}
              />
            );
          })}
        </div>
        {loadingMore && (
          <div className="queue-more" role="status">
            Loading more…
          </div>
        )}
      </div>
    </div>
  );
}
