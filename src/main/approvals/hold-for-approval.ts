/**
 * At admission: the posting of an entry still awaiting its second person (or rejected) is created held, in the
 * admission's transaction, so the engine and the daily files never see it free. The hold is the posting's own
 * `held` flag, the one every claim and daily file already skips.
 */
import type { Repositories } from '../store/repositories';
import { rejectionText } from './decide-approval';

/** Call inside the admission's transaction, after the posting exists. Returns whether it was held. */
export function holdIfAwaitingApproval(
  repos: Pick<Repositories, 'approvals' | 'notes'>,
  eventId: number,
  postingId: number,
  now: number,
): boolean {
  const approval = repos.approvals.forEvent(eventId);
  if (!approval || approval.state === 'approved') return false;
  if (approval.state === 'rejected') {
    repos.approvals.rejectPosting(eventId, rejectionText(approval), now);
    return true;
  }
  repos.approvals.holdPosting(eventId, now);
  repos.notes.add(
    postingId,
    'note',
    'clearpost',
    `Held for two-person approval: entered by ${approval.requestedBy}; a second person approves or rejects it on the Approvals screen.`,
    now,
  );
  return true;
}
