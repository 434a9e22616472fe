/**
 * Benchmark (issue #9): the dashboard (`dashboard.summary`'s repository call, 14 local days as the console
 * asks) at hospital scale. A large health system posts about 300,000 payments a day: the seed puts the newest
 * three quarters of the postings at that rate, ending now, and spreads the rest over the three years before
 * (status mix: see statusOf).
 * The postings are written into a schema-12 database and the file is then opened by this version, so migration
 * 0013's one-pass backfill runs on it as it would on an installation (its time is reported).
 *
 * Value: p95 of 20 refreshes, each after 30 s of engine work (about 100 payments admitted, claimed and posted
 * on a clock that moves with them), so the refreshes include the fold of new postings every 5 minutes.
 * Baseline, same run, same file: the queries the dashboard ran before migration 0013 (kept below), p50 of
 * a few calls. The last refresh is checked against the baseline's answer: a fast wrong figure is no figure.
 *
 * Also measured: what a trigger on postings would cost the engine. A status UPDATE is timed (the engine's
 * claim and settle statements, in one transaction, rolled back) with no trigger on postings and with one
 * trigger whose WHEN is never true; the difference is the statement journal SQLite opens for any statement
 * a trigger may follow, which is why migration 0013 has none.
 *
 *   npm run bench -- --only dashboard            # 200,000 postings
 *   npm run bench -- --only dashboard --full     # 1,000,000 postings (the issue's size)
 *   ROWS=500000 npm run bench -- --only dashboard
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Database } from 'better-sqlite3';
import { it } from 'vitest';
import type { DashboardSummary } from '../src/shared/commands/console';
import { EXCEPTION_STATUSES, STATUS_INFO, type PostingStatus } from '../src/shared/domain';
import { bundledMigrations } from '../src/main/store/migrate';
import { openStore } from '../src/main/store/open';
import { dashboardRepository } from '../src/main/store/repositories/dashboard';
import { percentile, report, size, time } from './lib/report';

const ROWS = size(200_000, 1_000_000, 'ROWS');
const PER_DAY = 300_000;
const DAY = 86_400_000;
const DAYS = 14;
const REFRESHES = 20;
const BASELINE_CALLS = 3;
const GOAL_P95_MS = 20;
const GOAL_RATIO = 0.02;

/**
 * Out of 1,000 recent payments: 950 posted (20 of them by hand), 30 open exceptions (failure, retry,
 * not applicable, needs verification), 10 declined, 10 taken through the manual workflow. Payments older than
 * 30 days have been worked: none of them is still open. The open ones are what the dashboard counts live, so
 * their number is reported beside the figures.
 */
function statusOf(i: number, recent: boolean): PostingStatus {
  const h = (i * 37) % 1_000;
  if (h < 930) return 'success';
  if (h < 950) return 'manually_posted';
  if (h < 960) return 'declined';
  if (h < 970) return 'will_not_be_sent';
  if (!recent) return 'success';
  if (h < 980) return 'failure';
  if (h < 990) return 'retry';
  if (h < 995) return 'not_applicable';
  return 'needs_verification';
}

/** Seeds `rows` events and postings (ids 1..rows, oldest first) and a failed attempt for each failure. */
function seed(db: Database, rows: number, now: number): void {
  const recent = Math.floor(rows * 0.75);
  const history = rows - recent;
  const spacing = DAY / PER_DAY;
  const historyStart = now - recent * spacing - 3 * 365 * DAY;
  const event = db.prepare(
    `INSERT INTO payment_events (id, source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
       transaction_at, received_at)
     VALUES (?, 'sandbox', ?, 'one_time_payment', 'card', ?, ?, ?, 'MAIN', ?, ?)`,
  );
  const posting = db.prepare(
    `INSERT INTO postings (id, event_id, ehr, connection_id, channel, status, attempts, resolved_at, created_at,
       updated_at, amount_minor)
     VALUES (?, ?, ?, 'sandbox', ?, ?, 1, ?, ?, ?, ?)`,
  );
  const attempt = db.prepare(
    `INSERT INTO attempts (posting_id, number, started_at, finished_at, request, outcome, duration_ms)
     VALUES (?, 1, ?, ?, '{}', 'failed', 200)`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const id = i + 1;
      const at =
        i < history ? historyStart + Math.floor((i * 3 * 365 * DAY) / history) : now - (rows - i) * spacing;
      const ehr = i % 3 === 0 ? 'epic' : 'oracle_health';
      const status = statusOf(i, at > now - 30 * DAY);
      const amount = 100 + ((i * 7_919) % 500_000);
      const posted = status === 'success' || status === 'manually_posted';
      const channel = status === 'will_not_be_sent' ? 'manual' : 'api';
      event.run(id, `T${String(id)}`, amount, i % 20 === 0 ? 'CAD' : 'USD', ehr, at, at);
      posting.run(id, id, ehr, channel, status, posted ? at + 2_000 : null, at, at + 2_000, amount);
      if (status === 'failure') attempt.run(id, at, at + 200);
    }
  });
  for (let i = 0; i < rows; i += 50_000) batch(i, Math.min(rows, i + 50_000));
}

