import { useQuery } from '../../hooks/use-query';

/** The number of open quarantined inputs, shown beside the nav entry. */
export function QuarantineCount() {
  const { data } = useQuery('status.summary', {}, ['quarantined_inputs']);
  if (!data?.quarantined) return null;
  return (
    <span
      className="nav-count"
      data-testid="quarantine-count"
      aria-label={`${String(data.quarantined)} open`}
    >
      {data.quarantined}
    </span>
  );
}
