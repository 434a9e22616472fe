/**
 * Chargeback Details as the Reporting REST API answers `GET /reporting/v3/chargeback-details`
 * ("Reporting API: Chargeback Details", developer.cybersource.com; the model
 * ReportingV3ChargebackDetailsGet200Response of Cybersource's published REST clients): `chargebackDetails`, a
 * list of case actions with `requestId`, `merchantReferenceNumber`, `amount`, `sign`, `action`, `reasonCode`,
 * `currencyCode`, `originalSettlementTime`, `time` (the chargeback date), `responseDueTime`.
 *
 * Each answer row is read by the file report's own row reader (chargeback-details.ts), under the report's
 * column names, so a case reads the same whichever way it came.
 *
 * ASSUMPTION (the API model has no case number field): the case is identified by `trackingNumber`, else by
 * `transactionReferenceNumber`; a row with neither is refused like a file row without a CaseNumber.
 */
import { z } from 'zod';
import type { NewChargeback } from '../../store/repositories/chargebacks';
import { summarizeIssues } from '../../intake/event-schema';
import { readChargebackRow } from './chargeback-details';
import type { FundingRejection } from './funding-item';

const text = z.union([z.string(), z.number()]).transform(String).optional();

const ChargebackDetail = z.object({
  requestId: text,
  merchantReferenceNumber: text,
  trackingNumber: text,
  transactionReferenceNumber: text,
  amount: text,
  sign: text,
  action: text,
  reasonCode: text,
  currencyCode: text,
  originalSettlementTime: text,
  time: text,
  responseDueTime: text,
});

const ChargebackDetails = z.object({ chargebackDetails: z.array(z.unknown()).default([]) });

export function readChargebackAnswer(json: unknown): { rows: NewChargeback[]; rejected: FundingRejection[] } {
  const parsed = ChargebackDetails.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `this is not a Chargeback Details answer Clearpost can read: ${summarizeIssues(parsed.error)}`,
    );
  const rows: NewChargeback[] = [];
  const rejected: FundingRejection[] = [];
  parsed.data.chargebackDetails.forEach((raw, index) => {
    const ref = `chargebackDetails[${String(index)}]`;
    const detail = ChargebackDetail.safeParse(raw);
    if (!detail.success) {
      rejected.push({ ref, reason: summarizeIssues(detail.error), input: raw });
      return;
    }
    const d = detail.data;
    const columns: Record<string, string> = {
      RequestId: d.requestId ?? '',
      MerchantReferenceNumber: d.merchantReferenceNumber ?? '',
      CaseNumber: d.trackingNumber || d.transactionReferenceNumber || '',
      CBAmount: d.amount ?? '',
      CBSign: d.sign ?? '',
      CBAction: d.action ?? '',
      CBReasonCode: d.reasonCode ?? '',
      CBCurrency: d.currencyCode ?? '',
      OriginalSettlementDate: d.originalSettlementTime ?? '',
      CBDate: d.time ?? '',
      ResponseDueDate: d.responseDueTime ?? '',
    };
    try {
      rows.push(readChargebackRow(columns, 'USD'));
    } catch (error) {
      rejected.push({
        ref: `${ref} ${d.requestId ?? ''}`.trim(),
        reason: (error as Error).message,
        input: raw,
      });
    }
  });
  return { rows, rejected };
}
