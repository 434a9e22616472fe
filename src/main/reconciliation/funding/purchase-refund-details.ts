/**
 * Cybersource's Purchase & Refund Details, as the Reporting REST API answers
 * `GET /reporting/v3/purchase-refund-details` (and as a file saved from it): parallel lists keyed by
 * `requestId` — `settlements` (transaction type, amount, currency, batch id and time), `feeAndFundingDetails`
 * (interchange, discount, dues and assessments, total fee, funding amount and currency), `settlementStatuses`
 * (status, settlement time) and `requestDetails` (merchant). Field names are those of the published API
 * ("Reporting API: Purchase and Refund Details", developer.cybersource.com, and the model
 * ReportingV3PurchaseRefundDetailsGet200Response of Cybersource's REST clients). Every amount is a decimal
 * string.
 *
 * ASSUMPTION (not published): the funding date is the day of the settlement time (the batch time without
 * one), as written in the timestamp; the import can be told the funding date instead.
 */
import { z } from 'zod';
import type { IsoDate } from '../../../shared/domain';
import { isKnownCurrency, parseMinor } from '../../../shared/money';
import { summarizeIssues } from '../../intake/event-schema';
import type { FundingItem, FundingKind, FundingRejection } from './funding-item';

const text = z.string();
const money = z.union([z.string(), z.number()]).transform((v) => String(v));

const Settlement = z.object({
  requestId: text,
  transactionType: text.optional(),
  amount: money.optional(),
  currencyCode: text.optional(),
  cybersourceBatchId: z.union([text, z.number()]).transform(String).optional(),
  cybersourceBatchTime: text.optional(),
});
const FeeAndFunding = z.object({
  requestId: text,
  interchangePerItemFee: money.optional(),
  interchangePercentageAmount: money.optional(),
  discountAmount: money.optional(),
  discountPerItemFee: money.optional(),
  totalFee: money.optional(),
  feeCurrency: text.optional(),
  duesAssessments: money.optional(),
  fundingAmount: money.optional(),
  fundingCurrency: text.optional(),
});
const SettlementStatus = z.object({
  requestId: text,
  status: text.optional(),
  settlementTime: text.optional(),
});
const RequestDetail = z.object({
  requestId: text,
  cybersourceMerchantId: text.optional(),
});

export const PurchaseRefundDetails = z.object({
  requestDetails: z.array(RequestDetail).optional(),
  settlements: z.array(Settlement),
  feeAndFundingDetails: z.array(FeeAndFunding).optional(),
  settlementStatuses: z.array(SettlementStatus).optional(),
});

/** True when a parsed JSON document has the shape of a Purchase & Refund Details answer. */
export function isPurchaseRefundDetails(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'settlements' in json && 'feeAndFundingDetails' in json;
}

export interface FundingReadOptions {
  /** Merchant for rows that do not name theirs. */
  readonly merchantId?: string;
  /** Funding date for every row, when the import knows it (from the Net Funding period or the bank). */
  readonly fundingDate?: IsoDate;
}

export function readPurchaseRefundDetails(
  json: unknown,
  options: FundingReadOptions = {},
): { items: FundingItem[]; rejected: FundingRejection[] } {
  const parsed = PurchaseRefundDetails.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `this is not a Purchase & Refund Details answer Clearpost can read: ${summarizeIssues(parsed.error)}`,
    );
  }
  const doc = parsed.data;
  const fees = new Map(doc.feeAndFundingDetails?.map((f) => [f.requestId, f]));
  const statuses = new Map(doc.settlementStatuses?.map((s) => [s.requestId, s]));
  const merchants = new Map(doc.requestDetails?.map((r) => [r.requestId, r.cybersourceMerchantId]));
  const items: FundingItem[] = [];
  const rejected: FundingRejection[] = [];
  doc.settlements.forEach((settlement, index) => {
    const fee = fees.get(settlement.requestId);
    const status = statuses.get(settlement.requestId);
    const input = { settlement, feeAndFunding: fee ?? null, settlementStatus: status ?? null };
    try {
      items.push(
        readItem(settlement, fee, status, merchants.get(settlement.requestId) ?? options.merchantId, options),
      );
    } catch (error) {
      rejected.push({
        ref: `settlements[${String(index)}] ${settlement.requestId}`,
        reason: (error as Error).message,
        input,
      });
    }
  });
  return { items, rejected };
}

