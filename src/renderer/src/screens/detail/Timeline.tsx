import type { PostingDetail } from '../../../../shared/contract';
import { CHANNEL_LABEL, formatMoney, formatWhen } from '../../format';
import {
  EHR_LABEL,
  EVENT_KIND_LABEL,
  TENDER_LABEL,
  type Attempt,
  type AuditEvent,
} from '../../../../shared/domain';

interface Entry {
  readonly at: number;
  readonly order: number;
  readonly title: string;
  readonly detail?: string;
  readonly attempt?: Attempt;
  readonly tone: 'info' | 'ok' | 'bad' | 'warn';
}

const OUTCOME_TEXT: Record<NonNullable<Attempt['outcome']>, string> = {
  posted: 'posted',
  duplicate: 'already in the EHR (duplicate)',
  retry: 'will retry',
  rate_limited: 'rate limited, will retry',
  failed: 'refused',
  ambiguous: 'outcome unknown',
  not_applicable: 'could not be processed',
};

function attemptTone(attempt: Attempt): Entry['tone'] {
  switch (attempt.outcome) {
    case 'posted':
    case 'duplicate':
      return 'ok';
    case 'failed':
    case 'not_applicable':
      return 'bad';
    case null:
    case 'ambiguous':
    case 'retry':
    case 'rate_limited':
      return 'warn';
  }
}

/** Operator and engine actions from the audit trail, in words. */
export function describeAudit(event: AuditEvent): { title: string; tone: Entry['tone'] } {
  const d = event.details;
  const text = (key: string) => (typeof d[key] === 'string' ? d[key] : '');
  switch (event.action) {
    case 'posting.retry_now':
      return { title: `Sent again by ${event.actor}`, tone: 'info' };
    case 'posting.manually_posted':
      return {
        title: `Marked manually posted by ${event.actor} (reference ${text('ehrReference')})`,
        tone: 'ok',
      };
    case 'posting.held':
      return { title: `Held by ${event.actor}`, tone: 'warn' };
    case 'posting.released':
      return { title: `Released by ${event.actor}`, tone: 'info' };
    case 'posting.assigned':
      return {
        title: d.to ? `Assigned to ${text('to')} by ${event.actor}` : `Unassigned by ${event.actor}`,
        tone: 'info',
      };
    case 'note.added':
      return {
        title: `${d.kind === 'fraud_review' ? 'Fraud review note' : 'Note'} added by ${event.actor}`,
        tone: 'info',
      };
    default:
      return { title: `${event.action.replace(/[._]/g, ' ')} by ${event.actor}`, tone: 'info' };
  }
}

export function timelineOf(detail: PostingDetail, history: readonly AuditEvent[]): Entry[] {
  const { event, posting, attempts } = detail;
  const entries: Entry[] = [
    {
      at: event.receivedAt,
      order: 0,
      title: `Payment received (${event.source}): ${EVENT_KIND_LABEL[event.kind]} by ${TENDER_LABEL[event.tender]}, ${formatMoney(event.amountMinor, event.currency)}`,
      tone: 'info',
    },
    {
      at: posting.createdAt,
      order: 1,
      title: `Routed to ${EHR_LABEL[posting.ehr]} (${CHANNEL_LABEL[posting.channel]})`,
      tone: 'info',
    },
    ...attempts.map((attempt): Entry => ({
      at: attempt.startedAt,
      order: 2,
      title: `Attempt ${String(attempt.number)}: ${attempt.outcome ? OUTCOME_TEXT[attempt.outcome] : 'no answer recorded'}${attempt.httpStatus ? ` — HTTP ${String(attempt.httpStatus)}` : ''}${attempt.errorCode ? ` (${attempt.errorCode})` : ''}`,
      detail: attempt.durationMs === null ? undefined : `${String(attempt.durationMs)} ms`,
      attempt,
      tone: attemptTone(attempt),
    })),
    ...history.map((h): Entry => ({ at: h.at, order: 3, ...describeAudit(h) })),
  ];
  return entries.sort((a, b) => a.at - b.at || a.order - b.order);
}

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
                <summary>Request and response (redacted)</summary>
                <h4>Request</h4>
                <pre className="payload">{entry.attempt.request}</pre>
                <h4>Response</h4>
                <pre className="payload">{entry.attempt.response ?? '(no response)'}</pre>
              </details>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Original payment → each attempt → operator actions → where it stands now. */
export function Lineage({ detail, history }: { detail: PostingDetail; history: readonly AuditEvent[] }) {
  const steps = [
    `Payment ${detail.event.processorTxnId}`,
    ...detail.attempts.map(
      (a) => `Attempt ${String(a.number)}: ${a.outcome ? OUTCOME_TEXT[a.outcome] : 'open'}`,
    ),
    ...history
      .filter((h) => h.action !== 'note.added' && h.action !== 'posting.assigned')
      .map((h) => describeAudit(h).title),
  ];
  return (
    <ol className="lineage" aria-label="Lineage">
      {steps.map((step, i) => (
        <li key={i}>{step}</li>
      ))}
    </ol>
  );
}
