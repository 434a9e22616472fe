/**
 * Discarding a quarantined input: the operator closes it with a reason, and it is kept (never deleted) with
 * who discarded it, when and why. The reason is typed text, so the card guard checks it first.
 */
import type { QuarantineEntry } from '../../../shared/commands/quarantine';
import { QuarantineActionError } from './action-error';
import { openEntry } from './open-entry';
import { refuseCardData } from './refuse-card-data';
import type { QuarantineDeps } from './release';

export interface DiscardRequest {
  readonly id: number;
  readonly reason: string;
  readonly actor: string;
}

export function discardQuarantined(request: DiscardRequest, deps: QuarantineDeps): QuarantineEntry {
  const reason = request.reason.trim();
  // The API schema requires it too; the rule belongs here, whoever calls.
  if (reason === '') throw new QuarantineActionError('invalid', 'A reason is required to discard an input.');
  refuseCardData({ reason });
  const { repos, clock } = deps;
  return deps.db
    .transaction((): QuarantineEntry => {
      const entry = openEntry(repos.quarantine, request.id, 'discarded');
      const now = clock.now();
      repos.quarantine.markDiscarded(entry.id, request.actor, reason, now);
      repos.audit.append(
        {
          actor: request.actor,
          action: 'quarantine.discarded',
          subjectType: 'quarantined_input',
          subjectId: String(entry.id),
          details: { reasonCode: entry.reasonCode, reason },
        },
        now,
      );
      const after = repos.quarantine.get(entry.id);
      if (!after)
        throw new QuarantineActionError('not_found', `Quarantine entry ${String(entry.id)} does not exist.`);
      return after;
    })
    .immediate();
}
