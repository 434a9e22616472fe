import { CONNECTION_STATE_NAME, breakerName, connectionLabel } from '../../../shared/words';
import { useUi } from '../stores/ui';

export function StatusBar({ transport }: { transport: 'ipc' | 'http' }) {
  const connected = useUi((s) => s.connected);
  const engine = useUi((s) => s.engine);
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`dot ${connected ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
      <span data-testid="console-connection">
        {connected ? 'Console connected' : 'Console offline — reconnecting…'}
        {transport === 'http' ? ' (browser)' : ''}
      </span>
      <span className="sep" />
      <span data-testid="engine-state">Engine: {engine ? engine.state : '…'}</span>
      {engine && engine.connections.length === 0 && (
        <span className="muted">No EHR connections configured</span>
      )}
      {engine?.connections.map((c) => (
        <span
          key={c.id}
          className={`conn conn-${c.state}`}
          title={`Circuit breaker: ${breakerName(c.breaker)}`}
        >
          {connectionLabel(c.ehr, c.name)}: {CONNECTION_STATE_NAME[c.state]}
          {c.breaker !== 'closed' ? ` (${breakerName(c.breaker)})` : ''}
        </span>
      ))}
    </footer>
  );
}
