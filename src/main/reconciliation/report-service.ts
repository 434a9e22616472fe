/**
 * Writes report files and keeps their history: plans the report, writes each file atomically into the output
 * folder, hashes what was written, and records it. The console, the command line and the daily schedule all
 * come through here, so a file is produced the same way whoever asks.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { ReportPreview } from '../../shared/commands/reconciliation';
import type { IsoDate } from '../../shared/domain';
import { formatMinor } from '../../shared/money';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ensurePrivateDir } from '../owner-only';
import type { Repositories } from '../store/repositories';
import type { RoutingTable } from '../engine/routing';
import { epicFileItemsRepository, type EpicFileItem } from '../store/repositories/epic-file-items';
import { postingFileItemsRepository, type PostingFileItem } from '../store/repositories/posting-file-items';
import {
  reportFilesRepository,
  type ReportFileRecord,
  type ReportKind,
  type ReportTrigger,
} from '../store/repositories/report-files';
import { writeStreamAtomic } from '../lib/atomic-stream-write';
import { sweepPartials, type AtomicWriteHooks } from '../lib/atomic-write';
import { sha256OfFile } from '../lib/sha256';
import { dayWindow } from '../lib/time-zone';
import type { DateBasis } from './date-basis';
import { epicVoidFileContent } from './epic-void-file';
import type { FacilityZones } from './facility-zones';
import { exportInWorker } from './export-in-worker';
import { epicVoidFileName, postingFileName } from './file-names';
import { postingFileContent } from './posting-file';
import { DEFAULT_POSTING_FILE_FORMAT } from './posting-file-format';
import { writeQuarantineFiles } from './quarantine-files';
import { writeTabularFiles, type TabularFile } from './tabular-files';
import type { ReportTransaction } from './transactions';
import {
  facilitiesOf,
  planTabular,
  streamTabular,
  type DetailFilter,
  type PlannedReport,
  type TabularFormat,
  type TabularKind,
  type TabularRequest,
} from './tabular-reports';

export interface WrittenFile {
  readonly kind: ReportKind;
  readonly facility: string;
  readonly date: IsoDate;
  readonly basis: DateBasis;
  readonly format: 'csv' | 'xlsx' | 'pipe';
  readonly file: string;
  readonly path: string;
  readonly rows: number;
  /** Grand total per currency as a decimal string, and in minor units. */
  readonly totals: Record<string, string>;
  readonly totalsMinor: Record<string, number>;
  readonly sha256: string;
  readonly bytes: number;
}

export interface Requester {
  readonly trigger: ReportTrigger;
  readonly actor: string;
}

export interface TabularExport {
  readonly kind: TabularKind;
  readonly date: IsoDate;
  readonly basis?: DateBasis;
  readonly facility?: string | undefined;
  readonly format: TabularFormat;
  readonly filter?: DetailFilter | undefined;
  readonly outDir: string;
}

export interface EpicExport {
  readonly date: IsoDate;
  readonly facility?: string | undefined;
  readonly outDir: string;
}

export type PostingFileRouting = Pick<RoutingTable, 'fileOnlyFacilities' | 'postingFileFormats'>;

export interface PostingFileExport {
  readonly date: IsoDate;
  readonly facility?: string | undefined;
  readonly outDir: string;
}

/** A file-only facility's daily posting file as written (its history is in the audit log). */
export interface WrittenPostingFile {
  readonly kind: 'posting_file';
  readonly facility: string;
  readonly date: IsoDate;
  readonly file: string;
  readonly path: string;
  readonly rows: number;
  readonly totals: Record<string, string>;
  readonly totalsMinor: Record<string, number>;
  readonly sha256: string;
  readonly bytes: number;
}

export class ReportError extends Error {
  constructor(
    readonly code: 'day_not_over' | 'mixed_currency' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}

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
  const history = reportFilesRepository(db);
  const epicItems = epicFileItemsRepository(db, options.repos.audit);
  const postingItems = postingFileItemsRepository(db, options.repos.audit);
  const fileOnly = (): readonly string[] => options.routing?.fileOnlyFacilities ?? [];
  const logger = options.logger.child({ scope: 'reports' });

  function prepareDir(outDir: string): string {
    const dir = resolve(outDir);
    // A new reports folder is owner-only; an existing one (chosen with --out) keeps the mode it was given.
    ensurePrivateDir(dir);
    sweepPartials(dir, clock.now());
    return dir;
  }

