import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { bundledMigrations, migrate } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** Schema 1 alone, applied to an empty database. */
function schema1(): Database {
  const [first] = bundledMigrations();
  if (!first) throw new Error('no migrations');
  const store = openStore(join(tempDir(), 'clearpost.sqlite'), { migrations: [first] });
  return store.db;
}

const event = (db: Database, overrides: Record<string, unknown> = {}) => {
  const row = {
    source: 'webhook',
    processor_txn_id: 'T1',
    kind: 'one_time_payment',
    tender: 'card',
    amount_minor: 1000,
    currency: 'USD',
    ehr: 'epic',
    facility: 'MAIN',
    card_last4: '4242',
    transaction_at: 0,
    received_at: 0,
    ...overrides,
  };
  const columns = Object.keys(row);
  return db
    .prepare(
      `INSERT INTO payment_events (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    )
    .run(row);
};

describe('migration 0001_initial', () => {
  let db: Database;
  beforeEach(() => {
    db = schema1();
  });

  it('makes every table STRICT', () => {
    const tables = ['payment_events', 'postings', 'attempts', 'notes', 'audit_events', 'quarantined_inputs'];
    for (const table of tables) {
      const info = db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(table) as {
        strict: number;
      };
      expect(info.strict, table).toBe(1);
    }
  });

  it('stores money only as integers', () => {
    expect(() => event(db, { amount_minor: 10.5 })).toThrow(/cannot store REAL value in INTEGER column/);
    // STRICT converts numeric text losslessly or refuses it: "10.50" would be REAL, so it is refused too.
    expect(() => event(db, { amount_minor: '10.50' })).toThrow(/cannot store REAL value in INTEGER column/);
    expect(() => event(db, { amount_minor: 'ten dollars' })).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
  });

  it('keeps one event per processor transaction and kind', () => {
    event(db);
    expect(() => event(db)).toThrow(/UNIQUE constraint failed/);
    expect(() => event(db, { kind: 'refund' })).not.toThrow();
  });

  it('refuses anything but four digits as the card suffix, so a full card number cannot land there', () => {
    expect(() => event(db, { card_last4: '4111111111111111' })).toThrow(/CHECK constraint failed/);
    expect(() => event(db, { processor_txn_id: 'T2', card_last4: '12a4' })).toThrow(
      /CHECK constraint failed/,
    );
  });

  it('allows one posting per event and only known statuses', () => {
    const { lastInsertRowid } = event(db);
    const insert = db.prepare(
      `INSERT INTO postings (event_id, ehr, connection_id, channel, status, created_at, updated_at)
       VALUES (?, 'epic', 'epic-1', 'api', ?, 0, 0)`,
    );
    insert.run(lastInsertRowid, 'pending');
    expect(() => insert.run(lastInsertRowid, 'pending')).toThrow(
      /UNIQUE constraint failed: postings.event_id/,
    );
    const other = event(db, { processor_txn_id: 'T9' }).lastInsertRowid;
    expect(() => insert.run(other, 'posted-ish')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run(999, 'pending')).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('keeps the audit trail append-only', () => {
    db.prepare(
      `INSERT INTO audit_events (at, actor, action, subject_type, prev_hash, hash) VALUES (0, 'a', 'b', 'c', 'p', 'h')`,
    ).run();
    expect(() => db.prepare("UPDATE audit_events SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });

  it('serves the engine and the queue from indexes, not scans', () => {
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    expect(
      plan(
        "SELECT id FROM postings INDEXED BY postings_due WHERE status IN ('pending','retry') AND held = 0 AND next_attempt_at <= 5 ORDER BY next_attempt_at",
      ),
    ).toMatch(/USING INDEX postings_due/);
    expect(plan("SELECT id FROM postings WHERE status = 'failure' AND id < 100 ORDER BY id DESC")).toMatch(
      /USING COVERING INDEX postings_status_id/,
    );
    expect(plan('SELECT id FROM attempts WHERE finished_at IS NULL')).toMatch(/attempts_open/);
    expect(plan("SELECT id FROM payment_events WHERE guarantor_account = 'G1'")).toMatch(
      /payment_events_guarantor/,
    );
  });

  it('applies on top of nothing and nothing else', () => {
    const [first] = bundledMigrations();
    expect(first?.name).toBe('0001_initial.sql');
    expect(() => migrate(db, bundledMigrations().slice(0, 1), tempDir())).not.toThrow();
  });
});
