/**
 * Control totals: count and amount per status, kind, tender and facility, and overall, each per currency
 * (amounts in different currencies never add up). They are computed from the same rows the file carries,
 * so a reader can check the file against them, and tests check them against sums in the store.
 */
import { sumMinor } from '../../shared/money';
import type { ReportTransaction } from './transactions';

export const TOTAL_DIMENSIONS = ['all', 'status', 'kind', 'tender', 'facility'] as const;
export type TotalDimension = (typeof TOTAL_DIMENSIONS)[number];

export interface ControlTotal {
  readonly dimension: TotalDimension;
  readonly value: string;
  readonly currency: string;
  readonly count: number;
  readonly amountMinor: number;
}

type Key = (row: ReportTransaction) => string;
const KEYS: Record<TotalDimension, Key> = {
  all: () => 'all',
  status: (row) => row.status ?? 'unrouted',
  kind: (row) => row.kind,
  tender: (row) => row.tender,
  facility: (row) => row.facility,
};

export function controlTotals(rows: readonly ReportTransaction[]): ControlTotal[] {
  const totals: ControlTotal[] = [];
  for (const dimension of TOTAL_DIMENSIONS) {
    const groups = new Map<string, { value: string; currency: string; amounts: number[] }>();
    for (const row of rows) {
      const value = KEYS[dimension](row);
      const key = `${value}\u0000${row.currency}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { value, currency: row.currency, amounts: [] }));
      group.amounts.push(row.amountMinor);
    }
    const sorted = [...groups.values()].sort(
      (a, b) => a.value.localeCompare(b.value, 'en') || a.currency.localeCompare(b.currency, 'en'),
    );
    for (const group of sorted) {
      totals.push({
        dimension,
        value: group.value,
        currency: group.currency,
        count: group.amounts.length,
        amountMinor: sumMinor(group.amounts),
      });
    }
  }
  return totals;
}

/** Grand total per currency, as recorded in the file history and printed by the command line. */
export function grandTotals(rows: readonly ReportTransaction[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[row.currency] = sumMinor([out[row.currency] ?? 0, row.amountMinor]);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b, 'en')));
}
