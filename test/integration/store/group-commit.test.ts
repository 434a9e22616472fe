import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
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

describe('group commit: the WAL sync runs off the thread', () => {
  /** A sync the test releases by hand, recording what was committed when it was asked for. */
  function manualSync(db: Database) {
    const calls: { path: string; release: () => void; fail: (error: Error) => void; rows: number }[] = [];
    const walSync = (path: string) => ({
      sync: () =>
        new Promise<void>((resolve, reject) => {
          const { n } = db.prepare('SELECT count(*) AS n FROM t').get() as { n: number };
          calls.push({ path, release: resolve, fail: reject, rows: n });
        }),
      close: () => undefined,
    });
    return { calls, walSync };
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('settles callers only after the WAL is synced, and a burst during a sync shares the next one', async () => {
    const path = join(tempDir(), 'db.sqlite');
    const { db } = openStore(path);
    db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const { calls, walSync } = manualSync(db);
    const commits = new GroupCommit(db, walSync);
    const settled: number[] = [];
    const track = (n: number) => void commits.run(() => insert.run(n)).then(() => settled.push(n));

    track(1);
    await turn();
    // Committed (visible), the sync asked for, the caller not yet told.
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ path: `${path}-wal`, rows: 1 });
    expect(settled).toEqual([]);
    // Other transactions on the connection still sync at every commit.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);

    track(2);
    await turn();
    track(3);
    await turn();
    expect(calls).toHaveLength(1); // both wait for the sync under way to end
    calls[0]!.release();
    await turn();
    expect(settled).toEqual([1]);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.rows).toBe(3); // one sync for both later commits
    calls[1]!.release();
    await turn();
    expect(settled).toEqual([1, 2, 3]);
    db.close();
  });

  it('refuses the callers of a batch whose sync failed, and syncs again for the next', async () => {
    const { db } = openStore(join(tempDir(), 'db.sqlite'));
    db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const { calls, walSync } = manualSync(db);
    const commits = new GroupCommit(db, walSync);
    const first = commits.run(() => insert.run(1).changes);
    await turn();
    calls[0]!.fail(new Error('EIO: i/o error, fsync'));
    await expect(first).rejects.toThrow('EIO');
    const second = commits.run(() => insert.run(2).changes);
    await turn();
    calls[1]!.release();
    await expect(second).resolves.toBe(1);
    db.close();
  });

  it('drain commits what is queued and waits for its sync (the real fsync)', async () => {
    const { db } = openStore(join(tempDir(), 'db.sqlite'));
    db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    const commits = new GroupCommit(db);
    const write = commits.run(() => db.prepare('INSERT INTO t (n) VALUES (1)').run().changes);
    await commits.drain();
    await expect(write).resolves.toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('group commit: writes nothing outside waits on', () => {
  it('resolves a non-durable write at its commit, without a sync of its own, and durable ones after it', async () => {
    const { db } = openStore(join(tempDir(), 'db.sqlite'));
    db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    let syncs = 0;
    let release: () => void = () => undefined;
    const walSync = () => ({
      sync: () =>
        new Promise<void>((resolve) => {
          syncs++;
          release = resolve;
        }),
      close: () => undefined,
    });
    const commits = new GroupCommit(db, walSync);
    const settled: string[] = [];
    void commits.run(() => insert.run(1), { durable: false }).then(() => settled.push('settlement'));
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.resolve();
    expect(settled).toEqual(['settlement']);
    expect(syncs).toBe(0);

    void commits.run(() => insert.run(2)).then(() => settled.push('claim'));
    void commits.run(() => insert.run(3), { durable: false }).then(() => settled.push('settlement 2'));
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.resolve();
    expect(settled).toEqual(['settlement', 'settlement 2']);
    expect(syncs).toBe(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual(['settlement', 'settlement 2', 'claim']);
    db.close();
  });
});
