/**
 * Sign-in attempts per network address, as a token bucket: a burst of `capacity` attempts, then one every
 * `60 / perMinute` seconds. The per-account lockout (auth/sign-in-failures.ts) stops guessing one account's
 * password; this stops one machine trying many accounts, or filling the lockout table, quickly. Refused
 * attempts get 429 with `Retry-After` (RFC 6585 section 4, RFC 9110 section 10.2.3) and cost no password
 * hash. Memory is bounded: past `maxAddresses` the least recently seen address is forgotten (its bucket
 * starts full again).
 */
export interface ThrottleDecision {
  readonly ok: boolean;
  /** When refused: whole seconds until the next attempt is allowed. */
  readonly retryAfterSeconds: number;
}

export interface SignInThrottle {
  take(address: string): ThrottleDecision;
}

export interface SignInThrottleOptions {
  readonly capacity?: number;
  readonly perMinute?: number;
  readonly maxAddresses?: number;
  readonly now?: () => number;
}

export const DEFAULT_SIGN_IN_BURST = 10;
export const DEFAULT_SIGN_INS_PER_MINUTE = 10;

export function createSignInThrottle(options: SignInThrottleOptions = {}): SignInThrottle {
  const capacity = options.capacity ?? DEFAULT_SIGN_IN_BURST;
  const msPerToken = 60_000 / (options.perMinute ?? DEFAULT_SIGN_INS_PER_MINUTE);
  const maxAddresses = options.maxAddresses ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order is recency: an address is moved to the end each time it is seen.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(address) {
      const at = now();
      const previous = buckets.get(address);
      buckets.delete(address);
      const tokens = previous
        ? Math.min(capacity, previous.tokens + Math.max(0, at - previous.at) / msPerToken)
        : capacity;
      if (buckets.size >= maxAddresses) {
        const oldest = buckets.keys().next();
        if (!oldest.done) buckets.delete(oldest.value);
      }
      if (tokens >= 1) {
        buckets.set(address, { tokens: tokens - 1, at });
        return { ok: true, retryAfterSeconds: 0 };
      }
      buckets.set(address, { tokens, at });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - tokens) * msPerToken) / 1000)) };
    },
  };
}
