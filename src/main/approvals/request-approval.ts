/**
 * At entry: a manual entry that needs a second person gets its approval row in the entry's own transaction,
 * so no entry is ever stored without it. Its posting, created later by the engine's admission, is held there
 * (hold-for-approval.ts); until then there is nothing the engine could claim.
 */
import type { Role } from '../../shared/commands/access';
import type { Repositories } from '../store/repositories';
import { approvalNeeded, type EnteredAmount } from './approval-policy';
import type { ApprovalSettings } from './approval-settings';

export interface ApprovalContext {
  readonly settings: ApprovalSettings;
  /** The role of the person entering. */
  readonly role: Role;
}

/** Call inside the entry's transaction, once the event is stored. Returns the approval's id, or null. */
export function requestApprovalIfNeeded(
  repos: Pick<Repositories, 'approvals' | 'audit'>,
  context: ApprovalContext,
  entry: EnteredAmount & { readonly eventId: number; readonly actor: string },
  now: number,
): number | null {
  const need = approvalNeeded(context.settings, entry, context.role);
  if (!need) return null;
  const id = repos.approvals.request(
    {
      eventId: entry.eventId,
      why: need.why,
      thresholdMinor: need.thresholdMinor,
      requestedBy: entry.actor,
      requestedRole: context.role,
    },
    now,
  );
  repos.audit.append(
    {
      actor: entry.actor,
      action: 'approval.requested',
      subjectType: 'payment_event',
      subjectId: String(entry.eventId),
      details: { approvalId: id, why: need.why, thresholdMinor: need.thresholdMinor },
    },
    now,
  );
  return id;
}
