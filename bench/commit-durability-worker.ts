/** The app's writer thread (store/writer-runtime.ts) with the benchmark's one write: a ~300-byte row. */
import { serveWrites } from '../src/main/store/writer-runtime';

serveWrites((db) => {
  const insert = db.prepare('INSERT INTO attempts (posting_id, state, body) VALUES (?, ?, ?)');
  return {
    insert(n: number, body: string): null {
      insert.run(n, 'in_flight', body);
      return null;
    },
  };
});
