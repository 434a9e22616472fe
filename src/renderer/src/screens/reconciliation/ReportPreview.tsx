import type { ReportPreview as Preview } from '../../../../shared/commands/reconciliation';
import { EVENT_KIND_LABEL, TENDER_LABEL } from '../../../../shared/domain';
import { signedMinor } from '../../../../shared/signed-money';
import { count, DIMENSION_NAME, groupValueName, itemReason, keyInWords } from '../../../../shared/words';
import { StatusBadge } from '../../components/StatusBadge';
import { formatMoney } from '../../format';

/** A total's value in words: "One-time payment", not `one_time_payment`; a facility as it is named. */
function totalValue(dimension: string, value: string): string {
  if (dimension === 'all') return value === 'all' || value === '' ? 'Every payment' : value;
  if (dimension === 'facility') return value;
  return groupValueName(dimension, value);
}

/** One facility day of the reconciliation file or the payments detail report, as it will be written. */
export function ReportPreview({ preview }: { preview: Preview }) {
  return (
    <section className="panel" aria-label={`Preview for ${preview.facility}`}>
      <h2>
        {preview.facility} · {preview.date} · {count(preview.rowCount, 'row')}
      </h2>
      <table className="grid compact" aria-label={`Control totals for ${preview.facility}`}>
        <thead>
          <tr>
            <th scope="col">Control total</th>
            <th scope="col">Value</th>
            <th scope="col" className="num">
              Count
            </th>
            <th scope="col" className="num">
              Gross
            </th>
            <th scope="col" className="num">
              Net
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.controlTotals.map((t) => (
            <tr key={`${t.dimension}:${t.value}:${t.currency}`}>
              <td>{DIMENSION_NAME[t.dimension] ?? keyInWords(t.dimension)}</td>
              <td>{totalValue(t.dimension, t.value)}</td>
              <td className="num">{t.count}</td>
              <td className="num">{formatMoney(t.grossMinor, t.currency)}</td>
              <td className="num">{formatMoney(t.amountMinor, t.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.rows.length > 0 && (
        <table className="grid compact" aria-label={`First rows for ${preview.facility}`}>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Transaction id</th>
              <th scope="col">Kind</th>
              <th scope="col">Tender</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Guarantor account</th>
              <th scope="col">Reason</th>
              <th scope="col">Next step</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.eventId}>
                <td>{row.status ? <StatusBadge status={row.status} /> : 'Not routed yet'}</td>
                <td className="mono">{row.processorTxnId}</td>
                <td>{EVENT_KIND_LABEL[row.kind]}</td>
                <td>{TENDER_LABEL[row.tender]}</td>
                <td className="num">{formatMoney(signedMinor(row.kind, row.amountMinor), row.currency)}</td>
                <td>{row.guarantorAccount ?? '—'}</td>
                <td>{itemReason(row).sentence ?? '—'}</td>
                <td>{itemReason(row).nextStep ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.rowCount > preview.rows.length && (
        <p className="muted">
          Showing the first {preview.rows.length} of {preview.rowCount}; the file carries them all.
        </p>
      )}
    </section>
  );
}
