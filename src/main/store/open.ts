import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ensurePrivateDir, makeFdOwnerOnly, makeOwnerOnly } from '../owner-only';
import { bundledMigrations, latestVersion, migrate, type Migration, type MigrationReport } from './migrate';
import { StoreError } from './store-error';
import { whyNotWritable } from './writable-folder';

export interface OpenOptions {
  /** Defaults to the migrations bundled with this build; tests pass their own. */
  readonly migrations?: readonly Migration[];
  /** Where pre-migration backups go; defaults to `backups/` beside the database. */
  readonly backupDir?: string;
  /** Open without migrating or writing (the `status` command). */
  readonly readonly?: boolean;
}

export interface OpenStore {
  readonly db: Database;
  readonly path: string;
  readonly schemaVersion: number;
  readonly migration: MigrationReport | null;
}

/**
 * Opens (creating if needed) the Clearpost database and brings it to the current schema.
 * It never deletes, truncates or recreates a database file, whatever goes wrong.
 */
export function openStore(path: string, options: OpenOptions = {}): OpenStore {
  const migrations = options.migrations ?? bundledMigrations();
  if (options.readonly && !existsSync(path)) {
    throw new StoreError(
      'database_missing',
      `No Clearpost database at ${path}. Start Clearpost once to create it.`,
    );
  }
  if (!options.readonly) {
    try {
      createOwnerOnly(path);
    } catch (error) {
      throw unreadable(path, error);
    }
  }
  let db: Database;
  try {
    db = new BetterSqlite3(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
    applyPragmas(db, options.readonly ?? false);
  } catch (error) {
    throw unreadable(path, error);
  }
  // SQLite gives -wal and -shm the database's mode; files from older versions (0644) are tightened here.
  if (!options.readonly) for (const suffix of ['', '-wal', '-shm']) makeOwnerOnly(path + suffix);
  try {
    if (options.readonly) {
      const version = Number(db.pragma('user_version', { simple: true }));
      if (version !== latestVersion(migrations)) {
        throw new StoreError(
          version > latestVersion(migrations) ? 'database_too_new' : 'migration_failed',
          `The database at ${path} is at schema ${String(version)}; this Clearpost reads schema ` +
            `${String(latestVersion(migrations))}. ${version > latestVersion(migrations) ? 'Use the newer Clearpost that wrote it.' : 'Start Clearpost once to migrate it.'}`,
        );
      }
      return { db, path, schemaVersion: version, migration: null };
    }
    const report = migrate(db, migrations, options.backupDir ?? join(dirname(path), 'backups'));
    return { db, path, schemaVersion: report.to, migration: report };
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw unreadable(path, error);
  }
}

/**
 * The data folder as 0700 and an empty database file as 0600 before SQLite opens it (an empty file is a new
 * database to SQLite), so patient data is never readable by other users, not even for a moment.
 */
function createOwnerOnly(path: string): void {
  ensurePrivateDir(dirname(path), { tighten: true });
  if (existsSync(path)) return;
  const fd = openSync(path, 'a', 0o600);
  try {
    makeFdOwnerOnly(fd);
  } finally {
    closeSync(fd);
  }
}

function applyPragmas(db: Database, readonly: boolean): void {
  // A busy timeout lets the desktop app, serve mode and the command line share one file.
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
  }
  // Posting state must survive power loss: FULL syncs the WAL on every commit.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // 32 MiB of page cache instead of SQLite's 2 MiB: the engine's claim and settlement touch a table page and
  // several index pages per payment, and at hospital volumes those stop fitting in 2 MiB.
  db.pragma('cache_size = -32768');
  // Reading the schema forces SQLite to parse the file, so a damaged file fails here, not mid-post.
  db.prepare('SELECT count(*) FROM sqlite_schema').get();
}

function unreadable(path: string, error: unknown): StoreError {
  const reason = error instanceof Error ? error.message : String(error);
  // A folder this user cannot write is not a damaged database: say so, and nothing about backups.
  const folder = dirname(path);
  const notWritable = whyNotWritable(folder);
  if (notWritable !== null) {
    return new StoreError(
      'data_folder_read_only',
      `Clearpost cannot write to ${folder}: ${notWritable}. SQLite creates files beside the database even ` +
        `to read it. Run Clearpost as the user who owns that folder, or give this user write access to it; ` +
        `the database was not changed.`,
    );
  }
  return new StoreError(
    'database_unreadable',
    `Clearpost cannot read its database at ${path} (${reason}). The file was left untouched. Restore the ` +
      `latest copy from the backups folder beside it, or start with another data folder (--data-dir).`,
  );
}
