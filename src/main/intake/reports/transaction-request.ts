/**
 * Cybersource Transaction Request Report, CSV, in its published layout ("Transaction Request Report", Batch
 * Upload guide, developer.cybersource.com/docs/cybs/en-us/batch/user/all/so/batch-upload/): a first header
 * record naming the report and its dates, then
 *   merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,amount,
 *   currency,action
 * and one record per transaction request. There is no date column: the file's day comes from its title line
 * (or is given with the import). Columns are still read by header, in any order.
 */
import { reject } from '../quarantine-reasons';
import { cell } from './header';
import { REPORT_DATE_FIELD, type ReportFormat } from './report-format';
import { buildRowEvent } from './row-event';

/**
 * `ics_rflag` is the one-word result of the request (SCMP result flags). `SOK` is success; `D…` flags are
 * declines and `E…` flags system errors (the money did not move). The legacy numeric reason code each flag
 * corresponds to gives the operator the same plain sentence as a webhook's decline.
 */
const RFLAG_REASON_CODES: Readonly<Record<string, string>> = {
  SOK: '100',
  DMISSINGFIELD: '101',
  DINVALIDDATA: '102',
  DDUPLICATE: '104',
  ESYSTEM: '150',
  ETIMEOUT: '151',
  DCARDEXPIRED: '202',
  DCARDREFUSED: '203',
  DINVALIDCARD: '231',
  DCV: '230',
  DSCORE: '400',
  DREVIEW: '480',
};

export const TRANSACTION_REQUEST: ReportFormat = {
  source: 'cybersource-transaction-request',
  needsReportDate: true,
  columns: [
    { key: 'merchantId', names: ['merchant_id'], required: true },
    { key: 'batchId', names: ['txn_batch_id'], required: false },
    { key: 'processor', names: ['payment_processor'], required: false },
    { key: 'requestId', names: ['request_id'], required: true },
    // The guide prints this header as "trans_ ref_no"; headers match ignoring spaces and underscores.
    { key: 'transRefNo', names: ['trans_ref_no'], required: false },
    { key: 'merchantRef', names: ['merchant_ref_number'], required: false },
    { key: 'rflag', names: ['ics_rflag'], required: true },
    { key: 'amount', names: ['amount'], required: true },
    { key: 'currency', names: ['currency'], required: true },
    { key: 'action', names: ['action'], required: true },
    // Not in the file: the import writes the file's day into each row, so a released row still has it.
    { key: 'reportDate', names: [REPORT_DATE_FIELD], required: false },
  ],
  mapRow(row, index, ctx) {
    const rflag = cell(row, index, 'rflag')?.toUpperCase();
    if (rflag === undefined) return { ok: false, rejection: reject('missing_field', 'ics_rflag is empty.') };
    if (rflag === 'DREVIEW') return { ok: false, rejection: reject('processor_review') };
    const declined = rflag !== 'SOK';
    const extras: Record<string, unknown> = { report: 'transaction_request', rflag };
    for (const key of ['merchantId', 'batchId', 'processor', 'transRefNo'] as const) {
      const value = cell(row, index, key);
      if (value !== undefined) extras[key] = value;
    }
    return buildRowEvent(
      {
        txnId: cell(row, index, 'requestId'),
        // ASSUMPTION: the layout names no service, so a negative amount is a credit (refund), as the other
        // Cybersource CSV reports write credits; a positive one a payment.
        money: 'by_sign',
        refundsNegative: false,
        amount: cell(row, index, 'amount'),
        currency: cell(row, index, 'currency'),
        date: cell(row, index, 'reportDate') ?? ctx.reportDate ?? undefined,
        merchantRef: cell(row, index, 'merchantRef'),
        processorStatus: cell(row, index, 'action')?.toUpperCase() ?? null,
        // An unknown flag still reads as a decline; its sentence is the general one for unknown codes.
        reasonCode: RFLAG_REASON_CODES[rflag] ?? rflag,
        declined,
        extras,
        row,
      },
      ctx,
    );
  },
};
