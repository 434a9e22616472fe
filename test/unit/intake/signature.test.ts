import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawPayloadText } from '../../../src/main/intake/cybersource/raw-payload-text';
import {
  parseSignatureHeader,
  signBody,
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

describe('per-subscription checks', () => {
  const raw = JSON.stringify({ webhookId: 'wh-1', payload: { id: 'T2' } });
  const texts = { rawBody: raw, payloadText: '{"id":"T2"}', payload: { id: 'T2' }, webhookId: 'wh-1' };
  const old = now - 60 * 60_000;

  it('takes the timestamp tolerance from the subscription: minutes, or off', () => {
    const header = signBody(raw, key, 'k1', old);
    const oneMinute = [{ keyId: 'k1', key, tolerance: 60_000 }];
    const off = [{ keyId: 'k1', key, tolerance: 'off' as const }];
    expect(verifySignature({ ...texts, header, subscriptions: oneMinute, now })).toEqual({
      ok: false,
      failure: 'stale_timestamp',
    });
    expect(verifySignature({ ...texts, header, subscriptions: off, now })).toMatchObject({ ok: true });
  });

  it('checks the webhook id only when one is configured, and never takes the key id for it', () => {
    const header = signBody(raw, key, 'k1', now);
    const unset = [{ keyId: 'k1', key }];
    expect(
      verifySignature({ ...texts, header, subscriptions: unset, now, webhookIdHeader: 'wh-9' }),
    ).toMatchObject({ ok: true });
    const set = [{ keyId: 'k1', key, webhookId: 'k1' }];
    expect(verifySignature({ ...texts, header, subscriptions: set, now })).toEqual({
      ok: false,
      failure: 'webhook_mismatch',
    });
  });

  it('names the reading that matched', () => {
    for (const reading of ['payload-text', 'raw-body', 'payload-json'] as const) {
      const spaced = `{ "webhookId": "wh-1", "payload": {"id": "T2"} }`;
      const header = signBody(spaced, key, 'k1', now, reading);
      const result = verifySignature({
        header,
        rawBody: spaced,
        payloadText: rawPayloadText(spaced),
        payload: { id: 'T2' },
        webhookId: 'wh-1',
        subscriptions,
        now,
      });
      expect(result).toMatchObject({ ok: true, reading });
    }
  });
});

describe('the payload text as received', () => {
  it('is the last top-level payload member exactly as written, escapes and spaces kept', () => {
    expect(rawPayloadText('{"a":"x","payload" : {"u":"\\/pts\\/v2","s":"}{\\"" } ,"b":1}')).toBe(
      '{"u":"\\/pts\\/v2","s":"}{\\"" }',
    );
    expect(rawPayloadText('{"payload":"eyJ.a.b.c.d"}')).toBe('"eyJ.a.b.c.d"');
    expect(rawPayloadText('{"payload":1,"payload":[1,{"payload":2}]}')).toBe('[1,{"payload":2}]');
    expect(rawPayloadText('{"nested":{"payload":1}}')).toBeNull();
    expect(rawPayloadText('[1]')).toBeNull();
  });
});