/** The dashboard's queries before migration 0013, verbatim: the baseline. */
function oldDashboard(db: Database) {
  const POSTED = `p.status IN ('success', 'manually_posted')`;
  const POSTED_AT = 'coalesce(p.resolved_at, p.updated_at)';
  const OPEN = `(${EXCEPTION_STATUSES.map((s) => `p.status = '${s}'`).join(' OR ')})`;
  const counts = db.prepare(
    `SELECT ehr, channel, status, count(*) AS count FROM postings GROUP BY ehr, channel, status
     ORDER BY ehr, channel, status`,
  );
  const postedTotals = db.prepare(
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
  const oldestRetry = db.prepare(
    `SELECT p.id AS postingId, e.processor_txn_id AS processorTxnId, e.guarantor_account AS guarantorAccount,
       e.amount_minor AS amountMinor, e.currency, p.created_at AS createdAt, p.next_attempt_at AS nextAttemptAt,
       p.window_expires_at AS windowExpiresAt
     FROM postings p JOIN payment_events e ON e.id = p.event_id
     WHERE ${OPEN} AND p.status = 'retry'
     ORDER BY coalesce(p.window_expires_at, ${String(Number.MAX_SAFE_INTEGER)}), p.id LIMIT 1`,
  );
  const exceptions = db.prepare<string[], { n: number }>(
    `SELECT count(*) AS n FROM postings WHERE status IN (${EXCEPTION_STATUSES.map(() => '?').join(', ')})`,
  );
  return (dayStarts: readonly number[]): DashboardSummary => {
    const sorted = [...dayStarts].sort((a, b) => a - b);
    const today = sorted.at(-1) ?? 0;
    const endOf = (i: number) => sorted[i + 1] ?? (sorted[i] ?? 0) + DAY;
    const weekStart = sorted[Math.max(0, sorted.length - 7)] ?? today;
    return {
      counts: counts.all() as DashboardSummary['counts'],
      postedToday: postedTotals.all(today, today + DAY) as DashboardSummary['postedToday'],
      postedLast7Days: postedTotals.all(weekStart, today + DAY) as DashboardSummary['postedToday'],
      series: sorted.map((dayStart, i) => ({
        dayStart,
        posted: postedCount.get(dayStart, endOf(i))?.n ?? 0,
        failed: failedCount.get(dayStart, endOf(i))?.n ?? 0,
      })),
      oldestRetry: (oldestRetry.get() as DashboardSummary['oldestRetry'] | undefined) ?? null,
      exceptions: exceptions.get(...EXCEPTION_STATUSES)?.n ?? 0,
    };
  };
}

/** 30 s of the engine at 300,000 a day: admit, claim, post, with the engine's own statements' shape. */
function engineWork(db: Database, from: number, clock: { now: number }) {
  const event = db.prepare(
    `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
       transaction_at, received_at)
     VALUES ('sandbox', ?, 'one_time_payment', 'card', ?, 'USD', 'epic', 'MAIN', ?, ?)`,
  );
  const admit = db.prepare(
    `INSERT INTO postings (event_id, ehr, connection_id, channel, status, next_attempt_at, created_at, updated_at,
       amount_minor)
     VALUES (?, 'epic', 'sandbox', 'api', 'pending', ?, ?, ?, ?)`,
  );
  const claim = db.prepare(
    `UPDATE postings SET status = 'in_flight', lease_until = ?, lease_owner = 'bench', updated_at = ? WHERE id = ?`,
  );
  const settle = db.prepare(
    `UPDATE postings SET status = 'success', next_attempt_at = NULL, ehr_reference = 'E', resolved_at = ?,
       lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`,
  );
  let n = from;
  return db.transaction(() => {
    const step = (30_000 * PER_DAY) / DAY;
    for (let i = 0; i < step; i += 1) {
      n += 1;
      clock.now += DAY / PER_DAY;
      const eventId = Number(
        event.run(`W${String(n)}`, 5_000 + (n % 700), clock.now, clock.now).lastInsertRowid,
      );
      const id = Number(
        admit.run(eventId, clock.now, clock.now, clock.now, 5_000 + (n % 700)).lastInsertRowid,
      );
      claim.run(clock.now + 60_000, clock.now, id);
      settle.run(clock.now + 150, clock.now + 150, id);
    }
    return n;
  });
}

/** µs per status change of the engine's claim and settle statements, in a transaction that is rolled back. */
function statusChangeMicros(db: Database, ids: readonly number[]): number {
  const claim = db.prepare(
    `UPDATE postings SET status = 'in_flight', lease_until = ?, lease_owner = 'bench', updated_at = ? WHERE id = ?`,
  );
  const settle = db.prepare(
    `UPDATE postings SET status = ?, next_attempt_at = ?, window_expires_at = ?, verify_first = 0,
       ehr_reference = ?, reason_code = NULL, reason = NULL, next_step = NULL, resolved_at = ?, lease_owner = NULL,
       lease_until = NULL, updated_at = ? WHERE id = ?`,
  );
  const t = Date.now();
  db.exec('BEGIN');
  try {
    const { ms } = time(() => {
      for (const id of ids) {
        claim.run(t + 60_000, t, id);
        settle.run('retry', t + 1_000, t + DAY, null, null, t, id);
        claim.run(t + 60_000, t, id);
        settle.run('success', null, null, 'E', t, t, id);
      }
    });
    return (ms * 1_000) / (ids.length * 4);
  } finally {
    db.exec('ROLLBACK');
  }
}

it(`answers the dashboard over ${String(ROWS)} postings as fast as over a few`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-dashboard-'));
  try {
    const path = join(dir, 'clearpost.db');
    const now = Date.now();
    const old = openStore(path, { migrations: bundledMigrations().filter((m) => m.version < 13) });
    const seeded = time(() => seed(old.db, ROWS, now));
    // Migration 0013 alone (no backup copy): run on the schema-12 file, then rolled back.
    const sql = bundledMigrations().find((m) => m.version === 13)?.sql ?? '';
    const migration = time(() => {
      old.db.exec('BEGIN');
      old.db.exec(sql);
      old.db.exec('ROLLBACK');
    });
    old.db.close();
    const opened = time(() => openStore(path));
    const { db } = opened.value;

    // The console's 14 local midnights (UTC here), today's last.
    const today = now - (now % DAY);
    const dayStarts = Array.from({ length: DAYS }, (_, i) => today - (DAYS - 1 - i) * DAY);

    const before = oldDashboard(db);
    const baselineTimes = Array.from({ length: BASELINE_CALLS }, () => time(() => before(dayStarts)).ms);
    const baseline = percentile(baselineTimes, 50);

    const clock = { now };
    const dashboard = dashboardRepository(db, () => clock.now);
    const first = time(() => dashboard.summary(dayStarts));
    let n = 0;
    const times: number[] = [];
    const foldTimes: number[] = [];
    const sealed = db.prepare<[], { s: number }>('SELECT sealed_before AS s FROM dashboard_fold');
    let last: DashboardSummary = first.value;
    for (let i = 0; i < REFRESHES; i += 1) {
      n = engineWork(db, n, clock)();
      const seal = sealed.get()?.s;
      const r = time(() => dashboard.summary(dayStarts));
      times.push(r.ms);
      // The refreshes that folded (every 5 minutes of postings) are the ones that write: kept apart too.
      if (sealed.get()?.s !== seal) foldTimes.push(r.ms);
      last = r.value;
    }
    const expected = before(dayStarts);
    if (!isDeepStrictEqual(last, expected)) {
      throw new Error('the dashboard disagrees with the old queries on the same data');
    }
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);

    // The trigger question, on this file: up to 2,000 recent postings, each claimed and settled twice.
    const ids = Array.from({ length: Math.min(2_000, Math.floor(ROWS / 3)) }, (_, i) => ROWS - i * 3);
    const plain: number[] = [];
    const triggered: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      plain.push(statusChangeMicros(db, ids));
      db.exec(`CREATE TRIGGER bench_never AFTER UPDATE OF status ON postings WHEN 0
               BEGIN SELECT 1; END`);
      triggered.push(statusChangeMicros(db, ids));
      db.exec('DROP TRIGGER bench_never');
    }
    const us = (n: number) => Math.round(n * 100) / 100;
    db.close();

    report({
      name: 'dashboard',
      value: p95,
      unit: 'ms',
      baseline,
      goal: `p95 <= ${String(GOAL_P95_MS)} ms and ratio <= ${String(GOAL_RATIO)}`,
      met: p95 <= GOAL_P95_MS && p95 / baseline <= GOAL_RATIO,
      rows: ROWS,
      postingsPerDay: PER_DAY,
      days: DAYS,
      p50: us(p50),
      p95: us(p95),
      firstCallMs: us(first.ms),
      foldingCallsMs: foldTimes.map(us),
      callsMs: times.map(us),
      baselineCallsMs: baselineTimes.map(us),
      postedLast7Days: expected.postedLast7Days.reduce((s, t) => s + t.count, 0),
      // Counted live at every refresh (the statuses that still move), unlike the history.
      openPostings: expected.counts.reduce((s, c) => (STATUS_INFO[c.status].final ? s : s + c.count), 0),
      migration0013Seconds: Math.round(migration.ms / 100) / 10,
      // Opening also takes the pre-migration backup copy before it runs 0013 again for real.
      openAndMigrateSeconds: Math.round(opened.ms / 100) / 10,
      seedSeconds: Math.round(seeded.ms / 100) / 10,
      statusChangeUs: us(Math.min(...plain)),
      statusChangeWithTriggerUs: us(Math.min(...triggered)),
      loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 3_600_000);
