/**
 * Cybersource's Net Funding report as the Reporting REST API answers `GET /reporting/v3/net-fundings`:
 * `startTime`, `endTime` and per-currency lists `totalPurchases`, `totalRefunds`, `totalFees`,
 * `totalChargebacks` and `netTotal` of `{currencyCode, value}` (model ReportingV3NetFundingsGet200Response of
 * Cybersource's published REST clients). Purchases are positive; refunds, fees and chargebacks are stored as
 * what they take away (positive), and the net must be purchases - refunds - fees - chargebacks.
 */
import { z } from 'zod';
import { isKnownCurrency, parseMinor } from '../../../shared/money';
import { summarizeIssues } from '../../intake/event-schema';
import type { NetFundingTotal } from './funding-item';

const Total = z.object({
  currencyCode: z.string(),
  value: z.union([z.string(), z.number()]).transform(String),
});

export const NetFunding = z.object({
  startTime: z.string(),
  endTime: z.string(),
  totalPurchases: z.array(Total).optional(),
  totalRefunds: z.array(Total).optional(),
  totalFees: z.array(Total).optional(),
  totalChargebacks: z.array(Total).optional(),
  netTotal: z.array(Total),
});

export function isNetFunding(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'netTotal' in json && 'startTime' in json;
}

export function readNetFunding(json: unknown, merchantId: string): NetFundingTotal[] {
  const parsed = NetFunding.safeParse(json);
  if (!parsed.success) {
    throw new Error(`this is not a Net Funding answer Clearpost can read: ${summarizeIssues(parsed.error)}`);
  }
  const doc = parsed.data;
  const amountIn = (list: z.infer<typeof Total>[] | undefined, currency: string) => {
    const entry = list?.find((t) => t.currencyCode.toUpperCase() === currency);
    return entry ? Math.abs(parseMinor(entry.value, currency)) : 0;
  };
  return doc.netTotal.map((net) => {
    const currency = net.currencyCode.toUpperCase();
    if (!isKnownCurrency(currency)) throw new Error(`"${currency}" is not a currency Clearpost knows`);
    const total: NetFundingTotal = {
      merchantId,
      startTime: doc.startTime,
      endTime: doc.endTime,
      currency,
      purchasesMinor: amountIn(doc.totalPurchases, currency),
      refundsMinor: amountIn(doc.totalRefunds, currency),
      feesMinor: amountIn(doc.totalFees, currency),
      chargebacksMinor: amountIn(doc.totalChargebacks, currency),
      netMinor: parseMinor(net.value, currency),
    };
    const expected = total.purchasesMinor - total.refundsMinor - total.feesMinor - total.chargebacksMinor;
    if (expected !== total.netMinor) {
      throw new Error(
        `the ${currency} net total ${String(total.netMinor)} is not purchases - refunds - fees - chargebacks = ${String(expected)} (minor units)`,
      );
    }
    return total;
  });
}
