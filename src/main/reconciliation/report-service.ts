/**
 * Writes report files and keeps their history: plans the report, writes each file atomically into the output
 * folder, hashes what was written, and records it. The console, the command line and the daily schedule all
 * come through here, so a file is produced the same way whoever asks. The tabular reports (reconciliation,
 * payments detail, totals) are written here; the day's item files (Epic voids, posting files) in
 * daily-item-files.ts; the history in report-history.ts.
 */
import { resolve } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { ReportPreview } from '../../shared/commands/reconciliation';
import type { Clock } from '../clock';
import { sweepPartials, type AtomicWriteHooks } from '../lib/atomic-write';
import type { Logger } from '../logger';
import { ensurePrivateDir } from '../owner-only';
import type { Repositories } from '../store/repositories';
import type { ReportKind } from '../store/repositories/report-files';
import { itemFiles } from './daily-item-files';
import { exportInWorker } from './export-in-worker';
import type { FacilityZones } from './facility-zones';
import { writeQuarantineFiles } from './quarantine-files';
import { reportHistory } from './report-history';
import type { PostingFileRouting, Requester, TabularExport, WrittenFile } from './report-requests';
import { writeTabularFiles, type TabularFile } from './tabular-files';
import {
  facilitiesOf,
  planTabular,
  streamTabular,
  type PlannedReport,
  type TabularKind,
  type TabularRequest,
} from './tabular-reports';
import type { ReportTransaction } from '../store/repositories/report-transactions';

export interface ReportServiceOptions {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly zones: FacilityZones;
  /** Currency of a file on a day without items (its trailer or totals still carry a zero total). */
  readonly defaultCurrency?: string;
  /** File-only facilities (their daily posting file) and each one's layout; none when absent. */
  readonly routing?: PostingFileRouting | undefined;
  /** Test hook standing in for a crash while a file is written. */
  readonly writeHooks?: AtomicWriteHooks;
  /** Rows per page of a streamed export (the benchmark varies it); see DEFAULT_PAGE_SIZE. */
  readonly pageSize?: number;
  /**
   * CSV and XLSX files are written on a worker thread (export-in-worker.ts) reading the database file through
   * its own connection; `false` writes them in this thread. An in-memory database, or test hooks that are
   * functions (they cannot cross threads), also write in this thread. `databasePath` and `limits` are for
   * tests of the worker's failures.
   */
  readonly exportWorker?:
    false | { readonly databasePath?: string | undefined; readonly limits?: ResourceLimits | undefined };
}

export type ReportService = ReturnType<typeof createReportService>;

