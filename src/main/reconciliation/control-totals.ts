/**
 * Control totals: count, gross and net per status, kind, tender and facility, and overall, each per currency
 * (amounts in different currencies never add up). They are computed from the same rows the file carries,
 * so a reader can check the file against them, and tests check them against sums in the store.
 *
 * Net is the money that moved: payments positive, refunds and voids negative, and a declined row nothing (the
 * processor took no money). Gross is every row's amount without its sign. Sums are exact (BigInt inside), so
 * a day of large amounts cannot overflow or lose a cent.
 */
import { MinorTotal, signedMinor } from '../../shared/signed-money';
import type { ReportTransaction } from '../store/repositories/report-transactions';

export const TOTAL_DIMENSIONS = ['all', 'status', 'kind', 'tender', 'facility'] as const;
export type TotalDimension = (typeof TOTAL_DIMENSIONS)[number];

export interface ControlTotal {
  readonly dimension: TotalDimension;
  readonly value: string;
  readonly currency: string;
  readonly count: number;
  /** Net (signed) amount. */
  readonly amountMinor: number;
  readonly grossMinor: number;
}

/** The amount a row adds to the net: signed, and zero for a decline (no money moved). */
export function netMinorOf(row: Pick<ReportTransaction, 'kind' | 'amountMinor' | 'status'>): number {
  return row.status === 'declined' ? 0 : signedMinor(row.kind, row.amountMinor);
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
  readonly value: string;
  readonly currency: string;
  count: number;
  readonly net: MinorTotal;
  readonly gross: MinorTotal;
}

/**
 * Totals gathered row by row, so a streamed export computes them in the same pass that writes the rows (and
 * a file always balances to the totals written beside it, whatever changed in the store meanwhile). Memory is
 * one entry per distinct status, kind, tender, facility and currency, not per row.
 */
export class ControlTotalsAccumulator {
  private readonly groups = TOTAL_DIMENSIONS.map(() => new Map<string, Group>());
  private readonly grand = new Map<string, MinorTotal>();
  private rowCount = 0;

  /**
   * `emptyCurrency`: a day without rows still gets its totals, zero in this currency ("nothing" said out
   * loud, not an empty table a reader could take for a failed export).
   */
  constructor(private readonly emptyCurrency = 'USD') {}

  add(row: ReportTransaction): void {
    this.rowCount += 1;
    const net = netMinorOf(row);
    const gross = Math.abs(row.amountMinor);
    TOTAL_DIMENSIONS.forEach((dimension, index) => {
      const value = KEYS[dimension](row);
      const key = `${value}\u0000${row.currency}`;
      const groups = this.groups[index] ?? new Map<string, Group>();
      let group = groups.get(key);
      if (!group) {
        group = { value, currency: row.currency, count: 0, net: new MinorTotal(), gross: new MinorTotal() };
        groups.set(key, group);
      }
      group.count += 1;
      group.net.add(net);
      group.gross.add(gross);
    });
    let grand = this.grand.get(row.currency);
    if (!grand) this.grand.set(row.currency, (grand = new MinorTotal()));
    grand.add(net);
  }

  get rows(): number {
    return this.rowCount;
  }

  controlTotals(): ControlTotal[] {
    if (this.rowCount === 0) {
      return [
        {
          dimension: 'all',
          value: 'all',
          currency: this.emptyCurrency,
          count: 0,
          amountMinor: 0,
          grossMinor: 0,
        },
      ];
    }
    return TOTAL_DIMENSIONS.flatMap((dimension, index) =>
      [...(this.groups[index]?.values() ?? [])]
        .sort((a, b) => a.value.localeCompare(b.value, 'en') || a.currency.localeCompare(b.currency, 'en'))
        .map((group) => ({
          dimension,
          value: group.value,
          currency: group.currency,
          count: group.count,
          amountMinor: group.net.toMinor(),
          grossMinor: group.gross.toMinor(),
        })),
    );
  }

  /** Net total per currency, as recorded in the file history and printed by the command line. */
  grandTotals(): Record<string, number> {
    if (this.rowCount === 0) return { [this.emptyCurrency]: 0 };
    return Object.fromEntries(
      [...this.grand.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'en'))
        .map(([currency, total]) => [currency, total.toMinor()]),
    );
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
