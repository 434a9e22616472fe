/**
 * Reopening a closed month, maker-checker again: a supervisor asks with a reason, a second supervisor (never
 * the one who asked) approves, and the period is open until it is prepared and approved anew. While reopened,
 * new payments of the month are no longer held as late; those already held stay held until released. The
 * package of the undone close is kept and, at the next close, marked superseded by the new package
 * (close-period.ts). Every step is audited.
 */
import type { ClosePeriod, CloseReopening } from '../../store/repositories/period-close';
import { checkRequest, CloseError, load, scopeText, type CloseDeps } from './close-period';

export interface ReopenRequest {
  readonly scope: string;
  readonly month: string;
  readonly actor: string;
}

function closedPeriod(deps: CloseDeps, request: ReopenRequest): ClosePeriod {
  checkRequest({ ...request, timeZone: 'UTC' });
  const period = deps.repos.periodClose.get(request.scope, request.month);
  if (period?.state !== 'approved') {
    throw new CloseError(
      'not_closed',
      `${request.month} (${scopeText(request.scope)}) is not closed, so there is nothing to reopen.`,
    );
  }
  return period;
}

/** Asks to reopen a closed period; the reason is kept with the request, in the audit log and the old package. */
export function requestReopen(
  request: ReopenRequest & { readonly reason: string },
  deps: CloseDeps,
): CloseReopening {
  const reason = request.reason.trim();
  if (reason === '') throw new CloseError('invalid', 'Say why the month is reopened.');
  const now = deps.clock.now();
  return deps.db
    .transaction(() => {
      const period = closedPeriod(deps, request);
      const id = deps.repos.periodClose.requestReopen(period.id, reason, request.actor, now);
      if (id === null) {
        const open = deps.repos.periodClose.openReopening(period.id);
        throw new CloseError(
          'already_requested',
          `${open?.requestedBy ?? 'Someone'} already asked to reopen ${request.month}; a second supervisor approves it.`,
        );
      }
      deps.repos.audit.append(
        {
          actor: request.actor,
          action: 'cash.close.reopen_requested',
          subjectType: 'close_period',
          subjectId: String(period.id),
          details: { scope: period.scope, month: period.month, reopeningId: id, reason },
        },
        now,
      );
      const asked = deps.repos.periodClose.openReopening(period.id);
      if (!asked) throw new Error('the reopening just asked for vanished');
      return asked;
    })
    .immediate();
}

/** Approves another supervisor's request: the period is reopened. */
export function approveReopen(request: ReopenRequest, deps: CloseDeps): ClosePeriod {
  const now = deps.clock.now();
  const id = deps.db
    .transaction(() => {
      const period = closedPeriod(deps, request);
      const open = deps.repos.periodClose.openReopening(period.id);
      if (!open) {
        throw new CloseError(
          'not_prepared',
          `No one has asked to reopen ${request.month} (${scopeText(request.scope)}).`,
        );
      }
      if (open.requestedBy === request.actor) {
        throw new CloseError(
          'same_person',
          `${request.actor} asked to reopen this month; a second supervisor must approve it.`,
        );
      }
      if (!deps.repos.periodClose.approveReopen(open.id, period.id, request.actor, now)) {
        // Thrown inside the transaction: a half-done reopening rolls back whole.
        throw new CloseError('not_closed', `${request.month} is no longer awaiting reopening.`);
      }
      deps.repos.audit.append(
        {
          actor: request.actor,
          action: 'cash.close.reopened',
          subjectType: 'close_period',
          subjectId: String(period.id),
          details: {
            scope: period.scope,
            month: period.month,
            reopeningId: open.id,
            requestedBy: open.requestedBy,
            packageSha256: open.manifestSha256,
          },
        },
        now,
      );
      return period.id;
    })
    .immediate();
  return load(deps, id);
}
