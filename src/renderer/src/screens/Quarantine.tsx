import { plainText } from '../../../shared/words';
import { useCallback, useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { ApiError } from '../../../shared/api-error';
import type { QuarantineListRow, QuarantineQuery } from '../../../shared/commands/intake';
import {
  EVENT_SOURCES,
  QUARANTINE_STATES,
  type EventSource,
  type QuarantineState,
} from '../../../shared/domain';
import { formatWhen } from '../format';
import { useApi } from '../hooks/api-context';
import { REQUERY_DELAY_MS } from '../hooks/use-query';
import '../quarantine.css';
import { ImportPanel } from './quarantine/ImportPanel';
import { QuarantineDetail } from './quarantine/QuarantineDetail';
import { prettyInput, SOURCE_LABEL, STATE_LABEL } from './quarantine/labels';

const PAGE = 50;
type Filters = Omit<QuarantineQuery, 'limit' | 'after'>;

interface ListState {
  readonly key: string;
  readonly rows: readonly QuarantineListRow[];
  readonly next: number | null;
  readonly error: ApiError | null;
}

const asApiError = (cause: unknown) =>
  cause instanceof ApiError ? cause : new ApiError({ code: 'unavailable', message: String(cause) });

/** Quarantined inputs, newest first, a page at a time; re-fetched from the top when main reports a change. */
function useQuarantineList(filters: Filters) {
  const api = useApi();
  const key = JSON.stringify(filters);
  const [state, setState] = useState<ListState>({ key: '', rows: [], next: null, error: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef(0);
  const loaded = useRef(0);
  useEffect(() => {
    loaded.current = state.rows.length;
  }, [state]);

  const refresh = useCallback(() => {
    const id = ++generation.current;
    const want = Math.min(500, Math.max(PAGE, loaded.current));
    api.invoke('quarantine.list', { ...(JSON.parse(key) as Filters), limit: want }).then(
      (page) => {
        if (id === generation.current) setState({ key, rows: page.rows, next: page.next, error: null });
      },
      (cause: unknown) => {
        if (id === generation.current) setState((s) => ({ ...s, key, error: asApiError(cause) }));
      },
    );
  }, [api, key]);

  useEffect(refresh, [refresh]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.on('db.changed', ({ tables }) => {
      if (timer !== undefined || !tables.includes('quarantined_inputs')) return;
      timer = setTimeout(() => {
        timer = undefined;
        refresh();
      }, REQUERY_DELAY_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [api, refresh]);

  const loadMore = () => {
    if (loadingMore || state.next === null || state.key !== key) return;
    const id = generation.current;
    setLoadingMore(true);
    api
      .invoke('quarantine.list', { ...(JSON.parse(key) as Filters), limit: PAGE, after: state.next })
      .then(
        (page) => {
          if (id === generation.current)
            setState((s) => ({ ...s, rows: [...s.rows, ...page.rows], next: page.next, error: null }));
        },
        (cause: unknown) => {
          if (id === generation.current) setState((s) => ({ ...s, error: asApiError(cause) }));
        },
      )
      .finally(() => setLoadingMore(false));
  };

  const current = state.key === key;
  return {
    rows: current ? state.rows : [],
    ready: current,
    complete: current && state.next === null,
    error: current ? state.error : null,
    loadingMore,
    loadMore,
  };
}

/**
 * Everything intake refused — webhooks and report rows — with its reason and source, for an operator to
 * correct and release into the pipeline or discard with a reason. Report files are imported here too.
 */
export function Quarantine() {
  const [state, setState] = useState<QuarantineState | ''>('open');
  const [source, setSource] = useState<EventSource | ''>('');
  const [reasonInput, setReasonInput] = useState('');
  const [reason, setReason] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const list = useQuarantineList({
    ...(state ? { states: [state] } : {}),
    ...(source ? { sources: [source] } : {}),
    ...(reason ? { reasonCodes: [reason] } : {}),
  });

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setReason(reasonInput.trim().toLowerCase());
  };

  return (
    <section aria-labelledby="quarantine-title" className="quarantine">
      <h1 id="quarantine-title">Quarantine</h1>
      <p className="muted">
        Inputs intake refused are kept here with the reason, never dropped. Card numbers were masked when they
        arrived.
      </p>
      <ImportPanel />
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          State
          <select value={state} onChange={(e) => setState(e.target.value as QuarantineState | '')}>
            <option value="">Any state</option>
            {QUARANTINE_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select value={source} onChange={(e) => setSource(e.target.value as EventSource | '')}>
            <option value="">Any source</option>
            {EVENT_SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABEL[s]}
              </option>
            ))}
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
        <button type="submit">Filter</button>
      </form>
      <div className={selected === null ? 'quarantine-body' : 'quarantine-body with-detail'}>
        <div className="quarantine-list">
          {list.error && (
            <div className="state state-error" role="alert">
              {list.error.message}
            </div>
          )}
          {!list.ready && !list.error && (
            <div className="state" role="status" aria-live="polite">
              Loading…
            </div>
          )}
          {list.ready && list.rows.length === 0 && (
            <div className="state state-empty">Nothing quarantined matches.</div>
          )}
          {list.rows.length > 0 && (
            <table className="grid" aria-label="Quarantined inputs">
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Source</th>
                  <th scope="col">State</th>
                  <th scope="col">Input (redacted)</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <tr
                    key={row.id}
                    className={row.id === selected ? 'selected' : undefined}
                    data-testid="quarantine-row"
                  >
                    <td>
                      <button type="button" className="link" onClick={() => setSelected(row.id)}>
                        {formatWhen(row.receivedAt)}
                      </button>
                    </td>
                    <td>{plainText(row.reason)}</td>
                    <td>
                      {SOURCE_LABEL[row.source]}
                      {row.sourceRef && <div className="muted mono">{row.sourceRef}</div>}
                    </td>
                    <td>{STATE_LABEL[row.state]}</td>
                    <td>
                      <pre className="quarantine-preview">
                        {row.inputTruncated ? `${row.inputPreview}…` : prettyInput(row.inputPreview)}
                      </pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {!list.complete && list.rows.length > 0 && (
            <button type="button" onClick={list.loadMore} disabled={list.loadingMore}>
              {list.loadingMore ? 'Loading…' : 'Show more'}
            </button>
          )}
        </div>
        {selected !== null && (
          <QuarantineDetail key={selected} id={selected} onClose={() => setSelected(null)} />
        )}
      </div>
    </section>
  );
}
