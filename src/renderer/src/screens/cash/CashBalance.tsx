import { CASH_LINES, CASH_LINE_LABEL, type CashBalanceView } from '../../../../shared/commands/cash';
import { formatMoney } from '../../format';
import { CashBreakdown } from './CashBreakdown';
import { ColumnHeads, num } from '../../components/ColumnHeads';
const LEG_LABEL = {
  bank_funding: 'Bank ↔ funding',
  funding_payments: 'Funding ↔ payments',
  payments_ehr: 'Payments ↔ EHR',
} as const;

/**
 * The four legs per currency; fees, chargebacks, eCheck returns and chargebacks won back on their own lines; the
 * cause of every variance.
 */
export function CashBalance({ balance }: { balance: CashBalanceView }) {
  return (
    <section className="panel" aria-label="Cash balance">
      <h2>
        Cash {balance.from} to {balance.to} ·{' '}
        {balance.balanced
          ? 'balanced'
          : `${String(balance.variances.length)} variances, ${String(balance.unexplained)} unexplained`}
      </h2>
      {Object.entries(balance.currencies).map(([currency, legs]) => (
        <div className="cards" key={currency}>
          {CASH_LINES.map((line) => (
            <div className="card" key={line}>
              <div className="card-label">{CASH_LINE_LABEL[line]}</div>
              <div className="card-value">{formatMoney(legs[line], currency)}</div>
            </div>
          ))}
        </div>
      ))}
      <CashBreakdown byDay={balance.breakdown} byFacility={balance.byFacility} />
      {balance.variances.length > 0 && (
        <table className="grid compact" aria-label="Cash variances">
          <ColumnHeads columns={['Cause', 'Between', 'About', 'Day', num('Amount'), 'Detail']} />
          <tbody>
            {balance.variances.map((v, i) => (
              <tr key={`${v.subject}:${v.cause}:${String(i)}`}>
                <td>
                  {v.causeText}
                  {v.unexplained ? ' (needs a person)' : ''}
                </td>
                <td>{LEG_LABEL[v.leg]}</td>
                <td className="mono">{v.subject}</td>
                <td>{v.date ?? '—'}</td>
                <td className="num">{formatMoney(v.amountMinor, v.currency)}</td>
                <td>{v.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {balance.lateEvents.length > 0 && (
        <p className="muted" role="note">
          {String(balance.lateEvents.length)} payment(s) arrived after their month closed (
          {balance.lateEvents
            .map((e) => `${e.processorTxnId} ${formatMoney(e.amountMinor, e.currency)}`)
            .join(', ')}
          ): held in the queue and counted in no figure above.
        </p>
      )}
    </section>
  );
}
