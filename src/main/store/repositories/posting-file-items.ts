/**
 * A file-only facility's postings and their claims by one day's posting file (daily-file-claims.ts). A
 * facility is either file-only or sends its Epic voids by file, never both, so a facility's claims of a day
 * are one file's items.
 */
import type { Database } from 'better-sqlite3';
import type { EpochMs, IsoDate } from '../../../shared/domain';
import type { AuditRepository } from './audit';
import { DAILY_FILE_ITEM_COLUMNS, dailyFileClaims, type DailyFileItem } from './daily-file-claims';

export type PostingFileItem = DailyFileItem;

/** The audit action that records a written posting file (its history: report_files takes three kinds only). */
export const POSTING_FILE_WRITTEN = 'report.posting_file_written';

export function postingFileItemsRepository(db: Database, audit: AuditRepository) {
  const unclaimed = db.prepare<[string, number], PostingFileItem>(`
    SELECT ${DAILY_FILE_ITEM_COLUMNS} FROM postings p JOIN payment_events e ON e.id = p.event_id
    WHERE p.channel = 'daily_file' AND p.status = 'pending' AND p.held = 0
      AND e.facility = ? AND e.transaction_at < ?
      AND NOT EXISTS (SELECT 1 FROM epic_file_items c WHERE c.posting_id = p.id)
    ORDER BY e.transaction_at, e.processor_txn_id, p.id`);
  const written = db.prepare<[string, string, string], { n: number }>(`
    SELECT count(*) AS n FROM audit_events WHERE subject_type = ? AND subject_id = ? AND action = ?`);
  const subject = (facility: string, date: IsoDate) => `${facility}|${date}`;

  return {
    /** The facility's daily-file postings taken before `before`, in no file yet. */
    unclaimed: (facility: string, before: EpochMs): PostingFileItem[] => unclaimed.all(facility, before),
    ...dailyFileClaims<PostingFileItem>(db, audit, 'posting file'),
    /** Records a written file (its name, hash, rows and totals) in the audit log. */
    recordWritten(
      facility: string,
      date: IsoDate,
      details: {
        file: string;
        sha256: string;
        rows: number;
        totals: Record<string, number>;
        trigger: string;
      },
      actor: string,
      now: EpochMs,
    ): void {
      audit.append(
        {
          actor,
          action: POSTING_FILE_WRITTEN,
          subjectType: 'posting_file',
          subjectId: subject(facility, date),
          details,
        },
        now,
      );
    },
    /** Whether the day's posting file of the facility was written at least once. */
    written: (facility: string, date: IsoDate): boolean =>
      (written.get('posting_file', subject(facility, date), POSTING_FILE_WRITTEN)?.n ?? 0) > 0,
  };
}
export type PostingFileItemsRepository = ReturnType<typeof postingFileItemsRepository>;
