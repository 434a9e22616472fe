import type { HandlerContext } from './context';

/** Handlers of the reconciliation commands (see src/shared/commands/reconciliation.ts). */
export function reconciliationHandlers(_ctx: HandlerContext) {
  return {};
}
