/**
 * Migration 0029 rebuilds funding_items to take money a won case gives back (kind 'chargeback_reversal') and
 * adds the follow-up links of chargebacks and returns: a database with funding and a chargeback comes out with
 * both intact, the indexes back, the new kind allowed, an unknown kind still refused, and one row per
 * (request, kind) still enforced.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const item = (requestId: string, kind: string, amount: number) =>
  `INSERT INTO funding_items (merchant_id, request_id, kind, transaction_type, batch_id, funding_date, currency,
     amount_minor, funding_minor, imported_at)
   VALUES ('m1', '${requestId}', '${kind}', '${kind}', 'B1', '2025-03-04', 'USD', ${String(amount)}, ${String(amount)}, 1)`;

describe('migration 0029_chargeback_follow_ups', () => {
  it('keeps funding items and chargebacks, and allows the money a won case gives back', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = openStore(path, { migrations: bundledMigrations().filter((m) => m.version < 29) }).db;
    old.prepare(item('P1', 'purchase', 20_000)).run();
    old.prepare(item('P1', 'chargeback', -20_000)).run();
    expect(() => old.prepare(item('P1', 'chargeback_reversal', 20_000)).run()).toThrow(/CHECK/);
    old
      .prepare(
        `INSERT INTO chargebacks (request_id, case_number, action, amount_minor, currency, chargeback_date, imported_at)
         VALUES ('P1', 'CB-1', 'First Chargeback', 20000, 'USD', '2025-03-20', 1)`,
      )
      .run();
    old.close();

    const store = openStore(path);
    expect(store.migration?.applied[0]).toBe('0029_chargeback_follow_ups.sql');
    const db = store.db;
    expect(
      db.prepare('SELECT request_id AS r, kind, amount_minor AS a FROM funding_items ORDER BY id').all(),
    ).toEqual([
      { r: 'P1', kind: 'purchase', a: 20_000 },
      { r: 'P1', kind: 'chargeback', a: -20_000 },
    ]);
    db.prepare(item('P1', 'chargeback_reversal', 20_000)).run();
    expect(() => db.prepare(item('P1', 'chargeback_reversal', 20_000)).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(item('P2', 'bonus', 1)).run()).toThrow(/CHECK/);
    const indexes = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'funding_items' AND sql IS NOT NULL ORDER BY name",
      )
      .all()
      .map((r) => r.name);
    expect(indexes).toEqual(['funding_items_batch', 'funding_items_date']);
    expect(
      db.prepare('SELECT case_number AS c, repost_event_id AS w, quarantine_id AS q FROM chargebacks').all(),
    ).toEqual([{ c: 'CB-1', w: null, q: null }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    store.db.close();
  });
});
