/**
 * The one-row record of what a database holds (migration 0017): production (it has held a real event, or
 * the app ran on it with a real EHR connection or webhook subscription) or the sandbox's synthetic payments.
 * The first role written stays: a database is never relabelled.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export type DataFolderRole = 'production' | 'sandbox';
export type RoleReason = 'real_event' | 'real_connection' | 'webhook_subscription' | 'sandbox_database';

export interface RoleRecord {
  readonly role: DataFolderRole;
  readonly reason: RoleReason;
  readonly markedAt: number;
}

export function dataFolderRoleRepository(db: Database.Database) {
  const select = db.prepare<[], RoleRecord>(
    'SELECT role, reason, marked_at AS markedAt FROM data_folder_role WHERE id = 1',
  );
  const mark = db.prepare(
    `INSERT OR IGNORE INTO data_folder_role (id, role, reason, marked_at) VALUES (1, @role, @reason, @now)`,
  );
  return {
    get: (): RoleRecord | null => select.get() ?? null,
    /** Writes the role unless one is recorded already; returns the role the database now has. */
    mark(role: DataFolderRole, reason: RoleReason, now: number): RoleRecord {
      mark.run({ role, reason, now });
      const recorded = select.get();
      if (!recorded) throw new Error('data_folder_role: the marker row was not written');
      return recorded;
    },
  };
}

/**
 * What an existing database file says about itself, read without migrating or writing it (the decision to
 * start the sandbox comes before the production database is opened for writing). A database from before
 * migration 0017 is production when it holds any real event or refused real input; one that cannot be read
 * at all is treated as production, since nothing proves it is not.
 */
export function probeDatabaseRole(path: string): DataFolderRole | null {
  if (!existsSync(path)) return null;
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return 'production';
  }
  try {
    const has = (table: string) =>
      db
        .prepare<[string], { n: number }>(
          "SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = ?",
        )
        .get(table)?.n === 1;
    if (has('data_folder_role')) {
      return dataFolderRoleRepository(db).get()?.role ?? null;
    }
    const real = (table: string) =>
      has(table) &&
      db.prepare(`SELECT 1 FROM ${table} WHERE source <> 'sandbox' LIMIT 1`).get() !== undefined;
    return real('payment_events') || real('quarantined_inputs') ? 'production' : null;
  } catch {
    return 'production';
  } finally {
    db.close();
  }
}
