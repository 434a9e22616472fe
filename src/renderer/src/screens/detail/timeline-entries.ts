/**
 * The item's history as entries a person reads: payment, routing, each attempt (lookups listed as lookups,
 * posts numbered among themselves) and each audited action in words, in the order they happened.
 */
import type { PostingDetail } from '../../../../shared/contract';
import {
  EHR_LABEL,
  EVENT_KIND_LABEL,
  TENDER_LABEL,
  type Attempt,
  type AuditEvent,
} from '../../../../shared/domain';
import { OUTCOME_NAME, actorName, auditInWords, count, statusName } from '../../../../shared/words';
import { CHANNEL_LABEL, formatMoney } from '../../format';

export interface Entry {
  readonly at: number;
  readonly order: number;
  readonly title: string;
  readonly detail?: string;
  readonly attempt?: Attempt;
  readonly tone: 'info' | 'ok' | 'bad' | 'warn';
}

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

/** Operator and engine actions from the audit trail, in words (src/shared/words holds the sentences). */
export function describeAudit(event: AuditEvent): { title: string; tone: Entry['tone'] } {
  const d = event.details;
  const text = (key: string) => (typeof d[key] === 'string' ? d[key] : '');
  const who = actorName(event.actor);
  switch (event.action) {
    case 'posting.manually_posted':
      return {
        title: `Marked manually posted by ${who} (reference ${text('ehrReference')})`,
        tone: 'ok',
      };
    case 'posting.held':
      return { title: auditInWords(event.action, event.actor), tone: 'warn' };
    case 'posting.assigned':
      return {
        title: d.to ? `Assigned to ${text('to')} by ${who}` : `Unassigned by ${who}`,
        tone: 'info',
      };
    case 'note.added':
      return {
        title: `${d.kind === 'fraud_review' ? 'Fraud review note' : 'Note'} added by ${who}`,
        tone: 'info',
      };
    default:
      return { title: auditInWords(event.action, event.actor), tone: 'info' };
  }
}

/** "Attempt 2: refused" for a posting; "Lookup in Epic: not there" for a lookup (not counted). */
export function attemptTitle(attempt: Attempt, postNumber: number | null, ehr: string): string {
  if (attempt.kind === 'lookup') {
    const answer =
      attempt.finishedAt === null
        ? 'no answer recorded'
        : attempt.errorCode === 'found'
          ? `${ehr} has it`
          : attempt.errorCode === 'absent'
            ? `${ehr} does not have it`
            : `${ehr} could not be asked`;
    return `Lookup in ${ehr}: ${answer}`;
  }
  const outcome = attempt.outcome ? OUTCOME_NAME[attempt.outcome] : 'no answer recorded';
  return `Attempt ${String(postNumber ?? attempt.number)}: ${outcome}`;
}

/** Postings are numbered among themselves; lookups are listed but not counted. */
function postNumbers(attempts: readonly Attempt[]): Map<number, number> {
  const numbers = new Map<number, number>();
  let n = 0;
  for (const a of [...attempts].sort((x, y) => x.number - y.number)) {
    if (a.kind !== 'lookup') numbers.set(a.id, (n += 1));
  }
  return numbers;
}

/** "2 (and 1 lookup)": the count the list below shows. */
export function attemptSummary(attempts: readonly Attempt[]): string {
  const lookups = attempts.filter((a) => a.kind === 'lookup').length;
  const posts = attempts.length - lookups;
  return lookups === 0 ? String(posts) : `${String(posts)} (and ${count(lookups, 'lookup')})`;
}

export function timelineOf(detail: PostingDetail, history: readonly AuditEvent[]): Entry[] {
  const { event, posting, attempts } = detail;
  const numbers = postNumbers(attempts);
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
      title: attemptTitle(attempt, numbers.get(attempt.id) ?? null, EHR_LABEL[posting.ehr]),
      detail: attempt.durationMs === null ? undefined : `${String(attempt.durationMs)} ms`,
      attempt,
      tone: attemptTone(attempt),
    })),
    ...history.map((h): Entry => ({ at: h.at, order: 3, ...describeAudit(h) })),
  ];
  return entries.sort((a, b) => a.at - b.at || a.order - b.order);
}

/** Original payment → each attempt and operator action, in the order they happened → where it stands now. */
export function lineageOf(detail: PostingDetail, history: readonly AuditEvent[]): string[] {
  const numbers = postNumbers(detail.attempts);
  const ehr = EHR_LABEL[detail.posting.ehr];
  const steps = [
    ...detail.attempts.map((a) => ({
      at: a.startedAt,
      order: 0,
      text: attemptTitle(a, numbers.get(a.id) ?? null, ehr),
    })),
    ...history
      .filter((h) => h.action !== 'note.added' && h.action !== 'posting.assigned')
      .map((h) => ({ at: h.at, order: 1, text: describeAudit(h).title })),
  ].sort((a, b) => a.at - b.at || a.order - b.order);
  return [
    `Payment ${detail.event.processorTxnId}`,
    ...steps.map((s) => s.text),
    `Now: ${statusName(detail.posting.status)}`,
  ];
}
