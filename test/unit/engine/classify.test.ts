import { describe, expect, it } from 'vitest';
import { EHR_ERROR_CODES, ehrError, type EhrErrorCode } from '../../../src/main/connectors/ehr';
import { classifyError, classifyLookup, classifyPost } from '../../../src/main/engine/classify';

describe('the classifier', () => {
  it('sends 400, 403, 404 and 422 to Failure with the code’s next step', () => {
    for (const code of [
      'invalid_request',
      'forbidden',
      'bo_hp_reltn_missing',
      'not_found',
      'business_rule',
      'unprocessable',
    ] as const) {
      const c = classifyError(ehrError(code));
      expect(c.status, code).toBe('failure');
      if (c.status === 'failure') expect(c.error.nextStep).toMatch(/Manually post payment/);
    }
  });

  it('sends timeouts, resets and 5xx to Retry and marks them to be verified before any re-post', () => {
    for (const code of ['timeout', 'connection_reset', 'server_error'] as const) {
      expect(classifyError(ehrError(code))).toMatchObject({
        status: 'retry',
        outcome: 'ambiguous',
        verifyFirst: true,
        pace: 'backoff',
      });
    }
  });

  it('sends 429 to Retry with backoff, and 401 to Retry after a token refresh, neither needing verification', () => {
    expect(classifyError(ehrError('rate_limited', { retryAfterMs: 2000 }))).toMatchObject({
      status: 'retry',
      outcome: 'rate_limited',
      verifyFirst: false,
      pace: 'backoff',
    });
    expect(classifyError(ehrError('unauthorized'))).toMatchObject({
      status: 'retry',
      verifyFirst: false,
      pace: 'token',
    });
  });

  it('treats an EHR "duplicate" answer as Success linked to the existing posting', () => {
    expect(classifyError(ehrError('duplicate'))).toMatchObject({ status: 'success', outcome: 'duplicate' });
    expect(
      classifyPost({ ok: true, ehrReference: 'FT-PL-9', httpStatus: 200, existing: true }),
    ).toMatchObject({
      status: 'success',
      outcome: 'duplicate',
      ehrReference: 'FT-PL-9',
    });
  });

  it('sends mapping problems to Not Applicable with the reason', () => {
    const c = classifyError(ehrError('mapping_failed', { message: 'No alias configured for site NORTH' }));
    expect(c).toMatchObject({
      status: 'not_applicable',
      error: { message: 'No alias configured for site NORTH' },
    });
  });

  it('classifies every connector error code (no code falls through)', () => {
    for (const code of EHR_ERROR_CODES as readonly EhrErrorCode[]) {
      expect(['success', 'retry', 'failure', 'not_applicable', 'needs_verification']).toContain(
        classifyError(ehrError(code)).status,
      );
    }
  });

  it('reads a lookup as found, absent or unknown', () => {
    expect(
      classifyLookup({ ok: true, found: true, ehrReference: 'P1', amountMinor: 100, postedAt: 1 }),
    ).toEqual({ kind: 'found', ehrReference: 'P1' });
    expect(classifyLookup({ ok: true, found: false })).toEqual({ kind: 'absent' });
    expect(classifyLookup({ ok: false, error: ehrError('timeout') }).kind).toBe('unknown');
  });
});
