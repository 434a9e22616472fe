/**
 * WAL checkpoints on a worker thread: the app's connection stops checkpointing on its commits (a backstop
 * threshold stays), the worker's PASSIVE checkpoints move the WAL into the database file, and stopping the
 * worker hands checkpointing back to the app's connection.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BACKSTOP_PAGES,
  checkpointInBackground,
  type CheckpointResult,
} from '../../../src/main/store/background-checkpoint';
import { openStore } from '../../../src/main/store/open';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('background checkpoints', () => {
  it('checkpoints what the app wrote from the worker, and hands back on stop', async () => {
    const { db } = openStore(join(tempDir(), 'db.sqlite'));
    const own = db.pragma('wal_autocheckpoint', { simple: true });
    const checkpoints = checkpointInBackground(db, { intervalMs: 20, logger: silentLogger });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);

    db.exec('CREATE TABLE t (b BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO t (b) VALUES (randomblob(3000))');
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run();
    })();
    // More frames than SQLite's own threshold, so only the worker can have moved them.
    const complete = await new Promise<CheckpointResult>((resolve) =>
      checkpoints.onCheckpoint((r) => {
        if (r.log > 1_000 && r.checkpointed === r.log) resolve(r);
      }),
    );
    expect(complete.checkpointed).toBe(complete.log);

    await checkpoints.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(own);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2_000 });
    db.close();
  });

  it('does nothing for a database that is not in WAL mode', async () => {
    const { db } = openStore(join(tempDir(), 'db.sqlite'));
    db.pragma('journal_mode = DELETE');
    const checkpoints = checkpointInBackground(db, { logger: silentLogger });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    await checkpoints.stop();
    db.close();
  });
});
