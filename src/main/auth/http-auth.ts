/**
 * Sign-in for serve mode. The console token still gates every request (it proves the caller got the link
 * `clearpost serve` printed); accounts say who the person is. Until the first account exists, the token
 * holder acts as the OS user who started serve mode, as a supervisor, so they can create the accounts.
 */
import type { Identity } from '../../shared/commands/access';
import type { Caller } from '../api/dispatcher';
import type { Clock } from '../clock';
import type { AccountsRepository } from '../store/repositories/accounts';
import type { NewAuditEvent } from '../store/repositories/audit';
import { dummyHash, verifyPassword } from './passwords';
import type { Sessions } from './sessions';
import {
  DEFAULT_FAILURE_LIMITS,
  failureKey,
  MAX_USERNAME_LENGTH,
  memorySignInFailureStore,
  type SignInFailureLimits,
  type SignInFailureStore,
} from './sign-in-failures';

export const SESSION_COOKIE = 'clearpost_session';
export const SESSION_HEADER = 'x-clearpost-session';

const MAX_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

export type SignInResult =
  | { readonly ok: true; readonly sessionId: string; readonly identity: Identity; readonly expiresAt: number }
  | { readonly ok: false; readonly message: string };

export interface HttpAuth {
  signIn(username: string, password: string): Promise<SignInResult>;
  signOut(sessionId: string | null): void;
  /** The caller a request acts as; null when someone must sign in first. */
  callerFor(sessionId: string | null, fallbackActor: string): Caller | null;
}

export function createHttpAuth(deps: {
  readonly accounts: AccountsRepository;
  readonly sessions: Sessions;
  readonly clock: Clock;
  readonly audit: (event: NewAuditEvent) => void;
  /** Failed sign-ins; the `signInFailures` repository keeps lockouts across restarts (default: memory). */
  readonly failures?: SignInFailureStore;
  readonly failureLimits?: SignInFailureLimits;
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
    callerFor(sessionId, fallbackActor) {
      const session = deps.sessions.get(sessionId);
      if (session) return { actor: session.username, role: session.role, transport: 'http' };
      if (deps.accounts.activeCount() === 0)
        return { actor: fallbackActor, role: 'supervisor', transport: 'http' };
      return null;
    },
  };
}
