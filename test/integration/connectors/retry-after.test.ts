import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/main/connectors/ehr/retry-after';
import { FakeClock, START } from './harness';

describe('Retry-After parsing', () => {
  const clock = new FakeClock(START);
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', clock)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', clock)).toBe(0);
  });
  it('reads an HTTP-date against the injected clock', () => {
    expect(parseRetryAfter(new Date(START + 30_000).toUTCString(), clock)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', clock)).toBe(60_000);
  });
  it('a date in the past means "now"', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', clock)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    for (const value of [undefined, null, '', '-5', '1.5', 'soon', '2026-01-01T00:00:00Z']) {
      expect(parseRetryAfter(value, clock)).toBeNull();
    }
  });
});
