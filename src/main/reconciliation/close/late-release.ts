/**
 * A late payment of a closed month, released by a person: it stays out of the closed figures (the month the
 * supervisors signed) and counts in the open month's balance from the moment of its release, by that day
 * (store/repositories/cash-balance.ts reads `released_at`). Audited with who released it and where it went.
 */
import type { Posting } from '../../../shared/domain';
import type { Repositories } from '../../store/repositories';

/** Call inside the release's transaction. Returns whether the posting was a late event still held. */
export function releaseLateEvent(
  repos: Pick<Repositories, 'periodClose' | 'audit'>,
  posting: Pick<Posting, 'id' | 'eventId'>,
  actor: string,
  now: number,
): boolean {
  const late = repos.periodClose.releaseLate(posting.eventId, actor, now);
  if (!late) return false;
  repos.audit.append(
    {
      actor,
      action: 'close.late_event_released',
      subjectType: 'posting',
      subjectId: String(posting.id),
      details: { periodId: late.periodId, closedMonth: late.month, countedFrom: now },
    },
    now,
  );
  return true;
}
