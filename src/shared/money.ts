/**
 * Money is an integer count of a currency's minor units (cents for USD, yen for JPY, fils for KWD).
 * Amounts enter and leave as decimal strings and are converted with string arithmetic, so no binary
 * float ever touches a patient's payment.
 */

/** ISO 4217 minor-unit exponents. Currencies not listed are refused rather than guessed. */
// prettier-ignore
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  USD: 2, CAD: 2, EUR: 2, GBP: 2, AUD: 2, NZD: 2, CHF: 2, MXN: 2, INR: 2, CNY: 2, HKD: 2, SGD: 2,
  SEK: 2, NOK: 2, DKK: 2, PLN: 2, BRL: 2, ZAR: 2, AED: 2, SAR: 2, PHP: 2, ILS: 2, TRY: 2,
  JPY: 0, KRW: 0, CLP: 0, ISK: 0, VND: 0, XAF: 0, XOF: 0, PYG: 0, UGX: 0,
  KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3, LYD: 3, IQD: 3,
};

export class MoneyError extends Error {
  constructor(
    readonly code: 'unknown_currency' | 'invalid_amount' | 'too_precise' | 'out_of_range',
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

export interface Money {
  /** Integer number of minor units; negative for refunds in some reports. */
  readonly amountMinor: number;
  /** ISO 4217 alphabetic code, upper case. */
  readonly currency: string;
}

export function isKnownCurrency(currency: string): boolean {
  return Object.hasOwn(MINOR_UNIT_DIGITS, currency);
}

/** Number of decimal digits of the currency's minor unit (USD 2, JPY 0, KWD 3). */
export function minorUnitDigits(currency: string): number {
  const digits = MINOR_UNIT_DIGITS[currency];
  if (digits === undefined) {
    throw new MoneyError(
      'unknown_currency',
      `Unknown or unsupported currency "${currency}" (ISO 4217 code expected)`,
    );
  }
  return digits;
}

export function assertMinor(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new MoneyError(
      'out_of_range',
      `Amount ${String(amountMinor)} is not a whole number of minor units`,
    );
  }
  return amountMinor;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string such as "125.50" into minor units for the currency. Extra decimals are
 * accepted only when they are zeros ("12.500" USD), never rounded: a processor sending more precision
 * than the currency has is a data problem the operator must see.
 */
export function parseMinor(text: string, currency: string): number {
  const digits = minorUnitDigits(currency);
  const match = DECIMAL.exec(text.trim());
  if (!match) {
    throw new MoneyError('invalid_amount', `"${text}" is not a decimal amount`);
  }
  const [, sign, whole = '0', rawFraction = ''] = match;
  const fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > digits) {
    throw new MoneyError(
      'too_precise',
      `"${text}" has more decimals than ${currency} allows (${String(digits)})`,
    );
  }
  const units = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  const value = Number(units);
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError('out_of_range', `"${text}" is too large`);
  }
  return sign === '-' && value !== 0 ? -value : value;
}

/** Formats minor units as a plain decimal string ("-12.30", "1500" for JPY, "1.250" for KWD). */
export function formatMinor(amountMinor: number, currency: string): string {
  assertMinor(amountMinor);
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = String(Math.abs(amountMinor));
  if (digits === 0) return `${sign}${abs}`;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * Locale display ("$1,234.50"). Intl formats the exact decimal string, so no float is involved.
 */
export function displayMoney(amountMinor: number, currency: string, locale = 'en-US'): string {
  const format = currencyFormat(locale, currency);
  // Intl accepts decimal strings exactly (ECMA-402 NumberFormat v3); the cast only satisfies older lib typings.
  return format.format(formatMinor(amountMinor, currency) as unknown as number);
}

/** Sums minor-unit amounts, refusing to lose precision past Number.MAX_SAFE_INTEGER. */
export function sumMinor(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) {
    total = assertMinor(total + assertMinor(amount));
  }
  return total;
}

// Building an Intl.NumberFormat costs far more than using one, and the queue formats thousands of amounts
// while scrolling: one per locale and currency is kept (a handful in practice).
const formats = new Map<string, Intl.NumberFormat>();
function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    const digits = minorUnitDigits(currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, format);
  }
  return format;
}
