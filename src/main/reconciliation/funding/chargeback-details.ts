/**
 * Cybersource's Chargeback Details report (CSV, read by header, not by position): `RequestId`,
 * `MerchantReferenceNumber`, `CaseNumber`, `CBAmount`, `CBSign`, `CBAction`, `CBReasonCode`,
 * `OriginalSettlementDate`, `CBDate`, `ResponseDueDate` ("Chargeback Details Report", Cybersource Business
 * Center reporting guide). A title line may come first. ASSUMPTIONS: the currency is in a `CBCurrency` (or
 * `Currency`) column when the report has one, else the import's; `CBSign` "-" means money taken from the
 * merchant (a chargeback) and "+" money given back (a reversal); dates are YYYY-MM-DD or MM/DD/YYYY.
 */
import type { IsoDate } from '../../../shared/domain';
import { isKnownCurrency, parseMinor } from '../../../shared/money';
import type { NewChargeback } from '../../store/repositories/chargebacks';
import { looksLikeHeaderReport, readByHeader } from './csv-by-header';
import type { FundingRejection } from './funding-item';

const REQUIRED = ['RequestId', 'CaseNumber', 'CBAmount', 'CBDate'] as const;

/** True when one of the first lines is a Chargeback Details header. */
export function isChargebackDetails(head: string): boolean {
  return looksLikeHeaderReport(head, REQUIRED);
}

export function readChargebackDetails(
  text: string,
  options: { currency?: string } = {},
): { rows: NewChargeback[]; rejected: FundingRejection[] } {
  return readByHeader(text, {
    required: REQUIRED,
    what: 'Chargeback Details',
    readRow: (row) => readChargebackRow(row, options.currency ?? 'USD'),
  });
}

/** One case action by the report's column names; throws saying why a row cannot be read. */
export function readChargebackRow(row: Record<string, string>, fallbackCurrency: string): NewChargeback {
  const requestId = row.RequestId ?? '';
  const caseNumber = row.CaseNumber ?? '';
  if (!requestId) throw new Error('the row has no RequestId');
  if (!caseNumber) throw new Error('the row has no CaseNumber');
  const currency = (row.CBCurrency || row.Currency || fallbackCurrency).toUpperCase();
  if (!isKnownCurrency(currency)) throw new Error(`"${currency}" is not a currency Clearpost knows`);
  const magnitude = Math.abs(parseMinor(row.CBAmount ?? '', currency));
  const sign = row.CBSign ?? '-';
  if (sign !== '-' && sign !== '+' && sign !== '') throw new Error(`CBSign "${sign}" is neither + nor -`);
  const chargebackDate = dateOf(row.CBDate ?? '', 'CBDate');
  if (chargebackDate === null) throw new Error('the row has no CBDate');
  return {
    requestId,
    merchantRef: row.MerchantReferenceNumber || null,
    caseNumber,
    action: row.CBAction || 'chargeback',
    reasonCode: row.CBReasonCode || null,
    amountMinor: sign === '+' ? -magnitude : magnitude,
    currency,
    originalSettlementDate: dateOf(row.OriginalSettlementDate ?? '', 'OriginalSettlementDate'),
    chargebackDate,
    responseDueDate: dateOf(row.ResponseDueDate ?? '', 'ResponseDueDate'),
  };
}

/** A report date (YYYY-MM-DD, or MM/DD/YYYY as US reports write it), or null when the cell is empty. */
export function dateOf(text: string, column: string): IsoDate | null {
  if (text === '') return null;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = us
    ? `${us[3] ?? ''}-${(us[1] ?? '').padStart(2, '0')}-${(us[2] ?? '').padStart(2, '0')}`
    : text.slice(0, 10);
  const probe = new Date(`${iso}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(iso) ||
    Number.isNaN(probe.getTime()) ||
    probe.toISOString().slice(0, 10) !== iso
  ) {
    throw new Error(`${column} "${text}" is not a date`);
  }
  return iso;
}
