/**
 * A payment whose business date falls inside an approved (closed) month is stored like any other, but its
 * posting is held and the event flagged: the closed figures must not change behind the supervisors who
 * signed them, and someone decides where the late money belongs (usually the open month, by hand).
 */
import type { PaymentEvent } from '../../shared/domain';
import type { Repositories } from '../store/repositories';

/** Call inside the admission's transaction, after the posting exists. Returns whether the event was held. */
export function holdIfPeriodClosed(
  repos: Pick<Repositories, 'periodClose' | 'audit'>,
  event: PaymentEvent,
  postingId: number,
  actor: string,
  now: number,
): boolean {
  const period = repos.periodClose.closedPeriodCovering(event.facility, event.transactionAt);
  if (!period) return false;
  const scope = period.scope === '*' ? 'every facility' : period.scope;
  repos.periodClose.holdLate(
    event.id,
    period.id,
    {
      reason: `Held: its business date is in ${period.month} (${scope}), a period already closed.`,
      nextStep: 'A supervisor decides where this payment belongs, then releases the hold.',
    },
    now,
  );
  repos.audit.append(
    {
      actor,
      action: 'close.late_event_held',
      subjectType: 'posting',
      subjectId: String(postingId),
      details: { periodId: period.id, month: period.month, scope: period.scope },
    },
    now,
  );
  return true;
}
