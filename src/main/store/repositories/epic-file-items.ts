/**
 * Claims of Epic daily-file postings by one day's void/refund file. Claiming marks the posting as sent by
 * file (status success, the file name as its EHR reference) and records the claim in one transaction; the
 * claim's primary key on the posting is what keeps an item out of a second day's file.
 */
import type { Database } from 'better-sqlite3';
import type { EpochMs, EventKind, IsoDate } from '../../../shared/domain';
import type { AuditRepository } from './audit';

export interface EpicFileItem {
  readonly postingId: number;
  readonly processorTxnId: string;
  readonly kind: Extract<EventKind, 'void' | 'refund'>;
  readonly amountMinor: number;
  readonly currency: string;
  readonly facility: string;
  readonly guarantorAccount: string | null;
  readonly encounterId: string | null;
  readonly transactionAt: EpochMs;
}

const ITEM_COLUMNS = `p.id AS postingId, e.processor_txn_id AS processorTxnId, e.kind, e.amount_minor AS amountMinor,
  e.currency, e.facility, e.guarantor_account AS guarantorAccount, e.encounter_id AS encounterId,
  e.transaction_at AS transactionAt`;

export function epicFileItemsRepository(db: Database, audit: AuditRepository) {
  const unclaimed = db.prepare<[string, number], EpicFileItem>(`
    SELECT ${ITEM_COLUMNS} FROM postings p JOIN payment_events e ON e.id = p.event_id
    WHERE p.ehr = 'epic' AND p.channel = 'daily_file' AND p.status = 'pending' AND e.kind IN ('void', 'refund')
      AND e.facility = ? AND e.transaction_at < ?
      AND NOT EXISTS (SELECT 1 FROM epic_file_items c WHERE c.posting_id = p.id)
    ORDER BY e.transaction_at, e.processor_txn_id, p.id`);
  const claimedFor = db.prepare<[string, string], EpicFileItem>(`
    SELECT ${ITEM_COLUMNS} FROM epic_file_items c JOIN postings p ON p.id = c.posting_id
      JOIN payment_events e ON e.id = p.event_id
    WHERE c.facility = ? AND c.business_date = ?
    ORDER BY e.transaction_at, e.processor_txn_id, p.id`);
  const insertClaim = db.prepare(
    'INSERT INTO epic_file_items (posting_id, facility, business_date, claimed_at) VALUES (?, ?, ?, ?)',
  );
  const markSent = db.prepare(`
    UPDATE postings SET status = 'success', ehr_reference = ?, next_attempt_at = NULL, resolved_at = ?,
      updated_at = ?
    WHERE id = ? AND status = 'pending' AND channel = 'daily_file'`);

  return {
    /** Daily-file voids and refunds of the facility, taken before `before`, not yet in any file. */
    unclaimed: (facility: string, before: EpochMs): EpicFileItem[] => unclaimed.all(facility, before),
    claimed: (facility: string, date: IsoDate): EpicFileItem[] => claimedFor.all(facility, date),
    /** Claims the items for the day's file, marks them sent by that file and audits each, atomically. */
    claim(
      items: readonly EpicFileItem[],
      date: IsoDate,
      fileName: string,
      actor: string,
      now: EpochMs,
    ): void {
      db.transaction(() => {
        for (const item of items) {
          insertClaim.run(item.postingId, item.facility, date, now);
          if (markSent.run(fileName, now, now, item.postingId).changes !== 1) {
            throw new Error(`posting ${String(item.postingId)} changed while the Epic file was being built`);
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
  };
}
export type EpicFileItemsRepository = ReturnType<typeof epicFileItemsRepository>;
