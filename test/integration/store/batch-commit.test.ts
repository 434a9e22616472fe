import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BatchCommit } from '../../../src/main/store/batch-commit';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('writes sharing one commit (webhook deliveries arriving together)', () => {
  it('commits the batch at synchronous = FULL; a write that throws is refused alone', async () => {
    const path = join(tempDir(), 'batch.sqlite');
    const db = new BetterSqlite3(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commits = new BatchCommit(db);
    const results = await Promise.allSettled([
      commits.run(() => insert.run('a').lastInsertRowid),
      commits.run(() => insert.run('a').lastInsertRowid), // unique: refused
      commits.run(() => insert.run('b').lastInsertRowid),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    db.close();
    // Read back from a fresh connection: both good writes were committed.
    const again = new BetterSqlite3(path, { readonly: true });
    expect(again.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'b']);
    again.close();
  });
});
