import type { Database } from 'better-sqlite3';
import type { ApprovalView } from '../../../shared/commands/approvals';

export type ApprovalState = ApprovalView['state'];
export type ApprovalWhy = ApprovalView['why'];

/** An approval with the entry it is about: what the console shows, and who asked in which role, for which EHR. */
export interface ApprovalRow extends ApprovalView {
  readonly requestedRole: string;
  readonly ehr: string;
}

export interface NewApproval {
  readonly eventId: number;
  readonly why: ApprovalWhy;
  readonly thresholdMinor: number | null;
  readonly requestedBy: string;
  readonly requestedRole: string;
}

const COLUMNS = `a.id, a.event_id AS eventId, p.id AS postingId, a.why, a.threshold_minor AS thresholdMinor,
  a.requested_by AS requestedBy, a.requested_role AS requestedRole, a.requested_at AS requestedAt, a.state,
  a.decided_by AS decidedBy, a.decided_at AS decidedAt, a.note, e.processor_txn_id AS processorTxnId, e.kind,
  e.tender, e.amount_minor AS amountMinor, e.currency, e.facility, e.ehr`;
const FROM = `approvals a JOIN payment_events e ON e.id = a.event_id LEFT JOIN postings p ON p.event_id = a.event_id`;

/**
 * Two-person approval of manual entries. The hold itself is the posting's `held` flag; a hold is released only
 * when neither an approval nor a closed month still keeps it (the one release condition, below).
 */
export function approvalsRepository(db: Database) {
  const insert = db.prepare<unknown[], { id: number }>(
    `INSERT INTO approvals (event_id, why, threshold_minor, requested_by, requested_role, requested_at)
     VALUES (@eventId, @why, @thresholdMinor, @requestedBy, @requestedRole, @now) RETURNING id`,
  );
  const byId = db.prepare<[number], ApprovalRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = ?`);
  // `+?` (here and in `blocking`): admission reads these for every payment, and a plain `?` had SQLite compile
  // the statement again at each run (see DUE in posting-work.ts).
  const byEvent = db.prepare<[number], ApprovalRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.event_id = +?`);
  // Oldest first, from the partial index of pending approvals.
  const pending = db.prepare<[number], ApprovalRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE a.state = 'pending' ORDER BY a.requested_at, a.id LIMIT ?`,
  );
  const recent = db.prepare<[number], ApprovalRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE a.state <> 'pending' ORDER BY a.decided_at DESC, a.id DESC LIMIT ?`,
  );
  // The four-eyes rule in the statement itself: the requester never matches, whatever the caller checked.
  const decide = db.prepare(
    `UPDATE approvals SET state = @state, decided_by = @actor, decided_at = @now, note = @note
     WHERE id = @id AND state = 'pending' AND requested_by <> @actor`,
  );
  const hold = db.prepare('UPDATE postings SET held = 1, updated_at = ? WHERE event_id = ?');
  const release = db.prepare(
    `UPDATE postings SET held = 0, updated_at = @now WHERE event_id = @eventId AND held = 1
       AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.event_id = @eventId AND a.state <> 'approved')
       AND NOT EXISTS (SELECT 1 FROM late_events l WHERE l.event_id = @eventId AND l.released_at IS NULL)`,
  );
  const reject = db.prepare(
    `UPDATE postings SET held = 1, updated_at = @now, reason_code = 'approval_rejected', reason = @reason,
       next_step = @nextStep WHERE event_id = @eventId`,
  );
  const blocking = db.prepare<[number], { state: 'pending' | 'rejected' }>(
    `SELECT state FROM approvals WHERE event_id = +? AND state <> 'approved'`,
  );

  return {
    request: (approval: NewApproval, now: number): number => {
      const row = insert.get({ ...approval, now });
      if (!row) throw new Error('approval insert returned no id');
      return row.id;
    },
    get: (id: number): ApprovalRow | undefined => byId.get(id),
    forEvent: (eventId: number): ApprovalRow | undefined => byEvent.get(eventId),
    pending: (limit = 500): ApprovalRow[] => pending.all(limit),
    recentlyDecided: (limit = 50): ApprovalRow[] => recent.all(limit),
    /** Records the decision by someone other than the requester; false when it was not pending or is theirs. */
    decide: (
      id: number,
      decision: { state: 'approved' | 'rejected'; actor: string; note: string | null },
      now: number,
    ): boolean => decide.run({ id, ...decision, now }).changes === 1,
    /** Holds the entry's posting (when it exists). Call inside the admission's or the decision's transaction. */
    holdPosting: (eventId: number, now: number): void => {
      hold.run(now, eventId);
    },
    /** Releases the entry's posting unless something else still holds it; true when it was released. */
    releasePosting: (eventId: number, now: number): boolean => release.run({ eventId, now }).changes === 1,
    /** Keeps a rejected entry's posting held for good, saying why. */
    rejectPosting: (eventId: number, text: { reason: string; nextStep: string }, now: number): void => {
      reject.run({ eventId, now, ...text });
    },
    /** Pending or rejected: the posting's hold is not anyone's to release. */
    blocksRelease: (eventId: number): 'pending' | 'rejected' | null => blocking.get(eventId)?.state ?? null,
  };
}
export type ApprovalsRepository = ReturnType<typeof approvalsRepository>;
