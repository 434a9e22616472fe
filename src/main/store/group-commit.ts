/**
 * Group commit: writes asked for in the same turn of the event loop share one transaction, so one fsync
 * (synchronous = FULL) makes many of them durable. Each write still runs in its own savepoint: one that
 * throws is rolled back and rejected alone while the others commit. A caller's promise settles only after
 * the transaction holding its write has committed, so "recorded before sending" still holds.
 */
import type { Database } from 'better-sqlite3';

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Called inside the shared transaction, better-sqlite3 runs it as a savepoint. Built once. */
  private readonly inSavepoint: (work: () => unknown) => unknown;

  constructor(private readonly db: Database) {
    this.inSavepoint = db.transaction((work: () => unknown) => work());
  }

  /** Runs `work` in the next shared transaction; resolves with its result once that has committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued so far (also called on shutdown so nothing waits on a timer). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    try {
      this.db.transaction(() => {
        for (const entry of batch) {
          try {
            outcomes.push({ ok: true, value: this.inSavepoint(entry.work) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): none of the batch is durable.
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) entry.resolve(outcome.value);
      else entry.reject(outcome?.error);
    });
  }
}
