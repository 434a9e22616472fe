/**
 * The engine's statements on postings and attempts: claim due work under a lease, record each attempt
 * before it is sent and its result after, settle the posting, and find what a dead process left in flight.
 * Each call is one short statement or transaction; none spans a network call.
 */
import type { Database } from 'better-sqlite3';
import type { AttemptOutcome, PostingStatus } from '../../../shared/domain';

/**
 * Who holds a claim: the engine (a random id per engine life) and a token of this claim alone. A write that
 * settles, puts back or recovers a claimed posting names both and changes nothing once they no longer match.
 */
export interface Lease {
  readonly owner: string;
  readonly token: number;
}

/** A claim as recovery reads it: a claim from before schema 15 has no token. */
export interface StrandedClaim {
  readonly owner: string | null;
  readonly token: number | null;
}

export interface ClaimedPosting {
  readonly id: number;
  readonly lease: Lease;
  readonly eventId: number;
  readonly connectionId: string;
  /** The status to return to if the item is put back unsent: pending before its first post, else retry. */
  readonly previousStatus: Extract<PostingStatus, 'pending' | 'retry'>;
  readonly attempts: number;
  readonly verifyFirst: boolean;
  readonly windowExpiresAt: number | null;
  readonly reasonCode: string | null;
}

/** The engine-managed state of a posting after an attempt or a decision. */
export interface Settlement {
  readonly status: PostingStatus;
  readonly nextAttemptAt: number | null;
  readonly windowExpiresAt: number | null;
  readonly verifyFirst: boolean;
  readonly ehrReference: string | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly nextStep: string | null;
  readonly resolvedAt: number | null;
}

export interface AttemptResult {
  readonly finishedAt: number;
  readonly httpStatus: number | null;
  readonly outcome: AttemptOutcome;
  readonly errorCode: string | null;
  readonly response: string | null;
  readonly durationMs: number;
}

export interface StrandedAttempt {
  readonly postingId: number;
  /** The claim as the dead process left it: recovery's writes are fenced on it too. */
  readonly leaseOwner: string | null;
  readonly leaseToken: number | null;
  readonly attemptId: number | null;
  readonly attemptKind: 'post' | 'lookup' | null;
  /** When the open attempt was sent: a dead process's request may still reach the EHR for a while after. */
  readonly attemptStartedAt: number | null;
  readonly connectionId: string;
  readonly attempts: number;
}

/** Thrown when a write finds its claim taken over: the caller stops working on the item and writes nothing. */
export class LeaseLost extends Error {
  constructor(readonly postingId: number) {
    super(`posting ${String(postingId)} is no longer held by this claim`);
    this.name = 'LeaseLost';
  }
}

interface ClaimRow extends Omit<ClaimedPosting, 'verifyFirst' | 'previousStatus' | 'lease'> {
  verifyFirst: number;
}

/** A claim: one connection's postings due at `now`, at most `limit`, leased to `owner` until `leaseUntil`. */
type ClaimTerms = [
  connectionId: string,
  now: number,
  limit: number,
  owner: string,
  leaseUntil: number,
  firstToken?: number,
];

/**
 * `body` as one unit: inside a caller's transaction it simply runs (the caller rolls back as a whole on a
 * throw: the engine's writer thread does, and a savepoint per call costs more than the statements), alone it
 * runs in a transaction of its own that takes the write lock first (BEGIN IMMEDIATE).
 */
function atomic<A extends unknown[], R>(db: Database, body: (...args: A) => R): (...args: A) => R {
  const own = db.transaction(body);
  return (...args) => (db.inTransaction ? body(...args) : own.immediate(...args));
}

/**
 * A connection's postings due at a time, parameters (connectionId, now).
 *
 * Parameters written `+?` stay out of the query planner. SQLite (3.54) plans around the value bound to a plain
 * `col = ?` or `LIMIT ?` here and marks the statement to be prepared again when a binding changes, which
 * better-sqlite3 does on every run: the statement was compiled anew on every call. Measured on a 100,000-row
 * copy of this query (postings_due, three connections, 50,000 runs): 27 µs a claim read with plain `?`, 7.7 µs
 * with `+?`; the admission queue's read of an empty queue, run at every engine cycle, 4.2 µs against 0.6 µs.
 * The unary plus changes neither the result nor the index used; it only hides the value from planning.
 */
const DUE = `connection_id = +? AND (status = 'pending' OR status = 'retry' OR status = 'needs_verification')
    AND held = 0 AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?`;

/** The claim's read, parameters (connectionId, now, limit); exported for the retry sweep's plan check. */
export const DUE_POSTINGS = `
    SELECT id, event_id AS eventId, connection_id AS connectionId, attempts, verify_first AS verifyFirst,
      window_expires_at AS windowExpiresAt, reason_code AS reasonCode
    FROM postings INDEXED BY postings_due WHERE ${DUE} ORDER BY next_attempt_at LIMIT +?`;

