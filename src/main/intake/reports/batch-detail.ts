/**
 * Cybersource Payment Batch Detail report: a title line, then
 * batch_id,merchant_id,batch_date,request_id,merchant_ref_number,trans_ref_no,payment_method,currency,amount,
 * transaction_type — read by header in any column order. `ics_bill` is a capture (payment), `ics_credit` a
 * refund written as a negative amount.
 */
import { reject } from '../quarantine-reasons';
import { cell } from './header';
import type { ReportFormat } from './report-format';
import { buildRowEvent } from './row-event';

const TRANSACTION_TYPES: Readonly<Record<string, 'payment' | 'refund' | 'void'>> = {
  ics_bill: 'payment',
  ics_credit: 'refund',
  ics_void: 'void',
};

export const BATCH_DETAIL: ReportFormat = {
  source: 'cybersource-batch-detail',
  columns: [
    { key: 'batchId', names: ['batch_id'], required: true },
    { key: 'merchantId', names: ['merchant_id'], required: false },
    { key: 'batchDate', names: ['batch_date'], required: true },
    { key: 'requestId', names: ['request_id'], required: true },
    { key: 'merchantRef', names: ['merchant_ref_number', 'merchant_reference_number'], required: false },
    { key: 'transRefNo', names: ['trans_ref_no'], required: false },
    { key: 'paymentMethod', names: ['payment_method'], required: false },
    { key: 'currency', names: ['currency'], required: true },
    { key: 'amount', names: ['amount'], required: true },
    { key: 'transactionType', names: ['transaction_type'], required: true },
  ],
  mapRow(row, index, ctx) {
    const type = cell(row, index, 'transactionType')?.toLowerCase();
    const money = type === undefined ? undefined : TRANSACTION_TYPES[type];
    if (!money) return { ok: false, rejection: reject('unknown_transaction_type') };
    const batchDate = cell(row, index, 'batchDate');
    const extras: Record<string, unknown> = { report: 'payment_batch_detail' };
    for (const key of ['batchId', 'merchantId', 'transRefNo'] as const) {
      const value = cell(row, index, key);
      if (value !== undefined) extras[key] = value;
    }
    const outcome = buildRowEvent(
      {
        txnId: cell(row, index, 'requestId'),
        money,
        refundsNegative: true,
        amount: cell(row, index, 'amount'),
        currency: cell(row, index, 'currency'),
        date: batchDate,
        merchantRef: cell(row, index, 'merchantRef'),
        paymentMethod: cell(row, index, 'paymentMethod'),
        processorStatus: 'BATCHED',
        declined: false,
        extras,
        row,
      },
      ctx,
    );
    // The batch date is the settlement (effective) date: the basis reconciliation may balance on.
    if (outcome.ok && batchDate)
      return { ...outcome, event: { ...outcome.event, effectiveDate: batchDate.slice(0, 10) } };
    return outcome;
  },
};
