/**
 * Database snapshots: `VACUUM INTO` copies in the backups folder, taken on a schedule; the newest N
 * scheduled ones are kept. Copies taken before migrations (migrate.ts) are never pruned here.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { SnapshotInfo } from '../../shared/commands/backups';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ensurePrivateDir, makeOwnerOnly } from '../owner-only';

const SCHEDULED = /^clearpost-.+-snapshot\.sqlite$/;
const BEFORE_MIGRATION = /^clearpost-.+-before-migration\.sqlite$/;

export function listSnapshots(dir: string): SnapshotInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => SCHEDULED.test(name) || BEFORE_MIGRATION.test(name))
    .map((file) => {
      const stat = statSync(join(dir, file));
      return {
        file: join(dir, file),
        sizeBytes: stat.size,
        takenAt: Math.round(stat.mtimeMs),
        kind: SCHEDULED.test(file) ? ('scheduled' as const) : ('before-migration' as const),
      };
    })
    .sort((a, b) => b.takenAt - a.takenAt || b.file.localeCompare(a.file));
}

export function takeSnapshot(db: Database, dir: string, now: number, keep: number): SnapshotInfo {
  ensurePrivateDir(dir, { tighten: true });
  const path = snapshotPath(dir, now);
  db.prepare('VACUUM INTO ?').run(path);
  return finish(dir, path, keep);
}

function snapshotPath(dir: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let path = join(dir, `clearpost-${stamp}-snapshot.sqlite`);
  for (let n = 2; existsSafe(path); n += 1)
    path = join(dir, `clearpost-${stamp}-${String(n)}-snapshot.sqlite`);
  return path;
}

/** Prunes scheduled snapshots beyond the newest `keep` and describes the one just taken. */
function finish(dir: string, path: string, keep: number): SnapshotInfo {
  // VACUUM INTO creates the copy under the umask (0644): it holds everything the database does.
  makeOwnerOnly(path);
  for (const old of listSnapshots(dir)
    .filter((s) => s.kind === 'scheduled')
    .slice(keep))
    rmSync(old.file);
  const stat = statSync(path);
  return { file: path, sizeBytes: stat.size, takenAt: Math.round(stat.mtimeMs), kind: 'scheduled' };
}

function existsSafe(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

// Runs as CommonJS in a worker: its own read-only connection copies the database, so the app's connection
// (the engine, the console) is not blocked for the seconds a large copy takes.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.database, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(workerData.target);
  } finally {
    db.close();
  }
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
}
`;

/** Like `takeSnapshot`, with the copy made on a worker thread. */
export async function takeSnapshotInBackground(
  databasePath: string,
  dir: string,
  now: number,
  keep: number,
): Promise<SnapshotInfo> {
  ensurePrivateDir(dir, { tighten: true });
  const path = snapshotPath(dir, now);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, database: databasePath, target: path },
  });
  const [answer] = (await once(worker, 'message')) as [{ ok: boolean; error?: string }];
  await worker.terminate();
  if (!answer.ok) {
    rmSync(path, { force: true });
    throw new Error(answer.error ?? 'the snapshot worker failed');
  }
  return finish(dir, path, keep);
}

/**
 * Takes a snapshot every `everyMs` when the newest is older than that. The first look comes a minute after
 * start, not during it: at a million payments the copy takes seconds, and start-up should not wait for it.
 */
export function scheduleSnapshots(deps: {
  readonly db: Database;
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly everyMs: () => number;
  readonly keep: () => number;
  readonly firstLookMs?: number;
}): { stop(): void } {
  let running = false;
  const run = () => {
    const newest = listSnapshots(deps.dir).find((s) => s.kind === 'scheduled');
    if (running || (newest && deps.clock.now() - newest.takenAt < deps.everyMs())) return;
    running = true;
    takeSnapshotInBackground(deps.db.name, deps.dir, deps.clock.now(), deps.keep())
      .then((taken) =>
        deps.logger.info({ file: taken.file, bytes: taken.sizeBytes }, 'database snapshot taken'),
      )
      .catch((error: unknown) => deps.logger.error({ err: error }, 'database snapshot failed'))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, deps.firstLookMs ?? 60_000);
  first.unref();
  // Looked at every ten minutes; the interval setting decides whether one is due.
  const timer = setInterval(run, 10 * 60_000);
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
