import type { Database } from 'better-sqlite3';
import type { EhrSystem, EpochMs, EventKind, Tender } from '../../../shared/domain';

/** A failure waiting to be announced: only what the digest template may show (no card data). */
export interface UnannouncedFailure {
  readonly postingId: number;
  readonly ehr: EhrSystem;
  readonly facility: string;
  readonly kind: EventKind;
  readonly tender: Tender;
  readonly amountMinor: number;
  readonly currency: string;
  readonly processorTxnId: string;
  readonly guarantorAccount: string | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly nextStep: string | null;
  readonly updatedAt: EpochMs;
}

/** Failures already announced by email, so each is mailed once and a refused mail is retried. */
export function notifiedFailuresRepository(db: Database) {
  const pending = db.prepare<[number], UnannouncedFailure>(`
    SELECT p.id AS postingId, p.ehr, e.facility, e.kind, e.tender, e.amount_minor AS amountMinor, e.currency,
      e.processor_txn_id AS processorTxnId, e.guarantor_account AS guarantorAccount, p.reason_code AS reasonCode,
      p.reason, p.next_step AS nextStep, p.updated_at AS updatedAt
    FROM postings p JOIN payment_events e ON e.id = p.event_id
    WHERE p.status = 'failure' AND NOT EXISTS (SELECT 1 FROM notified_failures n WHERE n.posting_id = p.id)
    ORDER BY p.id LIMIT ?`);
  const mark = db.prepare(
    'INSERT INTO notified_failures (posting_id, notified_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    unannounced: (limit: number): UnannouncedFailure[] => pending.all(limit),
    markAnnounced(postingIds: readonly number[], now: EpochMs): void {
      db.transaction(() => {
        for (const id of postingIds) mark.run(id, now);
      })();
    },
  };
}
export type NotifiedFailuresRepository = ReturnType<typeof notifiedFailuresRepository>;
