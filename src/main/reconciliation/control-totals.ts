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

interface Group {
  value: string;
  currency: string;
  count: number;
  amountMinor: number;
}

/**
 * Totals gathered row by row, so a streamed export computes them in the same pass that writes the rows (and
 * a file always balances to the totals written beside it, whatever changed in the store meanwhile). Memory is
 * one entry per distinct status, kind, tender, facility and currency, not per row.
 */
export class ControlTotalsAccumulator {
  private readonly groups = TOTAL_DIMENSIONS.map(() => new Map<string, Group>());
  private readonly grand = new Map<string, number>();
  private rowCount = 0;

  /**
   * `emptyCurrency`: a day without rows still gets its totals, zero in this currency ("nothing" said out
   * loud, not an empty table a reader could take for a failed export).
   */
  constructor(private readonly emptyCurrency = 'USD') {}

  add(row: ReportTransaction): void {
    this.rowCount += 1;
    TOTAL_DIMENSIONS.forEach((dimension, index) => {
      const value = KEYS[dimension](row);
      const key = `${value}\u0000${row.currency}`;
      const groups = this.groups[index] ?? new Map<string, Group>();
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { value, currency: row.currency, count: 0, amountMinor: 0 }));
      group.count += 1;
      group.amountMinor = sumMinor([group.amountMinor, row.amountMinor]);
    });
    this.grand.set(row.currency, sumMinor([this.grand.get(row.currency) ?? 0, row.amountMinor]));
  }

  get rows(): number {
    return this.rowCount;
  }

  controlTotals(): ControlTotal[] {
    if (this.rowCount === 0) {
      return [{ dimension: 'all', value: 'all', currency: this.emptyCurrency, count: 0, amountMinor: 0 }];
    }
    return TOTAL_DIMENSIONS.flatMap((dimension, index) =>
      [...(this.groups[index]?.values() ?? [])]
        .sort((a, b) => a.value.localeCompare(b.value, 'en') || a.currency.localeCompare(b.currency, 'en'))
        .map((group) => ({ dimension, ...group })),
    );
  }

  /** Grand total per currency, as recorded in the file history and printed by the command line. */
  grandTotals(): Record<string, number> {
    if (this.rowCount === 0) return { [this.emptyCurrency]: 0 };
    return Object.fromEntries([...this.grand.entries()].sort(([a], [b]) => a.localeCompare(b, 'en')));
  }
}

/** The totals of rows at hand (the preview). */
export function totalsOf(
  rows: readonly ReportTransaction[],
  emptyCurrency?: string,
): ControlTotalsAccumulator {
  const totals = new ControlTotalsAccumulator(emptyCurrency);
  for (const row of rows) totals.add(row);
  return totals;
}
