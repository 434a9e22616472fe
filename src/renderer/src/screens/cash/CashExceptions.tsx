import { useState } from 'react';
import type { CashExceptionView } from '../../../../shared/commands/cash';
import { useApi } from '../../hooks/api-context';
import { formatMoney } from '../../format';
import { ColumnHeads, num } from '../../components/ColumnHeads';
import { ActionOutcome } from '../../components/ActionOutcome';

/** Unmatched money, oldest first, aged in days, each with its owner: the list a supervisor watches shrink. */
export function CashExceptions({
  rows,
  onChanged,
}: {
  rows: readonly CashExceptionView[];
  onChanged: () => void;
}) {
  const api = useApi();
  const [owners, setOwners] = useState<Readonly<Record<number, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const assign = (id: number) => {
    const owner = (owners[id] ?? '').trim();
    if (!owner) {
      setError('Name the owner first.');
      return;
    }
    setError(null);
    api
      .invoke('cash.assign', { id, owner })
      .then(onChanged)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <section className="panel" aria-labelledby="cash-exceptions-title">
      <h2 id="cash-exceptions-title">Cash exceptions</h2>
      {rows.length === 0 ? (
        <p className="muted">No open cash exceptions.</p>
      ) : (
        <table className="grid compact" aria-label="Cash exceptions">
          <ColumnHeads columns={['What', 'Since', num('Age (days)'), num('Amount'), 'Why', 'Owner']} />
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>{e.subjectType === 'deposit' ? 'Deposit' : 'Funding batch'}</td>
                <td>{e.since}</td>
                <td className="num">{e.ageDays}</td>
                <td className="num">{formatMoney(e.amountMinor, e.currency)}</td>
                <td>{e.reason}</td>
                <td>
                  {e.owner ?? (
                    <>
                      <input
                        aria-label={`Owner of the ${e.subjectType} exception since ${e.since}`}
                        value={owners[e.id] ?? ''}
                        onChange={(event) => setOwners((o) => ({ ...o, [e.id]: event.target.value }))}
                      />{' '}
                      <button type="button" onClick={() => assign(e.id)}>
                        Assign
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ActionOutcome error={error} />
    </section>
  );
}
