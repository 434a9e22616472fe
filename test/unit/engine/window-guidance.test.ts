import { describe, expect, it } from 'vitest';
import { ehrError } from '../../../src/main/connectors/ehr/errors';
import { NEXT_STEP } from '../../../src/main/connectors/ehr/next-steps';
import { settlementFor, type SettleContext } from '../../../src/main/engine/decision';

const HOUR = 3_600_000;
const now = Date.UTC(2026, 10, 23, 12);

function context(windowMs: number, notApplicableWindowMs: number): SettleContext {
  return {
    now,
    item: {
      id: 1,
      lease: { owner: 'test', token: 1 },
      eventId: 1,
      connectionId: 'c',
      previousStatus: 'pending',
      attempts: 0,
      verifyFirst: false,
      windowExpiresAt: null,
      reasonCode: null,
    },
    policy: {
      intervalMs: 6 * HOUR,
      windowMs,
      backoffBaseMs: 30_000,
      backoffMaxMs: 1_800_000,
      notApplicableWindowMs,
    },
    capabilities: { lookup: false, serverDedupesOnExternalId: false },
    random: () => 0.5,
  };
}

describe('guidance text names the item’s own windows', () => {
  it('a timeout under a 24-hour retry window never says "2 days"', () => {
    const s = settlementFor(
      {
        status: 'retry',
        outcome: 'ambiguous',
        error: ehrError('timeout'),
        pace: 'backoff',
        verifyFirst: true,
      },
      context(24 * HOUR, 48 * HOUR),
      false,
    );
    expect(s.nextStep).toContain('24-hour retry window');
    expect(s.nextStep).not.toMatch(/2 days|48/);
    expect(s.windowExpiresAt).toBe(now + 24 * HOUR);
  });

  it('a site with a 48-hour retry window and a 12-hour Not Applicable window reads those', () => {
    const retry = settlementFor(
      {
        status: 'retry',
        outcome: 'rate_limited',
        error: ehrError('rate_limited'),
        pace: 'backoff',
        verifyFirst: false,
      },
      context(48 * HOUR, 12 * HOUR),
      false,
    );
    expect(retry.nextStep).toContain('48-hour retry window');
    const na = settlementFor(
      { status: 'not_applicable', outcome: 'not_applicable', error: ehrError('mapping_failed') },
      context(48 * HOUR, 12 * HOUR),
      false,
    );
    expect(na.nextStep).toContain('12-hour Not Applicable window');
    expect(na.windowExpiresAt).toBe(now + 12 * HOUR);
  });

  it('no default text claims a window other than the defaults', () => {
    expect(NEXT_STEP.timeout).toContain('24-hour retry window');
    expect(NEXT_STEP.mapping_failed).toContain('48-hour Not Applicable window');
    for (const text of Object.values(NEXT_STEP)) expect(text).not.toContain('2 days');
  });
});
