import type { AuditVerification } from '../../../../shared/commands/audit';
import { useApi } from '../../hooks/api-context';
import { formatWhen } from '../../format';
import { useState } from 'react';
import { errorText } from './use-action';

/** Walks the hash-chained audit log against the head copied outside the database, on request. */
export function AuditCheck() {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<AuditVerification | { error: string } | null>(null);
  const verify = () => {
    setBusy(true);
    setAnswer(null);
    api
      .invoke('audit.verify', {})
      .then(setAnswer, (error: unknown) => setAnswer({ error: errorText(error) }))
      .finally(() => setBusy(false));
  };
  return (
    <div>
      <h3>Audit log</h3>
      <p className="muted">
        Every entry carries the hash of the one before it; the newest is also copied outside the database, so
        a changed, removed or truncated entry shows.
      </p>
      <button type="button" onClick={verify} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify the audit chain'}
      </button>
      {answer && (
        <div
          className={`test-result ${'error' in answer || !answer.ok ? 'test-bad' : 'test-ok'}`}
          role={'error' in answer || !answer.ok ? 'alert' : 'status'}
          data-testid="audit-verification"
        >
          {'error' in answer ? (
            <>
              <strong>The check could not run.</strong> {answer.error}
            </>
          ) : answer.ok ? (
            <>
              <strong>Audit log intact.</strong> {answer.checked} entries checked
              {answer.anchor
                ? `, against the head copied at entry ${String(answer.anchor.id)} (${formatWhen(answer.anchor.writtenAt)})`
                : ', no head copied outside the database yet'}
              .
            </>
          ) : (
            <>
              <strong>Audit log broken</strong>
              {answer.brokenAt?.id != null ? ` at entry ${String(answer.brokenAt.id)}` : ''}:{' '}
              {answer.brokenAt?.reason}. {answer.checked} entries before it hold.
            </>
          )}
          {!('error' in answer) &&
            answer.recoveries.map((r) => (
              <p key={r.entryId}>
                Recovered from the snapshot of {formatWhen(r.snapshotTakenAt)} on {formatWhen(r.at)}:{' '}
                {r.entriesLost === null
                  ? 'how many entries were lost is not known'
                  : `${String(r.entriesLost)} entries lost`}
                .
              </p>
            ))}
        </div>
      )}
    </div>
  );
}
