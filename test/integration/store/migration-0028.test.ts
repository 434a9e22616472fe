/**
 * Migration 0028 rebuilds close_periods (a new state and a revision) under late_events' references to it: a
 * database with a closed month and a late event held for it comes out with both intact, the reference still
 * enforced, and the new state allowed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('migration 0028_close_reopen', () => {
  it('keeps closed periods and their late events, and their link', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = openStore(path, { migrations: bundledMigrations().filter((m) => m.version < 28) }).db;
    old
      .prepare(
        `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
           transaction_at, received_at) VALUES ('file', 'T1', 'one_time_payment', 'card', 500, 'USD', 'epic', 'MAIN', 5, 5)`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO close_periods (id, scope, month, time_zone, start_at, end_at, state, prepared_by, prepared_at,
           balance, approved_by, approved_at, package_dir, manifest_sha256)
         VALUES (7, '*', '2025-03', 'UTC', 1, 10, 'approved', 'sam', 11, '{}', 'alex', 12, '/p', 'abc')`,
      )
      .run();
    old.prepare('INSERT INTO late_events (event_id, period_id, flagged_at) VALUES (1, 7, 13)').run();
    old.close();

    const store = openStore(path);
    expect(store.migration?.applied[0]).toBe('0028_close_reopen.sql');
    const db = store.db;
    expect(
      db.prepare('SELECT id, state, approved_by AS approvedBy, revision FROM close_periods').all(),
    ).toEqual([{ id: 7, state: 'approved', approvedBy: 'alex', revision: 1 }]);
    expect(
      db
        .prepare(
          'SELECT event_id AS eventId, period_id AS periodId, released_at AS releasedAt FROM late_events',
        )
        .all(),
    ).toEqual([{ eventId: 1, periodId: 7, releasedAt: null }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The reference follows the rebuilt table: a late event of no period is refused.
    const lateSql = db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'late_events'")
      .get();
    expect(lateSql?.sql).not.toContain('close_periods_new');
    db.prepare(
      `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
         transaction_at, received_at) VALUES ('file', 'T2', 'one_time_payment', 'card', 500, 'USD', 'epic', 'MAIN', 6, 6)`,
    ).run();
    expect(() =>
      db.prepare('INSERT INTO late_events (event_id, period_id, flagged_at) VALUES (2, 99, 1)').run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(
      "UPDATE close_periods SET state = 'reopened', approved_by = NULL, approved_at = NULL WHERE id = 7",
    ).run();
    expect(() => db.prepare("UPDATE close_periods SET state = 'closed' WHERE id = 7").run()).toThrow(/CHECK/);
    db.close();
  });
});
