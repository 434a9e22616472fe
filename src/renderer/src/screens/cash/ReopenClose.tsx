import { useState, type SyntheticEvent } from 'react';
import type { ClosePeriodView } from '../../../../shared/commands/cash-close';
import { useApi } from '../../hooks/api-context';

/**
 * Reopening a closed month, maker-checker: one supervisor asks with a reason, a second approves; the month is
 * then open until it is prepared and approved again, and the earlier package is marked superseded.
 */
export function ReopenClose({ period, onChanged }: { period: ClosePeriodView; onChanged: () => void }) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    call()
      .then(onChanged)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const key = { scope: period.scope, month: period.month };
  const ask = (event: SyntheticEvent) => {
    event.preventDefault();
    run(() => api.invoke('cash.close.requestReopen', { ...key, reason }));
  };
  return (
    <>
      {period.reopenRequest ? (
        <span>
          Reopening asked by {period.reopenRequest.requestedBy}: {period.reopenRequest.reason}{' '}
          <button
            type="button"
            disabled={busy}
            onClick={() => run(() => api.invoke('cash.close.approveReopen', key))}
          >
            Approve reopening
          </button>
        </span>
      ) : (
        <form className="inline-form" onSubmit={ask} aria-label={`Reopen ${period.month}`}>
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-label={`Why reopen ${period.month}`}
            placeholder="Why reopen it"
            maxLength={2000}
            required
          />
          <button type="submit" disabled={busy}>
            Ask to reopen
          </button>
        </form>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
