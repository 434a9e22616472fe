/**
 * The integrity check of a large database, run on a worker thread after start-up instead of before it.
 *
 * `PRAGMA quick_check` reads every page: about 1.5 s per 100 MB here, so several seconds at a million
 * payments, all of it before the console could answer. A database that was closed cleanly is checked this way
 * while the app runs (open-or-recover.ts decides when). The worker opens its own read-only connection, so the
 * app's connection is never blocked. When it finds damage, it leaves a marker file beside the database: the
 * next start then checks in the foreground and recovers from the last good snapshot, exactly as when the
 * damage is found at start.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type IntegrityVerdict =
  | { readonly state: 'ok' }
  | { readonly state: 'damaged'; readonly reason: string }
  /** The check could not run (the worker failed to start, the file was locked): nothing is known. */
  | { readonly state: 'not_checked'; readonly reason: string };

/** Beside the database: "the background check found damage; check and recover at the next start". */
export const damageMarkerPath = (databasePath: string) => `${databasePath}.damage-found`;

export function damageMarked(databasePath: string): boolean {
  return existsSync(damageMarkerPath(databasePath));
}

export function clearDamageMarker(databasePath: string): void {
  rmSync(damageMarkerPath(databasePath), { force: true });
}

// Runs as CommonJS in the worker: opens the file read-only, runs quick_check, posts the rows' text back.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let message;
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const rows = db.pragma('quick_check');
    message = { verdict: rows.map((r) => r.quick_check).join('; ') };
  } finally {
    db.close();
  }
} catch (error) {
  message = { error: String((error && error.message) || error), code: error && error.code };
}
parentPort.postMessage(message);
`;

const CORRUPT = /not a database|malformed|corrupt/i;

export interface BackgroundCheck {
  /** Resolves (never rejects) with the verdict; on damage the marker is written before it resolves. */
  readonly verdict: Promise<IntegrityVerdict>;
  /**
   * Stops a check not yet finished (verdict 'not_checked'). Call before closing the database: a worker still
   * reading it keeps SQLite from removing the -wal file on close, and the next start would then check in the
   * foreground as after a crash.
   */
  stop(): Promise<void>;
}

/** Checks the database on a worker thread, starting after `delayMs`. The worker never keeps the process alive. */
export function checkInBackground(databasePath: string, delayMs: number, now: () => number): BackgroundCheck {
  let settle: (verdict: IntegrityVerdict) => void = () => undefined;
  let settled = false;
  let worker: Worker | null = null;
  const verdict = new Promise<IntegrityVerdict>((resolve) => {
    settle = (v) => {
      if (settled) return;
      settled = true;
      if (v.state === 'damaged') markDamage(databasePath, v.reason, now());
      resolve(v);
    };
  });

  const run = () => {
    if (settled) return;
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: databasePath } });
    } catch (error) {
      settle({ state: 'not_checked', reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    worker.unref();
    worker.once('message', (message: { verdict?: string; error?: string }) => {
      if (message.verdict === 'ok') settle({ state: 'ok' });
      else if (message.verdict !== undefined)
        settle({ state: 'damaged', reason: `integrity check: ${summarize(message.verdict)}` });
      else if (message.error !== undefined && CORRUPT.test(message.error))
        settle({ state: 'damaged', reason: `integrity check: ${summarize(message.error)}` });
      else settle({ state: 'not_checked', reason: message.error ?? 'no answer from the check' });
    });
    worker.once('error', (error: Error) => settle({ state: 'not_checked', reason: error.message }));
    worker.once('exit', () =>
      settle({ state: 'not_checked', reason: 'the check stopped before it answered' }),
    );
  };
  const timer = delayMs > 0 ? setTimeout(run, delayMs) : null;
  timer?.unref();
  if (timer === null) run();

  return {
    verdict,
    async stop() {
      if (timer) clearTimeout(timer);
      settle({ state: 'not_checked', reason: 'stopped before it finished' });
      if (worker) await worker.terminate();
    },
  };
}

function markDamage(databasePath: string, reason: string, at: number): void {
  try {
    writeFileSync(
      damageMarkerPath(databasePath),
      `${JSON.stringify({ reason, at: new Date(at).toISOString() })}\n`,
    );
  } catch {
    // The verdict still reaches the caller, who reports it.
  }
}

const summarize = (text: string) => text.replace(/\s+/g, ' ').slice(0, 200);
