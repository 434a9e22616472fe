/**
 * WAL checkpoints on a worker thread instead of inside the engine's commits.
 *
 * SQLite copies the WAL back into the database file (and fsyncs both) from whichever COMMIT pushes the WAL
 * past `wal_autocheckpoint` pages: with the engine committing several times per payment, that is a pause
 * of several milliseconds every few dozen commits on the thread that sends payments (about 40-90 µs per
 * payment in the posting benchmark's write pattern). Here a worker with its own connection runs a PASSIVE
 * checkpoint every `intervalMs`: it never blocks a writer nor waits for a reader, and the next write after
 * a complete one starts the WAL over. The app's connection keeps a much larger automatic threshold as a
 * backstop, so if the worker stops or falls behind the WAL is still checkpointed, only on the main thread.
 */
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Logger } from '../logger';

/** The app connection's own threshold while the worker runs (pages; SQLite's default is 1,000). */
export const BACKSTOP_PAGES = 16_000;

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are now in the database file. */
  readonly log: number;
  readonly checkpointed: number;
}

export interface BackgroundCheckpoints {
  /** Stops the worker and closes its connection; the app's connection checkpoints by itself again. */
  stop(): Promise<void>;
  /** Called after each checkpoint the worker ran (tests, diagnostics). */
  onCheckpoint(listener: (result: CheckpointResult) => void): void;
}

// Runs as CommonJS in the worker: its own connection, a PASSIVE checkpoint per tick, closed on 'stop'.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = FULL');
const tick = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function checkpointInBackground(
  db: Database,
  options: { readonly intervalMs?: number; readonly logger: Logger },
): BackgroundCheckpoints {
  const listeners: ((result: CheckpointResult) => void)[] = [];
  const ownThreshold = Number(db.pragma('wal_autocheckpoint', { simple: true }));
  const restore = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${String(ownThreshold)}`);
  };
  let worker: Worker | null = null;
  if (!db.memory && db.pragma('journal_mode', { simple: true }) === 'wal') {
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { driver, path: db.name, intervalMs: options.intervalMs ?? 250 },
      });
      worker.unref();
      db.pragma(`wal_autocheckpoint = ${String(BACKSTOP_PAGES)}`);
      worker.on('message', (message: CheckpointResult & { error?: string }) => {
        if (message.error !== undefined) {
          options.logger.warn({ reason: message.error }, 'background checkpoint failed; will try again');
          return;
        }
        for (const listener of listeners) listener(message);
      });
      worker.once('error', (error: Error) => {
        options.logger.warn(
          { reason: error.message },
          'background checkpoints stopped; checkpointing on commit',
        );
        restore();
      });
      worker.once('exit', () => {
        worker = null;
        restore();
      });
    } catch (error) {
      options.logger.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'background checkpoints could not start; checkpointing on commit',
      );
      worker = null;
    }
  }
  return {
    onCheckpoint: (listener) => void listeners.push(listener),
    async stop() {
      const running = worker;
      if (!running) return;
      const exited = once(running, 'exit');
      running.postMessage('stop');
      // The worker closes its connection and exits; a worker stuck in a long checkpoint is ended after a while.
      const timeout = setTimeout(() => void running.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
