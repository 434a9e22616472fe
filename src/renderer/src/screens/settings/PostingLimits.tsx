import type { Issues } from './section';
import { LIMITS, type AccessDraft } from './access-draft';
import { RowsTable } from './RowsTable';

/** Manual posting limits, one row per currency; a currency not listed always needs a supervisor. */
export function PostingLimits({
  rows,
  issues,
  issue,
  onEdit,
  onChange,
}: {
  rows: AccessDraft['limits'];
  issues: Issues;
  issue: (path: string) => string | undefined;
  onEdit: (index: number, part: 'currency' | 'amount', value: string) => void;
  onChange: (rows: AccessDraft['limits']) => void;
}) {
  return (
    <>
      <RowsTable
        label="Manual posting limits"
        columns={['Currency', 'Limit (above it a supervisor is needed)']}
        rows={rows}
        removeLabel={(row, index) => `Remove the limit in ${row.currency || `row ${String(index + 1)}`}`}
        onRemove={(index) => onChange(rows.filter((_, i) => i !== index))}
        cells={(row, index) => {
          const error =
            issues[`access.limitRow.${String(index)}`] ?? issue(`${LIMITS}.${row.currency.trim()}`);
          const name = row.currency.trim() || `row ${String(index + 1)}`;
          return (
            <>
              <td>
                <input
                  value={row.currency}
                  onChange={(e) => onEdit(index, 'currency', e.target.value)}
                  aria-label={`Currency of limit ${String(index + 1)}`}
                  aria-invalid={error ? true : undefined}
                  autoComplete="off"
                  maxLength={3}
                />
              </td>
              <td>
                <input
                  value={row.amount}
                  onChange={(e) => onEdit(index, 'amount', e.target.value)}
                  aria-label={`Manual posting limit in ${name}`}
                  aria-invalid={error ? true : undefined}
                  inputMode="decimal"
                  autoComplete="off"
                />
                {error && <span className="field-error">{error}</span>}
              </td>
            </>
          );
        }}
      />
      <p className="muted">
        A manual payment in a currency not listed here always needs a supervisor.{' '}
        <button type="button" onClick={() => onChange([...rows, { currency: '', amount: '' }])}>
          Add a currency
        </button>
      </p>
    </>
  );
}
