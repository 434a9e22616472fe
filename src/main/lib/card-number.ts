/**
 * Recognising primary account numbers (PANs). A digit string counts as a card number when it has 13–19
 * digits, passes the Luhn check and starts with a prefix of a brand we know. Brand lengths are deliberately
 * not enforced: a mistyped length is still a card number someone tried to send us.
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay';

interface PrefixRange {
  readonly brand: CardBrand;
  /** Inclusive numeric range over the first `digits` digits. */
  readonly from: number;
  readonly to: number;
  readonly digits: number;
}

// Longer prefixes first, so that 6011 is Discover before 62 could be looked at, and 2221–2720 is Mastercard.
// prettier-ignore
const PREFIXES: readonly PrefixRange[] = [
  { brand: 'mastercard', from: 2221, to: 2720, digits: 4 },
  { brand: 'discover', from: 6011, to: 6011, digits: 4 },
  { brand: 'jcb', from: 3528, to: 3589, digits: 4 },
  { brand: 'diners', from: 300, to: 305, digits: 3 },
  { brand: 'discover', from: 644, to: 649, digits: 3 },
  { brand: 'mastercard', from: 51, to: 55, digits: 2 },
  { brand: 'amex', from: 34, to: 34, digits: 2 },
  { brand: 'amex', from: 37, to: 37, digits: 2 },
  { brand: 'diners', from: 36, to: 36, digits: 2 },
  { brand: 'diners', from: 38, to: 38, digits: 2 },
  { brand: 'discover', from: 65, to: 65, digits: 2 },
  { brand: 'unionpay', from: 62, to: 62, digits: 2 },
  { brand: 'visa', from: 4, to: 4, digits: 1 },
];

export const MIN_PAN_DIGITS = 13;
export const MAX_PAN_DIGITS = 19;

/** The brand whose prefix the digits start with, or null. */
export function brandOfDigits(digits: string): CardBrand | null {
  for (const range of PREFIXES) {
    if (digits.length < range.digits) continue;
    const prefix = Number(digits.slice(0, range.digits));
    if (prefix >= range.from && prefix <= range.to) return range.brand;
  }
  return null;
}

/** Luhn (mod 10) check over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** The brand if `digits` (digits only) is a card number by the rule above, else null. */
export function cardBrandIfPan(digits: string): CardBrand | null {
  if (digits.length < MIN_PAN_DIGITS || digits.length > MAX_PAN_DIGITS) return null;
  const brand = brandOfDigits(digits);
  return brand !== null && luhnValid(digits) ? brand : null;
}
