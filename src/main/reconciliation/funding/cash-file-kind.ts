/**
 * Which money file a file is, from its first bytes: a BAI2 bank statement (starts with the 01 file header), an
 * ISO 20022 camt.053 statement, or a Cybersource funding answer saved as JSON (Purchase & Refund Details or
 * Net Funding), a Chargeback Details report or an eCheck returns report (CSV). Anything else is left to the
 * processor report import (intake/reports).
 */
import { looksLikeCamt053 } from '../bank/camt053-parse';
import { isChargebackDetails } from './chargeback-details';
import { isEcheckReturns } from './echeck-returns';

export type CashFileKind = 'bai2' | 'camt053' | 'json' | 'chargebacks' | 'echeck_returns';

export function cashFileKind(head: string): CashFileKind | null {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (/^01,[^\r\n]*\/\s*(\r?\n|$)/.test(text)) return 'bai2';
  if (text.startsWith('<') && looksLikeCamt053(text)) return 'camt053';
  if (text.startsWith('{')) return 'json';
  if (isChargebackDetails(text)) return 'chargebacks';
  if (isEcheckReturns(text)) return 'echeck_returns';
  return null;
}
