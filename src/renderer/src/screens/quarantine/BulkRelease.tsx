import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { RELEASE_MANY_MAX, type QuarantineReleaseManyResult } from '../../../../shared/commands/quarantine';
import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { count } from '../../../../shared/words';
import { FacilityField } from '../../components/FacilityField';
import { useApi } from '../../hooks/api-context';
import { useUi } from '../../stores/ui';
import {
  addResults,
  BULK_RELEASE_MAX,
  groupTitle,
  openIdsOf,
  releaseSummary,
  type ReleaseGroup,
} from './bulk-release';

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * One correction for many rows ("set facility NORTH for every row of this file"): the group's open rows are
 * counted first, then released in batches, each row through intake as if released alone. The answer counts
 * every outcome, so rows refused again are never reported as done.
 */
export function BulkRelease({ group, onClose }: { group: ReleaseGroup; onClose: () => void }) {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const [ids, setIds] = useState<readonly number[] | null>(null);
  const [facility, setFacility] = useState('');
  const [ehr, setEhr] = useState<EhrSystem | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<QuarantineReleaseManyResult | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    let live = true;
    openIdsOf(api, group).then(
      (found) => live && setIds(found),
      (cause: unknown) => live && setError(message(cause)),
    );
    return () => {
      live = false;
    };
  }, [api, group]);

  const release = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!ids || ids.length === 0) return;
    if (!facility.trim() && !ehr) {
      setError('Give the facility or the EHR to set on every row.');
      return;
    }
    setBusy(true);
    setError(null);
    const corrections = {
      ...(facility.trim() ? { facility: facility.trim() } : {}),
      ...(ehr ? { ehr } : {}),
    };
    const run = async () => {
      const results: QuarantineReleaseManyResult[] = [];
      for (let i = 0; i < ids.length; i += RELEASE_MANY_MAX) {
        results.push(
          await api.invoke('quarantine.releaseMany', {
            ids: ids.slice(i, i + RELEASE_MANY_MAX),
            corrections,
            ...(note.trim() ? { note: note.trim() } : {}),
          }),
        );
      }
      return addResults(results);
    };
    run()
      .then(setResult, (cause: unknown) => setError(message(cause)))
      .finally(() => setBusy(false));
  };

  const n = ids?.length ?? 0;
  return (
    <form className="panel bulk-release" aria-labelledby="bulk-release-title" onSubmit={release}>
      <h2 id="bulk-release-title" ref={heading} tabIndex={-1}>
        Correct {groupTitle(group)}
      </h2>
      <p className="muted" role="status">
        {ids === null
          ? 'Counting the open rows…'
          : `${count(n, 'open row')}${n >= BULK_RELEASE_MAX ? ' (the most one correction takes)' : ''} will get the same correction, each released through intake as if alone.`}
      </p>
      {result === null && (
        <div className="form-grid">
          <FacilityField className="field" label="Set facility" value={facility} onChange={setFacility} />
          <label className="field">
            Set EHR
            <select value={ehr} onChange={(e) => setEhr(e.target.value as EhrSystem | '')}>
              <option value="">Leave as the rows say</option>
              {EHR_SYSTEMS.map((e) => (
                <option key={e} value={e}>
                  {EHR_LABEL[e]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Note (optional)
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          </label>
          <div className="form-actions">
            <button type="submit" disabled={!connected || busy || n === 0}>
              {busy ? 'Releasing…' : `Release ${count(n, 'row')}`}
            </button>
          </div>
        </div>
      )}
      {result && (
        <p className="form-ok" role="status" data-testid="bulk-release-result">
          {releaseSummary(result)}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="link" onClick={onClose}>
        Close
      </button>
    </form>
  );
}
