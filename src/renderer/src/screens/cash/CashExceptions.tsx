import type { CashExceptionView } from '../../../../shared/commands/cash';
import { formatMoney } from '../../format';
import { ColumnHeads, num } from '../../components/ColumnHeads';
import { ExceptionOwner } from './ExceptionOwner';

/** Unmatched money, oldest first, aged in days, each with its owner: the list a supervisor watches shrink. */
export function CashExceptions({
  rows,
  onChanged,
}: {
  rows: readonly CashExceptionView[];
  onChanged: () => void;
}) {
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
                <td>{e.owner ?? <ExceptionOwner row={e} onAssigned={onChanged} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
