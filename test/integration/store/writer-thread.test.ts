/**
 * The writer thread (store/writer-thread.ts, writer-runtime.ts): a real worker thread with its own connection
 * to a real database file; the main connection reads what it committed.
 */
import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LeaseLost } from '../../../src/main/store/repositories/posting-work';
import { BatchRunner, openWriterConnection } from '../../../src/main/store/writer-runtime';
import { WriterStopped } from '../../../src/main/store/writer-thread';
import { useTempDirs } from '../../helpers/temp-dir';
import { openWithWrites, rowIds, testWriter } from './writer-test-helpers';

const tempDir = useTempDirs();

describe('the writer thread: what goes wrong', () => {
  it('a write that throws is rolled back and refused alone; the rest of its batch commits', async () => {
    const { db } = openWithWrites(tempDir());
    const writer = testWriter(db);
    const settled = await Promise.allSettled([
      writer.run('insert', [1, 10, false]),
      writer.run('insert', [2, 10, true]), // written, then undone with its savepoint
      writer.run('insert', [3, 10, false]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('write 2 refused'));
    // Heard means committed: the main connection reads it.
    expect(rowIds(db)).toEqual([1, 3]);
    await writer.drain();
    db.close();
  });

  it('errors reach the caller as the classes it tests for: LeaseLost, SqliteError with its code', async () => {
    const { db } = openWithWrites(tempDir());
    const writer = testWriter(db);
    const lost = await writer.run('loseClaim', [42]).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(LeaseLost);
    expect(lost).toMatchObject({ postingId: 42, message: 'posting 42 is no longer held by this claim' });
    await writer.run('insert', [7, 10, false]);
    const duplicate = await writer.run('insert', [7, 10, false]).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(BetterSqlite3.SqliteError);
    expect(duplicate).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    await expect(writer.run('noSuchWrite', [])).rejects.toThrow(
      'the writer thread knows no write named "noSuchWrite"',
    );
    await writer.drain();
    db.close();
  });

  it('a crashed thread fails the writes waiting on it (never a hang), rolls back its open batch, and the next write starts a new one', async () => {
    const { db } = openWithWrites(tempDir());
    const stopped: WriterStopped[] = [];
    const writer = testWriter(db, (error) => stopped.push(error));
    await writer.run('insert', [1, 10, false]);
    const settled = await Promise.allSettled([
      writer.run('insert', [2, 10, false]),
      writer.run('crash', [3]),
    ]);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      expect((s as PromiseRejectedResult).reason).toBeInstanceOf(WriterStopped);
    }
    expect(stopped).toHaveLength(1);
    // The batch's transaction never committed: neither of its rows is there.
    expect(rowIds(db)).toEqual([1]);
    await expect(writer.run('insert', [4, 10, false])).resolves.toBe(4);
    expect(rowIds(db)).toEqual([1, 4]);
    await writer.drain();
    db.close();
  });

  it('a thread stopped from outside (terminate) fails its waiting writes too', async () => {
    const { db } = openWithWrites(tempDir());
    const writer = testWriter(db);
    await writer.run('insert', [1, 10, false]);
    const waiting = writer.run('insert', [2, 10, false]);
    await writer.abort();
    await expect(waiting).rejects.toBeInstanceOf(WriterStopped);
    await writer.drain();
    db.close();
  });
});

describe('the writer thread', () => {
  it('commits on its own connection at synchronous = FULL in WAL mode, inside a transaction', async () => {
    const { db } = openWithWrites(tempDir());
    const writer = testWriter(db);
    await expect(writer.run('settings', [])).resolves.toEqual({
      synchronous: 2,
      journalMode: 'wal',
      inTransaction: true,
    });
    await writer.drain();
    db.close();
  });

  it('drain waits for the writes in flight and closes its connection (the WAL goes with the last one)', async () => {
    const { db, path } = openWithWrites(tempDir());
    const writer = testWriter(db);
    const heard: number[] = [];
    const writes = [1, 2, 3].map((n) => writer.run('insert', [n, 100, false]).then(() => heard.push(n)));
    await writer.drain();
    expect(heard).toEqual([1, 2, 3]);
    await Promise.all(writes);
    db.close();
    // SQLite removes the WAL when the last connection to the file closes: the writer's is closed too.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});

describe('relaxed writes (the engine settlements)', () => {
  it('patient writes wait for company: they go with the next other write, or at a drain, or when their patience ends', async () => {
    const { db } = openWithWrites(tempDir());
    // A patience no test run reaches: only another write or the drain can send these.
    const writer = testWriter(db, undefined, { ops: new Set(['insert']), ms: 600_000 });
    let heard = false;
    const first = writer.run('insert', [1, 10, false]).then(() => (heard = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toBe(false);
    expect(rowIds(db)).toEqual([]);
    // Another write goes at the next turn and takes the waiting one along, in the same commit.
    await writer.run('settings', []);
    await first;
    expect(rowIds(db)).toEqual([1]);
    const second = writer.run('insert', [2, 10, false]);
    await writer.drain();
    await second;
    expect(rowIds(db)).toEqual([1, 2]);

    const short = testWriter(db, undefined, { ops: new Set(['insert']), ms: 5 });
    await short.run('insert', [3, 10, false]);
    expect(rowIds(db)).toEqual([1, 2, 3]);
    await short.drain();
    db.close();
  });

  it('commit at NORMAL only when no other write shares their batch; otherwise the batch commits at FULL', () => {
    const path = `${tempDir()}/relaxed.sqlite`;
    const setup = new BetterSqlite3(path);
    setup.pragma('journal_mode = WAL');
    setup.exec('CREATE TABLE t (v TEXT)');
    setup.close();
    const db = openWriterConnection({ path, busyTimeoutMs: 1000, autocheckpointPages: 1000 });
    // Each op records the synchronous level its transaction commits at.
    const level = () => Number(db.pragma('synchronous', { simple: true }));
    const runner = new BatchRunner(db, { settle: () => level(), claim: () => level() }, new Set(['settle']));
    const values = (batch: { id: number; op: string }[]) =>
      runner.run(batch.map((w) => ({ ...w, args: [] }))).map((a) => (a.ok ? a.value : a.error));
    const NORMAL = 1;
    const FULL = 2;
    expect(
      values([
        { id: 1, op: 'settle' },
        { id: 2, op: 'settle' },
      ]),
    ).toEqual([NORMAL, NORMAL]);
    expect(
      values([
        { id: 3, op: 'settle' },
        { id: 4, op: 'claim' },
      ]),
    ).toEqual([FULL, FULL]);
    expect(values([{ id: 5, op: 'claim' }])).toEqual([FULL]);
    // And the connection is back at FULL for whatever comes next.
    expect(level()).toBe(FULL);
    db.close();
  });
});
