/**
 * This desktop and the team's shared Clearpost service: connect (ServiceConnectForm), or, once connected,
 * which service and account, whether it is reachable, and "Disconnect". Either change takes effect at the
 * next start, which this offers. Serve mode, being the service, shows none of it.
 */
import { useState } from 'react';
import type { ServiceChange, ServiceStatus } from '../../../../shared/commands/service';
import { QueryView } from '../../components/QueryView';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import { ServiceConnectForm } from './ServiceConnectForm';
import { ResultLine, useAction } from './use-action';

export function ServiceSection({ appMode }: { appMode: string | undefined }) {
  const query = useQuery('service.status', {}, []);
  const [change, setChange] = useState<ServiceChange | null>(null);
  const status = change?.status ?? query.data;
  if (status?.mode === 'local' && appMode !== 'desktop') return null;
  return (
    <>
      <h2>Clearpost service</h2>
      <QueryView query={{ ...query, data: status }}>
        {(s) =>
          s.mode === 'local' && s.url === null ? (
            <ServiceConnectForm onConnected={setChange} />
          ) : (
            <ServiceFacts status={s} change={change} onChanged={setChange} />
          )
        }
      </QueryView>
    </>
  );
}

function ServiceFacts({
  status,
  change,
  onChanged,
}: {
  status: ServiceStatus;
  change: ServiceChange | null;
  onChanged: (change: ServiceChange) => void;
}) {
  const api = useApi();
  const action = useAction();
  const pending = status.mode === 'local';
  // Disconnected from a service in use: it stays in use until the restart.
  const [disconnected, setDisconnected] = useState(false);
  const restartOffered = change?.restartOffered ?? false;

  const disconnect = () =>
    void action.run('disconnect', async () => {
      const answer = await api.invoke('service.disconnect', {});
      if (answer.status.mode === 'remote') setDisconnected(true);
      else onChanged(answer);
      return 'Disconnected. This computer runs its own engine again after a restart.';
    });
  const restart = () =>
    void action.run('restart', async () => {
      const { restarting } = await api.invoke('service.restart', {});
      return restarting ? 'Restarting…' : 'Restart Clearpost to apply the change.';
    });

  return (
    <div className="panel" data-testid="service-section">
      <dl className="facts">
        <dt>Service</dt>
        <dd className="mono">{status.url}</dd>
        <dt>Pinned certificate</dt>
        <dd className="mono">{status.fingerprint256}</dd>
        <dt>Account</dt>
        <dd>{status.username}</dd>
        <dt>State</dt>
        <dd data-testid="service-state">
          {pending
            ? 'Connected: this computer becomes a console of the service at its next start.'
            : (status.offline?.label ?? (status.signedIn ? 'Online, signed in' : 'Online, not signed in'))}
        </dd>
      </dl>
      {(pending || disconnected) && (
        <p className="restart-note" role="status" data-testid="service-restart-needed">
          <strong>Restart needed.</strong>{' '}
          {disconnected
            ? 'The local engine starts again the next time Clearpost starts.'
            : 'Clearpost uses the service the next time it starts.'}
        </p>
      )}
      <div className="form-actions">
        {!disconnected && (
          <button type="button" onClick={disconnect} disabled={action.busy !== null}>
            {pending ? 'Cancel' : 'Disconnect'}
          </button>
        )}
        {(pending || disconnected || restartOffered) && (
          <button type="button" onClick={restart} disabled={action.busy !== null}>
            Restart now
          </button>
        )}
      </div>
      <ResultLine result={action.result} testId="service-result" />
    </div>
  );
}
