/**
 * eCheck (ACH) returns as Cybersource reports them: CSV read by header, with the field names of the Payment
 * Events Report ("Payment Events Report" and "Event Fields", Cybersource Reporting User's Guide:
 * https://developer.cybersource.com/library/documentation/dev_guides/Reporting_Users_Guide/html/reports_csv.htm),
 * where an eCheck debit the customer's bank returned carries the bank's ACH return code in `ProcessorMessage`
 * (appendix G, "Banking Codes in the Payment Events Report").
 *
 * ASSUMPTIONS (the CSV layout of a returns-only subscription is not published): a header line with at least
 * `RequestID`, `Event`, `EventDate` and `Amount`, a title line may come first; the code is in a `ReturnCode`
 * column when the report has one, else the first R01…R85 in `ProcessorMessage`; the currency is in
 * `CurrencyCode` (else the import's); the amount may be written signed, the return always takes money back.
 */
import { isKnownCurrency, parseMinor } from '../../../shared/money';
import type { NewEcheckReturn } from '../../store/repositories/echeck-returns';
import { achReturnReason, findReturnCode } from './ach-return-codes';
import { dateOf } from './chargeback-details';
import { looksLikeHeaderReport, readByHeader } from './csv-by-header';
import type { FundingRejection } from './funding-item';

const REQUIRED = ['RequestID', 'Event', 'EventDate', 'Amount'] as const;

/** True when one of the first lines is an eCheck returns (Payment Events) header. */
export function isEcheckReturns(head: string): boolean {
  return looksLikeHeaderReport(head, REQUIRED);
}

export function readEcheckReturns(
  text: string,
  options: { currency?: string } = {},
): { rows: NewEcheckReturn[]; rejected: FundingRejection[] } {
  return readByHeader(text, {
    required: REQUIRED,
    what: 'eCheck returns',
    readRow: (row) => readRow(row, options.currency ?? 'USD'),
  });
}

function readRow(row: Record<string, string>, fallbackCurrency: string): NewEcheckReturn {
  const requestId = row.RequestID ?? '';
  if (!requestId) throw new Error('the row has no RequestID');
  const code = findReturnCode(row.ReturnCode || row.ProcessorMessage || '');
  if (code === null) {
    throw new Error(
      `event "${row.Event ?? ''}" carries no ACH return code (R01…R85) in ReturnCode or ProcessorMessage, so it is not read as a return`,
    );
  }
  const currency = (row.CurrencyCode || fallbackCurrency).toUpperCase();
  if (!isKnownCurrency(currency)) throw new Error(`"${currency}" is not a currency Clearpost knows`);
  const amountMinor = Math.abs(parseMinor(row.Amount ?? '', currency));
  if (amountMinor === 0) throw new Error('the return is for no money (Amount is zero)');
  const returnDate = dateOf(row.EventDate ?? '', 'EventDate');
  if (returnDate === null) throw new Error('the row has no EventDate');
  return {
    requestId,
    merchantRef: row.MerchantReferenceNumber || null,
    returnCode: code,
    reason: achReturnReason(code),
    amountMinor,
    currency,
    returnDate,
  };
}
