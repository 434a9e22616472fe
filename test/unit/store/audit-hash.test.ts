/**
 * The audit chain's hash is SHA-256 over the previous hash and canonicalJson of the entry. Appends build
 * that JSON by hand for speed; here it must equal the general definition for any entry, or chains written
 * by one build stop verifying under another.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/main/store/canonical-json';
import { auditHash, GENESIS_HASH } from '../../../src/main/store/repositories/audit';

const byDefinition = (prev: string, entry: Parameters<typeof auditHash>[1]) =>
  createHash('sha256')
    .update(`${prev}\n${canonicalJson({ ...entry, details: JSON.parse(entry.details) as unknown })}`, 'utf8')
    .digest('hex');

const DETAILS: unknown[] = [
  {},
  { from: 'pending', reasonCode: null, ehrReference: 'EHR-1' },
  { z: 1, a: { y: [3, { b: 2, a: 1 }], x: 'é "quoted" \\ \u2028 😀' }, m: -0.5, n: 1e21 },
  { ['__proto__']: 'own key', constructor: 'x', list: [] },
];

describe('audit hash', () => {
  it('equals SHA-256 over canonicalJson of the entry, whatever the details and subject', () => {
    for (const details of DETAILS) {
      for (const subjectId of ['42', null, 'ünïcode "id"']) {
        const entry = {
          at: 1_763_900_000_123,
          actor: 'engine',
          action: 'posting.success',
          subjectType: 'posting',
          subjectId,
          details: canonicalJson(details),
        };
        expect(auditHash(GENESIS_HASH, entry)).toBe(byDefinition(GENESIS_HASH, entry));
      }
    }
  });

  it('hashes stored details by their content, not their spelling', () => {
    const entry = { at: 1, actor: 'a', action: 'b', subjectType: 'c', subjectId: null };
    expect(auditHash('p', { ...entry, details: '{"b":1, "a":2}' })).toBe(
      auditHash('p', { ...entry, details: '{"a":2,"b":1}' }),
    );
  });
});
