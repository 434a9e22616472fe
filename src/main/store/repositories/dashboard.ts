/**
 * The dashboard's aggregates, each costing the same at 100M postings of history as at a thousand
 * (bench/dashboard.bench.ts): posted totals and final-status counts come from the folded tables of migration
 * 0013 (dashboard-rollup.ts) plus the few minutes not folded yet; everything else is read from an index whose
 * size follows the open work (open statuses, failed attempts of the days shown, the oldest Retry).
 */
import type { Database } from 'better-sqlite3';
import type {
  ChannelStatusCount,
  CurrencyTotal,
  DashboardSummary,
  DayPoint,
  OldestRetry,
} from '../../../shared/commands/console';
import {
  CHANNELS,
  EHR_SYSTEMS,
  EXCEPTION_STATUSES,
  POSTING_STATUSES,
  STATUS_INFO,
} from '../../../shared/domain';
import { BUCKET_MS, dashboardRollup, POSTED, POSTED_AT, type BucketTotal } from './dashboard-rollup';
import { OPEN_EXCEPTIONS } from './queue';

const DAY_MS = 86_400_000;
const OPEN_STATUSES = POSTING_STATUSES.filter((s) => !STATUS_INFO[s].final);
const EXCEPTIONS = new Set<string>(EXCEPTION_STATUSES);
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export function dashboardRepository(db: Database, now: () => number = Date.now) {
  const rollup = dashboardRollup(db);
  // Every (ehr, channel, open status) is an equality seek into postings_ehr_channel_status, each counting only
  // that key's entries: the cost follows the open work, never the Success history. (An IN list here is built
  // once per read; on the engine's writes it would cost per row, see migration 0012.)
  const openCounts = db.prepare<[], ChannelStatusCount>(
    `SELECT ehr, channel, status, count(*) AS count FROM postings
     WHERE ehr IN (${list(EHR_SYSTEMS)}) AND channel IN (${list(CHANNELS)}) AND status IN (${list(OPEN_STATUSES)})
     GROUP BY ehr, channel, status`,
  );
  // Exact totals of a stretch shorter than a bucket, for day starts that are not on a quarter hour (the index is
  // named for the reason given in dashboard-rollup.ts).
  const postedTotals = db.prepare<[number, number], CurrencyTotal>(
    `SELECT e.currency, sum(e.amount_minor) AS amountMinor, count(*) AS count
     FROM postings p INDEXED BY postings_posted_at JOIN payment_events e ON e.id = p.event_id
     WHERE ${POSTED} AND ${POSTED_AT} >= ? AND ${POSTED_AT} < ? GROUP BY e.currency`,
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

  return {
    /**
     * `dayStarts` are the console's local midnights, ascending, the last being today's; each day runs to the
     * next start (today's to 24 h later), so the facility's time zone and DST are the caller's to decide.
     */
    summary(dayStarts: readonly number[]): DashboardSummary {
      const sorted = [...dayStarts].sort((a, b) => a - b);
      const today = sorted.at(-1) ?? 0;
      const endOf = (i: number) => sorted[i + 1] ?? (sorted[i] ?? 0) + DAY_MS;
      const first = sorted[0] ?? today;
      const view = rollup.view(now(), Math.floor(first / BUCKET_MS), Math.ceil((today + DAY_MS) / BUCKET_MS));

      // [from, to): whole buckets from the rollup, the ragged ends (if any) exactly from the postings.
      const postedIn = (from: number, to: number): CurrencyTotal[] => {
        const whole = { from: Math.ceil(from / BUCKET_MS), to: Math.floor(to / BUCKET_MS) };
        if (whole.from >= whole.to) return merge(postedTotals.all(from, to));
        const inside = view.buckets.filter((b) => b.bucket >= whole.from && b.bucket < whole.to);
        const ends = [
          ...(from < whole.from * BUCKET_MS ? postedTotals.all(from, whole.from * BUCKET_MS) : []),
          ...(whole.to * BUCKET_MS < to ? postedTotals.all(whole.to * BUCKET_MS, to) : []),
        ];
        return merge([...inside, ...ends]);
      };

      const series: DayPoint[] = sorted.map((dayStart, i) => ({
        dayStart,
        posted: postedIn(dayStart, endOf(i)).reduce((n, t) => n + t.count, 0),
        failed: failedCount.get(dayStart, endOf(i))?.n ?? 0,
      }));
      const weekStart = sorted[Math.max(0, sorted.length - 7)] ?? today;
      const counts = mergeCounts([...view.finalCounts, ...openCounts.all()]);
      return {
        counts,
        postedToday: postedIn(today, today + DAY_MS),
        postedLast7Days: postedIn(weekStart, today + DAY_MS),
        series,
        oldestRetry: oldestRetry.get() ?? null,
        exceptions: counts.reduce((n, c) => (EXCEPTIONS.has(c.status) ? n + c.count : n), 0),
      };
    },
  };
}
export type DashboardRepository = ReturnType<typeof dashboardRepository>;

/** Adds up totals per currency, in currency order, leaving out currencies with nothing posted. */
function merge(parts: readonly (CurrencyTotal | BucketTotal)[]): CurrencyTotal[] {
  const by = new Map<string, { count: number; amountMinor: number }>();
  for (const p of parts) {
    const t = by.get(p.currency) ?? { count: 0, amountMinor: 0 };
    by.set(p.currency, { count: t.count + p.count, amountMinor: t.amountMinor + p.amountMinor });
  }
  return [...by]
    .filter(([, t]) => t.count > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, t]) => ({ currency, amountMinor: t.amountMinor, count: t.count }));
}

/** One row per (ehr, channel, status) with postings, in that order (as a GROUP BY over the index gave it). */
function mergeCounts(parts: readonly ChannelStatusCount[]): ChannelStatusCount[] {
  const by = new Map<string, ChannelStatusCount>();
  for (const p of parts) {
    const key = `${p.ehr}\u0000${p.channel}\u0000${p.status}`;
    const seen = by.get(key);
    by.set(key, { ehr: p.ehr, channel: p.channel, status: p.status, count: (seen?.count ?? 0) + p.count });
  }
  return [...by]
    .filter(([, c]) => c.count > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}
