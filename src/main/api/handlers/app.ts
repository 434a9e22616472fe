import type { Handler } from '../dispatcher';
import type { HandlerContext } from './context';

export function appHandlers(ctx: HandlerContext): {
  'app.info': Handler<'app.info'>;
  'status.summary': Handler<'status.summary'>;
  'engine.status': Handler<'engine.status'>;
  'app.health': Handler<'app.health'>;
} {
  return {
    'app.info': () => ctx.info,
    'status.summary': () => ({
      counts: ctx.repos.postings.countsByStatus(),
      events: ctx.repos.events.count(),
      quarantined: ctx.repos.quarantine.openCount(),
    }),
    'engine.status': () => ctx.engineStatus(),
    'app.health': () => ctx.health?.() ?? { diskFull: null, log: null },
  };
}
