/**
 * Claims of postings by one day's file, for every daily file alike (the Epic void/refund file, a file-only
 * facility's posting file): the claim table's primary key on the posting (`epic_file_items`, schema 4) is the
 * rule that a posting is in one file of one day, whichever file that is. Claiming marks the posting as sent by
 * that file (status success, the file name as its EHR reference) and audits it, in one transaction.
 */
import type { Database } from 'better-sqlite3';
import type { EpochMs, IsoDate, PaymentEvent } from '../../../shared/domain';
import type { AuditRepository } from './audit';

/** A posting in a daily file: its id and the payment event's fields the file carries. */
export type DailyFileItem = { readonly postingId: number } & Pick<
  PaymentEvent,
  | 'processorTxnId'
  | 'kind'
  | 'tender'
  | 'amountMinor'
  | 'currency'
  | 'facility'
  | 'guarantorAccount'
  | 'encounterId'
  | 'merchantRef'
  | 'transactionAt'
>;

/** The columns of a daily-file item, over `postings p JOIN payment_events e`. */
export const DAILY_FILE_ITEM_COLUMNS = `p.id AS postingId, e.processor_txn_id AS processorTxnId, e.kind, e.tender,
  e.amount_minor AS amountMinor, e.currency, e.facility, e.guarantor_account AS guarantorAccount,
  e.encounter_id AS encounterId, e.merchant_ref AS merchantRef, e.transaction_at AS transactionAt`;

/** Claimed items of a facility's day, and claiming; `fileKind` names the file in reasons and errors. */
export function dailyFileClaims<Item extends DailyFileItem>(
  db: Database,
  audit: AuditRepository,
  fileKind: string,
) {
  const claimedFor = db.prepare<[string, string], Item>(`
    SELECT ${DAILY_FILE_ITEM_COLUMNS} FROM epic_file_items c JOIN postings p ON p.id = c.posting_id
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

  return {
    claimed: (facility: string, date: IsoDate): Item[] => claimedFor.all(facility, date),
    /** Claims the items for the day's file, marks them sent by that file and audits each, atomically. */
    claim(items: readonly Item[], date: IsoDate, fileName: string, actor: string, now: EpochMs): void {
      const reason = `Sent in the daily ${fileKind} ${fileName}.`;
      db.transaction(() => {
        for (const item of items) {
          insertClaim.run(item.postingId, item.facility, date, now);
          if (markSent.run(fileName, reason, now, now, item.postingId).changes !== 1) {
            throw new Error(
              `posting ${String(item.postingId)} changed while the ${fileKind} was being built`,
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
  };
}
