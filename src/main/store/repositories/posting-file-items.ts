/**
 * Claims of a file-only facility's postings by one day's posting file. The claims share the daily-file claim
 * table with the Epic void file (`epic_file_items`, schema 4): its primary key on the posting is the rule for
 * every daily file alike, so a posting can be in one file of one day, whichever file that is. A facility is
 * either file-only or sends its Epic voids by file, never both (report-service.ts), so a facility's claims of
 * a day are one file's items. Claiming marks the posting as sent by that file and audits it, atomically.
 */
import type { Database } from 'better-sqlite3';
import type { EpochMs, EventKind, IsoDate, Tender } from '../../../shared/domain';
import type { AuditRepository } from './audit';

export interface PostingFileItem {
  readonly postingId: number;
  readonly processorTxnId: string;
  readonly kind: EventKind;
  readonly tender: Tender;
  readonly amountMinor: number;
  readonly currency: string;
  readonly facility: string;
  readonly guarantorAccount: string | null;
  readonly encounterId: string | null;
  readonly merchantRef: string | null;
  readonly transactionAt: EpochMs;
}

const ITEM_COLUMNS = `p.id AS postingId, e.processor_txn_id AS processorTxnId, e.kind, e.tender,
  e.amount_minor AS amountMinor, e.currency, e.facility, e.guarantor_account AS guarantorAccount,
  e.encounter_id AS encounterId, e.merchant_ref AS merchantRef, e.transaction_at AS transactionAt`;

/** The audit action that records a written posting file (its history: report_files takes three kinds only). */
export const POSTING_FILE_WRITTEN = 'report.posting_file_written';

export function postingFileItemsRepository(db: Database, audit: AuditRepository) {
  const unclaimed = db.prepare<[string, number], PostingFileItem>(`
    SELECT ${ITEM_COLUMNS} FROM postings p JOIN payment_events e ON e.id = p.event_id
    WHERE p.channel = 'daily_file' AND p.status = 'pending' AND p.held = 0
      AND e.facility = ? AND e.transaction_at < ?
      AND NOT EXISTS (SELECT 1 FROM epic_file_items c WHERE c.posting_id = p.id)
    ORDER BY e.transaction_at, e.processor_txn_id, p.id`);
  const claimedFor = db.prepare<[string, string], PostingFileItem>(`
    SELECT ${ITEM_COLUMNS} FROM epic_file_items c JOIN postings p ON p.id = c.posting_id
      JOIN payment_events e ON e.id = p.event_id
    WHERE c.facility = ? AND c.business_date = ?
    ORDER BY e.transaction_at, e.processor_txn_id, p.id`);
  const insertClaim = db.prepare(
    'INSERT INTO epic_file_items (posting_id, facility, business_date, claimed_at) VALUES (?, ?, ?, ?)',
  );
  const markSent = db.prepare(`
    UPDATE postings SET status = 'success', ehr_reference = ?, reason_code = 'sent_by_file', reason = ?,
      next_step = NULL, next_attempt_at = NULL, resolved_at = ?, updated_at = ?
    WHERE id = ? AND status = 'pending' AND channel = 'daily_file'`);
  const written = db.prepare<[string, string, string], { n: number }>(`
    SELECT count(*) AS n FROM audit_events WHERE subject_type = ? AND subject_id = ? AND action = ?`);
  const subject = (facility: string, date: IsoDate) => `${facility}|${date}`;

  return {
    /** The facility's daily-file postings taken before `before`, in no file yet. */
    unclaimed: (facility: string, before: EpochMs): PostingFileItem[] => unclaimed.all(facility, before),
    claimed: (facility: string, date: IsoDate): PostingFileItem[] => claimedFor.all(facility, date),
    claim(
      items: readonly PostingFileItem[],
      date: IsoDate,
      fileName: string,
      actor: string,
      now: EpochMs,
    ): void {
      db.transaction(() => {
        for (const item of items) {
          insertClaim.run(item.postingId, item.facility, date, now);
          const reason = `Sent in the daily posting file ${fileName}.`;
          if (markSent.run(fileName, reason, now, now, item.postingId).changes !== 1) {
            throw new Error(
              `posting ${String(item.postingId)} changed while the posting file was being built`,
            );
          }
          audit.append(
            {
              actor,
              action: 'posting.sent_by_file',
              subjectType: 'posting',
              subjectId: String(item.postingId),
              details: { file: fileName, businessDate: date },
            },
            now,
          );
        }
      }).immediate();
    },
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
