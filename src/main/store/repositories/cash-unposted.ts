import type { Database } from 'better-sqlite3';
import type { UnpostedCashView } from '../../../shared/commands/cash';
import { voidedSql } from './cash-voided';

/**
 * A received payment whose posting has not (yet) reached the EHR, with its follow-up if someone took it: the
 * console's view before it is aged (the moment it was taken rather than the day) and with its posting's status.
 */
export interface UnpostedRow extends Pick<
  UnpostedCashView,
  | 'eventId'
  | 'processorTxnId'
  | 'facility'
  | 'tender'
  | 'currency'
  | 'amountMinor'
  | 'owner'
  | 'note'
  | 'followUp'
> {
  readonly transactionAt: number;
  readonly postingStatus: string;
}

export interface UnpostedFollowUp {
  readonly owner: string;
  readonly note?: string;
  readonly followUp?: string;
}

/**
 * Every status of a payment whose money came in but is not in the EHR: the engine's open states (pending, in
 * flight, retry, awaiting verification) and the exception states. Declined payments never brought money;
 * success and manually_posted are posted. will_not_be_sent is unposted until someone marks it posted by hand.
 */
const UNPOSTED = `(p.status = 'retry' OR p.status = 'failure' OR p.status = 'not_applicable'
  OR p.status = 'will_not_be_sent' OR p.status = 'needs_verification' OR p.status = 'quarantined'
  OR p.status = 'pending' OR p.status = 'in_flight')`;

/** The reads and writes behind the unposted-cash list (reconciliation/cash/unposted-cash.ts). */
export function cashUnpostedRepository(db: Database) {
  const list = db.prepare<[string | null, string | null], UnpostedRow>(
    `SELECT e.id AS eventId, e.processor_txn_id AS processorTxnId, e.facility, e.tender, e.currency,
       e.amount_minor AS amountMinor, e.transaction_at AS transactionAt, p.status AS postingStatus,
       f.owner, f.note, f.follow_up AS followUp
     FROM postings p JOIN payment_events e ON e.id = p.event_id
     LEFT JOIN unposted_cash_follow_up f ON f.event_id = e.id
     WHERE ${UNPOSTED}
       AND e.kind IN ('one_time_payment', 'payment_plan')
       AND (? IS NULL OR e.facility = ?)
       AND NOT ${voidedSql('e')}
     ORDER BY e.transaction_at, e.id`,
  );
  const exists = db.prepare<[number], { id: number }>(
    `SELECT id FROM payment_events WHERE id = ? AND kind IN ('one_time_payment', 'payment_plan')`,
  );
  const upsert = db.prepare<[number, string, string | null, string | null, string, number]>(
    `INSERT INTO unposted_cash_follow_up (event_id, owner, note, follow_up, updated_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_id) DO UPDATE SET owner = excluded.owner, note = coalesce(excluded.note, note),
       follow_up = coalesce(excluded.follow_up, follow_up), updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
  );
  return {
    list: (facility: string | null = null): UnpostedRow[] => list.all(facility, facility),
    /** False when no payment has this id (a refund or void is not received money). */
    assign(eventId: number, details: UnpostedFollowUp, actor: string, now: number): boolean {
      if (!exists.get(eventId)) return false;
      upsert.run(eventId, details.owner, details.note ?? null, details.followUp ?? null, actor, now);
      return true;
    },
  };
}
