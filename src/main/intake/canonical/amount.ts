/**
 * Amount and currency to integer minor units at ISO 4217 precision (money.ts), with refusals phrased for
 * the operator. The currency is required: an amount without one cannot be converted.
 */
import { isKnownCurrency, minorUnitDigits, MoneyError, parseMinor } from '../../../shared/money';
import { reject, type IntakeRejection } from '../quarantine-reasons';

export type AmountResult =
  | { readonly ok: true; readonly amountMinor: number; readonly currency: string }
  | { readonly ok: false; readonly rejection: IntakeRejection };

export function readCurrency(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = value.trim().toUpperCase();
  return isKnownCurrency(code) ? code : null;
}

/** Signed minor units; callers decide what a sign means for their source. */
export function readAmount(amount: unknown, currency: unknown): AmountResult {
  const code = readCurrency(currency);
  if (code === null) {
    const detail =
      typeof currency === 'string' && currency.trim() !== ''
        ? 'It is not a supported ISO 4217 code.'
        : 'It is missing.';
    return { ok: false, rejection: reject('unknown_currency', detail) };
  }
  if (typeof amount !== 'string' || amount.trim() === '') {
    const detail =
      typeof amount === 'number' ? 'Amounts must be sent as decimal strings.' : 'The amount is missing.';
    return { ok: false, rejection: reject('invalid_amount', detail) };
  }
  try {
    const amountMinor = parseMinor(normalizeDecimal(amount), code);
    return { ok: true, amountMinor, currency: code };
  } catch (error) {
    if (error instanceof MoneyError) {
      return {
        ok: false,
        rejection: reject(error.code, `${code} has ${String(minorUnitDigits(code))} decimals.`),
      };
    }
    throw error;
  }
}

/**
 * Report conventions to a plain decimal: thousands separators only in well-formed groups ("1,250.00"; "1,25"
 * stays as it is and is refused rather than read as 125) and accounting negatives ("(12.50)").
 */
function normalizeDecimal(text: string): string {
  let t = text.trim();
  const negative = /^\(.*\)$/.exec(t);
  if (negative) t = `-${t.slice(1, -1).trim()}`;
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  return t;
}
