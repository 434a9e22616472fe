import { useState, type SyntheticEvent } from 'react';
import type { ClosePeriodView } from '../../../../shared/commands/cash-close';
import { useApi } from '../../hooks/api-context';
import { formatWhen } from '../../format';
import { ReopenClose } from './ReopenClose';
import { ColumnHeads, num } from '../../components/ColumnHeads';
import { ActionOutcome } from '../../components/ActionOutcome';

const pad = (n: number) => String(n).padStart(2, '0');

/** Last month: the one a supervisor closes in the first days of this one. */
function lastMonth(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}`;
}

/**
 * Month-end close, maker-checker: one supervisor prepares a month whose balance has no unexplained variance,
 * another approves it; approval locks the month and writes the close package into the reports folder.
 */
export function MonthClose({
  periods,
  onChanged,
}: {
  periods: readonly ClosePeriodView[];
  onChanged: () => void;
}) {
  const api = useApi();
  const [month, setMonth] = useState(lastMonth);
  const [scope, setScope] = useState('*');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = (name: 'cash.close.prepare' | 'cash.close.approve') => (event?: SyntheticEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    api
      .invoke(name, { scope: scope.trim() || '*', month })
      .then((p) => {
        setDone(
          p.state === 'approved'
            ? `${p.month} closed; package written to ${p.packageDir ?? '—'}.`
            : `${p.month} prepared by ${p.preparedBy}; a second supervisor approves it.`,
        );
        onChanged();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="panel" aria-labelledby="month-close-title">
      <h2 id="month-close-title">Month-end close</h2>
      <form className="filters" onSubmit={act('cash.close.prepare')} aria-label="Month to close">
        <label>
          Month
          <input
            type="month"
            value={month}
            pattern="\d{4}-\d{2}"
            onChange={(e) => setMonth(e.target.value)}
            required
          />
        </label>
        <label>
          Facility (* for all)
          <input value={scope} onChange={(e) => setScope(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          Prepare close
        </button>
        <button type="button" onClick={act('cash.close.approve')} disabled={busy}>
          Approve close
        </button>
      </form>
      <ActionOutcome error={error} done={done} />
      {periods.length === 0 ? (
        <p className="muted">No month prepared or closed yet.</p>
      ) : (
        <table className="grid compact" aria-label="Closed months">
          <ColumnHeads
            columns={[
              'Month',
              'Facility',
              'State',
              'Prepared by',
              'Approved by',
              num('Late payments held'),
              'Package',
              'Reopen',
            ]}
          />
          <tbody>
            {periods.map((p) => (
              <tr key={p.id}>
                <td>{p.month}</td>
                <td>{p.scope === '*' ? 'All' : p.scope}</td>
                <td>
                  {p.state === 'approved'
                    ? `Closed${p.revision > 1 ? ` (again, ${String(p.revision)})` : ''}`
                    : p.state === 'reopened'
                      ? 'Reopened: prepare it again'
                      : 'Awaiting approval'}
                </td>
                <td>
                  {p.preparedBy}, {formatWhen(p.preparedAt)}
                </td>
                <td>{p.approvedBy ? `${p.approvedBy}, ${formatWhen(p.approvedAt)}` : '—'}</td>
                <td className="num">{p.lateEvents}</td>
                <td>{p.packageDir ?? '—'}</td>
                <td>{p.state === 'approved' && <ReopenClose period={p} onChanged={onChanged} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
