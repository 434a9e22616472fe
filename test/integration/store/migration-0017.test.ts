/**
 * Migration 0017 records what a database holds. A database that held a real payment before it must come out
 * marked production (the sandbox is never started on it again, settings.json or not); one that held only
 * sandbox payments must not; and from then on the first real event marks the database by itself.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import {
  dataFolderRoleRepository,
  probeDatabaseRole,
} from '../../../src/main/store/repositories/data-folder-role';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

function addEvent(db: Database, source: string, txn: string): void {
  db.prepare(
    `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr,
       facility, transaction_at, received_at)
     VALUES (?, ?, 'one_time_payment', 'card', 12550, 'USD', 'epic', 'MAIN', 1, 1)`,
  ).run(source, txn);
}

function before0017(path: string): Database {
  return openStore(path, { migrations: bundledMigrations().filter((m) => m.version < 17) }).db;
}

describe('migration 0017_data_folder_role', () => {
  it('marks a database that already held a real payment as production, read before and after', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = before0017(path);
    addEvent(old, 'sandbox', 'T1');
    addEvent(old, 'file', 'T2');
    old.close();
    // Read without migrating (the sandbox decision comes before the database is opened for writing).
    expect(probeDatabaseRole(path)).toBe('production');

    const store = openStore(path);
    expect(store.migration?.applied).toContain('0017_data_folder_role.sql');
    expect(dataFolderRoleRepository(store.db).get()).toMatchObject({
      role: 'production',
      reason: 'real_event',
    });
    store.db.close();
    expect(probeDatabaseRole(path)).toBe('production');
  });

  it('leaves a sandbox-only database unmarked; the first real event then marks it, and a role never changes', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = before0017(path);
    addEvent(old, 'sandbox', 'T1');
    old.close();
    expect(probeDatabaseRole(path)).toBeNull();

    const store = openStore(path);
    const role = dataFolderRoleRepository(store.db);
    expect(role.get()).toBeNull();
    addEvent(store.db, 'sandbox', 'T2');
    expect(role.get()).toBeNull();
    addEvent(store.db, 'webhook', 'T3');
    expect(role.get()).toMatchObject({ role: 'production', reason: 'real_event' });
    // Nothing relabels it, not even the app opening it as the sandbox's.
    expect(role.mark('sandbox', 'sandbox_database', 5)).toMatchObject({ role: 'production' });
    store.db.close();
  });

  it('a database marked sandbox stays sandbox when its own manual-workflow payments are stored', () => {
    const path = join(tempDir(), 'clearpost-sandbox.sqlite');
    const store = openStore(path);
    const role = dataFolderRoleRepository(store.db);
    role.mark('sandbox', 'sandbox_database', 1);
    addEvent(store.db, 'manual', 'T1');
    expect(role.get()).toMatchObject({ role: 'sandbox' });
    store.db.close();
    expect(probeDatabaseRole(path)).toBe('sandbox');
    expect(probeDatabaseRole(join(tempDir(), 'absent.sqlite'))).toBeNull();
  });
});
