import type { QuarantineEntry } from '../../../../shared/commands/quarantine';
import { plainText } from '../../../../shared/words';
import { formatWhen } from '../../format';
import { SOURCE_LABEL, STATE_LABEL } from './labels';

/** What is known of one quarantined input: its state, reason in words, source and history of releases. */
export function QuarantineFacts({ entry }: { entry: QuarantineEntry }) {
  return (
    <dl className="quarantine-facts">
      <dt>State</dt>
      <dd data-testid="quarantine-state">{STATE_LABEL[entry.state]}</dd>
      <dt>Reason</dt>
      <dd data-testid="quarantine-reason">{plainText(entry.reason)}</dd>
      <dt>Source</dt>
      <dd>
        {SOURCE_LABEL[entry.source]}
        {entry.sourceRef ? ` · ${entry.sourceRef}` : ''}
      </dd>
      <dt>Received</dt>
      <dd>{formatWhen(entry.receivedAt)}</dd>
      {entry.releaseAttempts > 0 && (
        <>
          <dt>Refused releases</dt>
          <dd>{entry.releaseAttempts}</dd>
        </>
      )}
      {entry.resolvedAt !== null && (
        <>
          <dt>Resolved</dt>
          <dd>
            {formatWhen(entry.resolvedAt)} by {entry.resolvedBy ?? '—'}
            {entry.resolutionNote ? `: ${entry.resolutionNote}` : ''}
          </dd>
        </>
      )}
      {entry.releasedEventId !== null && (
        <>
          <dt>Payment event</dt>
          <dd className="mono">{entry.releasedEventId}</dd>
        </>
      )}
    </dl>
  );
}
