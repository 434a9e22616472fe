import { memo } from 'react';
import type { ExceptionItem } from '../../../../shared/domain';
import { itemReason, statusMeaning } from '../../../../shared/words';
import { StatusBadge } from '../../components/StatusBadge';
import { formatMoney, formatWhen } from '../../format';

export const ROW_HEIGHT = 44;

// Encounter, tender and the next attempt time are in the reading pane above the grid: without them the
// reason and the next step have room at 1280 px, and the assignee stays on screen.
/** The grid's columns, in the order each row's cells are drawn. */
export const COLUMNS = [
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
export const NUMERIC = new Set<string>(['Amount', 'Attempts']);

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
export const QueueRow = memo(function QueueRow({
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
