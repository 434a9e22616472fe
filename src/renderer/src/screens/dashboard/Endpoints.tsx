import { CONNECTION_STATE_NAME, breakerName, connectionLabel } from '../../../../shared/words';
import { useUi } from '../../stores/ui';

/** The console's link, the engine and each EHR connection, each with its dot beside its words. */
export function Endpoints() {
  const engine = useUi((s) => s.engine);
  const connected = useUi((s) => s.connected);
  return (
    <section className="panel" aria-labelledby="endpoints-title">
      <h2 id="endpoints-title">Connections</h2>
      <ul className="endpoints">
        <li data-testid="offline-indicator">
          <span className={`dot ${connected ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
          <span>{connected ? 'Console online' : 'Console offline: showing the last data loaded'}</span>
        </li>
        <li>
          <span>
            Engine: <strong>{engine?.state ?? '…'}</strong>
            {engine ? ` · ${String(engine.inFlight)} in flight` : ''}
          </span>
        </li>
        {engine?.connections.length === 0 && <li className="muted">No EHR connections configured.</li>}
        {engine?.connections.map((c) => (
          <li key={c.id} data-testid={`endpoint-${c.id}`}>
            <span
              className={`dot ${c.state === 'up' ? 'dot-ok' : c.state === 'down' ? 'dot-bad' : 'dot-unknown'}`}
              aria-hidden="true"
            />
            <span>
              {connectionLabel(c.ehr, c.name)}: <strong>{CONNECTION_STATE_NAME[c.state]}</strong>,{' '}
              <strong className={c.breaker === 'closed' ? undefined : 'bad'}>{breakerName(c.breaker)}</strong>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
