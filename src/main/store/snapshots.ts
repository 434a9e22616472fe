/**
 * Database snapshots: `VACUUM INTO` copies in the backups folder, taken on a schedule; the newest N
 * scheduled ones are kept. Copies taken before migrations (migrate.ts) are never pruned here.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { SnapshotInfo } from '../../shared/commands/backups';
import type { Clock } from '../clock';
import type { Logger } from '../logger';

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
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let path = join(dir, `clearpost-${stamp}-snapshot.sqlite`);
  for (let n = 2; existsSafe(path); n += 1)
    path = join(dir, `clearpost-${stamp}-${String(n)}-snapshot.sqlite`);
  db.prepare('VACUUM INTO ?').run(path);
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

/** Takes a snapshot every `everyMs`, and one at start when the newest is older than that. */
export function scheduleSnapshots(deps: {
  readonly db: Database;
  readonly dir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly everyMs: () => number;
  readonly keep: () => number;
}): { stop(): void } {
  const run = () => {
    try {
      const newest = listSnapshots(deps.dir).find((s) => s.kind === 'scheduled');
      if (newest && deps.clock.now() - newest.takenAt < deps.everyMs()) return;
      const taken = takeSnapshot(deps.db, deps.dir, deps.clock.now(), deps.keep());
      deps.logger.info({ file: taken.file, bytes: taken.sizeBytes }, 'database snapshot taken');
    } catch (error) {
      deps.logger.error({ err: error }, 'database snapshot failed');
    }
  };
  run();
  // Looked at every ten minutes; the interval setting decides whether one is due.
  const timer = setInterval(run, 10 * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
