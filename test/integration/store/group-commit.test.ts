import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/main/store/group-commit';
import { openStore } from '../../../src/main/store/open';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('group commit', () => {
  it('commits the writes of one turn together; a write that throws is rolled back and rejected alone', async () => {
    const { db } = openStore(join(tempDir(), 'db.sqlite'));
    db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const commits = new GroupCommit(db);
    const writes = [
      commits.run(() => insert.run(1).changes),
      commits.run(() => {
        insert.run(2); // written, then undone with its savepoint
        throw new Error('refused');
      }),
      commits.run(() => insert.run(3).changes),
    ];
    // Nothing is visible before the shared commit: the promises settle only after it.
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    const settled = await Promise.allSettled(writes);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('refused'));
    expect(db.prepare('SELECT n FROM t ORDER BY n').all()).toEqual([{ n: 1 }, { n: 3 }]);
    db.close();
  });
});
