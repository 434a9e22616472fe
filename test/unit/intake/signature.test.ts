import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseSignatureHeader,
  signWebhook,
  timestampMs,
  verifySignature,
} from '../../../src/main/intake/cybersource/signature';

const key = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
const subscriptions = [{ webhookId: 'wh-1', keyId: 'k1', key }];
const now = 1_741_000_000_000;
const envelope = {
  webhookId: 'wh-1',
  payload: { id: 'T1', orderInformation: { amountDetails: { totalAmount: '1.00' } } },
};

describe('v-c-signature', () => {
  it('is HMAC-SHA256 with the Base64-decoded key over t + "." + JSON.stringify(payload), Base64', () => {
    const t = String(Math.floor(now / 1000));
    const expected = createHmac('sha256', Buffer.from(key, 'base64'))
      .update(`${t}.${JSON.stringify(envelope.payload)}`)
      .digest('base64');
    expect(signWebhook(envelope, key, 'k1', t)).toBe(`t=${t};keyId=k1;sig=${expected}`);
  });

  it('parses parts in any order with spaces, and keeps Base64 padding', () => {
    expect(parseSignatureHeader(' keyId=k1; sig=abc==; t=1700000000 ')).toEqual({
      t: '1700000000',
      keyId: 'k1',
      sig: 'abc==',
    });
    expect(parseSignatureHeader('t=abc;keyId=k1;sig=x')).toBeNull();
    expect(parseSignatureHeader('t=1;keyId=;sig=x')).toBeNull();
    expect(parseSignatureHeader('')).toBeNull();
  });

  it('reads t as seconds, or milliseconds above 10^12', () => {
    expect(timestampMs('1741000000')).toBe(1_741_000_000_000);
    expect(timestampMs('1741000000123')).toBe(1_741_000_000_123);
  });

  it('verifies, and says precisely why it refuses', () => {
    const t = Math.floor(now / 1000);
    const header = signWebhook(envelope, key, 'k1', t);
    const rawBody = JSON.stringify(envelope);
    const base = {
      rawBody,
      payloadText: JSON.stringify(envelope.payload),
      payload: envelope.payload,
      webhookId: envelope.webhookId,
      subscriptions,
      now,
    };
    expect(verifySignature({ ...base, header })).toMatchObject({ ok: true });
    expect(verifySignature({ ...base, header: null })).toEqual({ ok: false, failure: 'missing_signature' });
    expect(verifySignature({ ...base, header: 'garbage' })).toEqual({
      ok: false,
      failure: 'malformed_signature',
    });
    expect(verifySignature({ ...base, header: signWebhook(envelope, key, 'k2', t) })).toEqual({
      ok: false,
      failure: 'unknown_key',
    });
    expect(verifySignature({ ...base, header, now: now + 301_000 })).toEqual({
      ok: false,
      failure: 'stale_timestamp',
    });
    expect(verifySignature({ ...base, header: header.replace(/sig=.{4}/, 'sig=AAAA') })).toEqual({
      ok: false,
      failure: 'bad_signature',
    });
    expect(verifySignature({ ...base, header: header.replace(/sig=.*/, 'sig=c2hvcnQ=') })).toEqual({
      ok: false,
      failure: 'bad_signature',
    });
    expect(verifySignature({ ...base, header, webhookId: 'wh-2' })).toEqual({
      ok: false,
      failure: 'webhook_mismatch',
    });
    expect(verifySignature({ ...base, header, webhookIdHeader: 'wh-2' })).toEqual({
      ok: false,
      failure: 'webhook_mismatch',
    });
  });
});
