import type { PostingDetail } from '../../../../shared/contract';
import type { AuditEvent } from '../../../../shared/domain';
import { formatWhen } from '../../format';
import { prettyBody } from './pretty-body';
import { lineageOf, timelineOf } from './timeline-entries';

export function Timeline({ detail, history }: { detail: PostingDetail; history: readonly AuditEvent[] }) {
  const entries = timelineOf(detail, history);
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry, i) => (
        <li key={i} className={`tl tl-${entry.tone}`}>
          <div className="tl-when">{formatWhen(entry.at)}</div>
          <div className="tl-what">
            {entry.title}
            {entry.detail && <span className="muted"> · {entry.detail}</span>}
            {entry.attempt && (
              <details>
                <summary>Technical details: request and response (redacted)</summary>
                <p className="muted mono">
                  {entry.attempt.httpStatus !== null && `HTTP ${String(entry.attempt.httpStatus)}`}
                  {entry.attempt.errorCode && ` · code ${entry.attempt.errorCode}`}
                </p>
                <h4>Request</h4>
                <pre className="payload">{prettyBody(entry.attempt.request)}</pre>
                <h4>Response</h4>
                <pre className="payload">
                  {entry.attempt.response === null ? '(no response)' : prettyBody(entry.attempt.response)}
                </pre>
              </details>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

export function Lineage({ detail, history }: { detail: PostingDetail; history: readonly AuditEvent[] }) {
  return (
    <ol className="lineage" aria-label="Lineage">
      {lineageOf(detail, history).map((step, i) => (
        <li key={i}>{step}</li>
      ))}
    </ol>
  );
}
