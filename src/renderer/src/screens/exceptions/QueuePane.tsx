import { EHR_LABEL, TENDER_LABEL, type ExceptionItem } from '../../../../shared/domain';
import { itemReason, statusMeaning, statusName } from '../../../../shared/words';
import { formatMoney, formatWhen } from '../../format';

/**
 * The cursor row in full, above the grid: the reason and next step unclipped, and the facts the grid leaves
 * out (encounter, tender, next attempt). It follows the keyboard cursor, so reading never needs a tooltip.
 */
export function QueuePane({ row }: { row: ExceptionItem | undefined }) {
  if (!row) return null;
  const words = itemReason(row);
  return (
    <section className="queue-pane" aria-label="Selected item" aria-live="polite" data-testid="queue-pane">
      <p className="queue-pane-head">
        <a href={`#/exceptions/${String(row.postingId)}`}>
          Payment <span className="mono">{row.processorTxnId}</span>
        </a>{' '}
        · {statusName(row.status)} · {formatMoney(row.amountMinor, row.currency)} · {EHR_LABEL[row.ehr]} ·{' '}
        {TENDER_LABEL[row.tender]} · account {row.guarantorAccount ?? '—'} · encounter{' '}
        {row.encounterId ?? '—'}
        {row.nextAttemptAt !== null && ` · next attempt ${formatWhen(row.nextAttemptAt)}`}
      </p>
      <p>
        <strong>Why:</strong> {words.sentence ?? statusMeaning(row.status)}
        {words.detail && (
          <span className="muted">
            {' '}
            ({EHR_LABEL[row.ehr]} said: “{words.detail}”)
          </span>
        )}
      </p>
      {words.nextStep && (
        <p>
          <strong>Next step:</strong> {words.nextStep}
        </p>
      )}
    </section>
  );
}
