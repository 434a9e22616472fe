import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listSnapshots, takeSnapshotInBackground } from '../../../src/main/store/snapshots';
import { seedPosting } from '../../helpers/seed';
import { testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('scheduled snapshots taken on a worker thread', () => {
  it('copies the live database (WAL included) while the app keeps writing, and prunes to the newest N', async () => {
    const app = await testApp(tempDir());
    for (let i = 0; i < 50; i += 1) seedPosting(app.repos, 'failure');
    const day = Date.UTC(2026, 10, 23);
    const taken = [];
    for (let n = 0; n < 3; n += 1) {
      const copy = takeSnapshotInBackground(app.layout.database, app.layout.backups, day + n * 1_000, 2);
      // The app's own connection is not blocked: it writes while the copy is made.
      seedPosting(app.repos, 'retry');
      taken.push(await copy);
    }
    const kept = listSnapshots(app.layout.backups).filter((s) => s.kind === 'scheduled');
    expect(kept.map((s) => s.file).sort()).toEqual(
      taken
        .slice(1)
        .map((s) => s.file)
        .sort(),
    );

    const copy = new Database(taken[2]!.file, { readonly: true });
    try {
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
      const rows = (copy.prepare('SELECT count(*) AS n FROM postings').get() as { n: number }).n;
      expect(rows).toBeGreaterThanOrEqual(50);
    } finally {
      copy.close();
    }
    await app.close();
  });

  it('fails plainly, leaving no partial file, when the database cannot be read', async () => {
    const dir = tempDir();
    await expect(
      takeSnapshotInBackground(`${dir}/missing.sqlite`, `${dir}/backups`, Date.UTC(2026, 10, 23), 2),
    ).rejects.toThrow(/unable to open|does not exist|directory/i);
    expect(listSnapshots(`${dir}/backups`)).toEqual([]);
  });
});
