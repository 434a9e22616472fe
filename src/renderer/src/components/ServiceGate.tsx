/**
 * Chooses the access pages by transport. A browser on serve mode signs in with its own session
 * (SessionGate). The desktop asks main whether it runs its own engine (nothing to sign in to) or is a
 * console of a shared service: then it signs in to that service through main, and shows the offline
 * banner while the service cannot be reached.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ServiceStatus } from '../../../shared/commands/service';
import type { Transport } from '../transport';
import { remoteBridge } from '../transport/bridge-session';
import { OfflineBanner } from './OfflineBanner';
import { SessionGate } from './Session';

export function ServiceGate({
  transport,
  children,
}: {
  transport: Transport;
  children: (transport: Transport) => ReactNode;
}) {
  const [status, setStatus] = useState<ServiceStatus | 'http' | null>(
    transport.kind === 'http' ? 'http' : null,
  );
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (transport.kind === 'http') return;
    transport.api
      .invoke('service.status', {})
      .then(setStatus, (cause: unknown) =>
        setFailure(cause instanceof Error ? cause.message : String(cause)),
      );
  }, [transport]);
  const remote = useMemo(
    () =>
      status !== null && status !== 'http' && status.mode === 'remote'
        ? // Offline, the copy is readable without a session: it is this computer's, and read-only.
          remoteBridge(transport.api, status.signedIn || status.offline !== null)
        : null,
    [status, transport.api],
  );
  // One object per bridge: the console restarts its queries when its transport changes.
  const chosen = useMemo(() => (remote ? { ...transport, api: remote.api } : transport), [remote, transport]);

  if (failure) {
    return (
      <div className="state state-error" role="alert">
        <strong>Clearpost could not start the console.</strong> {failure}
      </div>
    );
  }
  if (status === 'http') return <SessionGate session={transport.session}>{children(transport)}</SessionGate>;
  if (status === null) return <div className="state">Starting Clearpost…</div>;
  if (!remote) return <>{children(transport)}</>;
  return (
    <>
      <OfflineBanner api={transport.api} initial={status} />
      <SessionGate session={remote.session}>{children(chosen)}</SessionGate>
    </>
  );
}
