/**
 * Sign-in for serve mode. The console token still gates every request (it proves the caller got the link
 * `clearpost serve` printed), but it never grants a role: a command acts as the signed-in account of its
 * session, or is refused. On a fresh data folder the token holder may create the first supervisor account
 * (console-access.ts), and is signed in as that account.
 */
import { firstSupervisorSchema, type Identity } from '../../shared/commands/access';
import { validationErrorMap } from '../../shared/words';
import type { Caller } from './caller';
import type { Clock } from '../clock';
import type { AccountsRepository } from '../store/repositories/accounts';
import type { NewAuditEvent } from '../store/repositories/audit';
import { ACCESS_MESSAGES, consoleAccessState, type ConsoleAccessState } from './console-access';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import type { Sessions } from './sessions';
import {
  DEFAULT_FAILURE_LIMITS,
  failureKey,
  MAX_USERNAME_LENGTH,
  memorySignInFailureStore,
  type SignInFailureLimits,
  type SignInFailureStore,
} from './sign-in-failures';

/**
 * The session id travels in this header, from the tab's sessionStorage, never in a cookie: browsers send a
 * 127.0.0.1 cookie to every port of 127.0.0.1 (cookies are not port-scoped, RFC 6265 section 8.5), so any
 * other local web service the operator visits would receive it.
 */
export const SESSION_HEADER = 'x-clearpost-session';

const MAX_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

export type SignInResult =
  | { readonly ok: true; readonly sessionId: string; readonly identity: Identity; readonly expiresAt: number }
  | {
      readonly ok: false;
      readonly message: string;
      /** Each refused field with its rule, so the console shows it on that field (first supervisor only). */
      readonly issues?: readonly { readonly path: string; readonly message: string }[];
    };

export interface HttpAuth {
  signIn(username: string, password: string): Promise<SignInResult>;
  signOut(sessionId: string | null): void;
  /** The caller a request acts as: the session's account, or null (sign in first). The token is nobody. */
  callerFor(sessionId: string | null): Caller | null;
  /** Told when an account's sessions are ended (disabled, role or password changed). */
  onSessionsEnded(listener: () => void): () => void;
  /** What a console without a session shows: first-supervisor set-up, sign-in, or how to recover. */
  state(): { readonly state: ConsoleAccessState; readonly message: string };
  /** Creates the first supervisor on a data folder without accounts, and signs them in. */
  createFirstSupervisor(username: unknown, password: unknown): Promise<SignInResult>;
}

export function createHttpAuth(deps: {
  readonly accounts: AccountsRepository;
  readonly sessions: Sessions;
  readonly clock: Clock;
  readonly audit: (event: NewAuditEvent) => void;
  /** Failed sign-ins; the `signInFailures` repository keeps lockouts across restarts (default: memory). */
  readonly failures?: SignInFailureStore;
  readonly failureLimits?: SignInFailureLimits;
  /** Runs a check-then-write under the database's write lock (BEGIN IMMEDIATE). */
  readonly writeLocked: <T>(fn: () => T) => T;
}): HttpAuth {
  const failures = deps.failures ?? memorySignInFailureStore();
  const limits = deps.failureLimits ?? DEFAULT_FAILURE_LIMITS;
  return {
    async signIn(username, password) {
      const key = failureKey(username);
      // Refused before it costs a hash or keys anything: no account has such a name.
      if (key === null) {
        return {
          ok: false,
          message:
            username.trim() === ''
              ? 'Enter your user name.'
              : `A user name is at most ${String(MAX_USERNAME_LENGTH)} characters.`,
        };
      }
      const now = deps.clock.now();
      const failure = failures.get(key);
      if (failure && failure.lockedUntil > now) {
        return { ok: false, message: 'Too many failed sign-ins for this user; wait five minutes.' };
      }
      const account = deps.accounts.find(key);
      // Unknown and disabled users cost a full hash too, so timing does not tell which names exist.
      const valid =
        (await verifyPassword(password, account?.passwordHash ?? (await dummyHash()))) &&
        account !== null &&
        !account.disabled;
      if (!account || !valid) {
        const count = (failure?.count ?? 0) + 1;
        failures.record(key, { count, lockedUntil: count >= MAX_FAILURES ? now + LOCK_MS : 0 }, now, limits);
        deps.audit({
          actor: key.slice(0, 64),
          action: 'auth.sign_in_failed',
          subjectType: 'account',
          subjectId: key.slice(0, 64),
          details: { locked: count >= MAX_FAILURES },
        });
        return { ok: false, message: 'The user name or password is wrong.' };
      }
      failures.clear(key);
      const { id, expiresAt } = deps.sessions.start(account.username, account.role);
      deps.audit({
        actor: account.username,
        action: 'auth.signed_in',
        subjectType: 'account',
        subjectId: account.username,
      });
      return {
        ok: true,
        sessionId: id,
        expiresAt,
        identity: { actor: account.username, role: account.role, transport: 'http' },
      };
    },
    signOut(sessionId) {
      const session = deps.sessions.get(sessionId);
      deps.sessions.end(sessionId);
      if (session) {
        deps.audit({
          actor: session.username,
          action: 'auth.signed_out',
          subjectType: 'account',
          subjectId: session.username,
        });
      }
    },
    onSessionsEnded: (listener) => deps.sessions.onEndedFor(listener),
    callerFor(sessionId) {
      const session = deps.sessions.get(sessionId);
      return session ? { actor: session.username, role: session.role, transport: 'http' } : null;
    },
    state() {
      const state = consoleAccessState(deps.accounts.list());
      return { state, message: ACCESS_MESSAGES[state] };
    },
    async createFirstSupervisor(username, password) {
      const parsed = firstSupervisorSchema.safeParse({ username, password }, { error: validationErrorMap });
      if (!parsed.success) {
        const { issues } = parsed.error;
        return {
          ok: false,
          message: issues.map((i) => i.message).join('; '),
          issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        };
      }
      const name = parsed.data.username;
      // Hashing takes a while: done before the lock, which then checks again that no account exists.
      const hash = await hashPassword(parsed.data.password);
      const created = deps.writeLocked(() => {
        if (consoleAccessState(deps.accounts.list()) !== 'first-supervisor') return false;
        deps.accounts.create(name, 'supervisor', hash, false, deps.clock.now());
        deps.audit({
          actor: name,
          action: 'account.created',
          subjectType: 'account',
          subjectId: name,
          details: { role: 'supervisor', firstSupervisor: true },
        });
        return true;
      });
      if (!created) {
        return { ok: false, message: 'Clearpost already has accounts: sign in with yours.' };
      }
      const { id, expiresAt } = deps.sessions.start(name, 'supervisor');
      deps.audit({ actor: name, action: 'auth.signed_in', subjectType: 'account', subjectId: name });
      return {
        ok: true,
        sessionId: id,
        expiresAt,
        identity: { actor: name, role: 'supervisor', transport: 'http' },
      };
    },
  };
}
