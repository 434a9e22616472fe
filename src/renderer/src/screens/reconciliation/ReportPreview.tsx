import type { ReportPreview as Preview } from '../../../../shared/commands/reconciliation';
import { EVENT_KIND_LABEL, TENDER_LABEL } from '../../../../shared/domain';
import { signedMinor } from '../../../../shared/signed-money';
import { count, DIMENSION_NAME, groupValueName, itemReason, keyInWords } from '../../../../shared/words';
import { StatusBadge } from '../../components/StatusBadge';
import { formatMoney } from '../../format';
import { ColumnHeads, num } from '../../components/ColumnHeads';

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
        <ColumnHeads columns={['Control total', 'Value', num('Count'), num('Gross'), num('Net')]} />
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
          <ColumnHeads
            columns={[
              'Status',
              'Transaction id',
              'Kind',
              'Tender',
              num('Amount'),
              'Guarantor account',
              'Reason',
              'Next step',
            ]}
          />
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
