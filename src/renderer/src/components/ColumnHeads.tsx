/**
 * A data table's header row, declared as a list: every heading a column header (`scope="col"`, which screen
 * readers announce with each cell), figure columns right-aligned like their cells, and a heading that only
 * assistive technology needs (a column of buttons) hidden from sight but not from them.
 */
import type { ReactNode } from 'react';

export type Column =
  | string
  | { readonly label: ReactNode; readonly key?: string; readonly num?: boolean; readonly hidden?: boolean };

/** A figure column: right-aligned, as its cells are. */
export const num = (label: string): Column => ({ label, num: true });

export function ColumnHeads({ columns }: { readonly columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => {
          if (typeof c === 'string')
            return (
              <th scope="col" key={c}>
                {c}
              </th>
            );
          return (
            <th
              scope="col"
              key={c.key ?? (typeof c.label === 'string' ? c.label : i)}
              className={c.num ? 'num' : undefined}
            >
              {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
