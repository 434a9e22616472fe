/**
 * Migration 0013 folds an installation's existing postings into the dashboard's rollup tables in one pass.
 * The dashboard must then show what it showed before, and keep following postings posted after the
 * migration, including ones that were in flight while it ran; a fold state missing must fail loudly.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { dashboardRepository } from '../../../src/main/store/repositories/dashboard';
import { postingWorkRepository } from '../../../src/main/store/repositories/posting-work';
import { bruteSummary } from '../../helpers/dashboard-brute';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 23, 15);
const today = Date.UTC(2026, 10, 23);
const days = Array.from({ length: 14 }, (_, i) => today - (13 - i) * DAY);

let txn = 0;
/** One event and its posting, written as an older Clearpost would have (no repository of this version). */
function addPosting(
  db: Database,
  status: string,
  at: number,
  options: { resolvedAt?: number | null; currency?: string; ehr?: string; channel?: string } = {},
): number {
  txn += 1;
  const ehr = options.ehr ?? 'epic';
  const eventId = Number(
    db
      .prepare(
        `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr,
           facility, transaction_at, received_at)
         VALUES ('sandbox', ?, 'one_time_payment', 'card', ?, ?, ?, 'MAIN', ?, ?)`,
      )
      .run(`M${String(txn)}`, 1_000 + txn, options.currency ?? 'USD', ehr, at, at).lastInsertRowid,
  );
  const posted = status === 'success' || status === 'manually_posted';
  const resolvedAt = options.resolvedAt === undefined ? (posted ? at : null) : options.resolvedAt;
  return Number(
    db
      .prepare(
        `INSERT INTO postings (event_id, ehr, connection_id, channel, status, next_attempt_at, resolved_at,
           created_at, updated_at)
         VALUES (?, ?, 'c1', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        eventId,
        ehr,
        options.channel ?? 'api',
        status,
        status === 'pending' ? at : null,
        resolvedAt,
        at,
        at,
      ).lastInsertRowid,
  );
}

function version12(path: string): Database {
  const before = bundledMigrations().filter((m) => m.version < 13);
  expect(before.at(-1)?.version).toBe(12);
  return openStore(path, { migrations: before }).db;
}

describe('migration 0013_dashboard_rollup', () => {
  it('folds existing postings so the dashboard shows what it showed before, then follows new ones', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = version12(path);
    for (let i = 0; i < 60; i += 1) {
      const at = NOW - i * 5 * HOUR - i * 60_000;
      addPosting(old, i % 5 === 0 ? 'manually_posted' : 'success', at, {
        currency: i % 4 === 0 ? 'CAD' : 'USD',
        ehr: i % 3 === 0 ? 'oracle_health' : 'epic',
      });
    }
    // A Success row from before resolved_at was written: posted at updated_at.
    addPosting(old, 'success', NOW - 2 * DAY, { resolvedAt: null });
    addPosting(old, 'declined', NOW - DAY, { ehr: 'oracle_health' });
    addPosting(old, 'will_not_be_sent', NOW - DAY, { channel: 'manual' });
    addPosting(old, 'failure', NOW - HOUR);
    addPosting(old, 'retry', NOW - HOUR);
    const inFlight = addPosting(old, 'pending', NOW - 30 * 60_000);
    const expected = bruteSummary(old, days);
    old.close();

    const store = openStore(path);
    expect(store.migration?.applied).toContain('0013_dashboard_rollup.sql');
    const db = store.db;
    const folded = db.prepare('SELECT sum(count) AS n FROM dashboard_posted_buckets').get() as { n: number };
    // Every posted row but the newest (which stays on the live side of the fold's line) was folded.
    expect(folded.n).toBe(60);
    let clockNow = NOW;
    const dashboard = dashboardRepository(db, () => clockNow);
    expect(dashboard.summary(days)).toEqual(expected);
    expect(dashboard.summary(days)).toEqual(bruteSummary(db, days));

    // The posting that was pending while the migration ran goes through the engine and posts.
    const work = postingWorkRepository(db);
    clockNow = NOW + 10 * 60_000;
    const [claimed] = work.claimDue('c1', clockNow, 1, 'engine', clockNow + 60_000);
    expect(claimed?.id).toBe(inFlight);
    clockNow += 20 * 60_000;
    work.settle(
      inFlight,
      {
        status: 'success',
        nextAttemptAt: null,
        windowExpiresAt: null,
        verifyFirst: false,
        ehrReference: 'E1',
        reasonCode: null,
        reason: null,
        nextStep: null,
        resolvedAt: clockNow,
      },
      clockNow,
    );
    clockNow += HOUR;
    const after = dashboard.summary(days);
    expect(after).toEqual(bruteSummary(db, days));
    expect(after.postedToday.reduce((n, t) => n + t.count, 0)).toBe(
      expected.postedToday.reduce((n, t) => n + t.count, 0) + 1,
    );
    db.close();
  });

  it('starts an empty installation at the beginning of time', () => {
    const { db } = openStore(join(tempDir(), 'clearpost.sqlite'));
    expect(db.prepare('SELECT sealed_before AS s, max_posting_id AS m FROM dashboard_fold').get()).toEqual({
      s: 0,
      m: 0,
    });
    db.close();
  });

  it('refuses to guess when the fold state is missing', () => {
    const { db } = openStore(join(tempDir(), 'clearpost.sqlite'));
    db.exec('DELETE FROM dashboard_fold');
    expect(() => dashboardRepository(db, () => NOW).summary(days)).toThrow(/migration 0013/);
    db.close();
  });
});
