import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ensurePrivateDir, makeOwnerOnly } from '../owner-only';
import { sha256 } from '../lib/sha256';
import { StoreError } from './store-error';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
  /** The `VACUUM INTO` copy taken before the first pending migration, if any was needed. */
  readonly backupPath: string | null;
}

/** The migrations shipped with this build, bundled at build time from `migrations/NNNN_name.sql`. */
export function bundledMigrations(): Migration[] {
  const files = import.meta.glob<string>('./migrations/*.sql', {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  return Object.entries(files)
    .map(([path, sql]) => parseMigration(path.slice(path.lastIndexOf('/') + 1), sql))
    .sort((a, b) => a.version - b.version);
}

export function parseMigration(fileName: string, sql: string): Migration {
  const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(fileName);
  if (!match) throw new Error(`Migration file "${fileName}" is not named NNNN_name.sql`);
  return { version: Number(match[1]), name: fileName, sql };
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

interface AppliedRow {
  version: number;
  name: string;
  sha256: string;
}

/**
 * Brings the database up to the newest migration, one transaction per migration.
 *
 * Refuses, without changing anything, a database written by a newer Clearpost and a migration file
 * that changed after it was applied. Takes a `VACUUM INTO` backup before the first pending migration.
 * A migration that fails rolls back whole: the database stays at the previous version with its data.
 */
export function migrate(db: Database, migrations: readonly Migration[], backupDir: string): MigrationReport {
  assertSequential(migrations);
  const latest = latestVersion(migrations);
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > latest) {
    throw new StoreError(
      'database_too_new',
      `This database was written by a newer version of Clearpost (schema ${String(current)}; this version ` +
        `knows schema ${String(latest)}). Install the newer Clearpost, or start this one with another data ` +
        `folder (--data-dir). The database was not changed.`,
    );
  }

  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    sha256     TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const applied = db.prepare<[], AppliedRow>('SELECT version, name, sha256 FROM schema_migrations').all();
  verifyApplied(applied, migrations);

  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return { from: current, to: current, applied: [], backupPath: null };

  const backupPath = current > 0 ? backup(db, backupDir, current) : null;
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const migration of pending) {
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, sha256(migration.sql), Date.now());
      db.pragma(`user_version = ${String(migration.version)}`);
    });
    try {
      apply();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const at = Number(db.pragma('user_version', { simple: true }));
      throw new StoreError(
        'migration_failed',
        `Migration ${migration.name} failed and was rolled back: ${reason}. The database is unchanged at ` +
          `schema ${String(at)}` +
          (backupPath ? `; a copy taken before migrating is at ${backupPath}.` : '.') +
          ' Report this to Clearpost support with the message above.',
      );
    }
  }
  return { from: current, to: latest, applied: pending.map((m) => m.name), backupPath };
}

function assertSequential(migrations: readonly Migration[]): void {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new Error(
        `Migrations must be numbered 0001, 0002, … without gaps; found ${m.name} at position ${String(index + 1)}`,
      );
    }
  });
}

function verifyApplied(applied: readonly AppliedRow[], migrations: readonly Migration[]): void {
  for (const row of applied) {
    const known = migrations.find((m) => m.version === row.version);
    if (!known) {
      throw new StoreError(
        'database_too_new',
        `This database has migration ${row.name}, which this version of Clearpost does not know. Install the ` +
          `Clearpost that wrote it. The database was not changed.`,
      );
    }
    const hash = sha256(known.sql);
    if (hash !== row.sha256) {
      throw new StoreError(
        'migration_changed',
        `Migration ${known.name} has changed since it was applied to this database (recorded sha256 ` +
          `${row.sha256.slice(0, 12)}…, file now ${hash.slice(0, 12)}…). Restore the original file; an applied ` +
          `migration must never be edited — add a new migration instead. The database was not changed.`,
      );
    }
  }
}

function backup(db: Database, backupDir: string, version: number): string {
  ensurePrivateDir(backupDir, { tighten: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(backupDir, `clearpost-${stamp}-schema${String(version)}-before-migration.sqlite`);
  db.prepare('VACUUM INTO ?').run(path);
  // VACUUM INTO creates the copy under the umask (0644): it holds everything the database does.
  makeOwnerOnly(path);
  return path;
}
