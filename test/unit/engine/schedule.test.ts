import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, nextAttemptAt, nextSweepAt, type RetryPolicy } from '../../../src/main/engine/schedule';

const HOUR = 3_600_000;
const policy: RetryPolicy = {
  intervalMs: 6 * HOUR,
  windowMs: 24 * HOUR,
  backoffBaseMs: 30_000,
  backoffMaxMs: 30 * 60_000,
};

describe('the retry schedule', () => {
  it('puts sweeps on a fixed 6-hour grid, strictly after now', () => {
    expect(nextSweepAt(0, 6 * HOUR)).toBe(6 * HOUR);
    expect(nextSweepAt(6 * HOUR, 6 * HOUR)).toBe(12 * HOUR);
    expect(nextSweepAt(6 * HOUR - 1, 6 * HOUR)).toBe(6 * HOUR);
  });

  it('backs off exponentially with jitter, within half and all of each step, capped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempts, r) => {
          const step = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempts - 1));
          const ms = backoffMs(attempts, policy, () => r);
          return ms >= step / 2 && ms <= step;
        },
      ),
    );
    expect(backoffMs(1, policy, () => 0)).toBe(15_000);
    expect(backoffMs(3, policy, () => 0.999999)).toBe(120_000);
  });

  it('honours Retry-After even past the next sweep', () => {
    const now = HOUR;
    expect(
      nextAttemptAt({ now, attempts: 1, pace: 'backoff', retryAfterMs: 10 * HOUR, policy, random: () => 0 }),
    ).toBe(now + 10 * HOUR);
    expect(
      nextAttemptAt({ now, attempts: 1, pace: 'backoff', retryAfterMs: 120_000, policy, random: () => 0 }),
    ).toBe(now + 120_000);
  });

  it('never lets backoff run past the sweep, which picks everything up', () => {
    const now = 6 * HOUR - 60_000;
    expect(
      nextAttemptAt({ now, attempts: 20, pace: 'backoff', retryAfterMs: null, policy, random: () => 0.5 }),
    ).toBe(6 * HOUR);
  });

  it('goes again at once after a token refresh, and at the sweep otherwise', () => {
    expect(
      nextAttemptAt({ now: 100, attempts: 1, pace: 'token', retryAfterMs: null, policy, random: () => 0.5 }),
    ).toBe(100);
    expect(
      nextAttemptAt({ now: 100, attempts: 1, pace: 'sweep', retryAfterMs: null, policy, random: () => 0.5 }),
    ).toBe(6 * HOUR);
  });
});
