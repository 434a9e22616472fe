import type { ReactNode } from 'react';

/**
 * A table of saved things a supervisor opens or removes (EHR connections, webhook subscriptions): a column
 * per `columns`, the cells of each row from `cells` (a fragment of `<td>`s), then its actions.
 */
export function SavedTable<Row>({
  label,
  columns,
  rows,
  keyOf,
  cells,
  actions,
  selected,
}: {
  label: string;
  columns: readonly string[];
  rows: readonly Row[];
  keyOf: (row: Row) => string;
  cells: (row: Row) => ReactNode;
  actions: (row: Row) => ReactNode;
  /** The row open in the editor below, if any. */
  selected?: (row: Row) => boolean;
}) {
  return (
    <table className="settings-table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={keyOf(row)} aria-selected={selected ? selected(row) : undefined}>
            {cells(row)}
            <td className="row-actions">{actions(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Whether a saved thing's secret is in the vault (never the secret itself). */
export function SecretCell({ set }: { set: boolean }) {
  return <td className={set ? 'secret-set' : 'secret-unset'}>{set ? 'set' : 'not set'}</td>;
}
