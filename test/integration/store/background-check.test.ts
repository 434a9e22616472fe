import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { damageMarkerPath } from '../../../src/main/store/background-check';
import { openOrRecover } from '../../../src/main/store/open-or-recover';
import { createRepositories } from '../../../src/main/store/repositories';
import { takeSnapshot } from '../../../src/main/store/snapshots';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** Options that make any database "large": checked in the background, at once. */
const LARGE = { foregroundCheckMaxBytes: 0, backgroundCheckDelayMs: 0 };

/** A database with 200 postings, a snapshot of it, one more posting, closed cleanly. */
function prepared(dir: string): { path: string; backupDir: string } {
  const path = join(dir, 'clearpost.sqlite');
  const backupDir = join(dir, 'backups');
  const store = openOrRecover(path, { backupDir }, Date.now());
  const repos = createRepositories(store.db);
  for (let i = 0; i < 200; i += 1) seedPosting(repos, 'failure');
  takeSnapshot(store.db, backupDir, Date.UTC(2026, 10, 22), 3);
  seedPosting(repos, 'failure');
  store.db.close();
  return { path, backupDir };
}

function damagePage(path: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, 4096 * 3 + 8);
  closeSync(fd);
}

const postings = (store: ReturnType<typeof openOrRecover>) =>
  createRepositories(store.db)
    .postings.countsByStatus()
    .reduce((n, c) => n + c.count, 0);

describe('the integrity check of a large database, after start-up', () => {
  it('opens a large, cleanly closed database without checking first, and finds it sound in the background', async () => {
    const { path, backupDir } = prepared(tempDir());
    const store = openOrRecover(path, { backupDir, ...LARGE }, Date.now());
    try {
      expect(store.integrity.mode).toBe('background');
      await expect(store.integrity.background).resolves.toEqual({ state: 'ok' });
      expect(existsSync(damageMarkerPath(path))).toBe(false);
      expect(postings(store)).toBe(201);
    } finally {
      store.db.close();
    }
  });

  it('finds damage in the background, marks it, and the next start recovers from the last snapshot', async () => {
    const { path, backupDir } = prepared(tempDir());
    damagePage(path);
    const damagedBytes = readFileSync(path);

    const first = openOrRecover(path, { backupDir, ...LARGE }, Date.now());
    expect(first.recovery).toBeNull();
    const verdict = await first.integrity.background;
    first.db.close();
    expect(verdict?.state).toBe('damaged');
    expect(existsSync(damageMarkerPath(path))).toBe(true);

    // The marker makes the next start check before opening, however large the file.
    const next = openOrRecover(path, { backupDir, ...LARGE }, Date.UTC(2026, 10, 23));
    try {
      expect(next.integrity.mode).toBe('foreground');
      expect(next.recovery?.message).toMatch(
        /database was damaged .*started from the snapshot taken .*kept as/,
      );
      expect(readFileSync(next.recovery?.damagedKeptAt ?? '').equals(damagedBytes)).toBe(true);
      expect(postings(next)).toBe(200);
      expect(existsSync(damageMarkerPath(path))).toBe(false);
    } finally {
      next.db.close();
    }
  });

  it('checks before opening when the last run did not close the database (its -wal file is left)', () => {
    const { path, backupDir } = prepared(tempDir());
    const running = openOrRecover(path, { backupDir }, Date.now());
    try {
      expect(existsSync(`${path}-wal`)).toBe(true);
      const second = openOrRecover(path, { backupDir, ...LARGE }, Date.now());
      expect(second.integrity).toMatchObject({ mode: 'foreground', background: null });
      second.db.close();
    } finally {
      running.db.close();
    }
  });

  it('stops an unfinished check before the database closes, so that closing still removes the -wal file', async () => {
    const { path, backupDir } = prepared(tempDir());
    const store = openOrRecover(
      path,
      { backupDir, foregroundCheckMaxBytes: 0, backgroundCheckDelayMs: 60_000 },
      Date.now(),
    );
    await store.integrity.stop();
    await expect(store.integrity.background).resolves.toMatchObject({ state: 'not_checked' });
    store.db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(damageMarkerPath(path))).toBe(false);
  });

  it('checks a small database before opening, as before', () => {
    const { path, backupDir } = prepared(tempDir());
    damagePage(path);
    const store = openOrRecover(path, { backupDir }, Date.now());
    try {
      expect(store.integrity.mode).toBe('foreground');
      expect(store.recovery?.message).toMatch(/database was damaged/);
    } finally {
      store.db.close();
    }
  });
});
