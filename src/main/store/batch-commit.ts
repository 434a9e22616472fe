/**
 * Writes asked for in the same turn of the event loop share one transaction, so one commit (and its sync, at
 * the connection's `synchronous = FULL`) makes many of them durable: webhook deliveries arriving together
 * pay for one disk sync instead of one each. Each write still runs in its own savepoint when one fails: that
 * one is rolled back and refused alone while the others commit. A caller's promise settles only after the
 * COMMIT holding its write returned, so it is durable by SQLite's own guarantee ("PRAGMA synchronous",
 * https://www.sqlite.org/pragma.html#pragma_synchronous): nothing here syncs files itself.
 */
import type { Database, Transaction } from 'better-sqlite3';

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export class BatchCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  /** The batch's writes one after another in one transaction; the first to throw undoes them all. */
  private readonly runTogether: Transaction<(batch: readonly Pending[]) => Outcome[]>;
  /** The same with a savepoint per write, so a write that throws is undone and refused alone. */
  private readonly runApart: Transaction<(batch: readonly Pending[]) => Outcome[]>;

  constructor(db: Database) {
    // Called inside a transaction, better-sqlite3 runs a transaction function as a savepoint.
    const inSavepoint = db.transaction((work: () => unknown) => work());
    this.runTogether = db.transaction((batch: readonly Pending[]) =>
      batch.map((entry): Outcome => ({ ok: true, value: entry.work() })),
    );
    this.runApart = db.transaction((batch: readonly Pending[]) =>
      batch.map((entry): Outcome => {
        try {
          return { ok: true, value: inSavepoint(entry.work) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /**
   * Runs `work` in the next shared transaction; resolves with its result once that is committed. `work` may
   * run twice (see `commitAll`): it must do nothing outside the database but read.
   */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued so far. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commitAll(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): none of the batch is written.
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) entry.resolve(outcome.value);
      else entry.reject(outcome?.error);
    });
  }

  /** Commits what is queued (shutdown). */
  drain(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }

  /**
   * First as it is: a savepoint per write costs more than the write. Only when a write throws is the whole
   * transaction rolled back and the batch run again with a savepoint per write. IMMEDIATE: the write lock is
   * taken before the first statement, so another connection writing meanwhile cannot void the snapshot.
   */
  private commitAll(batch: readonly Pending[]): Outcome[] {
    try {
      return this.runTogether.immediate(batch);
    } catch {
      return this.runApart.immediate(batch);
    }
  }
}
