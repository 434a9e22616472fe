import type { Handlers } from '../dispatcher';
import { accessHandlers } from './access';
import { appHandlers } from './app';
import { approvalHandlers } from './approvals';
import { auditHandlers } from './audit';
import { cashHandlers } from './cash';
import { cashCloseHandlers } from './cash-close';
import { cashUnpostedHandlers } from './cash-unposted';
import { consoleHandlers } from './console';
import type { HandlerContext } from './context';
import { intakeHandlers } from './intake';
import { measureHandlers } from './measures';
import { postingActionHandlers } from './posting-actions';
import { postingHandlers } from './postings';
import { reconciliationHandlers } from './reconciliation';
import { serviceHandlers } from './service';
import { reportingHandlers } from './reporting';
import { settingsHandlers } from './settings';

/** One file per domain; this map is checked against the contract so no command lacks a handler. */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...postingHandlers(ctx),
    ...postingActionHandlers(ctx),
    ...consoleHandlers(ctx),
    ...reconciliationHandlers(ctx),
    ...intakeHandlers(ctx),
    ...settingsHandlers(ctx),
    ...reportingHandlers(ctx),
    ...accessHandlers(ctx),
    ...auditHandlers(ctx),
    ...cashHandlers(ctx),
    ...cashCloseHandlers(ctx),
    ...approvalHandlers(ctx),
    ...measureHandlers(ctx),
    ...serviceHandlers(ctx),
    ...cashUnpostedHandlers(ctx),
  };
}
