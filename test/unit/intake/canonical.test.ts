import { describe, expect, it } from 'vitest';
import {
  standardizeLine,
  standardizeState,
  standardizeZip,
} from '../../../src/main/intake/canonical/address';
import { readAmount } from '../../../src/main/intake/canonical/amount';
import { applyCustomFieldRules, CustomFieldRules } from '../../../src/main/intake/canonical/custom-fields';
import { parseProcessorDate } from '../../../src/main/intake/canonical/dates';
import { enrichMerchantRef, parseMerchantRef } from '../../../src/main/intake/canonical/merchant-ref';
import { toE164 } from '../../../src/main/intake/canonical/phone';
import { describeReasonCode, REASON_CODE_TEXT } from '../../../src/main/intake/cybersource/reason-codes';
import { classifyEventType } from '../../../src/main/intake/cybersource/event-types';
import { classifyStatus } from '../../../src/main/intake/cybersource/statuses';

describe('amounts', () => {
  it('refuses what cannot be converted exactly, with the reason code', () => {
    expect(readAmount('12.50', 'usd')).toEqual({ ok: true, amountMinor: 1250, currency: 'USD' });
    expect(readAmount('1,250.00', 'USD')).toMatchObject({ amountMinor: 125000 });
    expect(readAmount('(12.50)', 'USD')).toMatchObject({ amountMinor: -1250 });
    expect(readAmount('1.250', 'KWD')).toMatchObject({ amountMinor: 1250 });
    expect(readAmount('1,25', 'EUR')).toMatchObject({
      ok: false,
      rejection: { reasonCode: 'invalid_amount' },
    });
    expect(readAmount('12.501', 'USD')).toMatchObject({
      ok: false,
      rejection: { reasonCode: 'too_precise' },
    });
    expect(readAmount('12', undefined)).toMatchObject({
      ok: false,
      rejection: { reasonCode: 'unknown_currency' },
    });
    expect(readAmount('12', 'ABC')).toMatchObject({
      ok: false,
      rejection: { reasonCode: 'unknown_currency' },
    });
    expect(readAmount(12.5, 'USD')).toMatchObject({ ok: false, rejection: { reasonCode: 'invalid_amount' } });
    expect(readAmount('99999999999999999999', 'USD')).toMatchObject({
      ok: false,
      rejection: { reasonCode: 'out_of_range' },
    });
  });
});

describe('phones and addresses', () => {
  it('formats phone numbers as E.164 and refuses invalid ones', () => {
    expect(toE164('(617) 555-0143')).toBe('+16175550143');
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('12345')).toBeNull();
    expect(toE164('')).toBeNull();
  });

  it('standardizes US addresses the USPS way', () => {
    expect(standardizeLine('123 north Main Street')).toBe('123 N MAIN ST');
    expect(standardizeLine('Suite 400')).toBe('STE 400');
    expect(standardizeLine('1 Avenue of the Americas')).toBe('1 AVENUE OF THE AMERICAS');
    expect(standardizeState('Massachusetts')).toBe('MA');
    expect(standardizeState('ny')).toBe('NY');
    expect(standardizeState('ZZ')).toBeNull();
    expect(standardizeZip('021391234')).toBe('02139-1234');
    expect(standardizeZip('1234')).toBeNull();
    expect(standardizeZip('02139 1234')).toBe('02139-1234');
  });
});

describe('merchant reference', () => {
  it('is enriched with the claim or encounter id, idempotently, and read back', () => {
    expect(enrichMerchantRef('HB-1', { encounterId: 'E9' })).toBe('HB-1|ENC:E9');
    expect(enrichMerchantRef('HB-1', { claimId: 'C7', encounterId: 'E9' })).toBe('HB-1|CLM:C7');
    expect(enrichMerchantRef('HB-1|ENC:E9', { encounterId: 'E9' })).toBe('HB-1|ENC:E9');
    expect(enrichMerchantRef(null, { encounterId: 'E9' })).toBe('|ENC:E9');
    expect(enrichMerchantRef(' ', {})).toBeNull();
    expect(parseMerchantRef('HB-1|CLM:C7')).toEqual({ base: 'HB-1', claimId: 'C7', encounterId: null });
  });
});

