import type { ApprovalView } from '../../../shared/commands/approvals';
import { mayApprove } from '../../approvals/approval-policy';
import { DEFAULT_APPROVAL_SETTINGS, type ApprovalSettings } from '../../approvals/approval-settings';
import { ApprovalError, decideApproval } from '../../approvals/decide-approval';
import type { ApprovalRow } from '../../store/repositories/approvals';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

const CODE = {
  not_found: 'not_found',
  already_decided: 'conflict',
  same_person: 'forbidden',
  not_an_approver: 'forbidden',
  invalid: 'invalid_arguments',
} as const;

export const view = (a: ApprovalRow): ApprovalView => ({
  id: a.id,
  eventId: a.eventId,
  postingId: a.postingId,
  why: a.why,
  thresholdMinor: a.thresholdMinor,
  requestedBy: a.requestedBy,
  requestedAt: a.requestedAt,
  state: a.state,
  decidedBy: a.decidedBy,
  decidedAt: a.decidedAt,
  note: a.note,
  processorTxnId: a.processorTxnId,
  kind: a.kind,
  tender: a.tender,
  amountMinor: a.amountMinor,
  currency: a.currency,
  facility: a.facility,
});

/** Two-person approval as Settings says it now (the defaults where the app runs without settings). */
export function approvalSettingsOf(ctx: HandlerContext): ApprovalSettings {
  return ctx.trust?.settings.get().approvals ?? DEFAULT_APPROVAL_SETTINGS;
}

/** Handlers of the approval commands (src/shared/commands/approvals.ts). */
export function approvalHandlers(ctx: HandlerContext): {
  'approvals.list': Handler<'approvals.list'>;
  'approvals.decide': Handler<'approvals.decide'>;
} {
  return {
    'approvals.list': (_args, caller) => ({
      pending: ctx.repos.approvals.pending().map(view),
      recent: ctx.repos.approvals.recentlyDecided().map(view),
      canApprove: caller.role !== undefined && mayApprove(approvalSettingsOf(ctx), caller.role),
    }),
    'approvals.decide': ({ id, decision, note }, caller) => {
      try {
        const decided = decideApproval(
          { id, decision, note: note ?? null, actor: caller.actor, role: caller.role ?? 'viewer' },
          { db: ctx.db, repos: ctx.repos, clock: ctx.clock, settings: approvalSettingsOf(ctx) },
        );
        ctx.bus.changed('approvals', 'postings', 'notes', 'audit_events');
        return view(decided);
      } catch (error) {
        if (error instanceof ApprovalError) throw new ApiFailure(CODE[error.refusal], error.message);
        throw error;
      }
    },
  };
}