export function createReportService(options: ReportServiceOptions) {
  const { db, clock, zones } = options;
  const logger = options.logger.child({ scope: 'reports' });
  const history = reportHistory(db, clock, logger);

  function prepareDir(outDir: string): string {
    const dir = resolve(outDir);
    // A new reports folder is owner-only; an existing one (chosen with --out) keeps the mode it was given.
    ensurePrivateDir(dir);
    sweepPartials(dir, clock.now());
    return dir;
  }

  /** How exportTabular runs: on a worker (its settings) or, null, in this thread. */
  function workerFor(): { databasePath?: string | undefined; limits?: ResourceLimits | undefined } | null {
    const chosen = options.exportWorker ?? {};
    if (chosen === false || (db.memory && chosen.databasePath === undefined)) return null;
    const hooks = options.writeHooks ?? {};
    if (hooks.afterChunk || hooks.beforeRename || hooks.onTemp) return null;
    return chosen;
  }

  function tabularRequest(request: Omit<TabularExport, 'format' | 'outDir'>): TabularRequest {
    return { ...request, basis: request.basis ?? 'transaction', emptyCurrency: options.defaultCurrency };
  }

  /** Configured facilities get their (empty) daily reconciliation file too. */
  function alsoFacilities(kind: TabularKind): readonly string[] {
    return kind === 'recon' ? zones.known : [];
  }

  return {
    zones,
    history: history.files,

    preview(request: Omit<TabularExport, 'format' | 'outDir'>): PlannedReport[] {
      return planTabular(db, zones, tabularRequest(request), alsoFacilities(request.kind));
    },

    /**
     * The console's preview: the first `limit` rows and the totals of all of them, read page by page like an
     * export, so previewing a million-row day neither holds the day in memory nor stops the event loop.
     */
    async previewFirst(
      request: Omit<TabularExport, 'format' | 'outDir'>,
      limit: number,
    ): Promise<ReportPreview[]> {
      const tabular = tabularRequest(request);
      const previews: ReportPreview[] = [];
      for (const facility of facilitiesOf(db, tabular, alsoFacilities(request.kind))) {
        const report = streamTabular(db, zones, tabular, facility, options.pageSize);
        const rows: ReportTransaction[] = [];
        for await (const page of report.pages) {
          for (const row of page) if (rows.length < limit) rows.push(row);
        }
        previews.push({
          facility,
          date: report.date,
          basis: report.basis,
          rowCount: report.totals.rows,
          rows,
          controlTotals: report.totals.controlTotals(),
          totals: report.totals.grandTotals(),
        });
      }
      return previews;
    },

    /**
     * Streams each facility's file from the store to disk a page at a time: memory stays bounded whatever the
     * size of the day. The writing happens on a worker thread, so the engine and the console keep running
     * beside it; this thread records each file in the history as it lands.
     */
    async exportTabular(request: TabularExport, requester: Requester): Promise<WrittenFile[]> {
      const dir = prepareDir(request.outDir);
      const tabular = tabularRequest(request);
      const facilities = facilitiesOf(db, tabular, alsoFacilities(request.kind));
      const written: WrittenFile[] = [];
      const land = (facility: string, file: TabularFile, totalsMinor: Record<string, number>) => {
        // The totals CSV lists sums by dimension; the grand total it balances to is the report's.
        const base = { kind: tabular.kind, facility, date: tabular.date, basis: tabular.basis };
        const onDisk = { path: file.path, sha256: file.sha256, bytes: file.bytes };
        written.push(history.record(describe(base, file, totalsMinor), onDisk, requester));
      };
      const worker = workerFor();
      if (worker && facilities.length > 0) {
        await exportInWorker(
          {
            databasePath: worker.databasePath ?? db.name,
            request: tabular,
            facilities: facilities.map((facility) => ({ facility, zone: zones.zoneFor(facility) })),
            format: request.format,
            dir,
            pageSize: options.pageSize,
            mode: options.writeHooks?.mode,
          },
          (message) => land(message.facility, message.file, message.totalsMinor),
          worker.limits,
        );
      } else {
        for (const facility of facilities) {
          const report = streamTabular(db, zones, tabular, facility, options.pageSize);
          await writeTabularFiles(
            report,
            request.format,
            dir,
            (file) => land(facility, file, report.totals.grandTotals()),
            options.writeHooks,
          );
        }
      }
      // The reconciliation file lists what did not post: quarantined input too (quarantine-files.ts).
      if (tabular.kind === 'recon') {
        const quarantined = await writeQuarantineFiles(
          db,
          zones,
          { ...tabular, format: request.format },
          dir,
          options.writeHooks,
        );
        for (const { facility, file } of quarantined) land(facility, file, {});
      }
      return written;
    },

    ...itemFiles({ ...options, logger, history, prepareDir }),

    /** The history, each entry checked against the file on disk now. */
    listHistory: (kind: ReportKind | undefined, limit: number) => history.list(kind, limit),
  };
}

function describe(
  base: Pick<WrittenFile, 'kind' | 'facility' | 'date' | 'basis'>,
  file: TabularFile,
  totalsMinor: Record<string, number>,
): Omit<WrittenFile, 'totals' | 'path' | 'sha256' | 'bytes'> {
  return { ...base, format: file.format, file: file.fileName, rows: file.rows, totalsMinor };
}
