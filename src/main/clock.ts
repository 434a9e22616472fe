import type { EpochMs } from '../shared/domain';

/** Time is injected so that retry windows and schedules can be tested with a fake clock. */
export interface Clock {
  now(): EpochMs;
}

export const systemClock: Clock = { now: () => Date.now() };
