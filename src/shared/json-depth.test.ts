import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonLimited } from './json-depth';

describe('parseJsonLimited', () => {
  it('refuses nesting past the limit, in arrays and objects alike, before parsing', () => {
    expect(parseJsonLimited('['.repeat(65) + ']'.repeat(65))).toEqual({ ok: false, reason: 'too_deep' });
    expect(parseJsonLimited(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`)).toEqual({
      ok: false,
      reason: 'too_deep',
    });
    // Unbalanced and unparseable, but too deep is found first: the parser never sees it.
    expect(parseJsonLimited('['.repeat(400_000))).toEqual({ ok: false, reason: 'too_deep' });
  });

  it('refuses text that is not JSON', () => {
    expect(parseJsonLimited('{"a":')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseJsonLimited('')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('parses JSON at exactly the limit', () => {
    const text = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseJsonLimited(text)).toMatchObject({ ok: true });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const value = { note: '[[[[{{{{ \\" ]]] "[[[[[', list: [1, [2, [3]]] };
    // The object, the list, [2, …] and [3]: four levels.
    expect(nestsDeeperThan(JSON.stringify(value), 4)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify(value), 3)).toBe(true);
    expect(parseJsonLimited(JSON.stringify(value), 4)).toEqual({ ok: true, value });
  });
});
