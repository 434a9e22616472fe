/**
 * What a form says under a field the server's schema refuses, in words: "Required", "At most 100 characters",
 * never zod's "Too small: expected string to have >=1 characters". A schema's own message ("The amount is
 * required") always wins; these words fill in where the schema has none. The field itself is named by its
 * label, so these sentences do not repeat it.
 */
import type { z } from 'zod';

/** What a form says about itself: the required marker's meaning, a refusal that landed on fields. */
export const FORM_WORDS = {
  requiredNote: 'Fields marked * are required.',
  unknownFacility: 'Not a facility Clearpost has seen yet; check the spelling.',
} as const;

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a set of values',
  date: 'a date',
};

const FORMAT_WORDS: Readonly<Record<string, string>> = {
  email: 'Not an email address (name@example.org)',
  url: 'Not a web address (https://…)',
  uuid: 'Not a valid identifier',
  datetime: 'Not a date and time',
  date: 'Not a date (YYYY-MM-DD)',
  time: 'Not a time (HH:MM)',
  regex: 'Not in the expected form',
  starts_with: 'Does not start as expected',
  ends_with: 'Does not end as expected',
  includes: 'Does not hold the expected text',
};

const units = (n: number, unit: string): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? unit : `${unit}s`}`;

/** The unit a size limit counts, by what it limits. */
function sized(origin: string | undefined, n: number): string {
  if (origin === 'string') return units(n, 'character');
  if (origin === 'array' || origin === 'set') return units(n, 'item');
  if (origin === 'file') return units(n, 'byte');
  return n.toLocaleString('en-US');
}

/** An empty answer: nothing typed, or only spaces (strings are trimmed before they are checked). */
const isEmpty = (input: unknown): boolean =>
  input === undefined || input === null || (typeof input === 'string' && input.trim() === '');

/** One issue in words; `undefined` for an issue these words do not know (zod's own message is then kept). */
export function validationWords(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (isEmpty(issue.input)) return 'Required';
      return `Must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string' && min <= 1) return 'Required';
      if ((issue.origin === 'array' || issue.origin === 'set') && min <= 1) return 'Choose at least one';
      if (issue.exact) return `Exactly ${sized(issue.origin, min)}`;
      if (issue.origin === 'number' || issue.origin === 'bigint') {
        if (min === 0 && issue.inclusive === false) return 'Must be more than zero';
        return issue.inclusive === false
          ? `Must be more than ${sized(issue.origin, min)}`
          : `At least ${sized(issue.origin, min)}`;
      }
      return `At least ${sized(issue.origin, min)}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.exact) return `Exactly ${sized(issue.origin, max)}`;
      if (issue.origin === 'number' || issue.origin === 'bigint')
        return issue.inclusive === false
          ? `Must be less than ${sized(issue.origin, max)}`
          : `At most ${sized(issue.origin, max)}`;
      return `At most ${sized(issue.origin, max)}`;
    }
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? 'Not in the expected form';
    case 'invalid_value':
      return isEmpty(issue.input) ? 'Required' : 'Choose one of the listed values';
    case 'not_multiple_of':
      return `Must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'Holds a value this form does not know';
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'Not a value this field accepts';
    default:
      return undefined;
  }
}

/**
 * For `schema.safeParse(value, { error: validationErrorMap })`: zod consults it only where the schema gives
 * no message of its own.
 */
export const validationErrorMap: z.core.$ZodErrorMap = (issue) => validationWords(issue);
