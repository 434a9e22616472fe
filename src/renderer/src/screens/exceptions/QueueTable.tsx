import { memo, useEffect, type KeyboardEvent } from 'react';
import { TENDER_LABEL, type ExceptionItem } from '../../../../shared/domain';
import { itemReason, statusMeaning } from '../../../../shared/words';
import { StatusBadge } from '../../components/StatusBadge';
import { formatMoney, formatWhen } from '../../format';
import { useVirtualWindow } from '../../hooks/use-virtual-window';

export const ROW_HEIGHT = 44;
/** Start fetching the next page this many rows before the end, so scrolling never waits on the network. */
const PREFETCH_ROWS = 60;

const COLUMNS = [
  'Status',
  'Reason',
  'Next step',
  'Amount',
  'Tender',
  'Guarantor account',
  'Encounter',
  'Transaction id',
  'Attempts',
  'Next attempt',
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
      <span role="cell">
        <StatusBadge status={row.status} />
        {row.held && <span className="tag">held</span>}
      </span>
      <span role="cell" title={reason}>
        {reason}
      </span>
      <span role="cell" title={nextStep ?? undefined}>
        {nextStep ?? '—'}
      </span>
      <span role="cell" className="num">
        {formatMoney(row.amountMinor, row.currency)}
      </span>
      <span role="cell">{TENDER_LABEL[row.tender]}</span>
      <span role="cell">{row.guarantorAccount ?? '—'}</span>
      <span role="cell">{row.encounterId ?? '—'}</span>
      <span role="cell" className="mono">
        {/* A plain link into the hash router: a router <Link> per row cost a third of each scrolled frame. */}
        <a href={`#/exceptions/${String(row.postingId)}`} tabIndex={-1}>
          {row.processorTxnId}
        </a>
      </span>
      <span role="cell" className="num">
        {row.attempts}
      </span>
      <span role="cell">{formatWhen(row.nextAttemptAt)}</span>
      <span role="cell">{formatWhen(row.windowExpiresAt)}</span>
      <span role="cell">{row.assignee ?? '—'}</span>
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
      aria-current={active ? 'true' : undefined}
      className={`queue-row${active ? ' queue-row-active' : ''}`}
      style={{ transform: `translateY(${String(index * ROW_HEIGHT)}px)`, height: ROW_HEIGHT }}
      onClick={() => onCursor(index)}
      onDoubleClick={() => onOpen(row)}
    >
      <Cells row={row} />
    </div>
  );
});

/**
 * The queue as an ARIA table whose body is windowed: only the rows in view exist in the DOM. The body is
 * one focus stop; the arrow keys (or j / k) move the cursor row, Enter opens it.
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
      role="table"
      aria-label="Exception queue"
      aria-rowcount={(total ?? rows.length) + 1}
      data-testid="exception-queue"
    >
      <div role="rowgroup" className="queue-head">
        <div role="row" aria-rowindex={1} className="queue-row">
          {COLUMNS.map((name) => (
            <span key={name} role="columnheader" className={NUMERIC.has(name) ? 'num' : undefined}>
              {name}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={body}
        role="rowgroup"
        className="queue-body"
        tabIndex={0}
        aria-label="Exception queue rows: arrow keys move, Enter opens"
        aria-activedescendant={active ? rowDomId(active.postingId) : undefined}
        onScroll={view.onScroll}
        onKeyDown={onKeyDown}
        data-queue-body
      >
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
