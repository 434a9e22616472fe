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
}: {
  label: string;
  className?: string;
  columns: readonly string[];
  rows: readonly Row[];
  cells: (row: Row, index: number) => ReactNode;
  removeLabel: (row: Row, index: number) => string;
  onRemove: (index: number) => void;
}) {
  const indexed = rows.map((row, index) => ({ row, index }));
  return (
    <SavedTable
      label={label}
      className={className}
      actionsLabel="Remove"
      columns={columns}
      rows={indexed}
      keyOf={({ index }) => String(index)}
      cells={({ row, index }) => cells(row, index)}
      actions={({ row, index }) => (
        <button type="button" onClick={() => onRemove(index)} aria-label={removeLabel(row, index)}>
          Remove
        </button>
      )}
    />
  );
}
