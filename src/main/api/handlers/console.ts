import type { HandlerContext } from './context';

/** Handlers of the console's screen commands (see src/shared/commands/console.ts). */
export function consoleHandlers(_ctx: HandlerContext) {
  return {};
}
