/**
 * Writes report files and keeps their history: plans the report, writes each file atomically into the output
 * folder, hashes what was written, and records it. The console, the command line and the daily schedule all
 * come through here, so a file is produced the same way whoever asks.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../../shared/domain';
import { formatMinor } from '../../shared/money';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import { epicFileItemsRepository, type EpicFileItem } from '../store/repositories/epic-file-items';
import {
  reportFilesRepository,
  type ReportFileRecord,
  type ReportKind,
  type ReportTrigger,
} from '../store/repositories/report-files';
import { writeFileAtomic, sweepPartials, type AtomicWriteHooks } from './atomic-write';
import { dayWindow } from './business-day';
import type { DateBasis } from './date-basis';
import { epicVoidFileContent } from './epic-void-file';
import type { FacilityZones } from './facility-zones';
import { epicVoidFileName } from './file-names';
import {
  outputFiles,
  planTabular,
  type DetailFilter,
  type OutputFile,
  type PlannedReport,
  type TabularFormat,
  type TabularKind,
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
  /** Currency of an Epic file on a day without items (its trailer still carries a total). */
  readonly defaultCurrency?: string;
  /** Test hook standing in for a crash while a file is written. */
  readonly writeHooks?: AtomicWriteHooks;
}

export type ReportService = ReturnType<typeof createReportService>;

export function createReportService(options: ReportServiceOptions) {
  const { db, clock, zones } = options;
  const history = reportFilesRepository(db);
  const epicItems = epicFileItemsRepository(db, options.repos.audit);
  const logger = options.logger.child({ scope: 'reports' });

  async function write(
    dir: string,
    file: { fileName: string; content: () => Promise<Iterable<Uint8Array>> },
  ): Promise<{ path: string; sha256: string; bytes: number }> {
    const path = join(dir, file.fileName);
    const hash = createHash('sha256');
    const chunks = await file.content();
    const hashed = (function* () {
      for (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    })();
    const { bytes } = writeFileAtomic(path, hashed, options.writeHooks);
    return { path, sha256: hash.digest('hex'), bytes };
  }

  function prepareDir(outDir: string): string {
    const dir = resolve(outDir);
    mkdirSync(dir, { recursive: true });
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

  function plan(request: Omit<TabularExport, 'format' | 'outDir'>): PlannedReport[] {
    return planTabular(
      db,
      zones,
      { ...request, basis: request.basis ?? 'transaction' },
      request.kind === 'recon' ? zones.known : [],
    );
  }

  function epicFacilities(facility: string | undefined): string[] {
    if (facility !== undefined) return [facility];
    return db
      .prepare<[], { facility: string }>(
        `SELECT DISTINCT facility FROM payment_events WHERE ehr = 'epic' ORDER BY facility`,
      )
      .all()
      .map((r) => r.facility);
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
      return plan(request);
    },

    async exportTabular(request: TabularExport, requester: Requester): Promise<WrittenFile[]> {
      const dir = prepareDir(request.outDir);
      const written: WrittenFile[] = [];
      for (const report of plan(request)) {
        for (const file of outputFiles(report, request.format)) {
          written.push(recordWritten(describe(report, file), await write(dir, file), requester));
        }
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
        const result = await write(dir, {
          fileName,
          content: () => Promise.resolve([Buffer.from(content.text, 'utf8')]),
        });
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

    /** The history, each entry checked against the file on disk now. */
    listHistory(kind: ReportKind | undefined, limit: number): (ReportFileRecord & { onDisk: OnDisk })[] {
      return history.list(kind, limit).map((record) => ({ ...record, onDisk: checkOnDisk(record) }));
    },
  };
}

export type OnDisk = 'unchanged' | 'changed' | 'missing';

function checkOnDisk(record: ReportFileRecord): OnDisk {
  if (!existsSync(record.path)) return 'missing';
  const hash = createHash('sha256').update(readFileSync(record.path)).digest('hex');
  return hash === record.sha256 ? 'unchanged' : 'changed';
}

function describe(
  report: PlannedReport,
  file: OutputFile,
): Omit<WrittenFile, 'totals' | 'path' | 'sha256' | 'bytes'> {
  return {
    kind: report.kind,
    facility: report.facility,
    date: report.date,
    basis: report.basis,
    format: file.format,
    file: file.fileName,
    rows: file.rows,
    // The totals CSV lists sums by dimension; the grand total it balances to is the report's.
    totalsMinor: report.totals,
  };
}
