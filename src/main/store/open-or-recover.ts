/**
 * Opens the database with an integrity check (PRAGMA quick_check). A damaged database is moved aside,
 * renamed and never deleted, with its -wal and -shm files; the newest snapshot that passes the same check
 * is copied into its place and opened; the notice says so in plain words. Problems that are not damage
 * (a newer schema, a changed migration) are reported exactly as openStore reports them.
 *
 * quick_check reads every page, which takes seconds at a million payments. It runs before start-up when it
 * is quick (a small database) or when there is reason to doubt the file: the last run did not close it
 * (its -wal file is still there: a crash, a power cut, or another Clearpost process using it), or an
 * earlier background check found damage. Otherwise — a large database closed cleanly — it runs on a worker
 * thread while the app starts (background-check.ts), and damage it finds is recovered at the next start.
 */
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { RecoveryNotice } from '../../shared/commands/backups';
import {
  checkInBackground,
  clearDamageMarker,
  damageMarked,
  type IntegrityVerdict,
} from './background-check';
import { openStore, type OpenOptions, type OpenStore } from './open';
import { listSnapshots } from './snapshots';
import { StoreError } from './store-error';

/** Below this size the check runs before start-up whatever else: well under a second here. */
export const FOREGROUND_CHECK_MAX_BYTES = 32 * 1024 * 1024;

export interface RecoverOptions extends OpenOptions {
  readonly backupDir: string;
  /** A cleanly closed database larger than this is checked in the background (tests lower it). */
  readonly foregroundCheckMaxBytes?: number;
  /** How long after opening the background check starts, so that it does not slow start-up itself. */
  readonly backgroundCheckDelayMs?: number;
  /**
   * Records a recovery where the audit trail keeps it (the audit room's recorder; the store does not know the
   * chain). Without one, a recovery is made but recorded nowhere but in the notice.
   */
  readonly recorder?: RecoveryRecorder;
}

/** Facts of one recovery from a snapshot. */
export interface RecoveryFacts {
  readonly snapshotFile: string;
  readonly snapshotTakenAt: number;
  readonly damagedKeptAt: string;
}

export interface RecoveryRecorder {
  /** At every writable open: finishes a recording a crash interrupted. */
  finishInterrupted(db: BetterSqlite3.Database, now: number): void;
  /**
   * Records the recovery in the restored copy, before it takes the damaged file's place; `afterSwap` runs once
   * it has. `complete` is false when the record could not be fully anchored (the notice says so).
   */
  record(
    db: BetterSqlite3.Database,
    facts: RecoveryFacts,
    now: number,
  ): { readonly complete: boolean; afterSwap(): void };
}

export interface StartupIntegrity {
  /** 'foreground': checked before opening (and recovered if damaged); 'background': being checked now. */
  readonly mode: 'foreground' | 'background';
  /** The background verdict (damage leaves a marker that the next start acts on); null in the foreground. */
  readonly background: Promise<IntegrityVerdict> | null;
  /** Stops an unfinished background check; call before closing the database (see BackgroundCheck.stop). */
  stop(): Promise<void>;
}

const FOREGROUND: StartupIntegrity = { mode: 'foreground', background: null, stop: () => Promise.resolve() };

export function openOrRecover(
  path: string,
  options: RecoverOptions,
  now: number,
): OpenStore & { readonly recovery: RecoveryNotice | null; readonly integrity: StartupIntegrity } {
  const foreground = checkBeforeStart(path, options.foregroundCheckMaxBytes ?? FOREGROUND_CHECK_MAX_BYTES);
  const problem = damage(path, options, foreground);
  if ('store' in problem) {
    // A recovery whose recording a crash interrupted is finished here.
    if (!options.readonly) options.recorder?.finishInterrupted(problem.store.db, now);
    if (foreground) {
      clearDamageMarker(path);
      return { ...problem.store, recovery: null, integrity: FOREGROUND };
    }
    const check = checkInBackground(path, options.backgroundCheckDelayMs ?? 5000, Date.now);
    return {
      ...problem.store,
      recovery: null,
      integrity: { mode: 'background', background: check.verdict, stop: () => check.stop() },
    };
  }

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
  // The recovery is recorded in the restored copy before it takes the damaged file's place, so the database
  // at `path` is always either the damaged one (recovered again at the next start) or the recovered one
  // holding its recovery entry.
  const restoring = `${path}.restoring`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(restoring + suffix, { force: true });
  copyFileSync(snapshot.file, restoring);
  const restored = openStore(restoring, options);
  let recorded: ReturnType<RecoveryRecorder['record']> | null = null;
  try {
    recorded =
      options.recorder?.record(
        restored.db,
        { snapshotFile: snapshot.file, snapshotTakenAt: snapshot.takenAt, damagedKeptAt },
        now,
      ) ?? null;
    // Out of WAL mode: the checkpoint puts everything in the one file that is renamed below (WAL mode comes
    // back when the database is opened again).
    restored.db.pragma('journal_mode = DELETE');
  } finally {
    restored.db.close();
  }
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, damagedKeptAt + suffix);
  }
  renameSync(restoring, path);
  recorded?.afterSwap();
  clearDamageMarker(path);
  const store = openStore(path, options);
  const taken = new Date(snapshot.takenAt).toISOString();
  return {
    ...store,
    recovery: {
      message:
        `Clearpost's database was damaged (${problem.reason}). Clearpost started from the snapshot taken ` +
        `${taken}: anything recorded after that time is not in it. The damaged database was kept as ` +
        `${damagedKeptAt}; keep it for investigation and check recent postings against the EHR. The ` +
        (recorded
          ? `recovery is recorded in the audit log${recorded.complete ? '' : HEAD_LEFT}.`
          : 'recovery is not recorded anywhere else.'),
      restoredFrom: snapshot.file,
      damagedKeptAt,
      at: now,
    },
    integrity: FOREGROUND,
  };
}

const HEAD_LEFT =
  ' (the audit chain head copied outside the database was left as it was: the snapshot holds its entry ' +
  'with another hash; run `clearpost audit verify`)';

/** Whether the integrity check must run before start-up (see the module comment). */
function checkBeforeStart(path: string, maxBytes: number): boolean {
  if (!existsSync(path)) return true;
  if (existsSync(`${path}-wal`) || damageMarked(path)) return true;
  try {
    return statSync(path).size <= maxBytes;
  } catch {
    return true;
  }
}

const CORRUPT = /not a database|malformed|corrupt/i;

/** Either the opened (and, in the foreground, checked) store, or why the file counts as damaged. */
function damage(
  path: string,
  options: OpenOptions,
  check: boolean,
): { store: OpenStore } | { reason: string } {
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
  if (!check) return { store };
  const verdict = quickCheck(store.db);
  if (verdict === 'ok') return { store };
  store.db.close();
  return { reason: `integrity check: ${verdict.replace(/\s+/g, ' ').slice(0, 200)}` };
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
