import type { Handler } from '../dispatcher';
import { ApiFailure } from '../dispatcher';
import { bulkRunner } from '../bulk/bulk-runner';
import { enterManualPayment, ManualEntryRefused } from '../../intake/manual-entry';
import { dashboardRepository } from '../../store/repositories/dashboard';
import { InvalidCursorError, queueRepository } from '../../store/repositories/queue';
import { savedViewsRepository } from '../../store/repositories/saved-views';
import { approvalSettingsOf } from './approvals';
import type { HandlerContext } from './context';
import { queueChanges } from './queue-changes';

/** Handlers of the console's screen commands (see src/shared/commands/console.ts). */
export function consoleHandlers(ctx: HandlerContext): {
  'queue.list': Handler<'queue.list'>;
  'queue.count': Handler<'queue.count'>;
  'queue.changes': Handler<'queue.changes'>;
  'queue.byIds': Handler<'queue.byIds'>;
  'views.list': Handler<'views.list'>;
  'views.save': Handler<'views.save'>;
  'views.delete': Handler<'views.delete'>;
  'bulk.preview': Handler<'bulk.preview'>;
  'bulk.run': Handler<'bulk.run'>;
  'dashboard.summary': Handler<'dashboard.summary'>;
  'postings.history': Handler<'postings.history'>;
  'payments.enterManual': Handler<'payments.enterManual'>;
} {
  const { db, repos, bus, clock } = ctx;
  const queue = queueRepository(db);
  const views = savedViewsRepository(db);
  // The engine's clock: the dashboard folds postings by the times the engine stamped on them.
  const dashboard = dashboardRepository(db, () => clock.now());
  const bulk = bulkRunner({
    queue,
    actions: ctx.actions,
    audit: repos.audit,
    clock,
    transaction: (fn) => db.transaction(fn).immediate(),
  });

  return {
    'queue.list': (query) => {
      try {
        return queue.list(query);
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new ApiFailure('invalid_arguments', error.message);
        throw error;
      }
    },
    'queue.count': (filter) => queue.count(filter),
    'queue.changes': (args) => queueChanges(db, queue, clock, args),
    'queue.byIds': ({ ids }) => {
      const found = queue.byIds(ids);
      return ids.flatMap((id) => found.get(id) ?? []);
    },

    'views.list': () => views.list(),
    'views.save': ({ name, query }, caller) => {
      const saved = views.save(name, query, caller.actor, clock.now());
      bus.changed('saved_views');
      return saved;
    },
    'views.delete': ({ id }) => {
      const deleted = views.delete(id);
      bus.changed('saved_views');
      return { deleted };
    },

    'bulk.preview': ({ filter, action, assignee }) => bulk.preview(filter, action, assignee),
    'bulk.run': ({ previewId, confirmation }, caller) => bulk.run(previewId, confirmation, caller.actor),

    'dashboard.summary': ({ dayStarts }) => dashboard.summary(dayStarts),

    'postings.history': ({ id }) => {
      if (!repos.postings.get(id)) throw new ApiFailure('not_found', `Posting ${String(id)} does not exist`);
      return repos.audit.forSubject('posting', String(id));
    },

    'payments.enterManual': (payment, caller) => {
      try {
        const approval = { settings: approvalSettingsOf(ctx), role: caller.role ?? 'viewer' } as const;
        const result = enterManualPayment({ db, repos, clock, approval }, payment, caller.actor);
        bus.changed(
          'payment_events',
          'audit_events',
          ...(result.awaitingApproval ? (['approvals'] as const) : []),
        );
        return result;
      } catch (error) {
        if (!(error instanceof ManualEntryRefused)) throw error;
        if (error.code === 'quarantined') bus.changed('quarantined_inputs');
        const issues = error.field ? [{ path: error.field, message: error.message }] : undefined;
        throw new ApiFailure(
          error.code === 'conflict' ? 'conflict' : 'invalid_arguments',
          error.message,
          issues,
        );
      }
    },
  };
}
