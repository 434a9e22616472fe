/**
 * US postal address standardization in the USPS style: upper case, no punctuation but '#', '-' and '/',
 * standard abbreviations for the street suffix, directionals and unit designators, two-letter state and
 * ZIP or ZIP+4. It never invents data: what it cannot standardize is answered with null.
 */
import { DIRECTIONALS, SECONDARY_UNITS, STATES, STREET_SUFFIXES } from './usps-abbreviations';

const STATE_CODES = new Set(Object.values(STATES));

function clean(text: string): string {
  return text
    .toUpperCase()
    .replace(/[.,;]/g, ' ')
    .replace(/[^A-Z0-9#\-/ ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One address line: directionals and unit designators anywhere; the street suffix only as the last word of
 * the street part (before any unit designator), so "AVENUE OF THE AMERICAS" and "PARK PLACE TOWER" keep words
 * that merely look like suffixes.
 */
export function standardizeLine(line: string): string {
  const words = clean(line)
    .split(' ')
    .filter((w) => w !== '');
  const unitAt = words.findIndex((w, i) => i > 0 && (Object.hasOwn(SECONDARY_UNITS, w) || w.startsWith('#')));
  const streetEnd = unitAt === -1 ? words.length : unitAt;
  return words
    .map((word, i) => {
      if (Object.hasOwn(DIRECTIONALS, word)) return DIRECTIONALS[word] ?? word;
      if (Object.hasOwn(SECONDARY_UNITS, word)) return SECONDARY_UNITS[word] ?? word;
      if (i === streetEnd - 1 && i > 0 && Object.hasOwn(STREET_SUFFIXES, word))
        return STREET_SUFFIXES[word] ?? word;
      return word;
    })
    .join(' ');
}

/** "02139" → "02139", "021391234" or "02139 1234" → "02139-1234"; null when it is not a ZIP. */
export function standardizeZip(zip: string): string | null {
  const digits = zip.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 5) return digits;
  if (digits.length === 9) return `${digits.slice(0, 5)}-${digits.slice(5)}`;
  return null;
}

export function standardizeState(state: string): string | null {
  const s = clean(state);
  if (STATE_CODES.has(s)) return s;
  return STATES[s] ?? null;
}
