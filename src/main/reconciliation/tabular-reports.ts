/**
 * The reconciliation file and the payments detail report, planned per facility: which rows, which control
 * totals, and the bytes of each output file in the chosen format. Nothing here writes to disk.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { reportFilterSchema } from '../../shared/commands/reconciliation';
import type { IsoDate, PostingStatus } from '../../shared/domain';
import { controlTotals, grandTotals, type ControlTotal } from './control-totals';
import { csvChunks } from './csv-output';
import type { DateBasis } from './date-basis';
import type { FacilityZones } from './facility-zones';
import { reportFileName } from './file-names';
import { detailColumns, isManual, reconColumns, totalsTable } from './report-columns';
import type { ReportTable } from './report-table';
import { transactionsForDay, type ReportTransaction } from './transactions';
import { sheetOf, xlsxBytes } from './xlsx-output';

/** What "did not post" means for the daily reconciliation file (issue 7, domain brief §2). */
export const RECON_STATUSES: readonly PostingStatus[] = [
  'failure',
  'not_applicable',
  'needs_verification',
  'quarantined',
  'will_not_be_sent',
];

export type DetailFilter = z.output<typeof reportFilterSchema>;

export type TabularKind = 'recon' | 'detail';
export type TabularFormat = 'csv' | 'xlsx';

export interface TabularRequest {
  readonly kind: TabularKind;
  readonly date: IsoDate;
  readonly basis: DateBasis;
  readonly facility?: string | undefined;
  readonly filter?: DetailFilter | undefined;
}

/** One facility's report: rows and control totals, before any format is chosen. */
export interface PlannedReport {
  readonly kind: TabularKind;
  readonly facility: string;
  readonly date: IsoDate;
  readonly basis: DateBasis;
  readonly rows: readonly ReportTransaction[];
  readonly controlTotals: readonly ControlTotal[];
  readonly totals: Record<string, number>;
  readonly table: ReportTable<ReportTransaction>;
}

/** One file to write. */
export interface OutputFile {
  readonly fileName: string;
  readonly format: TabularFormat;
  readonly rows: number;
  readonly content: () => Promise<Iterable<Uint8Array>>;
}

export function planTabular(
  db: Database,
  zones: FacilityZones,
  request: TabularRequest,
  alsoFacilities: readonly string[] = [],
): PlannedReport[] {
  const byFacility = transactionsForDay(db, zones, request);
  // Configured facilities get their (empty) daily file too: an empty file says "nothing", a missing one does not.
  if (request.facility === undefined) {
    for (const facility of alsoFacilities) {
      if (!byFacility.has(facility)) byFacility.set(facility, []);
    }
  }
  const zoneOf = (facility: string) => zones.zoneFor(facility);
  return [...byFacility.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([facility, all]) => {
      const rows = request.kind === 'recon' ? all.filter(isReconRow) : all.filter(matches(request.filter));
      return {
        kind: request.kind,
        facility,
        date: request.date,
        basis: request.basis,
        rows,
        controlTotals: controlTotals(rows),
        totals: grandTotals(rows),
        table: {
          sheet: request.kind === 'recon' ? 'Reconciliation' : 'Payments detail',
          columns: request.kind === 'recon' ? reconColumns(zoneOf) : detailColumns(zoneOf),
          rows,
          currencyOf: (row) => row.currency,
        },
      };
    });
}

function isReconRow(row: ReportTransaction): boolean {
  return row.status !== null && RECON_STATUSES.includes(row.status);
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

/**
 * The files of one planned report. XLSX: one workbook with the rows and, for the reconciliation file, a
 * control-totals sheet. CSV: the rows, and the reconciliation file's control totals in a second CSV beside it
 * (a totals block inside the same CSV would break every reader that goes by the header).
 */
export function outputFiles(report: PlannedReport, format: TabularFormat): OutputFile[] {
  const name = (suffix: string) =>
    reportFileName(report.kind, report.facility, report.date, report.basis, suffix);
  const totals = totalsTable(report.controlTotals);
  const withTotals = report.kind === 'recon';
  if (format === 'xlsx') {
    return [
      {
        fileName: name('.xlsx'),
        format,
        rows: report.rows.length,
        content: async () => [
          await xlsxBytes(withTotals ? [sheetOf(report.table), sheetOf(totals)] : [sheetOf(report.table)]),
        ],
      },
    ];
  }
  const files: OutputFile[] = [
    {
      fileName: name('.csv'),
      format,
      rows: report.rows.length,
      content: () => Promise.resolve(csvChunks(report.table)),
    },
  ];
  if (withTotals) {
    files.push({
      fileName: name('_totals.csv'),
      format,
      rows: totals.rows.length,
      content: () => Promise.resolve(csvChunks(totals)),
    });
  }
  return files;
}
