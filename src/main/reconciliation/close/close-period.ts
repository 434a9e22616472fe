/**
 * Month-end close, maker-checker: a supervisor prepares a period once its four-way cash balance has no
 * unexplained variance; a second supervisor, never the preparer, approves it. Approval locks the period (late
 * events for it are held at admission, engine/late-events.ts) and writes the close package (close-package.ts)
 * in the same transaction, so a period is never approved without its package. Every step is audited.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../clock';
import { today } from '../../lib/time-zone';
import type { Repositories } from '../../store/repositories';
import { ALL_FACILITIES, type ClosePeriod } from '../../store/repositories/period-close';
import { balanceCash, type CashBalance } from '../cash/cash-balance';
import { isMonth, monthBounds } from './close-month';
import { markSuperseded, writeClosePackage } from './close-package';

export type CloseRefusal =
  | 'invalid'
  | 'unbalanced'
  | 'already_closed'
  | 'not_prepared'
  | 'same_person'
  | 'not_closed'
  | 'already_requested';

export class CloseError extends Error {
  constructor(
    readonly refusal: CloseRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'CloseError';
  }
}

export interface CloseDeps {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
}

export interface ClosePeriodRequest {
  /** A facility, or `*` for every facility. */
  readonly scope: string;
  /** `YYYY-MM`. */
  readonly month: string;
  readonly actor: string;
  /** The zone of the period's business days. */
  readonly timeZone: string;
}

export const scopeText = (scope: string) => (scope === ALL_FACILITIES ? 'every facility' : scope);

/**
 * The balance a close rests on. The bank and funding legs are not split by facility, so a facility's month
 * closes on the whole month's balance: stricter, never looser.
 */
function balanceOf(deps: CloseDeps, request: ClosePeriodRequest): CashBalance {
  const { from, to } = monthBounds(request.month, request.timeZone);
  const asOf = today(deps.clock.now(), request.timeZone);
  if (asOf <= to) {
    throw new CloseError('invalid', `${request.month} is not over yet: a month closes from its next day on.`);
  }
  return balanceCash(deps.repos, { from, to, asOf, timeZone: request.timeZone });
}

export function checkRequest(request: ClosePeriodRequest): void {
  if (!isMonth(request.month)) throw new CloseError('invalid', `"${request.month}" is not a month YYYY-MM.`);
  if (request.scope.trim() === '')
    throw new CloseError('invalid', 'Name a facility, or * for every facility.');
}

function refuseUnexplained(balance: CashBalance, request: { readonly month: string }, step: string): void {
  if (balance.unexplained === 0) return;
  throw new CloseError(
    'unbalanced',
    `${request.month} cannot be ${step}: its cash balance has ${String(balance.unexplained)} unexplained ` +
      'variance(s). Resolve them on the Cash screen first.',
  );
}

/** Records the period as prepared by the caller (again, while not yet approved). */
export function prepareClose(request: ClosePeriodRequest, deps: CloseDeps): ClosePeriod {
  checkRequest(request);
  const existing = deps.repos.periodClose.get(request.scope, request.month);
  if (existing?.state === 'approved') {
    throw new CloseError(
      'already_closed',
      `${request.month} (${scopeText(request.scope)}) is already closed.`,
    );
  }
  const balance = balanceOf(deps, request);
  refuseUnexplained(balance, request, 'prepared for close');
  const { startAt, endAt } = monthBounds(request.month, request.timeZone);
  const now = deps.clock.now();
  const id = deps.db
    .transaction(() => {
      const periodId = deps.repos.periodClose.prepare(
        {
          scope: request.scope,
          month: request.month,
          timeZone: request.timeZone,
          startAt,
          endAt,
          preparedBy: request.actor,
          balance: JSON.stringify(balance),
        },
        now,
      );
      if (periodId === null) {
        throw new CloseError(
          'already_closed',
          `${request.month} (${scopeText(request.scope)}) is already closed.`,
        );
      }
      deps.repos.audit.append(
        {
          actor: request.actor,
          action: 'cash.close.prepared',
          subjectType: 'close_period',
          subjectId: String(periodId),
          details: {
            scope: request.scope,
            month: request.month,
            variances: balance.variances.length,
            unexplained: balance.unexplained,
          },
        },
        now,
      );
      return periodId;
    })
    .immediate();
  return load(deps, id);
}

