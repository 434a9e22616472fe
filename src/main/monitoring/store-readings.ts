/**
 * What `/metrics` reads from the database at each scrape, every read an indexed one whose cost follows the open
 * work or the traffic since the last scrape, never the history:
 * - postings by status: the dashboard's folded final counts (migration 0013) plus the open statuses counted
 *   from postings_ehr_channel_status;
 * - the oldest Retry: the first entry of postings_status_id under `status = 'retry'`;
 * - attempts finished and payment events stored since the last scrape: a rowid range past a watermark.
 *
 * Attempts and events are counters that start when the service starts (Prometheus counters reset with the
 * process; `rate()` and `increase()` allow for it). A row's id is taken under SQLite's single write lock, so
 * rows committed later always have larger ids, and a watermark never skips a row. An attempt is counted once
 * it is finished: the watermark stops below the oldest attempt still open (its request is on the wire, bounded
 * by the connection's timeout), and an attempt's outcome never changes once it is finished.
 */
import type { Database } from 'better-sqlite3';
import {
  CHANNELS,
  EHR_SYSTEMS,
  POSTING_STATUSES,
  STATUS_INFO,
  type PostingStatus,
} from '../../shared/domain';
import { dashboardRollup } from '../store/repositories/dashboard-rollup';

export interface AttemptTally {
  readonly outcome: string;
  readonly connection: string;
  readonly count: number;
}

export interface EventTally {
  readonly source: string;
  readonly count: number;
}

export interface StoreReadings {
  /** Every status, zero included, so a dashboard's series exist before the first payment. */
  postingsByStatus(now: number): Map<PostingStatus, number>;
  /** Milliseconds since the oldest posting now in Retry was created; 0 when none is. */
  oldestRetryAgeMs(now: number): number;
  /** Attempts finished since the last call (the first call: since the readings were made). */
  newAttempts(): AttemptTally[];
  /** Payment events stored since the last call, by source (webhook, file, manual, sandbox). */
  newEvents(): EventTally[];
  /** A trivial read: throws when the database cannot answer. */
  ping(): void;
}

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const OPEN_STATUSES = POSTING_STATUSES.filter((s) => !STATUS_INFO[s].final);

/** The reads, exported so a test can check each one's query plan stays on an index. */
export const READINGS_SQL = {
  // The dashboard's own read (repositories/dashboard.ts): one equality seek per (ehr, channel, open status).
  openCounts: `SELECT status, count(*) AS count FROM postings
     WHERE ehr IN (${list(EHR_SYSTEMS)}) AND channel IN (${list(CHANNELS)}) AND status IN (${list(OPEN_STATUSES)})
     GROUP BY status`,
  oldestRetry: `SELECT created_at AS createdAt FROM postings WHERE status = 'retry' ORDER BY id LIMIT 1`,
  maxAttemptId: 'SELECT max(id) AS n FROM attempts',
  // attempts_open holds only unfinished attempts, a handful at any time. (Attempts left open before the
  // watermark, by an earlier process, are recovery's and do not hold it.)
  oldestOpenAttempt: 'SELECT min(id) AS n FROM attempts WHERE finished_at IS NULL AND id >= ?',
  attemptsBetween: `SELECT coalesce(a.outcome, 'unknown') AS outcome, p.connection_id AS connection, count(*) AS count
     FROM attempts a JOIN postings p ON p.id = a.posting_id
     WHERE a.id >= ? AND a.id < ? GROUP BY 1, 2`,
  maxEventId: 'SELECT max(id) AS n FROM payment_events',
  eventsAfter:
    'SELECT source, count(*) AS count FROM payment_events WHERE id > ? AND id <= ? GROUP BY source',
} as const;

export function storeReadings(db: Database): StoreReadings {
  const rollup = dashboardRollup(db);
  const openCounts = db.prepare<[], { status: PostingStatus; count: number }>(READINGS_SQL.openCounts);
  const oldestRetry = db.prepare<[], { createdAt: number }>(READINGS_SQL.oldestRetry);
  const maxAttemptId = db.prepare<[], { n: number | null }>(READINGS_SQL.maxAttemptId);
  const oldestOpenAttempt = db.prepare<[number], { n: number | null }>(READINGS_SQL.oldestOpenAttempt);
  const attemptsBetween = db.prepare<[number, number], AttemptTally>(READINGS_SQL.attemptsBetween);
  const maxEventId = db.prepare<[], { n: number | null }>(READINGS_SQL.maxEventId);
  const eventsAfter = db.prepare<[number, number], EventTally>(READINGS_SQL.eventsAfter);
  const ping = db.prepare('SELECT 1');
  // Reads that must see one snapshot (a watermark and the rows below it) share a read transaction.
  const snapshot = <T>(fn: () => T): T => db.transaction(fn).deferred();

  let attemptsFrom = (maxAttemptId.get()?.n ?? 0) + 1;
  let eventsUpTo = maxEventId.get()?.n ?? 0;

  return {
    postingsByStatus(now) {
      const counts = new Map<PostingStatus, number>(POSTING_STATUSES.map((s) => [s, 0]));
      const add = (status: PostingStatus, count: number) =>
        counts.set(status, (counts.get(status) ?? 0) + count);
      // An empty bucket range: only the final counts are wanted, not the posted totals.
      for (const c of rollup.view(now, 0, 0).finalCounts) add(c.status, c.count);
      for (const c of openCounts.all()) add(c.status, c.count);
      return counts;
    },
    oldestRetryAgeMs(now) {
      const row = oldestRetry.get();
      return row ? Math.max(0, now - row.createdAt) : 0;
    },
    newAttempts() {
      return snapshot(() => {
        const to = oldestOpenAttempt.get(attemptsFrom)?.n ?? (maxAttemptId.get()?.n ?? 0) + 1;
        if (to <= attemptsFrom) return [];
        const tallies = attemptsBetween.all(attemptsFrom, to);
        attemptsFrom = to;
        return tallies;
      });
    },
    newEvents() {
      return snapshot(() => {
        const to = maxEventId.get()?.n ?? 0;
        if (to <= eventsUpTo) return [];
        const tallies = eventsAfter.all(eventsUpTo, to);
        eventsUpTo = to;
        return tallies;
      });
    },
    ping() {
      ping.get();
    },
  };
}
