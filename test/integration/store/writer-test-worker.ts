/**
 * A writer thread with test writes (writer-thread.test.ts, power-loss.test.ts): the app's own runtime
 * (store/writer-runtime.ts) with a few ops on a `writes` table, one that loses its claim and one that ends
 * the thread mid-transaction as a crash would.
 */
import { LeaseLost } from '../../../src/main/store/repositories/posting-work';
import { serveWrites } from '../../../src/main/store/writer-runtime';

serveWrites((db) => {
  const insert = db.prepare('INSERT INTO writes (id, body) VALUES (?, ?)');
  return {
    /** Writes row `id` of `bytes` bytes; with `fail` it throws after writing (its savepoint undoes it). */
    insert(id: number, bytes: number, fail: boolean): number {
      insert.run(id, Buffer.alloc(bytes, id % 251));
      if (fail) throw new Error(`write ${String(id)} refused`);
      return id;
    },
    loseClaim(postingId: number): never {
      throw new LeaseLost(postingId);
    },
    settings(): { synchronous: unknown; journalMode: unknown; inTransaction: boolean } {
      return {
        synchronous: db.pragma('synchronous', { simple: true }),
        journalMode: db.pragma('journal_mode', { simple: true }),
        inTransaction: db.inTransaction,
      };
    },
    /** Ends the thread inside the batch's open transaction (after writing row `id`). */
    crash(id: number): never {
      insert.run(id, Buffer.alloc(8));
      process.exit(3);
    },
  };
});
