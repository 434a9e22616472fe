import type { UseFormRegisterReturn } from 'react-hook-form';
import { BULK_ACTION_LABEL, type BulkPreview } from '../../../../shared/commands/console';
import { count, plural } from '../../../../shared/words';
import { StatusBadge } from '../../components/StatusBadge';
import { formatMoney, formatTotals } from '../../format';
import { ColumnHeads, num } from '../../components/ColumnHeads';

/**
 * The frozen set a bulk action will touch: its count and total, a sample of its items, and a typed
 * confirmation when it is large; then Run (or, while `running`, its progress).
 */
export function BulkPreviewStep({
  preview,
  running,
  confirmation,
  typed,
  onRun,
  onClose,
}: {
  preview: BulkPreview;
  running: boolean;
  /** The confirmation's field in the dialog's form (Run reads it from there). */
  confirmation: UseFormRegisterReturn;
  /** What is typed in it so far: Run waits for the phrase. */
  typed: string;
  onRun: () => void;
  onClose: () => void;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <p className="preview-summary" data-testid="bulk-preview">
        <strong>
          {BULK_ACTION_LABEL[preview.action]}
          {preview.assignee ? ` to ${preview.assignee}` : ''}: {preview.count} {plural('item', preview.count)}
          , {formatTotals(preview.totals)}
        </strong>
      </p>
      <p className="muted">
        Exactly these items are touched; items arriving after this preview are not. Each goes through the same
        checks as a single action, so nothing can be posted twice.
      </p>
      <table className="grid compact" aria-label="Items in this bulk action">
        <ColumnHeads columns={['Status', 'Transaction id', 'Guarantor account', num('Amount')]} />
        <tbody>
          {preview.sample.map((row) => (
            <tr key={row.postingId}>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td className="mono">{row.processorTxnId}</td>
              <td>{row.guarantorAccount ?? '—'}</td>
              <td className="num">{formatMoney(row.amountMinor, row.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.count > preview.sample.length && (
        <p className="muted">…and {preview.count - preview.sample.length} more.</p>
      )}
      {preview.confirmationPhrase && (
        <label className="field">
          Type “{preview.confirmationPhrase}” to confirm
          <input {...confirmation} autoComplete="off" autoFocus aria-describedby="bulk-confirm-why" />
          <span id="bulk-confirm-why" className="muted">
            Large sets need a typed confirmation.
          </span>
        </label>
      )}
      {running && (
        <p role="status" aria-live="polite">
          <progress aria-label="Bulk action progress" /> Working on {preview.count} items…
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="submit"
          autoFocus={preview.confirmationPhrase === null}
          disabled={
            running ||
            (preview.confirmationPhrase !== null && typed.trim().toLowerCase() !== preview.confirmationPhrase)
          }
        >
          Run on {count(preview.count, 'item')}
        </button>
        <button type="button" className="secondary" onClick={onClose} disabled={running}>
          Cancel
        </button>
      </div>
    </form>
  );
}
