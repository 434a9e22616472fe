import { describe, expect, it } from 'vitest';
import {
  guidanceFor,
  guidanceSaysPostManually,
  manualPostAllowedAt,
} from '../../src/renderer/src/screens/detail/guidance';
import type { PaymentEvent, Posting } from '../../src/shared/domain';

const now = Date.UTC(2026, 10, 23, 12);
const posting = (overrides: Partial<Posting>): Posting => ({
  id: 1,
  eventId: 1,
  ehr: 'oracle_health',
  connectionId: 'oracle_health-sandbox',
  channel: 'api',
  status: 'failure',
  attempts: 1,
  nextAttemptAt: null,
  windowExpiresAt: null,
  ehrReference: null,
  reasonCode: 'bo_hp_reltn_missing',
  reason: '404 Not Found: bo_hp_reltn_id is missing',
  nextStep: 'Manually post payment and open a support ticket with Oracle about the missing database values.',
  held: false,
  verifyFirst: false,
  assignee: null,
  createdAt: now - 3_600_000,
  updatedAt: now,
  resolvedAt: null,
  ...overrides,
});
const event = { processorTxnId: '7001', guarantorAccount: 'G100234' } as PaymentEvent;

describe('guidance', () => {
  it('tells a Failure to post by hand in words, the HTTP status and code left to the technical section', () => {
    const g = guidanceFor(posting({}), event, now);
    expect(g.classification).toBe('Failure');
    expect(g.meaning).toBe(
      'Oracle Health is missing the billing-organization and health-plan relationship for this account.',
    );
    expect(g.detail).toBe('bo_hp_reltn_id is missing');
    expect(g.steps.join(' ')).toMatch(/Post the payment by hand in Oracle Health for guarantor G100234/);
    expect(g.steps.join(' ')).toMatch(/support ticket with Oracle/);
    expect(g.caution).toBeNull();
  });

  it('warns against posting a Not Applicable item by hand inside its 48 hours', () => {
    const fresh = posting({ status: 'not_applicable', createdAt: now - 3_600_000 });
    expect(guidanceFor(fresh, event, now).caution).toMatch(/Do not post manually before/);
    expect(manualPostAllowedAt(fresh)).toBe(now - 3_600_000 + 48 * 3_600_000);
    const old = posting({ status: 'not_applicable', createdAt: now - 49 * 3_600_000 });
    expect(guidanceFor(old, event, now).caution).toBeNull();
  });

  it('asks for a lookup before anything else when the outcome is in doubt', () => {
    const g = guidanceFor(posting({ status: 'needs_verification' }), event, now);
    expect(g.steps[0]).toBe('Look up transaction 7001 in Oracle Health before anything else.');
    expect(g.caution).toMatch(/duplicate/);
  });

  it('says what happened to a Success found already in the EHR, not "reference: —"', () => {
    const linked = guidanceFor(
      posting({ status: 'success', reasonCode: 'found_in_ehr', reason: null, nextStep: null }),
      event,
      now,
    );
    expect(linked.steps.join(' ')).toMatch(/Oracle Health already had this payment .*did not post it again/);
    expect(linked.steps.join(' ')).not.toContain('—');
    const posted = guidanceFor(
      posting({ status: 'success', reasonCode: null, ehrReference: 'FT-9' }),
      event,
      now,
    );
    expect(posted.steps).toEqual(['Posted in Oracle Health; its reference is FT-9. Nothing to do.']);
  });

  it('makes "Mark manually posted" the primary action where the guidance says to post by hand', () => {
    expect(guidanceSaysPostManually(posting({}), now)).toBe(true);
    expect(guidanceSaysPostManually(posting({ status: 'retry', nextStep: null }), now)).toBe(false);
    expect(guidanceSaysPostManually(posting({ status: 'needs_verification', nextStep: null }), now)).toBe(
      false,
    );
    const fresh = posting({ status: 'not_applicable', nextStep: null, createdAt: now - 3_600_000 });
    expect(guidanceSaysPostManually(fresh, now)).toBe(false);
    const old = posting({ status: 'not_applicable', nextStep: null, createdAt: now - 49 * 3_600_000 });
    expect(guidanceSaysPostManually(old, now)).toBe(true);
  });

  it('says a held item is on hold first', () => {
    expect(guidanceFor(posting({ held: true }), event, now).steps[0]).toMatch(/On hold/);
  });
});
