import type { Handler } from '../dispatcher';
import type { HandlerContext } from './context';

export function postingActionHandlers(ctx: HandlerContext): {
  'postings.retryNow': Handler<'postings.retryNow'>;
  'postings.markManual': Handler<'postings.markManual'>;
  'postings.hold': Handler<'postings.hold'>;
  'postings.assign': Handler<'postings.assign'>;
} {
  const { actions } = ctx;
  return {
    'postings.retryNow': ({ id, confirmedNotInEhr }, caller) =>
      actions.retryNow(id, caller.actor, confirmedNotInEhr),
    'postings.markManual': ({ id, ehrReference, note }, caller) =>
      actions.markManual(id, caller.actor, ehrReference, note),
    'postings.hold': ({ id, held }, caller) => actions.setHeld(id, caller.actor, held),
    'postings.assign': ({ id, assignee }, caller) => actions.assign(id, caller.actor, assignee),
  };
}
