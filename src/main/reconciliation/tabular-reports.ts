/**
 * The reconciliation file and the payments detail report, per facility: which rows, which columns, which
 * control totals. `streamTabular` hands the rows out page by page for the writers (memory bounded by a page,
 * the event loop free between pages); `planTabular` gathers them all for the console's preview and the tests.
 * Nothing here writes to disk.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { reportFilterSchema } from '../../shared/commands/reconciliation';
import type { IsoDate, PostingStatus } from '../../shared/domain';
import { ControlTotalsAccumulator, totalsOf, type ControlTotal } from './control-totals';
import type { DateBasis } from './date-basis';
import type { FacilityZones } from './facility-zones';
import { detailColumns, isManual, reconColumns } from './report-columns';
import type { TableShape } from './report-table';
import {
  facilitiesForDay,
  transactionPages,
  transactionsForDay,
  type ReportTransaction,
} from '../store/repositories/report-transactions';

/** The statuses the daily reconciliation file lists as "did not post" (pending and Retry are still on their way). */
export const RECON_STATUSES: readonly PostingStatus[] = [
  'failure',
  'not_applicable',
  'needs_verification',
  'quarantined',
  'will_not_be_sent',
];

/**
 * Rows read, formatted and written between two turns of the event loop: the engine and the console get the
 * loop back between pages. Measured at a million rows (bench/export.bench.ts), 200–250 rows keep the longest
 * stall short and fewer rows alive at each garbage collection than 500 or 1 000, at no cost in rows/s; the
 * extra queries (keyset seeks on the transaction_at index) are cheap.
 */
export const DEFAULT_PAGE_SIZE = 250;

export type DetailFilter = z.output<typeof reportFilterSchema>;

export type TabularKind = 'recon' | 'detail';
export type TabularFormat = 'csv' | 'xlsx';

export interface TabularRequest {
  readonly kind: TabularKind;
  readonly date: IsoDate;
  readonly basis: DateBasis;
  readonly facility?: string | undefined;
  readonly filter?: DetailFilter | undefined;
  /** The currency of the zero totals of a day without rows (default USD). */
  readonly emptyCurrency?: string | undefined;
}

/** One facility's report with all its rows (the preview). */
export interface PlannedReport {
  readonly kind: TabularKind;
  readonly facility: string;
  readonly date: IsoDate;
  readonly basis: DateBasis;
  readonly rows: readonly ReportTransaction[];
  readonly controlTotals: readonly ControlTotal[];
  readonly totals: Record<string, number>;
}

/** One facility's report as a stream of pages; the totals fill in as the pages are read. */
export interface StreamedReport {
  readonly kind: TabularKind;
  readonly facility: string;
  readonly date: IsoDate;
  readonly basis: DateBasis;
  readonly table: TableShape<ReportTransaction>;
  /** Read once: every page goes through `totals` on its way out. */
  readonly pages: AsyncIterable<readonly ReportTransaction[]>;
  readonly totals: ControlTotalsAccumulator;
}

/**
 * The facilities a request covers, in file order: those with events in the day, and for the daily
 * reconciliation file the configured ones too (an empty file says "nothing", a missing one does not).
 */
export function facilitiesOf(
  db: Database,
  request: TabularRequest,
  alsoFacilities: readonly string[] = [],
): string[] {
  const found = new Set(facilitiesForDay(db, request));
  if (request.facility === undefined) for (const facility of alsoFacilities) found.add(facility);
  return [...found].sort((a, b) => a.localeCompare(b, 'en'));
}

export function streamTabular(
  db: Database,
  zones: FacilityZones,
  request: TabularRequest,
  facility: string,
  pageSize = DEFAULT_PAGE_SIZE,
): StreamedReport {
  const totals = new ControlTotalsAccumulator(request.emptyCurrency);
  const keep = rowFilter(request);
  const zone = zones.zoneFor(facility);
  async function* pages(): AsyncGenerator<readonly ReportTransaction[]> {
    for (const page of transactionPages(db, zone, facility, request, pageSize)) {
      const rows = page.filter(keep);
      for (const row of rows) totals.add(row);
      if (rows.length > 0) yield rows;
      await nextTurn();
    }
  }
  return {
    kind: request.kind,
    facility,
    date: request.date,
    basis: request.basis,
    table: tableOf(request.kind, zones),
    pages: pages(),
    totals,
  };
}

export function planTabular(
  db: Database,
  zones: FacilityZones,
  request: TabularRequest,
  alsoFacilities: readonly string[] = [],
): PlannedReport[] {
  const byFacility = transactionsForDay(db, zones, request);
  const keep = rowFilter(request);
  return facilitiesOf(db, request, alsoFacilities).map((facility) => {
    const rows = (byFacility.get(facility) ?? []).filter(keep);
    const totals = totalsOf(rows, request.emptyCurrency);
    return {
      kind: request.kind,
      facility,
      date: request.date,
      basis: request.basis,
      rows,
      controlTotals: totals.controlTotals(),
      totals: totals.grandTotals(),
    };
  });
}

function tableOf(kind: TabularKind, zones: FacilityZones): TableShape<ReportTransaction> {
  const zoneOf = (facility: string) => zones.zoneFor(facility);
  return {
    sheet: kind === 'recon' ? 'Reconciliation' : 'Payments detail',
    columns: kind === 'recon' ? reconColumns(zoneOf) : detailColumns(zoneOf),
    currencyOf: (row) => row.currency,
  };
}

function rowFilter(request: TabularRequest): (row: ReportTransaction) => boolean {
  return request.kind === 'recon' ? isReconRow : matches(request.filter);
}

/** Postings sent by a daily file (a file-only site's posting file, Epic's voids) are listed too. */
function isReconRow(row: ReportTransaction): boolean {
  return row.status !== null && (RECON_STATUSES.includes(row.status) || row.channel === 'daily_file');
}

function matches(filter: DetailFilter | undefined): (row: ReportTransaction) => boolean {
  if (!filter) return () => true;
  return (row) =>
    (!filter.statuses?.length || (row.status !== null && filter.statuses.includes(row.status))) &&
    (!filter.kinds?.length || filter.kinds.includes(row.kind)) &&
    (!filter.tenders?.length || filter.tenders.includes(row.tender)) &&
    (filter.ehr === undefined || row.ehr === filter.ehr) &&
    (filter.manual === undefined || isManual(row) === filter.manual);
}
