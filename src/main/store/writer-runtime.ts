/**
 * The writer thread's side (writer-thread.ts is the main thread's): its own connection to the database file,
 * and every write that arrived in one turn of its event loop run in one IMMEDIATE transaction, then one
 * COMMIT, after which each write is answered.
 *
 * Why a caller that hears "done" can count on the write surviving a power cut: the connection is in WAL mode
 * at synchronous = FULL, and COMMIT at synchronous=FULL in WAL mode syncs the WAL before COMMIT returns
 * ("Writers sync the WAL on every transaction commit if PRAGMA synchronous is set to FULL": "PRAGMA
 * synchronous", https://www.sqlite.org/pragma.html#pragma_synchronous; "Write-Ahead Logging",
 * https://www.sqlite.org/wal.html); the caller hears only after that, since the answers are posted once
 * `transaction.immediate` has returned from its COMMIT, and a COMMIT that fails (a full disk, an I/O error)
 * is answered as each of its writes' error. Nothing else is claimed: the syncs, checkpoints and their order
 * are SQLite's own.
 *
 * One exception, by name: writes a caller marks `relaxed` (the engine's settlements) that arrive in a batch
 * with no other write commit at synchronous = NORMAL, which skips that sync. In WAL mode such a commit
 * "might roll back following a power loss" but keeps the database consistent, and the next commit at FULL
 * syncs the WAL with every frame before it ("PRAGMA synchronous"). A settlement lost that way leaves the
 * attempt it closes open, and an open attempt is looked up in the EHR before anything is sent again: the
 * loss costs a check, never a second posting. It saves the sync that a claim arriving just after a
 * settlement-only batch would otherwise wait behind.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { batchTransaction, type Outcome } from './batch-transaction';
import {
  sentError,
  type FromWriter,
  type ToWriter,
  type WriteAnswer,
  type WriteRequest,
  type WriterData,
} from './writer-protocol';

/** The writes a writer thread knows, by name: each runs on the thread's connection and returns plain data. */
export type WriteOps = Readonly<Record<string, (...args: never[]) => unknown>>;

/** Opens the writer's connection: FULL, WAL, and the main connection's busy timeout and checkpoint threshold. */
export function openWriterConnection(data: WriterData): Database {
  const db = new BetterSqlite3(data.path, { fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${String(data.busyTimeoutMs)}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -32768');
    db.pragma(`wal_autocheckpoint = ${String(data.autocheckpointPages)}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Runs batches of writes on one connection (the worker's; tests may use it directly). */
export class BatchRunner {
  private readonly commit: (batch: readonly WriteRequest[]) => Outcome[];

  constructor(
    readonly db: Database,
    private readonly ops: WriteOps,
    /** Writes that need not be synced when no other write shares their batch (see the module comment). */
    private readonly relaxed: ReadonlySet<string> = new Set(),
  ) {
    this.commit = batchTransaction(db, (write: WriteRequest) => this.runOne(write));
  }

  private runOne(write: WriteRequest): unknown {
    const op = Object.hasOwn(this.ops, write.op) ? this.ops[write.op] : undefined;
    if (!op) throw new Error(`the writer thread knows no write named "${write.op}"`);
    return (op as (...args: readonly unknown[]) => unknown)(...write.args);
  }

  /** The batch in one transaction (batch-transaction.ts); a failed commit is every write's error. */
  run(batch: readonly WriteRequest[]): WriteAnswer[] {
    let outcomes: Outcome[];
    const relax = batch.every((write) => this.relaxed.has(write.op));
    // db.pragma, not a statement prepared once: SQLite applies this pragma when the statement is compiled.
    if (relax) this.db.pragma('synchronous = NORMAL');
    try {
      outcomes = this.commit(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): none of the batch is written.
      const sent = sentError(error);
      return batch.map((write) => ({ id: write.id, ok: false, error: sent }));
    } finally {
      if (relax) this.db.pragma('synchronous = FULL');
    }
    return batch.map((write, i): WriteAnswer => {
      const outcome = outcomes[i];
      return outcome?.ok
        ? { id: write.id, ok: true, value: outcome.value }
        : { id: write.id, ok: false, error: sentError(outcome?.error) };
    });
  }
}

/**
 * The worker's loop: writes arriving while a batch commits wait and go together in the next one. The
 * connection is opened at the first batch (and again after an open that failed: a full disk, say, whose
 * error every write of that batch gets, as it would have on the main thread).
 */
export function serveWrites(
  makeOps: (db: Database) => WriteOps,
  options: { readonly relaxed?: ReadonlySet<string> } = {},
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWrites runs only on a worker thread');
  const data = workerData as WriterData;
  let runner: BatchRunner | null = null;
  let queue: WriteRequest[] = [];
  let closing = false;
  let scheduled = false;

  const commit = (batch: readonly WriteRequest[]): WriteAnswer[] => {
    try {
      if (!runner) {
        const db = openWriterConnection(data);
        try {
          runner = new BatchRunner(db, makeOps(db), options.relaxed);
        } catch (error) {
          db.close();
          throw error;
        }
      }
    } catch (error) {
      const sent = sentError(error);
      return batch.map((write) => ({ id: write.id, ok: false, error: sent }));
    }
    return runner.run(batch);
  };

  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length > 0) port.postMessage({ type: 'answers', answers: commit(batch) } satisfies FromWriter);
    if (closing) {
      runner?.db.close();
      port.close();
    }
  };

  port.on('message', (message: ToWriter) => {
    if (message.type === 'close') closing = true;
    else queue.push(...message.writes);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}
