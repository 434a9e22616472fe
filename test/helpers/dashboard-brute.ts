/**
 * The dashboard's figures recomputed by brute force, straight from postings, payment_events and attempts with
 * the queries the dashboard ran before its rollup (migration 0013): what any summary must equal.
 */
import type { Database } from 'better-sqlite3';
import type { DashboardSummary } from '../../src/shared/commands/console';
import { EXCEPTION_STATUSES } from '../../src/shared/domain';

const DAY_MS = 86_400_000;
const POSTED_AT = 'coalesce(p.resolved_at, p.updated_at)';

export function bruteSummary(db: Database, dayStarts: readonly number[]): DashboardSummary {
  const sorted = [...dayStarts].sort((a, b) => a - b);
  const today = sorted.at(-1) ?? 0;
  const endOf = (i: number) => sorted[i + 1] ?? (sorted[i] ?? 0) + DAY_MS;
  const totals = (from: number, to: number) =>
    db
      .prepare(
        `SELECT e.currency, sum(e.amount_minor) AS amountMinor, count(*) AS count
         FROM postings p NOT INDEXED JOIN payment_events e ON e.id = p.event_id
         WHERE p.status IN ('success', 'manually_posted') AND ${POSTED_AT} >= ? AND ${POSTED_AT} < ?
         GROUP BY e.currency ORDER BY e.currency`,
      )
      .all(from, to) as DashboardSummary['postedToday'];
  const failed = (from: number, to: number) =>
    (
      db
        .prepare(
          `SELECT count(*) AS n FROM attempts NOT INDEXED WHERE outcome IN ('failed', 'not_applicable')
           AND finished_at >= ? AND finished_at < ?`,
        )
        .get(from, to) as { n: number }
    ).n;
  const weekStart = sorted[Math.max(0, sorted.length - 7)] ?? today;
  const oldestRetry = db
    .prepare(
      `SELECT p.id AS postingId, e.processor_txn_id AS processorTxnId, e.guarantor_account AS guarantorAccount,
         e.amount_minor AS amountMinor, e.currency, p.created_at AS createdAt, p.next_attempt_at AS nextAttemptAt,
         p.window_expires_at AS windowExpiresAt
       FROM postings p NOT INDEXED JOIN payment_events e ON e.id = p.event_id WHERE p.status = 'retry'
       ORDER BY coalesce(p.window_expires_at, ${String(Number.MAX_SAFE_INTEGER)}), p.id LIMIT 1`,
    )
    .get() as DashboardSummary['oldestRetry'] | undefined;
  return {
    counts: db
      .prepare(
        `SELECT ehr, channel, status, count(*) AS count FROM postings NOT INDEXED
         GROUP BY ehr, channel, status ORDER BY ehr, channel, status`,
      )
      .all() as DashboardSummary['counts'],
    postedToday: totals(today, today + DAY_MS),
    postedLast7Days: totals(weekStart, today + DAY_MS),
    series: sorted.map((dayStart, i) => ({
      dayStart,
      posted: totals(dayStart, endOf(i)).reduce((n, t) => n + t.count, 0),
      failed: failed(dayStart, endOf(i)),
    })),
    oldestRetry: oldestRetry ?? null,
    exceptions: (
      db
        .prepare(
          `SELECT count(*) AS n FROM postings NOT INDEXED
           WHERE status IN (${EXCEPTION_STATUSES.map(() => '?').join(', ')})`,
        )
        .get(...EXCEPTION_STATUSES) as { n: number }
    ).n,
  };
}
