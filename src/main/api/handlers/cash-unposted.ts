import { today } from '../../lib/time-zone';
import { unpostedCash } from '../../reconciliation/cash/unposted-cash';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';
import { recordAudit } from './record-audit';

/**
 * Handlers of the unposted-cash commands (src/shared/commands/cash.ts). Days are the reports' default zone
 * when reports are set up, else UTC, as for the cash balance.
 */
export function cashUnpostedHandlers(ctx: HandlerContext): {
  'cash.unposted': Handler<'cash.unposted'>;
  'cash.unposted.assign': Handler<'cash.unposted.assign'>;
} {
  const zone = () => ctx.reports?.service.zones.zoneFor('') ?? 'UTC';
  return {
    'cash.unposted': ({ asOf, facility }) =>
      unpostedCash(ctx.repos, {
        asOf: asOf ?? today(ctx.clock.now(), zone()),
        timeZone: zone(),
        ...(facility ? { facility } : {}),
      }),
    'cash.unposted.assign': ({ eventId, owner, note, followUp }, caller) => {
      const details = { ...(note ? { note } : {}), ...(followUp ? { followUp } : {}) };
      if (!ctx.repos.cashUnposted.assign(eventId, { owner, ...details }, caller.actor, ctx.clock.now())) {
        throw new ApiFailure('not_found', `Payment ${String(eventId)} is not a payment Clearpost holds.`);
      }
      recordAudit(ctx, {
        actor: caller.actor,
        action: 'cash.unposted.assign',
        subjectType: 'payment_event',
        subjectId: String(eventId),
        details: { owner, ...details },
      });
      return { ok: true as const };
    },
  };
}
