import type { ReportFileInfo, ReportKindName } from '../../../shared/commands/reconciliation';
import type { Database } from 'better-sqlite3';
import type { EpochMs, IsoDate } from '../../../shared/domain';

/** The files the report service writes and records here (the posting file's history is in the audit log). */
export type ReportKind = Exclude<ReportKindName, 'posting_file'>;
export type ReportFormat = ReportFileInfo['format'];
export type ReportTrigger = ReportFileInfo['trigger'];

/** A recorded file: what the console lists, less the check of the file on disk. */
export type ReportFileRecord = Omit<ReportFileInfo, 'kind' | 'onDisk'> & { readonly kind: ReportKind };
export type NewReportFile = Omit<ReportFileRecord, 'id' | 'generatedAt'>;

type Row = Omit<ReportFileRecord, 'totals'> & { totals: string };

const COLUMNS = `id, kind, facility, business_date AS businessDate, basis, format, file_name AS fileName, path,
  sha256, size_bytes AS sizeBytes, rows, totals, trigger, generated_by AS generatedBy, generated_at AS generatedAt`;

const toRecord = (row: Row): ReportFileRecord => ({
  ...row,
  totals: JSON.parse(row.totals) as Record<string, number>,
});

/** The history of generated report files with their content hashes. */
export function reportFilesRepository(db: Database) {
  const insert = db.prepare<unknown[], { id: number }>(`
    INSERT INTO report_files (kind, facility, business_date, basis, format, file_name, path, sha256, size_bytes,
      rows, totals, trigger, generated_by, generated_at)
    VALUES (@kind, @facility, @businessDate, @basis, @format, @fileName, @path, @sha256, @sizeBytes, @rows, @totals,
      @trigger, @generatedBy, @now) RETURNING id`);
  const recent = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM report_files ORDER BY id DESC LIMIT ?`);
  const recentOfKind = db.prepare<[string, number], Row>(
    `SELECT ${COLUMNS} FROM report_files WHERE kind = ? ORDER BY id DESC LIMIT ?`,
  );
  const generated = db.prepare<[string, string, string], { n: number }>(
    'SELECT count(*) AS n FROM report_files WHERE kind = ? AND facility = ? AND business_date = ?',
  );
  const scheduled = db.prepare<[string, string, string], { n: number }>(
    `SELECT count(*) AS n FROM report_files
     WHERE kind = ? AND facility = ? AND business_date = ? AND trigger = 'schedule'`,
  );

  return {
    record(file: NewReportFile, now: EpochMs): ReportFileRecord {
      const row = insert.get({ ...file, totals: JSON.stringify(file.totals), now });
      if (!row) throw new Error('report file insert returned no id');
      return { ...file, id: row.id, generatedAt: now };
    },
    list(kind: ReportKind | undefined, limit: number): ReportFileRecord[] {
      return (kind ? recentOfKind.all(kind, limit) : recent.all(limit)).map(toRecord);
    },
    /** Whether any file of this kind was generated for the facility and day. */
    generated(kind: ReportKind, facility: string, date: IsoDate): boolean {
      return (generated.get(kind, facility, date)?.n ?? 0) > 0;
    },
    /** Whether the schedule already produced this day's file (so a restart does not produce it again). */
    scheduledDone(kind: ReportKind, facility: string, date: IsoDate): boolean {
      return (scheduled.get(kind, facility, date)?.n ?? 0) > 0;
    },
  };
}
export type ReportFilesRepository = ReturnType<typeof reportFilesRepository>;
