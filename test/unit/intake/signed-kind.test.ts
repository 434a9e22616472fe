import { describe, expect, it } from 'vitest';
import { signedKind } from '../../../src/main/intake/cybersource/signed-kind';

const link = (href: string) => ({ _links: { self: { href } } });

describe('the kind a signed resource shows', () => {
  it('says nothing when the resource does not say (the unsigned event name is never taken instead)', () => {
    expect(signedKind({ id: '1', status: 'TRANSMITTED' })).toBeNull();
    expect(signedKind('a string')).toBeNull();
    expect(signedKind({ ...link('/pts/v2/unknown/1') })).toBeNull();
  });

  it('reads the last known collection of its own link', () => {
    expect(signedKind(link('/pts/v2/captures/1'))?.kind).toBe('payment');
    expect(signedKind(link('/pts/v2/payments/1/refunds'))?.kind).toBe('refund');
    expect(signedKind(link('/pts/v2/credits/1'))?.kind).toBe('refund');
    expect(signedKind(link('/pts/v2/voids/1?x=captures'))?.kind).toBe('void');
    expect(signedKind(link('/pts/v2/reversals/1'))?.kind).toBe('reversal');
  });

  it('takes a /payments/ resource for a payment only when it shows the capture (or a decline)', () => {
    expect(signedKind({ ...link('/pts/v2/payments/1'), status: 'AUTHORIZED' })?.kind).toBe('authorization');
    expect(
      signedKind({
        ...link('/pts/v2/payments/1'),
        status: 'AUTHORIZED',
        processingInformation: { capture: true },
      })?.kind,
    ).toBe('payment');
    expect(signedKind({ ...link('/pts/v2/payments/1'), status: 'PENDING' })?.kind).toBe('payment');
    expect(signedKind({ ...link('/pts/v2/payments/1'), status: 'DECLINED' })?.kind).toBe('payment');
  });

  it('falls back to amount blocks, applications and the status', () => {
    expect(signedKind({ refundAmountDetails: { refundAmount: '1.00' } })?.kind).toBe('refund');
    expect(signedKind({ voidAmountDetails: {} })?.kind).toBe('void');
    expect(
      signedKind({ applicationInformation: { applications: [{ name: 'ics_auth' }, { name: 'ics_bill' }] } })
        ?.kind,
    ).toBe('payment');
    expect(signedKind({ applicationInformation: { applications: [{ name: 'ics_credit' }] } })?.kind).toBe(
      'refund',
    );
    expect(signedKind({ status: 'VOIDED' })?.kind).toBe('void');
    expect(signedKind({ status: 'REVERSED' })?.kind).toBe('reversal');
  });
});
