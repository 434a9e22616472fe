/**
 * Writes asked for in the same turn of the event loop share one transaction, so one commit (and its sync, at
 * the connection's `synchronous = FULL`) makes many of them durable: webhook deliveries arriving together
 * pay for one disk sync instead of one each. Each write still runs in its own savepoint when one fails: that
 * one is rolled back and refused alone while the others commit. A caller's promise settles only after the
 * COMMIT holding its write returned, so it is durable by SQLite's own guarantee ("PRAGMA synchronous",
 * https://www.sqlite.org/pragma.html#pragma_synchronous): nothing here syncs files itself.
 */
import type { Database } from 'better-sqlite3';
import { batchTransaction, type Outcome } from './batch-transaction';

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class BatchCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly commitAll: (batch: readonly Pending[]) => Outcome[];

  constructor(db: Database) {
    this.commitAll = batchTransaction(db, (entry: Pending) => entry.work());
  }

  /**
   * Runs `work` in the next shared transaction; resolves with its result once that is committed. `work` may
   * run twice (see batch-transaction.ts): it must do nothing outside the database but read.
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
}
