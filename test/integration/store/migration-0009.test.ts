/**
 * Migration 0009 copies each payment's amount onto its posting, for the queue's amount indexes. The copy must
 * be right for postings that existed before it, for postings created afterwards by any path, and must follow
 * the event if its amount were ever corrected; a wrong copy would sort and filter the queue by a wrong amount.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

function addEvent(db: Database, txn: string, amountMinor: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr,
           facility, transaction_at, received_at)
         VALUES ('sandbox', ?, 'one_time_payment', 'card', ?, 'USD', 'epic', 'MAIN', 1, 1)`,
      )
      .run(txn, amountMinor).lastInsertRowid,
  );
}

/** A posting written the way older code and fixtures write one: without amount_minor. */
function addPosting(db: Database, eventId: number, status = 'failure'): number {
  return Number(
    db
      .prepare(
        `INSERT INTO postings (event_id, ehr, connection_id, channel, status, created_at, updated_at)
         VALUES (?, 'epic', 'c', 'api', ?, 1, 1)`,
      )
      .run(eventId, status).lastInsertRowid,
  );
}

const amountOf = (db: Database, postingId: number) =>
  (db.prepare('SELECT amount_minor AS a FROM postings WHERE id = ?').get(postingId) as { a: number | null })
    .a;

describe('migration 0009_queue_indexes', () => {
  it('copies the amount of every existing posting from its event', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const all = bundledMigrations();
    const before = all.filter((m) => m.version < 9);
    expect(before.length).toBe(8);
    const old = openStore(path, { migrations: before });
    const ids = [12_550, -4_000, 0].map((amount, i) =>
      addPosting(old.db, addEvent(old.db, `T${String(i)}`, amount)),
    );
    old.db.close();

    const store = openStore(path);
    expect(store.migration?.applied).toContain('0009_queue_indexes.sql');
    expect(ids.map((id) => amountOf(store.db, id))).toEqual([12_550, -4_000, 0]);
    store.db.close();
  });

  it('fills the amount of a posting inserted without it, and keeps it when given', () => {
    const { db } = openStore(join(tempDir(), 'clearpost.sqlite'));
    const filled = addPosting(db, addEvent(db, 'T1', 3_333));
    expect(amountOf(db, filled)).toBe(3_333);

    const repos = createRepositories(db);
    const eventId = addEvent(db, 'T2', 7_700);
    const created = repos.postings.create(
      { eventId, ehr: 'epic', connectionId: 'c', channel: 'api', status: 'retry' },
      1,
    );
    expect(amountOf(db, created)).toBe(7_700);
    db.close();
  });

  it('follows a corrected event amount', () => {
    const { db } = openStore(join(tempDir(), 'clearpost.sqlite'));
    const posting = addPosting(db, addEvent(db, 'T1', 1_000));
    const other = addPosting(db, addEvent(db, 'T2', 2_000));
    db.prepare("UPDATE payment_events SET amount_minor = 1500 WHERE processor_txn_id = 'T1'").run();
    expect(amountOf(db, posting)).toBe(1_500);
    expect(amountOf(db, other)).toBe(2_000);
    db.close();
  });

  it('replaces the bare-column expiry index with the queue indexes', () => {
    const { db } = openStore(join(tempDir(), 'clearpost.sqlite'));
    const names = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'postings'").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(names).not.toContain('postings_status_expiry');
    expect(names).toEqual(
      expect.arrayContaining([
        'postings_queue_id',
        'postings_queue_expiry',
        'postings_queue_status_expiry',
        'postings_queue_amount',
        'postings_queue_status_amount',
        'postings_queue_amount_expiry',
      ]),
    );
    db.close();
  });
});
