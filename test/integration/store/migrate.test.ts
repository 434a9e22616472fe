import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bundledMigrations, migrate, parseMigration, type Migration } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { StoreError } from '../../../src/main/store/store-error';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

function storeError(run: () => unknown): StoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

const extra = (sql: string, version = bundledMigrations().length + 1): Migration =>
  parseMigration(`${String(version).padStart(4, '0')}_test_extra.sql`, sql);

describe('opening the store', () => {
  it('refuses a database written by a newer Clearpost, and leaves it unchanged', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    openStore(path).db.close();
    const raw = new BetterSqlite3(path);
    raw.pragma('user_version = 99');
    raw.close();
    const before = readFileSync(path);

    const error = storeError(() => openStore(path));
    expect(error.code).toBe('database_too_new');
    expect(error.message).toMatch(/newer version of Clearpost \(schema 99; this version knows schema \d+\)/);
    expect(error.message).toMatch(/Install the newer Clearpost/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a migration file edited after it was applied, naming the file and what to do', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const shipped = bundledMigrations();
    openStore(path, { migrations: shipped }).db.close();
    const [first, ...rest] = shipped;
    if (!first) throw new Error('no migrations');
    const edited = [{ ...first, sql: `${first.sql}\n-- a harmless-looking edit\n` }, ...rest];

    const error = storeError(() => openStore(path, { migrations: edited }));
    expect(error.code).toBe('migration_changed');
    expect(error.message).toContain(first.name);
    expect(error.message).toMatch(/never be edited — add a new migration instead/);
  });

  it('rolls a migration that fails half-way back whole, keeping the previous version and its data', () => {
    const dir = tempDir();
    const path = join(dir, 'clearpost.sqlite');
    const shipped = bundledMigrations();
    const store = openStore(path, { migrations: shipped });
    store.db
      .prepare(
        "INSERT INTO notes (posting_id, kind, author, body, created_at) SELECT 1, 'note', 'x', 'y', 0 WHERE 0",
      )
      .run();
    store.db.exec("CREATE TABLE keepsake (v TEXT) STRICT; INSERT INTO keepsake VALUES ('patient payments')");
    store.db.close();

    // The first statement succeeds, the second fails: nothing of it may remain.
    const failing = extra(
      'CREATE TABLE half_done (x INTEGER) STRICT;\nINSERT INTO no_such_table VALUES (1);',
    );
    const error = storeError(() => openStore(path, { migrations: [...shipped, failing] }));
    expect(error.code).toBe('migration_failed');
    expect(error.message).toMatch(/rolled back/);
    expect(error.message).toMatch(/copy taken before migrating is at/);

    const reopened = openStore(path, { migrations: shipped });
    expect(reopened.schemaVersion).toBe(shipped.length);
    expect(reopened.db.prepare('SELECT v FROM keepsake').pluck().get()).toBe('patient payments');
    expect(
      reopened.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").pluck().get(),
    ).toBe(0);
    expect(reopened.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(shipped.length);
    reopened.db.close();
  });

  it('backs the database up with VACUUM INTO before migrating an existing database', () => {
    const dir = tempDir();
    const path = join(dir, 'clearpost.sqlite');
    const shipped = bundledMigrations();
    const first = openStore(path, { migrations: shipped });
    expect(first.migration?.backupPath).toBeNull(); // a brand-new database has nothing to back up
    first.db.exec("CREATE TABLE keepsake (v TEXT) STRICT; INSERT INTO keepsake VALUES ('before')");
    first.db.close();

    const second = openStore(path, {
      migrations: [...shipped, extra('CREATE TABLE later (x INTEGER) STRICT;')],
    });
    const backupPath = second.migration?.backupPath;
    expect(backupPath).toBeTruthy();
    expect(backupPath && existsSync(backupPath)).toBe(true);
    const copy = new BetterSqlite3(backupPath ?? '', { readonly: true });
    expect(copy.prepare('SELECT v FROM keepsake').pluck().get()).toBe('before');
    expect(copy.pragma('user_version', { simple: true })).toBe(shipped.length);
    copy.close();
    second.db.close();
  });

  it('never deletes or replaces a file it cannot read', () => {
    const dir = tempDir();
    const path = join(dir, 'clearpost.sqlite');
    const garbage = Buffer.from('this is not a database, but it may be someone’s only copy'.repeat(200));
    writeFileSync(path, garbage);

    const error = storeError(() => openStore(path));
    expect(error.code).toBe('database_unreadable');
    expect(error.message).toMatch(/left untouched/);
    expect(readFileSync(path).equals(garbage)).toBe(true);
    expect(
      readdirSync(dir)
        .filter((f) => f.startsWith('clearpost.sqlite'))
        .sort(),
    ).toEqual(['clearpost.sqlite']);
    expect(statSync(path).size).toBe(garbage.length);
  });

  it('sets the pragmas posting state relies on', () => {
    const store = openStore(join(tempDir(), 'clearpost.sqlite'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    store.db.close();
  });

  it('applies each bundled migration once and records its hash', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const shipped = bundledMigrations();
    expect(shipped.map((m) => m.version)).toEqual(shipped.map((_, i) => i + 1));
    openStore(path).db.close();
    const again = openStore(path);
    expect(again.migration?.applied).toEqual([]);
    const rows = again.db
      .prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version')
      .all();
    expect(rows).toHaveLength(shipped.length);
    again.db.close();
  });

  it('refuses a gap in migration numbers', () => {
    const db = new BetterSqlite3(':memory:');
    const shipped = bundledMigrations();
    expect(() => migrate(db, [...shipped, extra('SELECT 1;', shipped.length + 2)], tempDir())).toThrow(
      /without gaps/,
    );
    db.close();
  });
});
