import { useEffect, type KeyboardEvent } from 'react';
import type { ExceptionItem } from '../../../../shared/domain';
import { useVirtualWindow } from '../../hooks/use-virtual-window';
import { COLUMNS, NUMERIC, QueueRow, ROW_HEIGHT, rowDomId } from './QueueRow';

/** Start fetching the next page this many rows before the end, so scrolling never waits on the network. */
const PREFETCH_ROWS = 60;

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
