import type { ReactNode } from 'react';

export interface PickColumn<R> {
  readonly header: string;
  readonly cell: (row: R) => ReactNode;
  readonly className?: 'num' | 'mono';
}

/**
 * One side of a manual match: its unmatched rows, each with a box to tick, and the side's rule in words under
 * the table when the match is refused for it ("Choose at least one").
 */
export function ManualMatchPicks<R extends { readonly id: number }>({
  label,
  rows,
  columns,
  pickLabel,
  picked,
  onToggle,
  error,
  errorId,
}: {
  label: string;
  rows: readonly R[];
  columns: readonly PickColumn<R>[];
  /** The box's accessible name: which row it picks. */
  pickLabel: (row: R) => string;
  picked: readonly number[];
  onToggle: (id: number) => void;
  error: string | undefined;
  errorId: string;
}) {
  return (
    <div>
      <table className="grid compact" aria-label={label} aria-describedby={error ? errorId : undefined}>
        <thead>
          <tr>
            <th scope="col">Match</th>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.className === 'num' ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={pickLabel(row)}
                  checked={picked.includes(row.id)}
                  onChange={() => onToggle(row.id)}
                />
              </td>
              {columns.map((c) => (
                <td key={c.header} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
