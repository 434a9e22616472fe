/** The dashboard's aggregates: each one a single indexed query, so the screen stays quick at a million rows. */
import type { Database } from 'better-sqlite3';
import type {
  ChannelStatusCount,
  CurrencyTotal,
  DashboardSummary,
  DayPoint,
  OldestRetry,
} from '../../../shared/commands/console';
import { EXCEPTION_STATUSES } from '../../../shared/domain';
import { OPEN_EXCEPTIONS } from './queue';

const DAY_MS = 86_400_000;
/** Must match the partial index postings_posted_at word for word, or SQLite will not use it. */
const POSTED = `p.status IN ('success', 'manually_posted')`;
const POSTED_AT = 'coalesce(p.resolved_at, p.updated_at)';

export function dashboardRepository(db: Database) {
  const counts = db.prepare<[], ChannelStatusCount>(
    `SELECT ehr, channel, status, count(*) AS count FROM postings GROUP BY ehr, channel, status
     ORDER BY ehr, channel, status`,
  );
  const postedTotals = db.prepare<[number, number], CurrencyTotal>(
    `SELECT e.currency, sum(e.amount_minor) AS amountMinor, count(*) AS count
     FROM postings p JOIN payment_events e ON e.id = p.event_id
     WHERE ${POSTED} AND ${POSTED_AT} >= ? AND ${POSTED_AT} < ? GROUP BY e.currency ORDER BY e.currency`,
  );
  const postedCount = db.prepare<[number, number], { n: number }>(
    `SELECT count(*) AS n FROM postings p WHERE ${POSTED} AND ${POSTED_AT} >= ? AND ${POSTED_AT} < ?`,
  );
  const failedCount = db.prepare<[number, number], { n: number }>(
    `SELECT count(*) AS n FROM attempts WHERE outcome IN ('failed', 'not_applicable')
     AND finished_at >= ? AND finished_at < ?`,
  );
  // Soonest window first, items without one last: the queue's expiry order, served by its index (0009).
  const oldestRetry = db.prepare<[], OldestRetry>(
    `SELECT p.id AS postingId, e.processor_txn_id AS processorTxnId, e.guarantor_account AS guarantorAccount,
       e.amount_minor AS amountMinor, e.currency, p.created_at AS createdAt, p.next_attempt_at AS nextAttemptAt,
       p.window_expires_at AS windowExpiresAt
     FROM postings p JOIN payment_events e ON e.id = p.event_id
     WHERE ${OPEN_EXCEPTIONS} AND p.status = 'retry'
     ORDER BY coalesce(p.window_expires_at, ${String(Number.MAX_SAFE_INTEGER)}), p.id LIMIT 1`,
  );
  const exceptions = db.prepare<string[], { n: number }>(
    `SELECT count(*) AS n FROM postings WHERE status IN (${EXCEPTION_STATUSES.map(() => '?').join(', ')})`,
  );

  return {
    /**
     * `dayStarts` are the console's local midnights, ascending, the last being today's; each day runs to the
     * next start (today's to 24 h later), so the facility's time zone and DST are the caller's to decide.
     */
    summary(dayStarts: readonly number[]): DashboardSummary {
      const sorted = [...dayStarts].sort((a, b) => a - b);
      const today = sorted.at(-1) ?? 0;
      const endOf = (i: number) => sorted[i + 1] ?? (sorted[i] ?? 0) + DAY_MS;
      const series: DayPoint[] = sorted.map((dayStart, i) => ({
        dayStart,
        posted: postedCount.get(dayStart, endOf(i))?.n ?? 0,
        failed: failedCount.get(dayStart, endOf(i))?.n ?? 0,
      }));
      const weekStart = sorted[Math.max(0, sorted.length - 7)] ?? today;
      return {
        counts: counts.all(),
        postedToday: postedTotals.all(today, today + DAY_MS),
        postedLast7Days: postedTotals.all(weekStart, today + DAY_MS),
        series,
        oldestRetry: oldestRetry.get() ?? null,
        exceptions: exceptions.get(...EXCEPTION_STATUSES)?.n ?? 0,
      };
    },
  };
}
export type DashboardRepository = ReturnType<typeof dashboardRepository>;
