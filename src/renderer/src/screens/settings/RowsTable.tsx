import type { ReactNode } from 'react';
import { SavedTable } from './SavedTable';

/**
 * A table of rows the supervisor edits: a column per `columns`, the cells of each row from `cells` (a
 * fragment of `<td>`s), then its Remove button, named for screen readers by `removeLabel`.
 */
export function RowsTable<Row>({
  label,
  className = 'settings-table',
  columns,
  rows,
  cells,
  removeLabel,
  onRemove,
  keyOf = (_, index) => String(index),
}: {
  label: string;
  className?: string;
  columns: readonly string[];
  rows: readonly Row[];
  cells: (row: Row, index: number) => ReactNode;
  removeLabel: (row: Row, index: number) => string;
  onRemove: (index: number) => void;
  /** A row's key; its index when absent. Rows of a form's field array are keyed by their field id. */
  keyOf?: (row: Row, index: number) => string;
}) {
  const indexed = rows.map((row, index) => ({ row, index }));
  return (
    <SavedTable
      label={label}
      className={className}
      actionsLabel="Remove"
      columns={columns}
      rows={indexed}
      keyOf={({ row, index }) => keyOf(row, index)}
      cells={({ row, index }) => cells(row, index)}
      actions={({ row, index }) => (
        <button type="button" onClick={() => onRemove(index)} aria-label={removeLabel(row, index)}>
          Remove
        </button>
      )}
    />
  );
}
