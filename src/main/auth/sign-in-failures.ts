/**
 * Failed sign-ins and lockouts, bounded. A stranger chooses the user names, so nothing here may grow with
 * what they send: a name longer than {@link MAX_USERNAME_LENGTH} is refused before it keys anything, and at
 * most {@link MAX_TRACKED_NAMES} names are tracked — beyond that the least recently failed is forgotten.
 * An attacker who cycles through that many names can evict a lockout early; each name costs them a full
 * password hash, so that takes hours, and the bound is what keeps memory and disk flat.
 *
 * Kept in SQLite (`sign_in_failures`, migration 0016) so a restart does not lift a lockout; in memory
 * (a Map in least-recently-failed order) without a database.
 */
import type { SignInFailure } from '../store/repositories/sign-in-failures';

export type { SignInFailure };

/** Account names are at most 64 characters; anything past 256 is not a typing slip. */
export const MAX_USERNAME_LENGTH = 256;
export const MAX_TRACKED_NAMES = 10_000;
/** Failures with no lock in force are forgotten after a day. */
export const FORGET_AFTER_MS = 24 * 3_600_000;

export interface SignInFailureLimits {
  readonly maxRows: number;
  readonly forgetAfterMs: number;
}

export const DEFAULT_FAILURE_LIMITS: SignInFailureLimits = {
  maxRows: MAX_TRACKED_NAMES,
  forgetAfterMs: FORGET_AFTER_MS,
};

/** Where failures are kept: the `signInFailures` repository, or memory. */
export interface SignInFailureStore {
  get(key: string): SignInFailure | null;
  record(key: string, failure: SignInFailure, now: number, limits: SignInFailureLimits): void;
  clear(key: string): void;
  size(): number;
}

/** The key a user name is counted under; null when it is too long (or empty) to key anything. */
export function failureKey(username: string): string | null {
  const trimmed = username.trim();
  if (trimmed === '' || trimmed.length > MAX_USERNAME_LENGTH) return null;
  return trimmed.toLowerCase();
}

export function memorySignInFailureStore(): SignInFailureStore {
  const rows = new Map<string, SignInFailure & { lastFailedAt: number }>();
  return {
    get(key) {
      const row = rows.get(key);
      return row ? { count: row.count, lockedUntil: row.lockedUntil } : null;
    },
    record(key, failure, now, limits) {
      // Deleted first so that the Map's order is least recently failed first.
      rows.delete(key);
      rows.set(key, { ...failure, lastFailedAt: now });
      for (const [old, row] of rows) {
        if (rows.size <= limits.maxRows && row.lastFailedAt >= now - limits.forgetAfterMs) break;
        if (row.lockedUntil > now && rows.size <= limits.maxRows) continue;
        rows.delete(old);
      }
    },
    clear: (key) => void rows.delete(key),
    size: () => rows.size,
  };
}
