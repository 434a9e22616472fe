import type { ClosePeriodView } from '../../../shared/commands/cash-close';
import { approveClose, CloseError, prepareClose } from '../../reconciliation/close/close-period';
import { approveReopen, requestReopen } from '../../reconciliation/close/reopen-period';
import { ALL_FACILITIES, type ClosePeriod } from '../../store/repositories/period-close';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

const CODE = {
  invalid: 'invalid_arguments',
  unbalanced: 'conflict',
  already_closed: 'conflict',
  not_prepared: 'not_found',
  same_person: 'forbidden',
  not_closed: 'conflict',
  already_requested: 'conflict',
} as const;

/**
 * Handlers of the month-end close commands (src/shared/commands/cash-close.ts). A month's business days are
 * in the facility's reports zone (every facility's: the default zone), else UTC; the package goes into the
 * reports folder.
 */
export function cashCloseHandlers(ctx: HandlerContext): {
  'cash.close.prepare': Handler<'cash.close.prepare'>;
  'cash.close.approve': Handler<'cash.close.approve'>;
  'cash.close.list': Handler<'cash.close.list'>;
  'cash.close.requestReopen': Handler<'cash.close.requestReopen'>;
  'cash.close.approveReopen': Handler<'cash.close.approveReopen'>;
} {
  const zoneOf = (scope: string) =>
    ctx.reports?.service.zones.zoneFor(scope === ALL_FACILITIES ? '' : scope) ?? 'UTC';
  const view = (p: ClosePeriod): ClosePeriodView => ({
    id: p.id,
    scope: p.scope,
    month: p.month,
    timeZone: p.timeZone,
    state: p.state,
    preparedBy: p.preparedBy,
    preparedAt: p.preparedAt,
    approvedBy: p.approvedBy,
    approvedAt: p.approvedAt,
    packageDir: p.packageDir,
    manifestSha256: p.manifestSha256,
    lateEvents: ctx.repos.periodClose.lateOf(p.id).length,
    revision: p.revision,
    reopenRequest: ((open) => (open ? { requestedBy: open.requestedBy, reason: open.reason } : null))(
      ctx.repos.periodClose.openReopening(p.id),
    ),
  });
  const refused = (run: () => ClosePeriod): ClosePeriodView => {
    try {
      const period = run();
      ctx.bus.changed('audit_events');
      return view(period);
    } catch (error) {
      if (error instanceof CloseError) throw new ApiFailure(CODE[error.refusal], error.message);
      throw error;
    }
  };
  const deps = () => ({ db: ctx.db, repos: ctx.repos, clock: ctx.clock });

  return {
    'cash.close.prepare': ({ scope, month }, caller) =>
      refused(() => prepareClose({ scope, month, actor: caller.actor, timeZone: zoneOf(scope) }, deps())),
    'cash.close.approve': ({ scope, month }, caller) => {
      const reportsDir = ctx.reports?.outDir;
      if (!reportsDir) {
        throw new ApiFailure(
          'unavailable',
          'Set up a reports folder first: the close package is written there.',
        );
      }
      return refused(() => approveClose({ scope, month, actor: caller.actor }, { ...deps(), reportsDir }));
    },
    'cash.close.list': () => ctx.repos.periodClose.list().map(view),
    'cash.close.requestReopen': ({ scope, month, reason }, caller) =>
      refused(() => {
        requestReopen({ scope, month, reason, actor: caller.actor }, deps());
        const period = ctx.repos.periodClose.get(scope, month);
        if (!period) throw new Error('a period asked to reopen vanished');
        return period;
      }),
    'cash.close.approveReopen': ({ scope, month }, caller) =>
      refused(() => approveReopen({ scope, month, actor: caller.actor }, deps())),
  };
}