function readItem(
  settlement: z.infer<typeof Settlement>,
  fee: z.infer<typeof FeeAndFunding> | undefined,
  status: z.infer<typeof SettlementStatus> | undefined,
  merchantId: string | undefined,
  options: FundingReadOptions,
): FundingItem {
  if (!merchantId) throw new Error('the row names no merchant and the import gave none');
  const kind = kindOf(settlement.transactionType ?? '');
  const currency = (settlement.currencyCode ?? fee?.fundingCurrency ?? '').toUpperCase();
  if (!isKnownCurrency(currency)) throw new Error(`"${currency}" is not a currency Clearpost knows`);
  if (fee?.fundingCurrency && fee.fundingCurrency.toUpperCase() !== currency) {
    throw new Error(
      `funded in ${fee.fundingCurrency} for a ${currency} transaction: currency conversion is not balanced by Clearpost`,
    );
  }
  if (fee?.feeCurrency && fee.feeCurrency.toUpperCase() !== currency) {
    throw new Error(`fees in ${fee.feeCurrency} for a ${currency} transaction`);
  }
  if (!settlement.amount) throw new Error('the settlement has no amount');
  if (!settlement.cybersourceBatchId) throw new Error('the settlement has no batch id');
  const amount = signed(kind, parseMinor(settlement.amount, currency));
  const minor = (value: string | undefined) =>
    value === undefined || value === '' ? 0 : Math.abs(parseMinor(value, currency));
  const interchange = minor(fee?.interchangePerItemFee) + minor(fee?.interchangePercentageAmount);
  const discount = minor(fee?.discountAmount) + minor(fee?.discountPerItemFee);
  const dues = minor(fee?.duesAssessments);
  const totalFee =
    fee?.totalFee !== undefined && fee.totalFee !== '' ? minor(fee.totalFee) : interchange + discount + dues;
  const funding =
    fee?.fundingAmount !== undefined && fee.fundingAmount !== ''
      ? signed(kind, parseMinor(fee.fundingAmount, currency))
      : amount - totalFee;
  if (funding !== amount - totalFee) {
    throw new Error(
      `the funding amount ${String(funding)} is not the amount ${String(amount)} less the fees ${String(totalFee)} (minor units)`,
    );
  }
  const fundingDate = options.fundingDate ?? dayOf(status?.settlementTime ?? settlement.cybersourceBatchTime);
  return {
    merchantId,
    requestId: settlement.requestId,
    kind,
    transactionType: settlement.transactionType ?? '',
    batchId: settlement.cybersourceBatchId,
    fundingDate,
    currency,
    amountMinor: amount,
    interchangeMinor: interchange,
    discountMinor: discount,
    duesAssessmentsMinor: dues,
    totalFeeMinor: totalFee,
    fundingMinor: funding,
    settlementStatus: status?.status ?? null,
    settlementTime: status?.settlementTime ?? null,
  };
}

/**
 * Legacy ICS names (ics_bill, ics_credit) and the newer words both occur in Cybersource reports. An eCheck
 * return is a withdrawal like a chargeback (ASSUMPTION: its transaction type names a return); the balance
 * tells the two apart by that type. Money a won case gives back (ASSUMPTION: a type naming a chargeback
 * reversal or a representment) is funded to the merchant like a purchase.
 */
function kindOf(transactionType: string): FundingKind {
  const t = transactionType.toLowerCase();
  if (/chargeback[ _-]?reversal|representment/.test(t)) return 'chargeback_reversal';
  if (/chargeback|return/.test(t)) return 'chargeback';
  if (/credit|refund/.test(t)) return 'refund';
  if (/bill|capture|purchase|sale|debit/.test(t)) return 'purchase';
  throw new Error(
    `"${transactionType}" is not a transaction type Clearpost knows (purchase, refund or chargeback)`,
  );
}

/** Money returned to the card holder is negative, however the report wrote its sign. */
function signed(kind: FundingKind, minor: number): number {
  return kind === 'purchase' || kind === 'chargeback_reversal' ? Math.abs(minor) : -Math.abs(minor);
}

function dayOf(timestamp: string | undefined): IsoDate {
  const day = timestamp?.slice(0, 10) ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new Error('the row has no settlement or batch time to date its funding');
  return day;
}
