/**
 * Whether a BAI2 detail type code is money in or money out. The ranges are those of "Cash Management Balance
 * Reporting Specifications Version 2" (BAI, now maintained by X9 as the BAI2 format), Appendix A: detail codes
 * 100–399 are credits and 400–699 debits; 700–799 are loan details and 890 is information only; 900–999 are
 * left to each bank, so Clearpost does not guess their direction (they stay `other` and never match a deposit).
 */
import type { Direction } from './bank-statement';

export function directionOf(typeCode: number): Direction {
  if (typeCode >= 100 && typeCode <= 399) return 'credit';
  if (typeCode >= 400 && typeCode <= 699) return 'debit';
  return 'other';
}

/** A type code is three digits (a bank's custom codes included). */
export function isTypeCode(text: string): boolean {
  return /^\d{3}$/.test(text);
}
