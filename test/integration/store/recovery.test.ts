import { existsSync, openSync, readdirSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../../src/main/store/snapshots';
import { seedPosting } from '../../helpers/seed';
import { testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** Overwrites bytes of a closed database file, as a failing disk would. */
function damage(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

describe('start-up integrity check and recovery from the last snapshot', () => {
  it('refuses to start on a damaged database without a snapshot, leaving the file untouched', async () => {
    const dir = tempDir();
    const app = await testApp(dir);
    await app.close();
    damage(app.layout.database, 0, Buffer.from('NOT A DATABASE!!'));
    const before = readFileSync(app.layout.database);
    await expect(testApp(dir)).rejects.toThrow(/damaged .*no good snapshot .*left untouched/);
    expect(readFileSync(app.layout.database).equals(before)).toBe(true);
  });

  for (const [what, corrupt] of [
    ['an unreadable header', (path: string) => damage(path, 0, Buffer.from('NOT A DATABASE!!'))],
    [
      'a damaged table page (found by quick_check)',
      (path: string) => damage(path, 4096 * 3 + 8, Buffer.alloc(64, 0xff)),
    ],
  ] as const) {
    it(`recovers from ${what}: opens the last good snapshot, says so, keeps the damaged file`, async () => {
      const dir = tempDir();
      const app = await testApp(dir);
      for (let i = 0; i < 200; i += 1) seedPosting(app.repos, 'failure');
      takeSnapshot(app.store.db, app.layout.backups, Date.UTC(2026, 10, 22), 3);
      seedPosting(app.repos, 'failure');
      await app.close();
      corrupt(app.layout.database);
      const damagedBytes = readFileSync(app.layout.database);

      const recovered = await testApp(dir);
      try {
        expect(recovered.recovery?.message).toMatch(
          /database was damaged .*started from the snapshot taken .*kept as/,
        );
        expect(recovered.repos.postings.countsByStatus().reduce((n, c) => n + c.count, 0)).toBe(200);
        const kept = recovered.recovery!.damagedKeptAt;
        expect(readFileSync(kept).equals(damagedBytes)).toBe(true);
        const status = await recovered.dispatch('backups.status', {}, { actor: 'x', transport: 'test' });
        expect(status).toMatchObject({
          ok: true,
          result: { integrity: 'recovered', recovery: { damagedKeptAt: kept } },
        });
      } finally {
        await recovered.close();
      }
    });
  }

  it('keeps the newest N scheduled snapshots', async () => {
    const app = await testApp(tempDir());
    for (let day = 1; day <= 5; day += 1)
      takeSnapshot(app.store.db, app.layout.backups, Date.UTC(2026, 10, day), 3);
    expect(readdirSync(app.layout.backups).filter((f) => f.endsWith('-snapshot.sqlite'))).toHaveLength(3);
    expect(existsSync(app.layout.database)).toBe(true);
    await app.close();
  });
});