describe('custom-field rules', () => {
  it('maps source fields to targets with transforms; unknown targets go to extras', () => {
    const rules = CustomFieldRules.parse([
      { source: 'Guarantor Acct', target: 'guarantorAccount', transforms: ['digits'] },
      { source: 'Phone', target: 'contactPhone', transforms: ['e164'] },
      { source: 'Consent', target: 'smsConsent', transforms: ['boolean'] },
      { source: 'EHR', target: 'ehr', map: { MILL: 'oracle_health' } },
      { source: 'Zip', target: 'zip', transforms: ['zip'] },
    ]);
    const out = applyCustomFieldRules(
      { guarantor_acct: 'G-00-123', phone: '617 555 0143', consent: 'Yes', ehr: 'mill', zip: 'abc' },
      rules,
    );
    expect(out.canonical).toEqual({ guarantorAccount: '00123', ehr: 'oracle_health' });
    expect(out.extras).toEqual({ contactPhone: '+16175550143', smsConsent: true });
    expect(out.problems).toEqual(['Zip → zip: zip could not read the value']);
    expect(() => CustomFieldRules.parse([{ source: 'a', target: '__proto__' }])).toThrow();
  });
});

describe('dates', () => {
  it('reads processor dates and refuses impossible ones', () => {
    expect(parseProcessorDate('2025-03-03T14:55:00Z')).toEqual({
      at: Date.UTC(2025, 2, 3, 14, 55),
      date: '2025-03-03',
    });
    expect(parseProcessorDate('2025-03-03T09:55:00-05:00')?.at).toBe(Date.UTC(2025, 2, 3, 14, 55));
    expect(parseProcessorDate('03/02/2025 10:00')).toEqual({
      at: Date.UTC(2025, 2, 2, 10),
      date: '2025-03-02',
    });
    expect(parseProcessorDate('2025-02-30')).toBeNull();
    expect(parseProcessorDate('soon')).toBeNull();
  });
});

describe('Cybersource vocabulary', () => {
  it('has a plain-language sentence for every Cybersource reason code', () => {
    const codes =
      '100 101 102 104 110 150 151 152 250 202 203 204 205 207 208 209 211 230 210 221 231 232 233 234 236 400 475 476 480 481 520';
    for (const code of codes.split(' ')) {
      expect(REASON_CODE_TEXT[code], code).toBeDefined();
      expect(describeReasonCode(code)).not.toMatch(/^\d+$/);
    }
    expect(describeReasonCode('INSUFFICIENT_FUND')).toBe(REASON_CODE_TEXT['204']);
    expect(describeReasonCode('999')).toContain('999');
  });

  it('understands both event-name styles', () => {
    expect(classifyEventType('payments.capture.status.accepted')).toEqual({
      money: 'payment',
      outcome: 'accepted',
    });
    expect(classifyEventType('payments.refund.status.updated')).toEqual({
      money: 'refund',
      outcome: 'by_status',
    });
    expect(classifyEventType('payments.void.status.accepted')).toEqual({
      money: 'void',
      outcome: 'accepted',
    });
    expect(classifyEventType('payments.payments.accept')).toEqual({ money: 'payment', outcome: 'accepted' });
    expect(classifyEventType('payments.refunds.accept')).toEqual({ money: 'refund', outcome: 'accepted' });
    expect(classifyEventType('payments.reversals.accept')).toEqual({ money: 'none', about: 'reversal' });
    expect(classifyEventType('tms.token.created')).toBeNull();
  });

  it('classifies every Cybersource transaction status', () => {
    const expected: Record<string, string> = {
      AUTHORIZED: 'accepted',
      PARTIAL_AUTHORIZED: 'accepted',
      AUTHORIZED_PENDING_REVIEW: 'review',
      AUTHORIZED_RISK_DECLINED: 'declined',
      PENDING_REVIEW: 'review',
      DECLINED: 'declined',
      INVALID_REQUEST: 'declined',
      PENDING: 'accepted',
      TRANSMITTED: 'accepted',
      BATCHED: 'accepted',
      VOIDED: 'accepted',
      CANCELLED: 'accepted',
      FAILED: 'declined',
      REVERSED: 'none',
    };
    for (const [status, cls] of Object.entries(expected)) expect(classifyStatus(status), status).toBe(cls);
    expect(classifyStatus('NEW_THING')).toBeNull();
  });
});
