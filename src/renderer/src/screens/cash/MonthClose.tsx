import { useState } from 'react';
import type { ClosePeriodView } from '../../../../shared/commands/cash-close';
import { useApi } from '../../hooks/api-context';
import { formatWhen } from '../../format';
import { ReopenClose } from './ReopenClose';
import { ColumnHeads, num } from '../../components/ColumnHeads';
import { ActionOutcome } from '../../components/ActionOutcome';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';

type CloseCommand = 'cash.close.prepare' | 'cash.close.approve';
interface CloseValues {
  month: string;
  scope: string;
}

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
  const close = useCommandForm({
    command: 'cash.close.prepare',
    toArgs: (v: CloseValues) => ({ scope: v.scope.trim() || '*', month: v.month }),
    defaultValues: { month: lastMonth(), scope: '*' },
  });
  const [done, setDone] = useState<string | null>(null);
  // Both buttons send the month and facility: main's two commands take the very same arguments.
  const act = (name: CloseCommand) =>
    close.onSubmit(async (args) => {
      setDone(null);
      const p = await api.invoke(name, args);
      setDone(
        p.state === 'approved'
          ? `${p.month} closed; package written to ${p.packageDir ?? '—'}.`
          : `${p.month} prepared by ${p.preparedBy}; a second supervisor approves it.`,
      );
      onChanged();
    });
  const prepare = act('cash.close.prepare');
  const approve = act('cash.close.approve');
  const busy = close.form.formState.isSubmitting;
  return (
    <section className="panel" aria-labelledby="month-close-title">
      <h2 id="month-close-title">Month-end close</h2>
      <form className="filters" onSubmit={(e) => void prepare(e)} aria-label="Month to close" noValidate>
        <Field of={close} name="month" label="Month">
          {(c) => <input {...c} type="month" />}
        </Field>
        <Field of={close} name="scope" label="Facility (* for all)" />
        <button type="submit" disabled={busy}>
          Prepare close
        </button>
        <button type="button" onClick={(e) => void approve(e)} disabled={busy}>
          Approve close
        </button>
        <FormStatus of={close} />
      </form>
      <ActionOutcome error={null} done={done} />
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
