import type { ReactNode } from 'react';

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
  return (
    <table className={className} aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {cells(row, index)}
            <td>
              <button type="button" onClick={() => onRemove(index)} aria-label={removeLabel(row, index)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
