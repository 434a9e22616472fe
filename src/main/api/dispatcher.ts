import type { Logger } from 'pino';
import {
  COMMANDS,
  isCommandName,
  type ApiErrorCode,
  type CommandName,
  type CommandResult,
  type Envelope,
  type ParsedArgs,
} from '../../shared/contract';

/** Who is calling: attributed on every write. */
export interface Caller {
  readonly actor: string;
  readonly transport: 'ipc' | 'http' | 'cli' | 'test';
}

export type Handler<N extends CommandName> = (
  args: ParsedArgs<N>,
  caller: Caller,
) => CommandResult<N> | Promise<CommandResult<N>>;

/** Exactly one handler per command: a command without a handler does not compile. */
export type Handlers = { readonly [N in CommandName]: Handler<N> };

/** A failure a handler means to report, with a code the renderer can act on. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export type Dispatch = (name: string, args: unknown, caller: Caller) => Promise<Envelope<unknown>>;

/**
 * The single entry point of the console API for every transport: rejects unknown commands and invalid
 * arguments with codes, runs the handler, and turns any failure into `{code, message}`.
 */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (name, rawArgs, caller) => {
    if (!isCommandName(name)) {
      return fail('unknown_command', `Unknown command "${name.slice(0, 80)}"`);
    }
    const parsed = COMMANDS[name].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(arguments)',
        message: issue.message,
      }));
      return {
        ok: false,
        error: {
          code: 'invalid_arguments',
          message: `Invalid arguments for ${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues,
        },
      };
    }
    try {
      const handler = handlers[name] as Handler<typeof name>;
      const result = await handler(parsed.data, caller);
      return { ok: true, result };
    } catch (error) {
      if (error instanceof ApiFailure) return fail(error.code, error.message);
      // Unexpected errors are logged in full and reported without internals.
      logger.error({ err: error, command: name }, 'command failed');
      return fail('internal', `${name} failed unexpectedly; the details are in the Clearpost log.`);
    }
  };
}

function fail(code: ApiErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}
