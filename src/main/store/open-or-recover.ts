/**
 * Opens the database with an integrity check (PRAGMA quick_check). A damaged database is moved aside,
 * renamed and never deleted, with its -wal and -shm files; the newest snapshot that passes the same check
 * is copied into its place and opened; the notice says so in plain words. Problems that are not damage
 * (a newer schema, a changed migration) are reported exactly as openStore reports them.
 */
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { RecoveryNotice } from '../../shared/commands/backups';
import { openStore, type OpenOptions, type OpenStore } from './open';
import { listSnapshots } from './snapshots';
import { StoreError } from './store-error';

export function openOrRecover(
  path: string,
  options: OpenOptions & { readonly backupDir: string },
  now: number,
): OpenStore & { readonly recovery: RecoveryNotice | null } {
  const problem = damage(path, options);
  if ('store' in problem) return { ...problem.store, recovery: null };

  const snapshot = listSnapshots(options.backupDir).find((s) => passesQuickCheck(s.file));
  if (!snapshot) {
    throw new StoreError(
      'database_unreadable',
      `Clearpost's database at ${path} is damaged (${problem.reason}) and no good snapshot was found in ` +
        `${options.backupDir}. The file was left untouched. Contact support before doing anything else.`,
    );
  }
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const damagedKeptAt = `${path}.damaged-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, damagedKeptAt + suffix);
  }
  copyFileSync(snapshot.file, path);
  const store = openStore(path, options);
  const taken = new Date(snapshot.takenAt).toISOString();
  return {
    ...store,
    recovery: {
      message:
        `Clearpost's database was damaged (${problem.reason}). Clearpost started from the snapshot taken ` +
        `${taken}: anything recorded after that time is not in it. The damaged database was kept as ` +
        `${damagedKeptAt}; keep it for investigation and check recent postings against the EHR.`,
      restoredFrom: snapshot.file,
      damagedKeptAt,
      at: now,
    },
  };
}

const CORRUPT = /not a database|malformed|corrupt/i;

/** Either the opened, checked store, or why the file counts as damaged. */
function damage(path: string, options: OpenOptions): { store: OpenStore } | { reason: string } {
  let store: OpenStore;
  try {
    store = openStore(path, options);
  } catch (error) {
    // Only SQLite's own verdicts of damage: a locked or unreadable-by-permission file is left alone.
    if (error instanceof StoreError && error.code === 'database_unreadable' && CORRUPT.test(error.message)) {
      return { reason: 'SQLite says the file is not a database or is malformed' };
    }
    throw error;
  }
  const check = quickCheck(store.db);
  if (check === 'ok') return { store };
  store.db.close();
  return { reason: `integrity check: ${check.replace(/\s+/g, ' ').slice(0, 200)}` };
}

function quickCheck(db: BetterSqlite3.Database): string {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    return rows.map((r) => r.quick_check).join('; ');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function passesQuickCheck(file: string): boolean {
  try {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      return quickCheck(db) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
