import { Link } from 'react-router';
import { EHR_LABEL, EVENT_KIND_LABEL, TENDER_LABEL, type ExceptionItem } from '../../../../shared/domain';
import { signedMinor } from '../../../../shared/signed-money';
import { StatusBadge } from '../../components/StatusBadge';
import { formatMoney, formatWhen } from '../../format';
import { ColumnHeads, num } from '../../components/ColumnHeads';

/** The payments found, amounts signed: a refund or void shows as money going back (−$20.00). */
export function TransactionsTable({ rows }: { rows: readonly ExceptionItem[] }) {
  return (
    <table className="grid" aria-label="Transactions">
      <ColumnHeads
        columns={[
          'Status',
          'Transaction id',
          'Kind',
          'Tender',
          num('Amount'),
          'EHR',
          'Facility',
          'Guarantor account',
          'Encounter',
          'When',
        ]}
      />
      <tbody>
        {rows.map((row) => {
          const signed = signedMinor(row.kind, row.amountMinor);
          return (
            <tr key={row.postingId}>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td className="mono">
                <Link to={`/exceptions/${String(row.postingId)}`}>{row.processorTxnId}</Link>
              </td>
              <td>{EVENT_KIND_LABEL[row.kind]}</td>
              <td>{TENDER_LABEL[row.tender]}</td>
              <td className="num">{formatMoney(signed, row.currency)}</td>
              <td>{EHR_LABEL[row.ehr]}</td>
              <td>{row.facility}</td>
              <td>{row.guarantorAccount ?? '—'}</td>
              <td>{row.encounterId ?? '—'}</td>
              <td>{formatWhen(row.transactionAt)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
