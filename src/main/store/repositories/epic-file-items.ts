/**
 * Epic daily-file voids and refunds and their claims by one day's void/refund file (daily-file-claims.ts).
 */
import type { Database } from 'better-sqlite3';
import type { EpochMs, EventKind } from '../../../shared/domain';
import type { AuditRepository } from './audit';
import { DAILY_FILE_ITEM_COLUMNS, dailyFileClaims, type DailyFileItem } from './daily-file-claims';

export interface EpicFileItem extends DailyFileItem {
  readonly kind: Extract<EventKind, 'void' | 'refund'>;
}

export function epicFileItemsRepository(db: Database, audit: AuditRepository) {
  const unclaimed = db.prepare<[string, number], EpicFileItem>(`
    SELECT ${DAILY_FILE_ITEM_COLUMNS} FROM postings p JOIN payment_events e ON e.id = p.event_id
    WHERE p.ehr = 'epic' AND p.channel = 'daily_file' AND p.status = 'pending' AND p.held = 0
      AND e.kind IN ('void', 'refund')
      AND e.facility = ? AND e.transaction_at < ?
      AND NOT EXISTS (SELECT 1 FROM epic_file_items c WHERE c.posting_id = p.id)
    ORDER BY e.transaction_at, e.processor_txn_id, p.id`);
  return {
    /** Daily-file voids and refunds of the facility, taken before `before`, in no file yet and not on hold. */
    unclaimed: (facility: string, before: EpochMs): EpicFileItem[] => unclaimed.all(facility, before),
    ...dailyFileClaims<EpicFileItem>(db, audit, 'Epic void/refund file'),
  };
}
export type EpicFileItemsRepository = ReturnType<typeof epicFileItemsRepository>;