/** Approves a period another supervisor prepared, locks it and writes its close package into `reportsDir`. */
export function approveClose(
  request: Omit<ClosePeriodRequest, 'timeZone'>,
  deps: CloseDeps & { readonly reportsDir: string },
): ClosePeriod {
  checkRequest({ ...request, timeZone: 'UTC' });
  const period = deps.repos.periodClose.get(request.scope, request.month);
  if (!period) {
    throw new CloseError(
      'not_prepared',
      `${request.month} (${scopeText(request.scope)}) has not been prepared for close.`,
    );
  }
  if (period.state === 'approved') {
    throw new CloseError(
      'already_closed',
      `${request.month} (${scopeText(request.scope)}) is already closed.`,
    );
  }
  if (period.state === 'reopened') {
    throw new CloseError(
      'not_prepared',
      `${request.month} (${scopeText(request.scope)}) was reopened: prepare it again before approving.`,
    );
  }
  if (period.preparedBy === request.actor) {
    throw new CloseError(
      'same_person',
      `${request.actor} prepared this close; a second supervisor must approve it.`,
    );
  }
  // The books may have moved since it was prepared: the approver signs what is true now.
  const balance = balanceOf(deps, { ...request, timeZone: period.timeZone });
  refuseUnexplained(balance, request, 'approved');
  const now = deps.clock.now();
  deps.db
    .transaction(() => {
      if (!deps.repos.periodClose.approve(period.id, request.actor, now)) {
        throw new CloseError('not_prepared', `${request.month} is no longer awaiting approval.`);
      }
      deps.repos.audit.append(
        {
          actor: request.actor,
          action: 'cash.close.approved',
          subjectType: 'close_period',
          subjectId: String(period.id),
          details: { scope: period.scope, month: period.month, preparedBy: period.preparedBy },
        },
        now,
      );
      const anchor = deps.repos.audit.headEntry();
      if (!anchor) throw new Error('the audit log is empty right after an append');
      const approved = load(deps, period.id);
      const written = writeClosePackage({
        period: approved,
        balance,
        files: deps.repos.periodClose.filesOf(approved, balance.from, balance.to),
        openExceptions: deps.repos.cashMatching.openExceptions(balance.asOf),
        anchor,
        reportsDir: deps.reportsDir,
      });
      deps.repos.periodClose.recordPackage(period.id, written.dir, written.manifestSha256);
      deps.repos.audit.append(
        {
          actor: request.actor,
          action: 'cash.close.packaged',
          subjectType: 'close_period',
          subjectId: String(period.id),
          details: { manifestSha256: written.manifestSha256, files: written.files, anchorId: anchor.id },
        },
        now,
      );
      // Closed again after a reopening: the package of the earlier close is superseded by this one.
      for (const earlier of deps.repos.periodClose.supersedePackages(
        period.id,
        written.dir,
        written.manifestSha256,
        now,
      )) {
        const marked =
          earlier.packageDir !== null &&
          markSuperseded(earlier.packageDir, {
            dir: written.dir,
            manifestSha256: written.manifestSha256,
            at: now,
            reason: earlier.reason,
          });
        deps.repos.audit.append(
          {
            actor: request.actor,
            action: 'cash.close.package_superseded',
            subjectType: 'close_period',
            subjectId: String(period.id),
            details: {
              reopeningId: earlier.id,
              supersededSha256: earlier.manifestSha256,
              bySha256: written.manifestSha256,
              markerWritten: marked,
            },
          },
          now,
        );
      }
    })
    .immediate();
  return load(deps, period.id);
}

export function load(deps: CloseDeps, id: number): ClosePeriod {
  const period = deps.repos.periodClose.byId(id);
  if (!period) throw new Error(`close period ${String(id)} vanished`);
  return period;
}
