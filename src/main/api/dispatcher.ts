import { ActionRefused } from '../engine/operator-actions';
import type { Logger } from 'pino';
import type { Role } from '../../shared/commands/access';
import {
  COMMANDS,
  isCommandName,
  type ApiErrorCode,
  type CommandName,
  type CommandResult,
  type Envelope,
  type ParsedArgs,
} from '../../shared/contract';
import type { AccessControl, Caller } from '../auth/caller';
import { minimumRole, roleAtLeast } from '../auth/roles';
import { issueInWords, validationErrorMap } from '../../shared/words';

export type { AccessControl, Caller } from '../auth/caller';
import { checkCardData } from './card-data-check';

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
    readonly issues?: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export type Dispatch = (name: string, args: unknown, caller: Caller) => Promise<Envelope<unknown>>;

/** Without settings (handler tests): roles by transport only, the static command table, no amount limit. */
const TRANSPORT_ROLES: AccessControl = {
  roleOf: (caller) =>
    caller.role ?? (caller.transport === 'cli' || caller.transport === 'test' ? 'supervisor' : 'viewer'),
  requiredRole: (name) => minimumRole(name),
};

/**
 * The single entry point of the console API for every transport: rejects unknown commands, invalid
 * arguments and arguments holding card data with codes, runs the handler, and turns any failure into
 * `{code, message}`.
 */
export function createDispatcher(
  handlers: Handlers,
  logger: Logger,
  access: AccessControl = TRANSPORT_ROLES,
): Dispatch {
  return async (name, rawArgs, caller) => {
    if (!isCommandName(name)) {
      return fail('unknown_command', `Unknown command "${name.slice(0, 80)}"`);
    }
    // The command's own minimum role is checked before its arguments: a caller below it is refused the same
    // way whatever they send (arguments can only raise the role, e.g. a large manual posting, below).
    const role = access.roleOf(caller);
    const floor = minimumRole(name);
    if (!roleAtLeast(role, floor)) return refuse(access, caller, role, name, floor);
    // Where a schema gives no message of its own, the console's words ("Must be a whole number"), not zod's
    // English ("Invalid input: expected int, received string"); a schema's own message still wins.
    const parsed = COMMANDS[name].args.safeParse(rawArgs ?? {}, { error: validationErrorMap });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(arguments)',
        message: issue.message,
      }));
      return {
        ok: false,
        error: {
          code: 'invalid_arguments',
          // The field in words first ("Processor transaction id: …"); the command and the raw paths stay in `issues`.
          message: issues.map(issueInWords).join('; '),
          issues,
        },
      };
    }
    // Before anything else sees the arguments (access checks may audit, handlers store): typed card data is
    // refused here, once for every command and transport.
    const cardData = checkCardData(name, parsed.data);
    if (cardData) {
      logger.warn(
        { command: name, fields: cardData.issues.map((i) => i.path) },
        'command refused: card data in its arguments',
      );
      return {
        ok: false,
        error: { code: 'invalid_arguments', message: cardData.message, issues: cardData.issues },
      };
    }
    const required = access.requiredRole(name, parsed.data);
    if (!roleAtLeast(role, required)) return refuse(access, caller, role, name, required);
    try {
      const handler = handlers[name] as Handler<typeof name>;
      const result = await handler(parsed.data, { ...caller, role });
      return { ok: true, result };
    } catch (error) {
      if (error instanceof ActionRefused) return fail(error.code, error.message);
      if (error instanceof ApiFailure) {
        return error.issues
          ? { ok: false, error: { code: error.code, message: error.message, issues: error.issues } }
          : fail(error.code, error.message);
      }
      // Unexpected errors are logged in full and reported without internals.
      logger.error({ err: error, command: name }, 'command failed');
      return fail('internal', `${name} failed unexpectedly; the details are in the Clearpost log.`);
    }
  };
}

function withArticle(role: Role): string {
  return role === 'operator' ? 'an operator' : `a ${role}`;
}

function fail(code: ApiErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function refuse(
  access: AccessControl,
  caller: Caller,
  role: Role,
  name: CommandName,
  required: Role,
): Envelope<unknown> {
  access.denied?.({ ...caller, role }, name, required);
  return fail('forbidden', `${name} needs the ${required} role; ${caller.actor} is ${withArticle(role)}.`);
}
