import { formatWhen } from '../format';
import { useQuery } from '../hooks/use-query';
import '../settings.css';

/** Stays for the whole run: Clearpost started from a snapshot because its database was damaged. */
export function RecoveryBanner() {
  const status = useQuery('backups.status', {}, []);
  const recovery = status.data?.recovery;
  if (!recovery) return null;
  return (
    <div className="recovery-banner" role="alert" data-testid="recovery-banner">
      <strong>Clearpost started from a backup ({formatWhen(recovery.at)}).</strong> {recovery.message} The
      damaged file was kept, not deleted, at <span className="mono">{recovery.damagedKeptAt}</span>.
    </div>
  );
}
