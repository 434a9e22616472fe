import type { Database } from 'better-sqlite3';
import type { StatusCount } from '../../../shared/contract';
import type { Posting } from '../../../shared/domain';
import type { NewRecord } from './new-record';

export type NewPosting = NewRecord<
  Posting,
  'eventId' | 'ehr' | 'connectionId' | 'channel' | 'status',
  'nextAttemptAt' | 'windowExpiresAt' | 'reasonCode' | 'reason' | 'nextStep'
>;

const POSTING_COLUMNS = `id, event_id AS eventId, ehr, connection_id AS connectionId, channel, status, attempts,
  next_attempt_at AS nextAttemptAt, window_expires_at AS windowExpiresAt, ehr_reference AS ehrReference,
  reason_code AS reasonCode, reason, next_step AS nextStep, held, verify_first AS verifyFirst, assignee,
  created_at AS createdAt,
  updated_at AS updatedAt, resolved_at AS resolvedAt`;

/** SQLite has no booleans: flags come back as 0/1 and are turned into booleans here. */
type PostingRow = Omit<Posting, 'held' | 'verifyFirst'> & { held: number; verifyFirst: number };
const toPosting = (row: PostingRow): Posting => ({
  ...row,
  held: row.held === 1,
  verifyFirst: row.verifyFirst === 1,
});

export function postingsRepository(db: Database) {
  // amount_minor is the event's amount, copied so the exception queue can sort by amount from an index of
  // postings alone (migration 0009); read from the event in the same statement, so it cannot disagree.
  // Positional parameters and no RETURNING (a temporary b-tree per run): the new id is the statement's
  // lastInsertRowid. Every admitted payment runs this.
  const insert = db.prepare(`
    INSERT INTO postings (event_id, ehr, connection_id, channel, status, next_attempt_at, window_expires_at,
      reason_code, reason, next_step, created_at, updated_at, amount_minor)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT amount_minor FROM payment_events WHERE id = ?))`);
  const byId = db.prepare<[number], PostingRow>(`SELECT ${POSTING_COLUMNS} FROM postings WHERE id = ?`);
  const byEvent = db.prepare<[number], PostingRow>(
    `SELECT ${POSTING_COLUMNS} FROM postings WHERE event_id = ?`,
  );
  // Counted in the order of the (ehr, channel, status) index, then folded over channels: grouping by
  // (ehr, status) directly sorts every posting first (0.7 s against 0.1 s at a million postings), and the
  // status bar asks for this on every screen the console opens.
  const amountOfPosting = db.prepare<[number], { amountMinor: number; currency: string }>(
    `SELECT e.amount_minor AS amountMinor, e.currency AS currency
     FROM postings p JOIN payment_events e ON e.id = p.event_id WHERE p.id = ?`,
  );
  const counts = db.prepare<[], StatusCount>(
    `SELECT ehr, status, sum(n) AS count FROM (
       SELECT ehr, channel, status, count(*) AS n FROM postings GROUP BY ehr, channel, status)
     GROUP BY ehr, status ORDER BY ehr, status`,
  );

  return {
    /** The payment's amount and currency behind a posting (the manual-posting limit reads it). */
    amountOf: (postingId: number): { amountMinor: number; currency: string } | null =>
      amountOfPosting.get(postingId) ?? null,
    create(posting: NewPosting, now: number): number {
      const { lastInsertRowid } = insert.run(
        posting.eventId,
        posting.ehr,
        posting.connectionId,
        posting.channel,
        posting.status,
        posting.nextAttemptAt ?? null,
        posting.windowExpiresAt ?? null,
        posting.reasonCode ?? null,
        posting.reason ?? null,
        posting.nextStep ?? null,
        now,
        now,
        posting.eventId,
      );
      return Number(lastInsertRowid);
    },
    get(id: number): Posting | undefined {
      const row = byId.get(id);
      return row && toPosting(row);
    },
    forEvent(eventId: number): Posting | undefined {
      const row = byEvent.get(eventId);
      return row && toPosting(row);
    },
    countsByStatus: (): StatusCount[] => counts.all(),
  };
}
export type PostingsRepository = ReturnType<typeof postingsRepository>;
