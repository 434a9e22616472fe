/**
 * One processor transaction as funded: its settlement batch, funding date, fees and net amount. Amounts are
 * signed minor units (purchases positive, refunds and chargebacks negative); fees are positive costs and
 * `fundingMinor = amountMinor - totalFeeMinor`.
 */
import type { IsoDate } from '../../../shared/domain';

export type FundingKind = 'purchase' | 'refund' | 'chargeback';

export interface FundingItem {
  readonly merchantId: string;
  readonly requestId: string;
  readonly kind: FundingKind;
  readonly transactionType: string;
  readonly batchId: string;
  readonly fundingDate: IsoDate;
  readonly currency: string;
  readonly amountMinor: number;
  readonly interchangeMinor: number;
  readonly discountMinor: number;
  readonly duesAssessmentsMinor: number;
  readonly totalFeeMinor: number;
  readonly fundingMinor: number;
  readonly settlementStatus: string | null;
  readonly settlementTime: string | null;
}

/** A row of a funding file that could not be read: kept in quarantine with its reason, never dropped. */
export interface FundingRejection {
  readonly ref: string;
  readonly reason: string;
  readonly input: unknown;
}

export interface NetFundingTotal {
  readonly merchantId: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly currency: string;
  readonly purchasesMinor: number;
  readonly refundsMinor: number;
  readonly feesMinor: number;
  readonly chargebacksMinor: number;
  readonly netMinor: number;
}
