/**
 * When a posting in Retry goes again: a sweep per connection every `intervalMs`
 * (6 h by default), and between sweeps exponential backoff with jitter for 429, 5xx and timeouts, never
 * earlier than the EHR's Retry-After. Pure: time and randomness come in as arguments.
 */
import type { RetryPace } from './classify';

export interface RetryPolicy {
  /** The retry sweep interval (default 6 h). */
  readonly intervalMs: number;
  /** How long an item may stay in Retry before it becomes Failure (default 24 h; Oracle's table says 48 h). */
  readonly windowMs: number;
  /** First backoff step; doubles each attempt. */
  readonly backoffBaseMs: number;
  /** Backoff never grows past this. */
  readonly backoffMaxMs: number;
}

export const DEFAULT_BACKOFF = { backoffBaseMs: 30_000, backoffMaxMs: 30 * 60_000 } as const;

/** The next sweep strictly after `now`, on a grid anchored at the epoch so it survives restarts. */
export function nextSweepAt(now: number, intervalMs: number): number {
  return (Math.floor(now / intervalMs) + 1) * intervalMs;
}

/** Exponential backoff with "equal jitter": between half and all of the step, so retries spread out. */
export function backoffMs(
  attempts: number,
  policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const step = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** exponent);
  return Math.round(step / 2 + (random() * step) / 2);
}

export interface NextAttemptInput {
  readonly now: number;
  /** Attempts made so far, including the one just finished. */
  readonly attempts: number;
  readonly pace: RetryPace;
  readonly retryAfterMs: number | null;
  readonly policy: RetryPolicy;
  readonly random: () => number;
}

export function nextAttemptAt(input: NextAttemptInput): number {
  const { now, policy } = input;
  const sweep = nextSweepAt(now, policy.intervalMs);
  const notBefore = input.retryAfterMs !== null ? now + input.retryAfterMs : now;
  switch (input.pace) {
    case 'token':
      // The token was refreshed (once, for every caller): go again at once unless told to wait.
      return notBefore;
    case 'backoff':
      // Backoff runs between sweeps; the sweep picks up whatever backoff would leave later.
      return Math.max(notBefore, Math.min(now + backoffMs(input.attempts, policy, input.random), sweep));
    case 'sweep':
      return Math.max(notBefore, sweep);
  }
}
