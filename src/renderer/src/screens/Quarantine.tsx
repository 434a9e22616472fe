import { useState, type SyntheticEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  EVENT_SOURCES,
  QUARANTINE_STATES,
  type EventSource,
  type QuarantineState,
} from '../../../shared/domain';
import { Options } from '../components/Options';
import { PagedListView } from '../components/PagedListView';
import '../quarantine.css';
import { BulkRelease } from './quarantine/BulkRelease';
import type { ReleaseGroup } from './quarantine/bulk-release';
import { QuarantineDetail } from './quarantine/QuarantineDetail';
import { QuarantineTable } from './quarantine/QuarantineTable';
import { SOURCE_LABEL, STATE_LABEL } from './quarantine/labels';
import { useQuarantineList } from './quarantine/use-quarantine-list';

const isState = (v: string | null): v is QuarantineState =>
  (QUARANTINE_STATES as readonly string[]).includes(v ?? '');
const isSource = (v: string | null): v is EventSource =>
  (EVENT_SOURCES as readonly string[]).includes(v ?? '');

/**
 * Everything intake refused — webhooks and report rows — with its reason and source, for an operator to
 * correct and release into the pipeline (one row, or every row of a file at once) or discard with a reason.
 * The filters live in the address (`?state=open&ref=march.csv%23`), so the import screen can link to a
 * file's rows and Back returns to the same list.
 */
export function Quarantine() {
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state');
  const state: QuarantineState | '' = stateParam === 'any' ? '' : isState(stateParam) ? stateParam : 'open';
  const sourceParam = params.get('source');
  const source: EventSource | '' = isSource(sourceParam) ? sourceParam : '';
  const reason = params.get('reason') ?? '';
  const ref = params.get('ref') ?? '';
  const [reasonInput, setReasonInput] = useState(reason);
  const [refInput, setRefInput] = useState(ref);
  const [selected, setSelected] = useState<number | null>(null);
  const [bulk, setBulk] = useState<ReleaseGroup | null>(null);
  const list = useQuarantineList({
    ...(state ? { states: [state] } : {}),
    ...(source ? { sources: [source] } : {}),
    ...(reason ? { reasonCodes: [reason] } : {}),
    ...(ref ? { sourceRef: ref } : {}),
  });

  const setParam = (name: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [name, value] of [
          ['reason', reasonInput.trim().toLowerCase()],
          ['ref', refInput.trim()],
        ] as const) {
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );
  };

  return (
    <section aria-labelledby="quarantine-title" className="quarantine">
      <h1 id="quarantine-title">Quarantine</h1>
      <p className="muted">
        Inputs intake refused are kept here with the reason, never dropped. Card numbers were masked when they
        arrived. Report files are imported on the <Link to="/import">Import</Link> screen.
      </p>
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          State
          <select value={state || 'any'} onChange={(e) => setParam('state', e.target.value)}>
            <option value="any">Any state</option>
            <Options values={QUARANTINE_STATES} labels={STATE_LABEL} />
          </select>
        </label>
        <label>
          Source
          <select value={source} onChange={(e) => setParam('source', e.target.value)}>
            <Options values={EVENT_SOURCES} labels={SOURCE_LABEL} none="Any source" />
          </select>
        </label>
        <label>
          Reason code
          <input
            value={reasonInput}
            onChange={(e) => setReasonInput(e.target.value)}
            placeholder="e.g. missing_facility"
            pattern="[A-Za-z][A-Za-z0-9_]*"
          />
        </label>
        <label>
          File or source (start of)
          <input
            value={refInput}
            onChange={(e) => setRefInput(e.target.value)}
            placeholder="e.g. march.csv"
          />
        </label>
        <button type="submit">Filter</button>
        {ref && state === 'open' && list.rows.length > 0 && (
          <button type="button" onClick={() => setBulk({ reasonCode: reason || null, sourceRef: ref })}>
            Correct every open row shown…
          </button>
        )}
      </form>
      {bulk && <BulkRelease key={JSON.stringify(bulk)} group={bulk} onClose={() => setBulk(null)} />}
      <div className={selected === null ? 'quarantine-body' : 'quarantine-body with-detail'}>
        <div className="quarantine-list">
          <PagedListView list={list} empty="Nothing quarantined matches.">
            {(rows) => <QuarantineTable rows={rows} selected={selected} onSelect={setSelected} />}
          </PagedListView>
        </div>
        {selected !== null && (
          <QuarantineDetail
            key={selected}
            id={selected}
            onClose={() => setSelected(null)}
            onCorrectAll={setBulk}
          />
        )}
      </div>
    </section>
  );
}
