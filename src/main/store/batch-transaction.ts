/**
 * Many writes in one transaction, each refused alone when it throws: shared by the engine's writer thread
 * (writer-runtime.ts) and webhook deliveries arriving together (batch-commit.ts).
 */
import type { Database } from 'better-sqlite3';

export type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Runs the batch in one IMMEDIATE transaction, as it is first: a savepoint per write costs more than the write
 * (the sub-journal copies every page the transaction had already changed). Only when a write throws is the
 * whole transaction rolled back and the batch run again with a savepoint per write, so that one alone is
 * refused. A write may therefore run twice: it must do nothing outside the database but read. IMMEDIATE: the
 * write lock is taken before the first statement, which may be a read (a claim reads the due rows, then takes
 * them), so another connection writing meanwhile cannot void this snapshot. Throws when the commit itself
 * fails (disk full, I/O error): then none of the batch is written.
 */
export function batchTransaction<W>(
  db: Database,
  runOne: (write: W) => unknown,
): (batch: readonly W[]) => Outcome[] {
  // Called inside a transaction, better-sqlite3 runs a transaction function as a savepoint.
  const inSavepoint = db.transaction(runOne);
  const together = db.transaction((batch: readonly W[]) =>
    batch.map((write): Outcome => ({ ok: true, value: runOne(write) })),
  );
  const apart = db.transaction((batch: readonly W[]) =>
    batch.map((write): Outcome => {
      try {
        return { ok: true, value: inSavepoint(write) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  return (batch) => {
    try {
      return together.immediate(batch);
    } catch {
      return apart.immediate(batch);
    }
  };
}
