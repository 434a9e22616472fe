/**
 * Migration 0018 takes pending and in-flight postings out of postings_status_id, so a payment's passage through
 * them writes that index no more. Every posting must come through, the index must hold exactly the postings
 * in the other statuses (those before the upgrade and those written after), and the engine's transit must
 * leave no entry in it until the payment settles.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { POSTING_STATUSES } from '../../../src/shared/domain';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { postingWorkRepository } from '../../../src/main/store/repositories/posting-work';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

function addPosting(db: Database, n: number, status: string, connectionId = 'c1'): number {
  const eventId = Number(
    db
      .prepare(
        `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr,
           facility, transaction_at, received_at)
         VALUES ('webhook', ?, 'one_time_payment', 'card', 12550, 'USD', 'epic', 'MAIN', 1, 1)`,
      )
      .run(`T${String(n)}`).lastInsertRowid,
  );
  return Number(
    db
      .prepare(
        `INSERT INTO postings (event_id, ehr, connection_id, channel, status, next_attempt_at, created_at,
           updated_at, amount_minor)
         VALUES (?, 'epic', ?, 'api', ?, 1, 1, 1, 12550)`,
      )
      .run(eventId, connectionId, status).lastInsertRowid,
  );
}

/** The postings the index holds: its entries (SQLite's dbstat), and each status as read through it. */
function indexed(db: Database): { entries: number; byStatus: Record<string, number> } {
  const { entries } = db
    .prepare<[], { entries: number }>(
      // An index b-tree keeps entries in its interior pages too: every page's cells count.
      `SELECT sum(ncell) AS entries FROM dbstat WHERE name = 'postings_status_id'`,
    )
    .get()!;
  // Each status written out: a bound `status = ?` proves nothing about a partial index when it is prepared.
  const count = (status: string) =>
    db
      .prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM postings INDEXED BY postings_status_id WHERE status = '${status}'`,
      )
      .get()!.n;
  const byStatus = Object.fromEntries(
    POSTING_STATUSES.filter((s) => !TRANSIT.has(s)).map((s) => [s, count(s)]),
  );
  return { entries, byStatus };
}

const TRANSIT = new Set(['pending', 'in_flight']);

describe('migration 0018_status_index_skips_transit', () => {
  it('keeps every posting; the status index holds all but pending and in-flight ones, before and after', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = openStore(path, { migrations: bundledMigrations().filter((m) => m.version < 18) }).db;
    POSTING_STATUSES.forEach((status, i) => addPosting(old, i, status));
    old.close();

    const { db, schemaVersion } = openStore(path);
    expect(schemaVersion).toBeGreaterThanOrEqual(18);
    expect(db.prepare('SELECT count(*) AS n FROM postings').get()).toEqual({ n: POSTING_STATUSES.length });
    const resolved = POSTING_STATUSES.filter((s) => !TRANSIT.has(s));
    const expected = { entries: resolved.length, byStatus: Object.fromEntries(resolved.map((s) => [s, 1])) };
    expect(indexed(db)).toEqual(expected);
    // A query for a status the index leaves out cannot be answered through it: SQLite refuses the plan.
    expect(() =>
      db.prepare("SELECT id FROM postings INDEXED BY postings_status_id WHERE status = 'pending'").all(),
    ).toThrow(/no query solution/);

    // A payment's passage: admitted (pending), claimed (in flight), settled. Only the settlement enters the index.
    const id = addPosting(db, 100, 'pending', 'c2');
    expect(indexed(db)).toEqual(expected);
    const work = postingWorkRepository(db);
    const [claimed] = work.claimDue('c2', 2, 5, 'engine', 60_000);
    expect(claimed?.id).toBe(id);
    expect(indexed(db)).toEqual(expected);
    const settled = work.settleHeld(
      id,
      claimed!.lease,
      {
        status: 'success',
        nextAttemptAt: null,
        windowExpiresAt: null,
        verifyFirst: false,
        ehrReference: 'E1',
        reasonCode: null,
        reason: null,
        nextStep: null,
        resolvedAt: 3,
      },
      3,
    );
    expect(settled).toBe(true);
    expect(indexed(db)).toEqual({
      entries: resolved.length + 1,
      byStatus: { ...expected.byStatus, success: 2 },
    });
    db.close();
  });
});
