/**
 * Migration 0014 rebuilds the audit trail without the UNIQUE index on hash. Every entry must come through as
 * it was (ids, content, hashes), so the chain and an anchor taken before the upgrade still verify; the table
 * must stay append-only, keep its subject index and take new entries that chain onto the old ones.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { auditRepository } from '../../../src/main/store/repositories/audit';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 10, 1);

function version13(path: string): Database {
  const before = bundledMigrations().filter((m) => m.version < 14);
  expect(before.at(-1)?.version).toBe(13);
  return openStore(path, { migrations: before }).db;
}

const rows = (db: Database) => db.prepare('SELECT * FROM audit_events ORDER BY id').all();

describe('migration 0014_audit_hash_not_indexed', () => {
  it('keeps every entry as it was, so the chain and an anchor from before still verify', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = version13(path);
    const audit = auditRepository(old);
    old.transaction(() => {
      for (let i = 1; i <= 500; i += 1) {
        audit.append(
          {
            actor: i % 9 === 0 ? 'pat.billing' : 'engine',
            action: i % 2 ? 'posting.created' : 'posting.success',
            subjectType: 'posting',
            subjectId: String(Math.ceil(i / 2)),
            details: { from: 'in_flight', reasonCode: null, amountMinor: 1_000 + i },
          },
          T0 + i * 1_000,
        );
      }
    })();
    const before = rows(old);
    const anchor = audit.headEntry()!;
    expect(
      old.prepare('SELECT count(*) AS n FROM pragma_index_list(\'audit_events\') WHERE "unique" = 1').get(),
    ).toEqual({ n: 1 });
    old.close();

    const store = openStore(path);
    // Later migrations follow it; 0014 is the one that rebuilt the table.
    expect(store.migration?.applied[0]).toBe('0014_audit_hash_not_indexed.sql');
    const db = store.db;
    expect(rows(db)).toEqual(before);
    const upgraded = auditRepository(db);
    expect(upgraded.verify(anchor)).toMatchObject({ ok: true, checked: 500, brokenAt: null });

    // New entries chain onto the old head, and the whole log verifies.
    upgraded.append(
      { actor: 'engine', action: 'posting.success', subjectType: 'posting', subjectId: '251' },
      T0 + 501_000,
    );
    const check = upgraded.verify(upgraded.headEntry());
    expect(check).toMatchObject({ ok: true, checked: 501, lastId: 501 });
    expect(upgraded.forSubject('posting', '251')).toHaveLength(1);

    // No unique index left on the table; the subject index is back and used.
    const indexes = db.prepare('SELECT name, "unique" FROM pragma_index_list(\'audit_events\')').all();
    expect(indexes).toEqual([{ name: 'audit_events_subject', unique: 0 }]);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM audit_events WHERE subject_type = 'posting' AND subject_id = '1'",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('INDEX audit_events_subject');
    db.close();
  });

  it('leaves the trail append-only', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = version13(path);
    auditRepository(old).append(
      { actor: 'engine', action: 'posting.created', subjectType: 'posting', subjectId: '1' },
      T0,
    );
    old.close();
    const { db } = openStore(path);
    expect(() => db.prepare("UPDATE audit_events SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 1 });
    db.close();
  });
});