  function recordWritten(
    base: Omit<WrittenFile, 'totals' | 'path' | 'sha256' | 'bytes'>,
    written: { path: string; sha256: string; bytes: number },
    requester: Requester,
  ): WrittenFile {
    history.record(
      {
        kind: base.kind,
        facility: base.facility,
        businessDate: base.date,
        basis: base.basis,
        format: base.format,
        fileName: base.file,
        path: written.path,
        sha256: written.sha256,
        sizeBytes: written.bytes,
        rows: base.rows,
        totals: base.totalsMinor,
        trigger: requester.trigger,
        generatedBy: requester.actor,
      },
      clock.now(),
    );
    logger.info({ file: base.file, rows: base.rows, sha256: written.sha256 }, 'report file written');
    return {
      ...base,
      ...written,
      totals: Object.fromEntries(
        Object.entries(base.totalsMinor).map(([currency, minor]) => [currency, formatMinor(minor, currency)]),
      ),
    };
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

  /** A file-only facility sends everything, Epic voids included, in its own posting file. */
  function epicFacilities(facility: string | undefined): string[] {
    const only = new Set(fileOnly());
    if (facility !== undefined) return only.has(facility) ? [] : [facility];
    return db
      .prepare<[], { facility: string }>(
        `SELECT DISTINCT facility FROM payment_events WHERE ehr = 'epic' ORDER BY facility`,
      )
      .all()
      .map((r) => r.facility)
      .filter((f) => !only.has(f));
  }

  function postingFacilities(facility: string | undefined): string[] {
    const only = [...fileOnly()].sort();
    return facility === undefined ? only : only.filter((f) => f === facility);
  }

  /**
   * The items of one file-only facility's posting file for the day, claimed like the Epic file's: the first
   * generation claims every unclaimed daily-file posting taken before the day ended (late arrivals of
   * earlier days included, so none is left behind); a regeneration reproduces exactly the claimed set.
   */
  function postingItemsFor(facility: string, date: IsoDate, requester: Requester, fileName: string) {
    const zone = zones.zoneFor(facility);
    const { end } = dayWindow(date, zone);
    if (clock.now() < end) {
      throw new ReportError(
        'day_not_over',
        `${date} is not over yet in ${facility} (${zone}); its posting file can be generated from midnight on`,
      );
    }
    let items: PostingFileItem[] = postingItems.claimed(facility, date);
    if (!postingItems.written(facility, date)) {
      postingItems.claim(postingItems.unclaimed(facility, end), date, fileName, requester.actor, clock.now());
      items = postingItems.claimed(facility, date);
    }
    return { items, zone };
  }

  /**
   * The items of one facility's Epic file for the day. The first generation claims every unclaimed void and
   * refund taken before the day ended (late arrivals of earlier days included, so none is left behind);
   * regenerating reproduces exactly the claimed set, so a re-run never moves an item between days' files.
   */
  function epicItemsFor(facility: string, date: IsoDate, requester: Requester, fileName: string) {
    const zone = zones.zoneFor(facility);
    const { end } = dayWindow(date, zone);
    if (clock.now() < end) {
      throw new ReportError(
        'day_not_over',
        `${date} is not over yet in ${facility} (${zone}); its Epic file can be generated from midnight on`,
      );
    }
    const alreadyGenerated = history.generated('epic_voids', facility, date);
    let items: EpicFileItem[] = epicItems.claimed(facility, date);
    if (!alreadyGenerated) {
      const fresh = epicItems.unclaimed(facility, end);
      epicItems.claim(fresh, date, fileName, requester.actor, clock.now());
      items = epicItems.claimed(facility, date);
    }
    return { items, zone };
  }

  return {
    zones,
    history,

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
        written.push(recordWritten(describe(base, file, totalsMinor), onDisk, requester));
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

    /** Epic voids and refunds not yet in any file, as the next file would list them (nothing is claimed). */
    epicPreview(date: IsoDate, facility?: string): { facility: string; items: EpicFileItem[] }[] {
      return epicFacilities(facility).map((f) => {
        const claimed = epicItems.claimed(f, date);
        const items = claimed.length
          ? claimed
          : epicItems.unclaimed(f, dayWindow(date, zones.zoneFor(f)).end);
        return { facility: f, items };
      });
    },

    async exportEpicVoids(request: EpicExport, requester: Requester): Promise<WrittenFile[]> {
      const dir = prepareDir(request.outDir);
      const written: WrittenFile[] = [];
      for (const facility of epicFacilities(request.facility)) {
        const fileName = epicVoidFileName(facility, request.date);
        const { items, zone } = epicItemsFor(facility, request.date, requester, fileName);
        let content;
        try {
          content = epicVoidFileContent(items, zone, options.defaultCurrency ?? 'USD');
        } catch (error) {
          throw new ReportError('mixed_currency', (error as Error).message);
        }
        const path = join(dir, fileName);
        const result = {
          path,
          ...(await writeStreamAtomic(path, [Buffer.from(content.text, 'utf8')], options.writeHooks)),
        };
        written.push(
          recordWritten(
            {
              kind: 'epic_voids',
              facility,
              date: request.date,
              basis: 'transaction',
              format: 'pipe',
              file: fileName,
              rows: content.rows,
              totalsMinor: content.totals,
            },
            result,
            requester,
          ),
        );
      }
      return written;
    },

    /** A file-only facility's next posting file, as it would list its items (nothing is claimed). */
    postingFilePreview(date: IsoDate, facility?: string): { facility: string; items: PostingFileItem[] }[] {
      return postingFacilities(facility).map((f) => {
        const claimed = postingItems.claimed(f, date);
        const items = claimed.length
          ? claimed
          : postingItems.unclaimed(f, dayWindow(date, zones.zoneFor(f)).end);
        return { facility: f, items };
      });
    },

    /** Whether the day's posting file of a file-only facility was written (the schedule's "done"). */
    postingFileWritten: (facility: string, date: IsoDate): boolean => postingItems.written(facility, date),

    isFileOnly: (facility: string): boolean => fileOnly().includes(facility),

    /** Writes each file-only facility's daily posting file (one file per facility and day). */
    async exportPostingFiles(
      request: PostingFileExport,
      requester: Requester,
    ): Promise<WrittenPostingFile[]> {
      const dir = prepareDir(request.outDir);
      const written: WrittenPostingFile[] = [];
      for (const facility of postingFacilities(request.facility)) {
        const format = options.routing?.postingFileFormats[facility] ?? DEFAULT_POSTING_FILE_FORMAT;
        const fileName = postingFileName(facility, request.date, format.delimiter === ',' ? '.csv' : '.txt');
        const { items, zone } = postingItemsFor(facility, request.date, requester, fileName);
        let content;
        try {
          content = postingFileContent(items, format, zone, options.defaultCurrency ?? 'USD');
        } catch (error) {
          throw new ReportError('mixed_currency', (error as Error).message);
        }
        const path = join(dir, fileName);
        const result = await writeStreamAtomic(path, [Buffer.from(content.text, 'utf8')], options.writeHooks);
        postingItems.recordWritten(
          facility,
          request.date,
          {
            file: fileName,
            sha256: result.sha256,
            rows: content.rows,
            totals: content.totals,
            trigger: requester.trigger,
          },
          requester.actor,
          clock.now(),
        );
        logger.info({ file: fileName, rows: content.rows, sha256: result.sha256 }, 'posting file written');
        written.push({
          kind: 'posting_file',
          facility,
          date: request.date,
          file: fileName,
          path,
          rows: content.rows,
          totalsMinor: content.totals,
          totals: Object.fromEntries(
            Object.entries(content.totals).map(([currency, minor]) => [
              currency,
              formatMinor(minor, currency),
            ]),
          ),
          sha256: result.sha256,
          bytes: result.bytes,
        });
      }
      return written;
    },

    /** The history, each entry checked against the file on disk now. */
    async listHistory(
      kind: ReportKind | undefined,
      limit: number,
    ): Promise<(ReportFileRecord & { onDisk: OnDisk })[]> {
      const records = history.list(kind, limit);
      const checked: (ReportFileRecord & { onDisk: OnDisk })[] = [];
      for (const record of records) checked.push({ ...record, onDisk: await checkOnDisk(record) });
      return checked;
    },
  };
}

export type OnDisk = 'unchanged' | 'changed' | 'missing';

/** Hashes the file as a stream: a report of a million rows is never read into memory at once. */
async function checkOnDisk(record: ReportFileRecord): Promise<OnDisk> {
  if (!existsSync(record.path)) return 'missing';
  let hash: string;
  try {
    hash = await sha256OfFile(record.path);
  } catch (error) {
    // Removed between the check and the read.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  return hash === record.sha256 ? 'unchanged' : 'changed';
}

function describe(
  base: Pick<WrittenFile, 'kind' | 'facility' | 'date' | 'basis'>,
  file: TabularFile,
  totalsMinor: Record<string, number>,
): Omit<WrittenFile, 'totals' | 'path' | 'sha256' | 'bytes'> {
  return { ...base, format: file.format, file: file.fileName, rows: file.rows, totalsMinor };
}
