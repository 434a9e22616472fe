import { useEffect, useState } from 'react';
import type { AppHealth } from '../../../shared/contract';
import { formatWhen } from '../format';
import { useApi } from '../hooks/api-context';
import { useUi } from '../stores/ui';

/**
 * Resource faults Clearpost lives through (issue 19): a full data disk, while new payments are refused and
 * the processor resends them, and a log file that cannot be written. Main pushes `app.health` when either
 * changes; both banners go away by themselves when the fault clears. Asked again after a reconnect, since a
 * change pushed while the console was offline was missed.
 */
export function ResourceBanner() {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const [health, setHealth] = useState<AppHealth | null>(null);

  useEffect(() => api.on('app.health', setHealth), [api]);
  useEffect(() => {
    if (!connected) return;
    let current = true;
    api.invoke('app.health', {}).then(
      (answer) => {
        if (current) setHealth(answer);
      },
      () => undefined, // The offline banner already says the console cannot reach Clearpost.
    );
    return () => {
      current = false;
    };
  }, [api, connected]);

  const diskFull = health?.diskFull ?? null;
  const log = health?.log ?? null;
  return (
    <>
      {diskFull && (
        <div className="resource-banner" role="alert" data-testid="disk-full-banner">
          <strong>The disk holding Clearpost&apos;s data is full:</strong> new payments are being refused and
          the processor will resend them; free space on the disk holding{' '}
          <span className="mono">{diskFull.folder}</span>. Payments already received are kept. This message
          goes away by itself once a payment is stored again (full since {formatWhen(diskFull.since)}).
        </div>
      )}
      {log && log.failingSince !== null && (
        <div className="resource-banner resource-banner-minor" role="status" data-testid="log-failing-banner">
          <strong>Clearpost cannot write its log file</strong> ({log.lastError ?? 'unknown error'}) at{' '}
          <span className="mono">{log.file}</span>: {String(log.droppedLines)} line
          {log.droppedLines === 1 ? '' : 's'} dropped so far. Payments are not affected; logging resumes by
          itself.
        </div>
      )}
    </>
  );
}
