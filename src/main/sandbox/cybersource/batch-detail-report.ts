/**
 * The simulated processor's Payment Batch Detail report, in the layout the Reporting Developer Guide's CSV
 * sample shows ("Payment Batch Detail Report,1.0,<start> to <end>" title line, then batch_id,merchant_id,
 * batch_date,request_id,merchant_ref_number,trans_ref_no,payment_method,currency,amount,transaction_type;
 * captures `ics_bill`, credits `ics_credit` as negative amounts; records end in CRLF). Voids are not in it:
 * a voided capture never reaches a batch.
 */
import { stringify } from 'csv-stringify/sync';
import { formatMinor } from '../../../shared/money';
import { localDate } from '../../lib/time-zone';
import { enrichMerchantRef } from '../../intake/canonical/merchant-ref';
import type { SentPayment } from './processor-ledger';

const HEADER = [
  'batch_id',
  'merchant_id',
  'batch_date',
  'request_id',
  'merchant_ref_number',
  'trans_ref_no',
  'payment_method',
  'currency',
  'amount',
  'transaction_type',
];

const METHOD: Readonly<Record<string, string>> = {
  VISA: 'Visa',
  MASTERCARD: 'MasterCard',
  AMEX: 'American Express',
  DISCOVER: 'Discover',
};

function paymentMethod(sent: SentPayment): string {
  const { event } = sent.payment;
  if (event.tender === 'echeck') return 'eCheck';
  if (event.tender === 'paypal') return 'PayPal';
  return METHOD[event.cardBrand ?? ''] ?? 'Visa';
}

export function batchDetailReport(
  entries: readonly SentPayment[],
  organizationId: string,
  reportDate: string,
  timeZone: string,
): string {
  const rows = entries
    .filter((s) => s.organizationId === organizationId && s.payment.event.kind !== 'void')
    .filter((s) => localDate(s.payment.event.transactionAt, timeZone) === reportDate)
    .map(({ payment }, i) => {
      const { event } = payment;
      const refund = event.kind === 'refund';
      return [
        `${reportDate.replace(/-/g, '')}${String(Math.floor(i / 500) + 1).padStart(2, '0')}`,
        organizationId,
        reportDate,
        event.processorTxnId,
        // The hospital's payment page sends the reference Clearpost recommends: tagged with the encounter.
        enrichMerchantRef(event.merchantRef, { encounterId: event.encounterId ?? null }) ?? '',
        `R${event.processorTxnId.slice(-12)}`,
        paymentMethod({ payment, organizationId, dropped: false }),
        event.currency,
        formatMinor(refund ? -event.amountMinor : event.amountMinor, event.currency),
        refund ? 'ics_credit' : 'ics_bill',
      ];
    });
  const title = [
    'Payment Batch Detail Report',
    '1.0',
    `${reportDate} to ${reportDate}`,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ];
  return stringify([title, HEADER, ...rows], { record_delimiter: 'windows' });
}
