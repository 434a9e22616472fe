/**
 * Who calls the console API, and what they may do: the auth room's own types, which the dispatcher (the API
 * layer) applies to every transport.
 */
import type { Role } from '../../shared/commands/access';
import type { CommandName } from '../../shared/contract';

/** Who is calling: attributed on every write. */
export interface Caller {
  readonly actor: string;
  readonly transport: 'ipc' | 'http' | 'cli' | 'test';
  /** Set by transports that sign people in; otherwise the access control decides from the transport. */
  readonly role?: Role;
}

/** Roles checked here, once, so every transport inherits the same gate. */
export interface AccessControl {
  roleOf(caller: Caller): Role;
  /** The least role that may make this call (the arguments can raise it, e.g. a large manual posting). */
  requiredRole(name: CommandName, args: unknown): Role;
  /** A refused call, for the audit trail. */
  denied?(caller: Caller & { role: Role }, name: CommandName, required: Role): void;
}
