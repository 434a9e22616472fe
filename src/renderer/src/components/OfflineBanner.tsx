/**
 * The desktop as a console of a shared service: while the service cannot be reached, every screen shows
 * the offline copy, and this says so (with the time of the state shown) above them.
 */
import { useEffect, useState } from 'react';
import type { ServiceStatus } from '../../../shared/commands/service';
import type { ConsoleApi } from '../../../shared/contract';

export function OfflineBanner({ api, initial }: { api: ConsoleApi; initial: ServiceStatus }) {
  const [status, setStatus] = useState(initial);
  useEffect(() => api.on('service.status', setStatus), [api]);
  if (!status.offline) return null;
  return (
    <div className="offline-banner" role="status" data-testid="service-offline">
      {status.offline.label}
    </div>
  );
}
