import type { Database } from 'better-sqlite3';

export interface PostedMix {
  /** Posted by Clearpost itself (API or daily file): status success. */
  readonly automatic: number;
  /** Posted by a person in the EHR and recorded here: status manually_posted. */
  readonly manual: number;
}

export interface AgeSummary {
  readonly count: number;
  /** Epoch ms of the oldest, or null when there is none. */
  readonly oldestAt: number | null;
}

export interface UnpostedCash {
  readonly currency: string;
  readonly count: number;
  readonly amountMinor: number;
  readonly oldestAt: number;
}

// Working exceptions: an operator has something to do. Declined payments moved no money; pending and in-flight
// ones are on their way.
const OPEN_EXCEPTIONS = `(p.status = 'retry' OR p.status = 'failure' OR p.status = 'not_applicable'
  OR p.status = 'needs_verification' OR p.status = 'quarantined')`;
// Received and not (yet) posted: every status short of posted, except those that never will be (declined,
// will_not_be_sent: the manual workflow posts outside Clearpost); and stored events the engine has not yet
// admitted (the admission queue, a handful at any time).
const UNPOSTED = `p.status IN ('pending', 'in_flight', 'retry', 'failure', 'not_applicable', 'needs_verification',
  'quarantined')`;
const RECEIVED = `e.kind IN ('one_time_payment', 'payment_plan')`;
const POSTED_AT = 'coalesce(p.resolved_at, p.updated_at)';

/**
 * The team's measures, each one query on an index: posted postings by the partial index of their posting time
 * (postings_posted_at), open exceptions by the (status, id) index that leaves pending and in-flight postings out,
 * unposted money from the (ehr, channel, status) index. Percentiles by nearest rank over the window's values.
 */
export function teamMeasuresRepository(db: Database) {
  const mix = db.prepare<[number, number], { automatic: number | null; manual: number | null }>(
    `SELECT sum(p.status = 'success') AS automatic, sum(p.status = 'manually_posted') AS manual
     FROM postings p INDEXED BY postings_posted_at
     WHERE ${POSTED_AT} >= ? AND ${POSTED_AT} < ? AND p.status IN ('success', 'manually_posted')`,
  );
  // Every posted payment's time from payment to posting (a clock set back counts as zero), read in the index's
  // order; ranked below. Measured at 100k postings in the window (bench/measures.bench.ts): SQLite's own sort
  // (a window function) took about 4 times as long as reading the values and sorting them as a Float64Array.
  const durations = db
    .prepare<[number, number], number>(
      `SELECT max(0, ${POSTED_AT} - e.transaction_at)
       FROM postings p INDEXED BY postings_posted_at JOIN payment_events e ON e.id = p.event_id
       WHERE ${POSTED_AT} >= ? AND ${POSTED_AT} < ? AND p.status IN ('success', 'manually_posted')`,
    )
    .pluck();
  const exceptions = db.prepare<[], { count: number; oldestAt: number | null }>(
    `SELECT count(*) AS count, min(p.created_at) AS oldestAt FROM postings p INDEXED BY postings_status_id
     WHERE ${OPEN_EXCEPTIONS}`,
  );
  const exceptionAges = db.prepare<[number], { createdAt: number }>(
    `SELECT p.created_at AS createdAt FROM postings p INDEXED BY postings_status_id WHERE ${OPEN_EXCEPTIONS}
     ORDER BY p.created_at LIMIT 1 OFFSET ?`,
  );
  const unposted = db.prepare<[], UnpostedCash>(
    `SELECT currency, count(*) AS count, sum(amount) AS amountMinor, min(at) AS oldestAt FROM (
       SELECT e.currency, e.amount_minor AS amount, e.transaction_at AS at
       FROM postings p INDEXED BY postings_ehr_channel_status JOIN payment_events e ON e.id = p.event_id
       WHERE p.ehr IN ('epic', 'oracle_health') AND p.channel IN ('api', 'daily_file', 'manual', 'exception')
         AND ${UNPOSTED} AND ${RECEIVED}
       UNION ALL
       SELECT e.currency, e.amount_minor, e.transaction_at
       FROM admission_queue q JOIN payment_events e ON e.id = q.event_id
       WHERE ${RECEIVED} AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.event_id = e.id))
     GROUP BY currency ORDER BY currency`,
  );

  return {
    postedMix(startMs: number, endMs: number): PostedMix {
      const row = mix.get(startMs, endMs);
      return { automatic: row?.automatic ?? 0, manual: row?.manual ?? 0 };
    },
    /** The times from payment to posting at the given quantiles (0 < q ≤ 1), nearest rank; null when none. */
    /** The times from payment to posting at the given quantiles (0 < q ≤ 1), nearest rank; null when none. */
    timeToPost(startMs: number, endMs: number, quantiles: readonly number[]): (number | null)[] {
      const values = Float64Array.from(durations.all(startMs, endMs)).sort();
      return quantiles.map((q) =>
        values.length === 0 ? null : (values[Math.max(1, Math.ceil(q * values.length)) - 1] ?? null),
      );
    },
    openExceptions(): AgeSummary & { medianAt: number | null } {
      const row = exceptions.get() ?? { count: 0, oldestAt: null };
      const median = row.count === 0 ? undefined : exceptionAges.get(Math.ceil(row.count / 2) - 1);
      return { count: row.count, oldestAt: row.oldestAt, medianAt: median?.createdAt ?? null };
    },
    unpostedCash: (): UnpostedCash[] => unposted.all(),
  };
}
export type TeamMeasuresRepository = ReturnType<typeof teamMeasuresRepository>;
