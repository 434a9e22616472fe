import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayMoney,
  formatMinor,
  minorUnitDigits,
  MoneyError,
  parseMinor,
  sumMinor,
} from '../../src/shared/money';

describe('money in integer minor units', () => {
  it('refuses unknown currencies instead of guessing a precision', () => {
    expect(() => parseMinor('10.00', 'XXX')).toThrow(MoneyError);
    expect(() => minorUnitDigits('usd')).toThrow(/Unknown or unsupported currency/);
  });

  it('refuses amounts more precise than the currency, never rounding them', () => {
    expect(() => parseMinor('10.005', 'USD')).toThrow(/more decimals than USD allows/);
    expect(() => parseMinor('1.5', 'JPY')).toThrow(/more decimals than JPY allows/);
    expect(() => parseMinor('1.0005', 'KWD')).toThrow(/more decimals than KWD allows/);
  });

  it('refuses text that is not a plain decimal', () => {
    for (const bad of ['', '1e3', '12,50', '$12.50', '12.', '.5', 'NaN', '0x10', '1 000']) {
      expect(() => parseMinor(bad, 'USD'), bad).toThrow(MoneyError);
    }
  });

  it('refuses amounts beyond the safe integer range', () => {
    expect(() => parseMinor('99999999999999999999', 'USD')).toThrow(/too large/);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(MoneyError);
    expect(() => formatMinor(1.5, 'USD')).toThrow(/whole number/);
  });

  it('uses ISO 4217 precision: USD 2, JPY 0, KWD 3', () => {
    expect(parseMinor('125.50', 'USD')).toBe(12_550);
    expect(parseMinor('1500', 'JPY')).toBe(1500);
    expect(parseMinor('1.250', 'KWD')).toBe(1250);
    expect(parseMinor('12.500', 'USD')).toBe(1250);
    expect(parseMinor('-0.01', 'USD')).toBe(-1);
    expect(parseMinor('-0.00', 'USD')).toBe(0);
    expect(formatMinor(12_550, 'USD')).toBe('125.50');
    expect(formatMinor(-5, 'USD')).toBe('-0.05');
    expect(formatMinor(1500, 'JPY')).toBe('1500');
    expect(formatMinor(1, 'KWD')).toBe('0.001');
  });

  it('displays exactly what is stored', () => {
    expect(displayMoney(123_456_789, 'USD')).toBe('$1,234,567.89');
    expect(displayMoney(-1, 'USD')).toBe('-$0.01');
    expect(displayMoney(1500, 'JPY')).toBe('¥1,500');
  });

  it('round-trips every safe amount through text without loss', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('USD', 'JPY', 'KWD'),
        (amount, currency) => parseMinor(formatMinor(amount, currency), currency) === amount,
      ),
    );
  });

  it('sums to the cent however the amounts are split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }), { maxLength: 200 }),
        (amounts) => {
          const total = sumMinor(amounts);
          const half = Math.floor(amounts.length / 2);
          return total === sumMinor(amounts.slice(0, half)) + sumMinor(amounts.slice(half));
        },
      ),
    );
  });
});
