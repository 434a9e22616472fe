import { useMemo } from 'react';
import { BULK_ACTION_LABEL, type BulkReceipt } from '../../../../shared/commands/console';
import type { ExceptionItem } from '../../../../shared/domain';
import { count } from '../../../../shared/words';
import { formatMoney, formatTotals } from '../../format';
import { useQuery } from '../../hooks/use-query';
import { saveCsv } from '../../save-file';
import { receiptCsv, receiptFileName } from './receipt-csv';
import { receiptLines, resultTotals, stillWaiting, type ReceiptLine } from './receipt-lines';
import { ColumnHeads, num } from '../../components/ColumnHeads';

const download = (receipt: BulkReceipt, lines: readonly ReceiptLine[]): void =>
  saveCsv(receiptCsv(receipt, lines), receiptFileName(receipt));

/**
 * The receipt of a bulk run. A retry is only queued by the run: the receipt follows each item (re-queried
 * when postings change) and says what the EHR answered, so nine refusals never read as "9 done".
 */
export function BulkReceiptView({ receipt, onClose }: { receipt: BulkReceipt; onClose: () => void }) {
  // A receipt always has items (an empty set is refused at preview).
  const ids = useMemo(() => receipt.items.map((i) => i.postingId), [receipt]);
  const current = useQuery('queue.byIds', { ids }, ['postings']);
  const now = useMemo(
    () => new Map<number, ExceptionItem>((current.data ?? []).map((r) => [r.postingId, r])),
    [current.data],
  );
  const lines = receiptLines(receipt, now);
  const totals = resultTotals(lines);
  const waiting = stillWaiting(lines);
  return (
    <div data-testid="bulk-receipt">
      <p className="receipt-summary" role="status" aria-live="polite">
        <strong>
          {BULK_ACTION_LABEL[receipt.action]} on {count(receipt.items.length, 'item')}
          {waiting ? ' — waiting for the answers:' : ' — finished:'}
        </strong>{' '}
        {totals.map((t, i) => (
          <span key={t.result} className={`result-${t.result.replace(/\s+/g, '-')}`}>
            {i > 0 && ' · '}
            {t.count} {t.result} ({formatTotals(t.totals)})
          </span>
        ))}
      </p>
      <table className="grid compact receipt" aria-label="Bulk receipt">
        <ColumnHeads
          columns={[
            'Transaction id',
            'Guarantor account',
            num('Amount'),
            'Status before',
            'Status now',
            'Result',
          ]}
        />
        <tbody>
          {lines.map((line) => (
            <tr key={line.item.postingId}>
              <td className="mono">{line.item.processorTxnId}</td>
              <td>{line.item.guarantorAccount ?? '—'}</td>
              <td className="num">
                {line.item.currency ? formatMoney(line.item.amountMinor, line.item.currency) : '—'}
              </td>
              <td>{line.statusBefore}</td>
              <td>{line.statusNow}</td>
              <td className={`tone-${line.tone}`}>{line.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" onClick={() => download(receipt, lines)} autoFocus>
          Export receipt (CSV)
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
