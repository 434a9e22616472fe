/**
 * A second person approves or rejects a held manual entry. Refused to the person who entered it (here, and by
 * the store: the UPDATE's condition and a CHECK), to a role Settings does not name as approving, and once it
 * is decided. Approval releases the posting's hold unless a closed month still holds it; rejection keeps it
 * held for good, with the note as its reason. One transaction with the audit entry.
 */
import type { Database } from 'better-sqlite3';
import type { Role } from '../../shared/commands/access';
import type { Clock } from '../clock';
import type { Repositories } from '../store/repositories';
import type { ApprovalRow } from '../store/repositories/approvals';
import { mayApprove } from './approval-policy';
import type { ApprovalSettings } from './approval-settings';

export type ApprovalRefusal = 'not_found' | 'already_decided' | 'same_person' | 'not_an_approver' | 'invalid';

export class ApprovalError extends Error {
  constructor(
    readonly refusal: ApprovalRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalError';
  }
}

export interface DecisionRequest {
  readonly id: number;
  readonly decision: 'approve' | 'reject';
  /** Required to reject: the person who entered it reads why. */
  readonly note: string | null;
  readonly actor: string;
  readonly role: Role;
}

export interface DecisionDeps {
  readonly db: Database;
  readonly repos: Pick<Repositories, 'approvals' | 'audit' | 'notes' | 'postings'>;
  readonly clock: Clock;
  readonly settings: ApprovalSettings;
}

export function rejectionText(approval: Pick<ApprovalRow, 'decidedBy' | 'note'>) {
  return {
    reason: `Rejected in two-person approval by ${approval.decidedBy ?? 'an approver'}: ${approval.note ?? ''}`,
    nextStep: 'Nothing to post. Enter it again, corrected, if the payment is real.',
  };
}

export function decideApproval(request: DecisionRequest, deps: DecisionDeps): ApprovalRow {
  const note = request.note?.trim() || null;
  if (request.decision === 'reject' && note === null) {
    throw new ApprovalError('invalid', 'Say why it is rejected: the person who entered it reads the note.');
  }
  if (!mayApprove(deps.settings, request.role)) {
    throw new ApprovalError(
      'not_an_approver',
      `The ${request.role} role may not approve entries (Settings › Approvals names the roles that may).`,
    );
  }
  const now = deps.clock.now();
  deps.db
    .transaction(() => {
      const approval = deps.repos.approvals.get(request.id);
      if (!approval) throw new ApprovalError('not_found', `Approval ${String(request.id)} does not exist.`);
      if (approval.state !== 'pending') {
        throw new ApprovalError(
          'already_decided',
          `This entry was already ${approval.state} by ${approval.decidedBy ?? 'someone'}.`,
        );
      }
      if (approval.requestedBy === request.actor) {
        throw new ApprovalError(
          'same_person',
          `${request.actor} entered this payment; a second person must approve or reject it.`,
        );
      }
      const state = request.decision === 'approve' ? 'approved' : 'rejected';
      if (!deps.repos.approvals.decide(approval.id, { state, actor: request.actor, note }, now)) {
        throw new ApprovalError('already_decided', 'This entry is no longer awaiting approval.');
      }
      let released = false;
      if (state === 'approved') {
        released = deps.repos.approvals.releasePosting(approval.eventId, now);
      } else {
        deps.repos.approvals.rejectPosting(
          approval.eventId,
          rejectionText({ decidedBy: request.actor, note }),
          now,
        );
      }
      if (approval.postingId !== null && note !== null) {
        deps.repos.notes.add(approval.postingId, 'note', request.actor, note, now);
      }
      deps.repos.audit.append(
        {
          actor: request.actor,
          action: state === 'approved' ? 'approval.approved' : 'approval.rejected',
          subjectType: 'payment_event',
          subjectId: String(approval.eventId),
          details: { approvalId: approval.id, requestedBy: approval.requestedBy, released },
        },
        now,
      );
    })
    .immediate();
  const decided = deps.repos.approvals.get(request.id);
  if (!decided) throw new Error(`approval ${String(request.id)} vanished`);
  return decided;
}
