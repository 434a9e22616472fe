import type { ReactNode } from 'react';

/**
 * A table of things a supervisor opens, changes or removes (EHR connections, webhook subscriptions, accounts,
 * edited rows): a column per `columns`, the cells of each row from `cells` (a fragment of `<td>`s), then its
 * actions.
 */
export function SavedTable<Row>({
  label,
  className = 'settings-table',
  actionsLabel = 'Actions',
  columns,
  rows,
  keyOf,
  cells,
  actions,
  selected,
}: {
  label: string;
  className?: string;
  /** The actions column's name, read by screen readers only. */
  actionsLabel?: string;
  columns: readonly string[];
  rows: readonly Row[];
  keyOf: (row: Row) => string;
  cells: (row: Row) => ReactNode;
  actions: (row: Row) => ReactNode;
  /** The row open in the editor below, if any. */
  selected?: (row: Row) => boolean;
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
            <span className="visually-hidden">{actionsLabel}</span>
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
