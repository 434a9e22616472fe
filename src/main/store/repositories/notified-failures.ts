import type { Database } from 'better-sqlite3';
import type { EhrSystem, EpochMs, EventKind, Tender } from '../../../shared/domain';
import { auditRepository } from './audit';

/** A failure (or held item) waiting to be announced: only what the digest template may show (no card data). */
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

/** The audit entry that records a held item's announcement (see `unannouncedHeld`). */
export const VERIFICATION_ANNOUNCED = 'notification.verification_announced';

const ITEM_COLUMNS = `p.id AS postingId, p.ehr, e.facility, e.kind, e.tender, e.amount_minor AS amountMinor,
  e.currency, e.processor_txn_id AS processorTxnId, e.guarantor_account AS guarantorAccount,
  p.reason_code AS reasonCode, p.reason, p.next_step AS nextStep, p.updated_at AS updatedAt`;

/**
 * Failures already announced by email, so each is mailed once and a refused mail is retried. Items held as
 * needs-verification are announced once each too; their announcement is an audit entry on the posting (an
 * append-only fact with who and when) rather than a table of its own, which needs no schema change.
 */
export function notifiedFailuresRepository(db: Database) {
  const audit = auditRepository(db);
  const pending = db.prepare<[number], UnannouncedFailure>(`
    SELECT ${ITEM_COLUMNS}
    FROM postings p JOIN payment_events e ON e.id = p.event_id
    WHERE p.status = 'failure' AND NOT EXISTS (SELECT 1 FROM notified_failures n WHERE n.posting_id = p.id)
    ORDER BY p.id LIMIT ?`);
  const held = db.prepare<[string, number], UnannouncedFailure>(`
    SELECT ${ITEM_COLUMNS}
    FROM postings p JOIN payment_events e ON e.id = p.event_id
    WHERE p.status = 'needs_verification' AND NOT EXISTS (
      SELECT 1 FROM audit_events a
      WHERE a.subject_type = 'posting' AND a.subject_id = CAST(p.id AS TEXT) AND a.action = ?)
    ORDER BY p.id LIMIT ?`);
  const mark = db.prepare(
    'INSERT INTO notified_failures (posting_id, notified_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    unannounced: (limit: number): UnannouncedFailure[] => pending.all(limit),
    markAnnounced(postingIds: readonly number[], now: EpochMs): void {
      db.transaction(() => {
        for (const id of postingIds) mark.run(id, now);
      }).immediate();
    },
    /** Items held as needs-verification (the EHR may have posted them) that no digest has announced yet. */
    unannouncedHeld: (limit: number): UnannouncedFailure[] => held.all(VERIFICATION_ANNOUNCED, limit),
    markHeldAnnounced(postingIds: readonly number[], now: EpochMs): void {
      db.transaction(() => {
        for (const id of postingIds) {
          audit.append(
            {
              actor: 'notifications',
              action: VERIFICATION_ANNOUNCED,
              subjectType: 'posting',
              subjectId: String(id),
            },
            now,
          );
        }
      }).immediate();
    },
  };
}
export type NotifiedFailuresRepository = ReturnType<typeof notifiedFailuresRepository>;
