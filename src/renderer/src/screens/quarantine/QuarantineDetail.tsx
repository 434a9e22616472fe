import { plainText } from '../../../../shared/words';
import { useState } from 'react';
import type { CommandArgs } from '../../../../shared/contract';
import type { QuarantineReleaseResult } from '../../../../shared/commands/quarantine';
import { formatWhen } from '../../format';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import { useUi } from '../../stores/ui';
import { groupOf, type ReleaseGroup } from './bulk-release';
import { prettyInput } from './labels';
import { DiscardForm } from './DiscardForm';
import { ReleaseForm } from './ReleaseForm';
import { QuarantineFacts } from './QuarantineFacts';

const OUTCOME_TEXT: Record<QuarantineReleaseResult['outcome'], string> = {
  released: 'Released: stored as a new payment and queued for posting.',
  already_received: 'Released: this transaction was already received, so nothing new is posted.',
  still_quarantined: 'Still quarantined: the corrected input was refused again.',
};

/** One quarantined input in full: correct and release it, or discard it with a reason. */
interface Props {
  readonly id: number;
  readonly onClose: () => void;
  /** Opens the bulk correction for the rows sharing this one's reason (and file). */
  readonly onCorrectAll: (group: ReleaseGroup) => void;
}

export function QuarantineDetail({ id, onClose, onCorrectAll }: Props) {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const detail = useQuery('quarantine.get', { id }, ['quarantined_inputs', 'audit_events']);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  /** Sends a release and says what became of it; a refusal is shown on the form, at its field. */
  const release = async (args: CommandArgs<'quarantine.release'>) => {
    setResult(null);
    const released = await api.invoke('quarantine.release', args);
    const still = released.outcome === 'still_quarantined';
    setResult({
      ok: !still,
      text: still
        ? `${OUTCOME_TEXT.still_quarantined} ${plainText(released.entry.reason)}`
        : OUTCOME_TEXT[released.outcome],
    });
    detail.reload();
  };

  const entry = detail.data?.entry;
  return (
    <aside
      className="panel quarantine-detail"
      aria-labelledby="quarantine-detail-title"
      data-testid="quarantine-detail"
    >
      <div className="quarantine-detail-head">
        <h2 id="quarantine-detail-title">Quarantined input {String(id)}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {detail.error && (
        <div className="state state-error" role="alert">
          {detail.error.message}
        </div>
      )}
      {!entry && !detail.error && <div className="state">Loading…</div>}
      {entry && (
        <>
          <QuarantineFacts entry={entry} />
          {entry.state === 'open' && (
            <>
              <ReleaseForm
                id={id}
                disabled={!connected || busy}
                onCorrectAll={() => onCorrectAll(groupOf(entry))}
                onRelease={release}
              />
              <DiscardForm
                id={id}
                disabled={!connected || busy}
                onBusy={setBusy}
                onResult={(r) => {
                  setResult(r);
                  if (r.ok) detail.reload();
                }}
              />
            </>
          )}
          <h3>Input as received (card data masked)</h3>
          <pre className="quarantine-input" data-testid="quarantine-input">
            {prettyInput(entry.redactedInput)}
          </pre>
          {result && (
            <p
              className={result.ok ? 'form-ok' : 'form-error'}
              role={result.ok ? 'status' : 'alert'}
              data-testid="quarantine-result"
            >
              {result.text}
            </p>
          )}
          {detail.data.history.length > 0 && (
            <>
              <h3>History</h3>
              <ul className="quarantine-history">
                {detail.data.history.map((h) => (
                  <li key={h.id}>
                    {formatWhen(h.at)} · {h.actor} · {h.action}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </aside>
  );
}