function claimed(row: ClaimRow, lease: Lease): ClaimedPosting {
  return {
    id: row.id,
    lease,
    eventId: row.eventId,
    connectionId: row.connectionId,
    attempts: row.attempts,
    verifyFirst: row.verifyFirst === 1,
    windowExpiresAt: row.windowExpiresAt,
    reasonCode: row.reasonCode,
    previousStatus: row.attempts === 0 && row.verifyFirst === 0 ? 'pending' : 'retry',
  };
}

export function postingWorkRepository(db: Database) {
  // Due work in due order, read from postings_due (this WHERE repeats the index's, migration 0012, term for term),
  // then each row taken by id. Reading then writing is safe because claiming holds the write lock throughout:
  // alone it begins IMMEDIATE, and inside a caller's transaction it is part of it (the engine's writer thread
  // begins IMMEDIATE); SQLite refuses a write over a snapshot another writer has moved on from anyway.
  // Two plain statements: an UPDATE ... WHERE id IN (SELECT ...) RETURNING builds three temporary b-trees
  // per run, which dominated the engine's claims of one to three rows (bench/posting).
  const due = db.prepare<[string, number, number], ClaimRow>(DUE_POSTINGS);
  const take = db.prepare<[number, string, number, number, number]>(
    `UPDATE postings SET status = 'in_flight', lease_until = ?, lease_owner = ?, lease_token = ?, updated_at = ?
     WHERE id = ?`,
  );
  // Tokens only need to differ between the claims of one owner (owners are random per engine life). The
  // engine hands out its own (`firstToken`): its writes run on a writer thread that may be started anew.
  let lastToken = 0;
  const claimRows = atomic(db, (...[connectionId, now, limit, owner, leaseUntil, firstToken]: ClaimTerms) => {
    const rows = due.all(connectionId, now, limit);
    if (firstToken !== undefined) lastToken = Math.max(lastToken, firstToken - 1);
    return rows.map((row) => {
      lastToken += 1;
      take.run(leaseUntil, owner, lastToken, now, row.id);
      return { row, lease: { owner, token: lastToken } };
    });
  });
  const holds = db.prepare<[number, string, number], { one: number }>(
    `SELECT 1 AS one FROM postings WHERE id = ? AND status = 'in_flight' AND lease_owner = ? AND lease_token = ?`,
  );
  // `+?` in the two statements every post's claim runs: a plain `?` had them compiled again at each run (DUE).
  const nextNumber = db.prepare<[number], { n: number }>(
    'SELECT coalesce(max(number), 0) + 1 AS n FROM attempts WHERE posting_id = +?',
  );
  // No RETURNING: it costs a temporary b-tree per run; the new id is the statement's lastInsertRowid.
  const insertAttempt = db.prepare<[number, number, string, number, string]>(
    'INSERT INTO attempts (posting_id, number, kind, started_at, request) VALUES (?, ?, ?, ?, ?)',
  );
  const countPost = db.prepare('UPDATE postings SET attempts = attempts + 1 WHERE id = +?');
  const withdraw = db.prepare<[number], { postingId: number; kind: string }>(
    'DELETE FROM attempts WHERE id = ? AND finished_at IS NULL RETURNING posting_id AS postingId, kind',
  );
  const uncountPost = db.prepare('UPDATE postings SET attempts = attempts - 1 WHERE id = ? AND attempts > 0');
  const finishAttempt = db.prepare(
    `UPDATE attempts SET finished_at = ?, http_status = ?, outcome = ?, error_code = ?, response = ?, duration_ms = ?
     WHERE id = ? AND finished_at IS NULL`,
  );
  const SET_SETTLED = `status = ?, next_attempt_at = ?, window_expires_at = ?, verify_first = ?, ehr_reference = ?,
      reason_code = ?, reason = ?, next_step = ?, resolved_at = ?, lease_owner = NULL, lease_until = NULL,
      lease_token = NULL, updated_at = ?`;
  const settle = db.prepare(`UPDATE postings SET ${SET_SETTLED} WHERE id = ?`);
  // IS rather than =: a dead process's claim from before schema 15 has no token (NULL).
  const settleHeld = db.prepare(
    `UPDATE postings SET ${SET_SETTLED}
     WHERE id = ? AND status = 'in_flight' AND lease_owner IS ? AND lease_token IS ?`,
  );
  const renew = db.prepare<[number, string]>(
    `UPDATE postings SET lease_until = ? WHERE status = 'in_flight' AND lease_owner = ?`,
  );
  const settlementValues = (s: Settlement, now: number) =>
    [
      s.status,
      s.nextAttemptAt,
      s.windowExpiresAt,
      s.verifyFirst ? 1 : 0,
      s.ehrReference,
      s.reasonCode,
      s.reason,
      s.nextStep,
      s.resolvedAt,
      now,
    ] as const;
  const begin = atomic(
    db,
    (postingId: number, kind: 'post' | 'lookup', request: string, now: number, lease?: Lease) => {
      if (lease && !holds.get(postingId, lease.owner, lease.token)) throw new LeaseLost(postingId);
      const number = nextNumber.get(postingId)?.n ?? 1;
      const id = Number(insertAttempt.run(postingId, number, kind, now, request).lastInsertRowid);
      if (kind === 'post') countPost.run(postingId);
      return id;
    },
  );
  const STRANDED = `
    SELECT p.id AS postingId, p.lease_owner AS leaseOwner, p.lease_token AS leaseToken, a.id AS attemptId,
      a.kind AS attemptKind, a.started_at AS attemptStartedAt, p.connection_id AS connectionId, p.attempts
    FROM postings p LEFT JOIN attempts a ON a.posting_id = p.id AND a.finished_at IS NULL
    WHERE p.status = 'in_flight' AND p.lease_owner IS NOT ?`;
  const strandedExpired = db.prepare<[string, number], StrandedAttempt>(`${STRANDED} AND p.lease_until < ?`);
  const strandedAll = db.prepare<[string], StrandedAttempt>(STRANDED);
  const heldClaim = db.prepare<[number, string, number], StrandedAttempt>(`
    SELECT p.id AS postingId, p.lease_owner AS leaseOwner, p.lease_token AS leaseToken, a.id AS attemptId,
      a.kind AS attemptKind, a.started_at AS attemptStartedAt, p.connection_id AS connectionId, p.attempts
    FROM postings p LEFT JOIN attempts a ON a.posting_id = p.id AND a.finished_at IS NULL
    WHERE p.id = ? AND p.status = 'in_flight' AND p.lease_owner = ? AND p.lease_token = ?`);

  const queued = db.prepare<[number], { eventId: number }>(
    'SELECT event_id AS eventId FROM admission_queue ORDER BY event_id LIMIT +?', // `+?`: see DUE
  );
  const dequeue = db.prepare('DELETE FROM admission_queue WHERE event_id = ?');

  return {
    /** Events stored by intake and not yet routed, oldest first (the admission queue). */
    queued: (limit: number): { eventId: number }[] => queued.all(limit),
    dequeue: (eventId: number): void => {
      dequeue.run(eventId);
    },
    /**
     * Takes up to `limit` due postings of one connection under a lease; they become in_flight. Their tokens
     * count up from `firstToken` when given (never below one this repository handed out before).
     */
    claimDue(...terms: ClaimTerms): ClaimedPosting[] {
      const [, , limit] = terms;
      if (limit <= 0) return [];
      return claimRows(...terms).map(({ row, lease }) => claimed(row, lease));
    },
    /**
     * What a claim now would take, read without taking it (the engine prepares their requests on its own
     * thread before it asks for the claim; the claim itself reads again under the write lock).
     */
    dueNow(connectionId: string, now: number, limit: number): Omit<ClaimedPosting, 'lease'>[] {
      if (limit <= 0) return [];
      return due.all(connectionId, now, limit).map((row) => {
        const { lease: _, ...rest } = claimed(row, { owner: '', token: 0 });
        return rest;
      });
    },
    /**
     * Records an attempt before anything is sent; a post also counts toward the posting's attempts. With a
     * lease, throws LeaseLost (and records nothing) when the claim is no longer held: nothing may be sent.
     */
    beginAttempt(
      postingId: number,
      kind: 'post' | 'lookup',
      request: string,
      now: number,
      lease?: Lease,
    ): number {
      return begin(postingId, kind, request, now, lease);
    },
    /** Removes an attempt recorded ahead of a send that never happened (the breaker refused it). */
    withdrawAttempt(attemptId: number): void {
      const row = withdraw.get(attemptId);
      if (row?.kind === 'post') uncountPost.run(row.postingId);
    },
    finishAttempt(attemptId: number, result: AttemptResult): void {
      finishAttempt.run(
        result.finishedAt,
        result.httpStatus,
        result.outcome,
        result.errorCode,
        result.response,
        result.durationMs,
        attemptId,
      );
    },
    /** An operator's (or a test's) new state for a posting nobody holds. */
    settle(postingId: number, s: Settlement, now: number): void {
      settle.run(...settlementValues(s, now), postingId);
    },
    /**
     * The new state of a claimed posting, written only while the claim is still held; false (nothing
     * written) when it was taken over meanwhile.
     */
    settleHeld(postingId: number, lease: Lease | StrandedClaim, s: Settlement, now: number): boolean {
      return settleHeld.run(...settlementValues(s, now), postingId, lease.owner, lease.token).changes === 1;
    },
    /** Extends every claim an engine holds: its requests are still in flight. */
    renewLeases(owner: string, leaseUntil: number): number {
      return renew.run(leaseUntil, owner).changes;
    },
    /**
     * In-flight postings another engine left, with any attempt left open: those whose lease ran out, or with
     * `all` (the caller holds the data folder's engine lock, so no other engine lives) every one of them.
     */
    stranded: (self: string, now: number, all = false): StrandedAttempt[] =>
      all ? strandedAll.all(self) : strandedExpired.all(self, now),
    /** A claim as recovery reads it, while it is still held under `lease` (else nothing). */
    heldClaim: (postingId: number, lease: Lease): StrandedAttempt[] =>
      heldClaim.all(postingId, lease.owner, lease.token),
  };
}
export type PostingWorkRepository = ReturnType<typeof postingWorkRepository>;
