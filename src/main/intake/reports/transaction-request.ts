/**
 * Cybersource Transaction Request report: columns are configurable per merchant (domain.md §6), so every
 * column is found by header and only the identifying ones are required. The services run ("Applications":
 * ics_bill, ics_credit, ics_void, ics_auth…) give the event kind; the decision and reason code say whether it
 * was accepted, declined or held for review.
 */
import { reject } from '../quarantine-reasons';
import { cell } from './header';
import type { ReportFormat } from './report-format';
import { buildRowEvent, type RowFacts } from './row-event';

function moneyOf(applications: string | undefined): RowFacts['money'] | 'none' {
  // ASSUMPTION: without an Applications column every row is a sale and a negative amount a refund.
  if (applications === undefined) return 'by_sign';
  const apps = applications.toLowerCase();
  if (apps.includes('ics_credit')) return 'refund';
  if (apps.includes('ics_void')) return 'void';
  if (apps.includes('ics_bill')) return 'payment';
  return 'none';
}

export const TRANSACTION_REQUEST: ReportFormat = {
  source: 'cybersource-transaction-request',
  columns: [
    { key: 'requestId', names: ['RequestID', 'request_id'], required: true },
    {
      key: 'date',
      names: ['TransactionDate', 'request_date', 'TransactionDateTime', 'RequestDate'],
      required: true,
    },
    { key: 'amount', names: ['Amount', 'GrandTotal', 'TotalAmount'], required: true },
    { key: 'currency', names: ['Currency', 'CurrencyCode'], required: true },
    { key: 'merchantId', names: ['MerchantID', 'merchant_id'], required: false },
    {
      key: 'merchantRef',
      names: ['MerchantReferenceNumber', 'merchant_ref_number', 'MerchantReferenceCode'],
      required: false,
    },
    { key: 'reasonCode', names: ['ReasonCode', 'reason_code'], required: false },
    { key: 'decision', names: ['Decision'], required: false },
    {
      key: 'applications',
      names: ['Applications', 'ics_applications', 'Application', 'TransactionType'],
      required: false,
    },
    {
      key: 'paymentMethod',
      names: ['PaymentMethod', 'CardType', 'card_type', 'AccountType'],
      required: false,
    },
    { key: 'last4', names: ['AccountSuffix', 'CardSuffix', 'card_suffix', 'Last4'], required: false },
  ],
  mapRow(row, index, ctx) {
    const money = moneyOf(cell(row, index, 'applications'));
    if (money === 'none') return { ok: false, rejection: reject('not_a_payment') };
    const decision = cell(row, index, 'decision')?.toUpperCase();
    const reasonCode = cell(row, index, 'reasonCode') ?? null;
    const code = reasonCode?.trim();
    if (decision === 'REVIEW' || (decision === undefined && code === '480')) {
      return { ok: false, rejection: reject('processor_review') };
    }
    const declined =
      decision === 'REJECT' ||
      decision === 'ERROR' ||
      (decision === undefined && code !== undefined && code !== '100' && code !== '110');
    const extras: Record<string, unknown> = { report: 'transaction_request' };
    const merchantId = cell(row, index, 'merchantId');
    if (merchantId) extras.merchantId = merchantId;
    if (code === '110') extras.partialApproval = true;
    return buildRowEvent(
      {
        txnId: cell(row, index, 'requestId'),
        money,
        refundsNegative: false,
        amount: cell(row, index, 'amount'),
        currency: cell(row, index, 'currency'),
        date: cell(row, index, 'date'),
        merchantRef: cell(row, index, 'merchantRef'),
        paymentMethod: cell(row, index, 'paymentMethod'),
        cardLast4: cell(row, index, 'last4'),
        processorStatus: decision ?? null,
        reasonCode,
        declined,
        extras,
        row,
      },
      ctx,
    );
  },
};
