import { plainText } from '../../../../shared/words';
import { useState, type SyntheticEvent } from 'react';
import type { QuarantineReleaseResult } from '../../../../shared/commands/quarantine';
import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { formatWhen } from '../../format';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import { useUi } from '../../stores/ui';
import { FacilityField } from '../../components/FacilityField';
import { groupOf, type ReleaseGroup } from './bulk-release';
import { prettyInput } from './labels';
import { DiscardForm } from './DiscardForm';
import { QuarantineFacts } from './QuarantineFacts';

interface Corrections {
  facility: string;
  ehr: EhrSystem | '';
  guarantorAccount: string;
  encounterId: string;
  note: string;
}

const EMPTY: Corrections = { facility: '', ehr: '', guarantorAccount: '', encounterId: '', note: '' };

const OUTCOME_TEXT: Record<QuarantineReleaseResult['outcome'], string> = {
  released: 'Released: stored as a new payment and queued for posting.',
  already_received: 'Released: this transaction was already received, so nothing new is posted.',
  still_quarantined: 'Still quarantined: the corrected input was refused again.',
};

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

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
  const [form, setForm] = useState<Corrections>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const field = <K extends keyof Corrections>(name: K) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [name]: e.target.value as Corrections[K] })),
  });

  const release = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    const corrections = {
      ...(form.facility.trim() ? { facility: form.facility.trim() } : {}),
      ...(form.ehr ? { ehr: form.ehr } : {}),
      ...(form.guarantorAccount.trim() ? { guarantorAccount: form.guarantorAccount.trim() } : {}),
      ...(form.encounterId.trim() ? { encounterId: form.encounterId.trim() } : {}),
    };
    api
      .invoke('quarantine.release', {
        id,
        corrections,
        ...(form.note.trim() ? { note: form.note.trim() } : {}),
      })
      .then(
        (released) => {
          const still = released.outcome === 'still_quarantined';
          setResult({
            ok: !still,
            text: still
              ? `${OUTCOME_TEXT.still_quarantined} ${plainText(released.entry.reason)}`
              : OUTCOME_TEXT[released.outcome],
          });
          detail.reload();
        },
        (cause: unknown) => setResult({ ok: false, text: message(cause) }),
      )
      .finally(() => setBusy(false));
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
              <form className="form-grid" onSubmit={release} aria-label="Correct and release">
                <h3 className="form-actions">Correct and release</h3>
                <p className="muted form-actions">
                  Leave a field empty to keep what the input says.{' '}
                  <button type="button" className="link" onClick={() => onCorrectAll(groupOf(entry))}>
                    Correct every open row like this one at once…
                  </button>
                </p>
                <FacilityField
                  className="field"
                  label="Facility"
                  value={form.facility}
                  onChange={(facility) => setForm((f) => ({ ...f, facility }))}
                />
                <label className="field">
                  EHR
                  <select {...field('ehr')}>
                    <option value="">As in the input</option>
                    {EHR_SYSTEMS.map((e) => (
                      <option key={e} value={e}>
                        {EHR_LABEL[e]}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  Guarantor account
                  <input {...field('guarantorAccount')} maxLength={100} autoComplete="off" />
                </label>
                <label className="field">
                  Encounter
                  <input {...field('encounterId')} maxLength={100} autoComplete="off" />
                </label>
                <label className="field form-actions">
                  Note (optional)
                  <input {...field('note')} maxLength={2000} autoComplete="off" />
                </label>
                <div className="form-actions">
                  <button type="submit" disabled={!connected || busy}>
                    Release
                  </button>
                </div>
              </form>
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
