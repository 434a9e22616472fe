/**
 * The writes of a Not Applicable item whose window ended (engine/not-applicable-windows.ts decides which):
 * back to the engine's queue, or to Failure. Each is one statement guarded on the item still being Not
 * Applicable and not on hold, with its audit entry in the same transaction, so an operator's action taken
 * meanwhile always wins.
 */
import type { Database } from 'better-sqlite3';
import type { Channel, EpochMs } from '../../../shared/domain';
import type { AuditRepository } from './audit';

export interface NotApplicableItem {
  readonly id: number;
  readonly eventId: number;
  readonly connectionId: string;
  readonly channel: Channel;
  readonly attempts: number;
  readonly windowExpiresAt: EpochMs | null;
  readonly updatedAt: EpochMs;
  readonly reasonCode: string | null;
  readonly reason: string | null;
}

const ACTOR = 'engine';

export function notApplicableWindowsRepository(db: Database, audit: AuditRepository) {
  const open = db.prepare<[string], NotApplicableItem>(`
    SELECT id, event_id AS eventId, connection_id AS connectionId, channel, attempts,
      window_expires_at AS windowExpiresAt, updated_at AS updatedAt, reason_code AS reasonCode, reason
    FROM postings
    WHERE status = 'not_applicable' AND held = 0 AND reason_code IS NOT ?
    ORDER BY id`);
  const requeue = db.prepare(`
    UPDATE postings SET status = 'pending', channel = ?, connection_id = ?, next_attempt_at = ?,
      window_expires_at = NULL, verify_first = ?, reason_code = NULL, reason = NULL, next_step = NULL,
      updated_at = ?
    WHERE id = ? AND status = 'not_applicable' AND held = 0`);
  const fail = db.prepare(`
    UPDATE postings SET status = 'failure', next_attempt_at = NULL, reason_code = ?, reason = ?, next_step = ?,
      updated_at = ?
    WHERE id = ? AND status = 'not_applicable' AND held = 0`);

  return {
    /**
     * Not Applicable items the engine may still resolve. Sandbox payments refused a real connection are left
     * out: they are test data, never posted and never a failure to work.
     */
    open: (): NotApplicableItem[] => open.all('sandbox_payment'),

    /** Sends it again: the fault is fixed. `verifyFirst` when an earlier attempt may have reached the EHR. */
    requeue(
      item: NotApplicableItem,
      target: { channel: Channel; connectionId: string; verifyFirst: boolean },
      now: EpochMs,
    ): boolean {
      return db
        .transaction(() => {
          const changed = requeue.run(
            target.channel,
            target.connectionId,
            target.channel === 'api' ? now : null,
            target.verifyFirst ? 1 : 0,
            now,
            item.id,
          ).changes;
          if (changed !== 1) return false;
          audit.append(
            {
              actor: ACTOR,
              action: 'posting.not_applicable_resolved',
              subjectType: 'posting',
              subjectId: String(item.id),
              details: { channel: target.channel, previousReasonCode: item.reasonCode },
            },
            now,
          );
          return true;
        })
        .immediate();
    },

    /** Its window ended and it still cannot be sent: a Failure, posted by hand (and in the digest). */
    fail(item: NotApplicableItem, reason: string, nextStep: string, now: EpochMs): boolean {
      return db
        .transaction(() => {
          if (fail.run('not_applicable_expired', reason, nextStep, now, item.id).changes !== 1) return false;
          audit.append(
            {
              actor: ACTOR,
              action: 'posting.not_applicable_expired',
              subjectType: 'posting',
              subjectId: String(item.id),
              details: { previousReasonCode: item.reasonCode },
            },
            now,
          );
          return true;
        })
        .immediate();
    },
  };
}
export type NotApplicableWindowsRepository = ReturnType<typeof notApplicableWindowsRepository>;
