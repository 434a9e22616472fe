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
// will_not_be_sent: the manual workflow posts outside Clearpost).
const UNPOSTED = `p.status IN ('pending', 'in_flight', 'retry', 'failure', 'not_applicable', 'needs_verification',
  'quarantined')`;
const RECEIVED = `e.kind IN ('one_time_payment', 'payment_plan')`;
const POSTED_AT = 'coalesce(p.resolved_at, p.updated_at)';

/**
 * The team's measures, each one query on an index: posted postings by the partial index of their posting time
 * (postings_posted_at), open exceptions by the (status, id) index that leaves pending and in-flight postings out,
 * unposted money from the (ehr, channel, status) index. Percentiles by nearest rank, in one sort of the window.
 */
export function teamMeasuresRepository(db: Database) {
  const mix = db.prepare<[number, number], { automatic: number | null; manual: number | null }>(
    `SELECT sum(p.status = 'success') AS automatic, sum(p.status = 'manually_posted') AS manual
     FROM postings p INDEXED BY postings_posted_at
     WHERE ${POSTED_AT} >= ? AND ${POSTED_AT} < ? AND p.status IN ('success', 'manually_posted')`,
  );
  // Rank k of n: the ceil(q·n)-th smallest time from payment to posting (a clock set back counts as zero).
  const ranks = db.prepare<[number, number, number, number], { rn: number; ms: number }>(
    `SELECT rn, ms FROM (
       SELECT row_number() OVER (ORDER BY max(0, ${POSTED_AT} - e.transaction_at)) AS rn,
         max(0, ${POSTED_AT} - e.transaction_at) AS ms
       FROM postings p INDEXED BY postings_posted_at JOIN payment_events e ON e.id = p.event_id
       WHERE ${POSTED_AT} >= ? AND ${POSTED_AT} < ? AND p.status IN ('success', 'manually_posted'))
     WHERE rn IN (?, ?)`,
  );
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
       FROM admission_queue q JOIN payment_events e ON e.id = q.event_id WHERE ${RECEIVED})
     GROUP BY currency ORDER BY currency`,
  );

  return {
    postedMix(startMs: number, endMs: number): PostedMix {
      const row = mix.get(startMs, endMs);
      return { automatic: row?.automatic ?? 0, manual: row?.manual ?? 0 };
    },
    /** The times from payment to posting at the given quantiles (0 < q ≤ 1), nearest rank; null when none. */
    /** `total` is the window's posted count (postedMix), so the ranks are known before the one sort. */
    timeToPost(
      startMs: number,
      endMs: number,
      total: number,
      quantiles: readonly [number, number],
    ): [number | null, number | null] {
      if (total === 0) return [null, null];
      const [a, b] = quantiles.map((q) => Math.max(1, Math.ceil(q * total))) as [number, number];
      const rows = ranks.all(startMs, endMs, a, b);
      const at = (k: number) => rows.find((r) => r.rn === k)?.ms ?? null;
      return [at(a), at(b)];
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
