/** The payload's text as received (one signature reading signs it): the scan that finds it, at its edges. */
import { describe, expect, it } from 'vitest';
import { rawPayloadText } from '../../../src/main/intake/cybersource/raw-payload-text';

describe('rawPayloadText', () => {
  it('returns null for what is not an object with a top-level payload', () => {
    expect(rawPayloadText('')).toBeNull();
    expect(rawPayloadText('"payload"')).toBeNull();
    expect(rawPayloadText('{"a":{"payload":1}}')).toBeNull();
  });

  it('ends a string at a quote after an even run of backslashes, not at an escaped one', () => {
    // The JSON text {"x":"a\\","payload":"b\"c\\\\"} : "a\\" ends after two backslashes.
    const body = String.raw`{"x":"a\\","payload":"b\"c\\\\","y":1}`;
    expect(JSON.parse(body)).toMatchObject({ payload: 'b"c\\\\' });
    expect(rawPayloadText(body)).toBe(String.raw`"b\"c\\\\"`);
  });

  it('reads a key written with escapes as JSON.parse does, and keeps the last of repeated keys', () => {
    expect(rawPayloadText(String.raw`{"p\u0061yload" : [1, "]"] }`)).toBe('[1, "]"]');
    expect(rawPayloadText('{"payload":{"a":1},\n "payload" :\t true }')).toBe('true');
    expect(rawPayloadText('\ufeff {"payload":-1.5e3}')).toBe('-1.5e3');
  });

  it('gives a long JWE string whole', () => {
    const jwe = `${'e'.repeat(400)}.${'k'.repeat(342)}.iv.${'c'.repeat(2000)}.tag`;
    expect(rawPayloadText(JSON.stringify({ webhookId: 'w', payload: { data: jwe } }))).toBe(
      JSON.stringify({ data: jwe }),
    );
  });
});
