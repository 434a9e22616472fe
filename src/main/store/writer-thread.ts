/**
 * The main thread's side of a writer thread (writer-runtime.ts runs in it): writes are sent as an op name
 * with plain data, the ones asked for in one turn of the event loop in one message, and each caller's
 * promise settles with the write's own result or error once the worker's COMMIT at synchronous = FULL
 * returned. The main thread never waits for the disk, and whatever it learns was already durable.
 *
 * A writer that stops without being asked to (a crash, running out of memory) fails every write still
 * waiting with `WriterStopped`, never leaves one hanging; the next write starts a new thread. Whether a
 * write that was waiting then was committed is not known: callers treat it as a write whose outcome is in
 * doubt (the engine recovers its claims as it would a dead engine's).
 */
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import {
  rebuiltError,
  type FromWriter,
  type ToWriter,
  type WriteRequest,
  type WriterData,
} from './writer-protocol';

/** The writer thread ended while this write waited: it may or may not have been committed. */
export class WriterStopped extends Error {
  constructor(reason: string) {
    super(
      `the writer thread stopped before answering (${reason}); whether this write was committed is unknown`,
    );
    this.name = 'WriterStopped';
  }
}

export interface WriterThreadOptions {
  /** The main connection: the file the writer opens, and the busy timeout and checkpoint threshold it copies. */
  readonly db: Database;
  /** The worker's entry file (built, or bundled from the sources in tests). */
  readonly script: () => Promise<string>;
  /** Told when the thread stopped unasked, after its waiting writes were failed. */
  readonly onStopped?: (error: WriterStopped) => void;
  /**
   * Writes no caller waits on to go on (the engine's settlements), which may wait up to `patienceMs` for
   * company: a burst of them then goes in one message and one commit instead of one each. Any other write,
   * or a drain, sends them at once with it.
   */
  readonly patient?: { readonly ops: ReadonlySet<string>; readonly ms: number };
}

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class WriterThread {
  private worker: Worker | null = null;
  /** The thread being started (its script is looked up, or bundled, first). */
  private starting: Promise<Worker> | null = null;
  private queue: WriteRequest[] = [];
  private scheduled = false;
  /** A flush set for when patient writes have waited long enough. */
  private patienceTimer: NodeJS.Timeout | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private closing = false;
  private idle: (() => void) | null = null;

  constructor(private readonly options: WriterThreadOptions) {}

  /** Runs `op` with `args` in the writer's next transaction; resolves with its result once committed (FULL). */
  run(op: string, args: readonly unknown[]): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      this.nextId += 1;
      this.queue.push({ id: this.nextId, op, args });
      this.waiting.set(this.nextId, { resolve, reject });
      if (this.scheduled) return;
      const patient = this.options.patient;
      if (patient?.ops.has(op)) {
        this.patienceTimer ??= setTimeout(() => void this.flush(), patient.ms);
        return;
      }
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  /** Waits for every write asked for so far, then closes the writer's connection and ends its thread. */
  async drain(): Promise<void> {
    await this.flush();
    if (this.waiting.size > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    const worker = this.worker;
    if (!worker) return;
    this.closing = true;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToWriter);
    await exited;
  }

  /** Ends the thread at once, as a crash would (tests of what a crash leaves). */
  async abort(): Promise<void> {
    await this.worker?.terminate();
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.patienceTimer) clearTimeout(this.patienceTimer);
    this.patienceTimer = null;
    const writes = this.queue;
    this.queue = [];
    if (writes.length === 0) return;
    let worker: Worker;
    try {
      worker = this.worker ?? (await (this.starting ??= this.start()));
    } catch (error) {
      for (const write of writes) this.settle(write.id, (w) => w.reject(error));
      return;
    }
    worker.ref(); // writes are waiting: the process must not end under them
    worker.postMessage({ type: 'writes', writes } satisfies ToWriter);
  }

  private async start(): Promise<Worker> {
    try {
      const { db } = this.options;
      const workerData: WriterData = {
        path: db.name,
        busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
        autocheckpointPages: Number(db.pragma('wal_autocheckpoint', { simple: true })),
      };
      const worker = new Worker(await this.options.script(), { workerData });
      worker.on('message', (message: FromWriter) => {
        for (const answer of message.answers) {
          this.settle(answer.id, (w) =>
            answer.ok ? w.resolve(answer.value) : w.reject(rebuiltError(answer.error)),
          );
        }
      });
      let failure: Error | null = null;
      worker.on('error', (error: Error) => {
        failure = error;
      });
      worker.once('exit', (code) => {
        this.worker = null;
        const asked = this.closing;
        this.closing = false;
        if (asked && this.waiting.size === 0) return;
        const stopped = new WriterStopped(failure?.message ?? `exit code ${String(code)}`);
        for (const id of [...this.waiting.keys()]) this.settle(id, (w) => w.reject(stopped));
        this.options.onStopped?.(stopped);
      });
      this.worker = worker;
      return worker;
    } finally {
      this.starting = null;
    }
  }

  private settle(id: number, how: (waiting: Waiting) => void): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    how(waiting);
    if (this.waiting.size > 0) return;
    // Nothing waits: an idle writer does not keep the process alive.
    this.worker?.unref();
    const idle = this.idle;
    this.idle = null;
    idle?.();
  }
}
