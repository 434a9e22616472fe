/**
 * One processor transaction as funded: its settlement batch, funding date, fees and net amount. Amounts are
 * signed minor units (purchases positive, refunds and chargebacks negative); fees are positive costs and
 * `fundingMinor = amountMinor - totalFeeMinor`.
 */
import type { FundingItemRow, NetFundingRow } from '../../store/repositories/funding';

/** Declared once with its table (store/repositories/funding.ts); the meaning of its fields is above. */
export type FundingItem = FundingItemRow;
export type FundingKind = FundingItem['kind'];

/** A row of a funding file that could not be read: kept in quarantine with its reason, never dropped. */
export interface FundingRejection {
  readonly ref: string;
  readonly reason: string;
  readonly input: unknown;
}

/** A Net Funding period's totals per currency, as the store keeps them. */
export type NetFundingTotal = NetFundingRow;
