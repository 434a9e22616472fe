/**
 * Processor report files as the chargeback and return tests import them: a Chargeback Details Report and a
 * Payment Events Report (eCheck returns), each the title line and column header Cybersource writes, then the
 * given rows.
 */

/** A Chargeback Details Report with these rows. */
export const chargebackCsv = (rows: string[]): string =>
  [
    'Chargeback Details Report,1.0,2026-11-22,,,,,,,',
    'RequestId,MerchantReferenceNumber,CaseNumber,CBAmount,CBSign,CBAction,CBReasonCode,OriginalSettlementDate,CBDate,ResponseDueDate',
    ...rows,
    '',
  ].join('\n');

/** A Payment Events Report (eCheck returns) with these rows. */
export const returnsCsv = (rows: string[]): string =>
  [
    'Payment Events Report,1,2026-11-22,hospital_main,,,,',
    'RequestID,MerchantReferenceNumber,PaymentType,Event,EventDate,Amount,CurrencyCode,ProcessorMessage',
    ...rows,
    '',
  ].join('\n');
