import type { Handlers } from '../dispatcher';
import { appHandlers } from './app';
import { consoleHandlers } from './console';
import type { HandlerContext } from './context';
import { postingActionHandlers } from './posting-actions';
import { postingHandlers } from './postings';
import { reconciliationHandlers } from './reconciliation';

/** One file per domain; this map is checked against the contract so no command lacks a handler. */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...postingHandlers(ctx),
    ...postingActionHandlers(ctx),
    ...consoleHandlers(ctx),
    ...reconciliationHandlers(ctx),
  };
}
