import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validationErrorMap } from './validation';

/** The messages a schema gives a value, with the console's words where the schema has none of its own. */
const said = (schema: z.ZodType, value: unknown): string[] =>
  schema.safeParse(value, { error: validationErrorMap }).error?.issues.map((i) => i.message) ?? [];

describe('validation in words', () => {
  it('says what is wrong without zod’s English, its paths or its symbols', () => {
    const cases: [z.ZodType, unknown, string][] = [
      [z.string().trim().min(1).max(100), '   ', 'Required'],
      [z.string().max(100), 'x'.repeat(101), 'At most 100 characters'],
      [z.string().length(3), 'US', 'Exactly 3 characters'],
      [z.string().min(12), 'short', 'At least 12 characters'],
      [z.number().int().positive(), 0, 'Must be more than zero'],
      [z.number().int(), 1.5, 'Must be a whole number'],
      [z.number(), 'ten', 'Must be a number'],
      [z.number().max(1440), 2000, 'At most 1,440'],
      [z.enum(['epic', 'oracle_health']), 'cerner', 'Choose one of the listed values'],
      [z.enum(['epic', 'oracle_health']), '', 'Required'],
      [z.array(z.string()).min(1), [], 'Choose at least one'],
      [z.email(), 'pat', 'Not an email address (name@example.org)'],
      [z.url(), 'example', 'Not a web address (https://…)'],
      [z.string().regex(/^\d+$/), 'abc', 'Not in the expected form'],
      [z.object({ a: z.string() }).strict(), { a: 'x', b: 1 }, 'Holds a value this form does not know'],
    ];
    for (const [schema, value, words] of cases) expect(said(schema, value), words).toEqual([words]);
  });

  it('leaves a schema’s own message as the schema wrote it', () => {
    expect(said(z.string().trim().min(1, 'A note is required'), '')).toEqual(['A note is required']);
  });
});
