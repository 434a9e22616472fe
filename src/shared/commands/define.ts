import { z } from 'zod';

/**
 * Declares a command: its argument schema now, its result type through the type parameter.
 * The type parameter is the point: it carries the result type into COMMANDS without a runtime value.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function command<Result>() {
  return <Args extends z.ZodType>(doc: string, args: Args) => ({ doc, args, result: undefined as Result });
}

/** A command that takes no arguments. */
export const none = z.object({}).strict();
/** A row id. */
export const id = z.number().int().positive();
/** A facility, account or encounter as the site names it. */
export const siteValue = z.string().trim().min(1).max(100);
