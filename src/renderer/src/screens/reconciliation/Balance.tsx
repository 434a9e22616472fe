import { VARIANCE_CAUSE_LABEL, type BalanceResult } from '../../../../shared/commands/reconciliation';
import { EVENT_KIND_LABEL } from '../../../../shared/domain';
import { formatMoney } from '../../format';
import { ColumnHeads, num } from '../../components/ColumnHeads';

function Side({ title, totals }: { title: string; totals: BalanceResult['processor'] }) {
  const entries = Object.entries(totals);
  return (
    <div className="card">
      <div className="card-label">{title}</div>
      {entries.length === 0 ? (
        <div className="card-value">—</div>
      ) : (
        entries.map(([currency, t]) => (
          <div key={currency} className="card-value">
            {formatMoney(t.amountMinor, currency)} <span className="muted">({t.count})</span>
          </div>
        ))
      )}
    </div>
  );
}

/** The processor, Clearpost and the EHR side by side (net: refunds and voids negative), and why each variance exists. */
export function Balance({ result }: { result: BalanceResult }) {
  return (
    <section className="panel" aria-label="Balancing">
      <h2>
        Balancing {result.facility ?? 'all facilities'} · {result.date} ·{' '}
        {result.balanced
          ? 'balanced'
          : `${String(result.variances.length)} variances, ${String(result.unexplained)} unexplained`}
      </h2>
      <div className="cards">
        <Side title="Processor" totals={result.processor} />
        <Side title="Clearpost (posted)" totals={result.clearpost} />
        <Side title="EHR" totals={result.ehr} />
      </div>
      {result.variances.length > 0 && (
        <table className="grid compact" aria-label="Variances">
          <ColumnHeads
            columns={['Cause', 'Transaction id', 'Sent to the EHR as', 'Kind', num('Processor'), num('EHR')]}
          />
          <tbody>
            {result.variances.map((v) => (
              <tr key={`${v.processorTxnId}:${v.kind}:${v.cause}`}>
                <td>{VARIANCE_CAUSE_LABEL[v.cause]}</td>
                <td className="mono">{v.processorTxnId}</td>
                <td className="mono">{v.externalId}</td>
                <td>{EVENT_KIND_LABEL[v.kind]}</td>
                <td className="num">{formatMoney(v.processorMinor, v.currency)}</td>
                <td className="num">{formatMoney(v.ehrMinor, v.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
