import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/main/app';
import { dataLayout } from '../../../src/main/paths';
import { takeSnapshot, takeSnapshotInBackground } from '../../../src/main/store/snapshots';
import { openStore } from '../../../src/main/store/open';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const mode = (path: string) => statSync(path).mode & 0o777;

// The usual umask, under which the bug showed: 0644 files in 0755 folders. Modes must not depend on it.
let previousUmask = 0;
beforeAll(() => {
  previousUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(previousUmask);
});

describe.skipIf(process.platform === 'win32')('owner-only data folder (issue 20 item 5)', () => {
  it('creates the data folder, database, WAL/SHM, logs and vault key readable by the owner only', async () => {
    const dataDir = join(tempDir(), 'fresh', 'Clearpost');
    const app = await createApp({ dataDir, mode: 'test' });
    try {
      const layout = app.layout;
      app.logger.info('a line, so the log file exists');
      expect(mode(layout.dataDir)).toBe(0o700);
      expect(mode(layout.database)).toBe(0o600);
      // Open in WAL mode: both side files exist while the app runs and hold recent writes.
      expect(mode(`${layout.database}-wal`)).toBe(0o600);
      expect(mode(`${layout.database}-shm`)).toBe(0o600);
      expect(mode(layout.logs)).toBe(0o700);
      expect(mode(layout.logFile)).toBe(0o600);
      expect(mode(layout.vaultKey)).toBe(0o600);
      app.settings.save(app.settings.get());
      expect(mode(layout.settings)).toBe(0o600);
    } finally {
      await app.close();
    }
  });

  it('makes snapshots (in-process and on the worker) and the backups folder owner-only', async () => {
    const dataDir = tempDir();
    const app = await createApp({ dataDir, mode: 'test' });
    try {
      const inProcess = takeSnapshot(app.store.db, app.layout.backups, Date.UTC(2026, 0, 1), 5);
      const onWorker = await takeSnapshotInBackground(
        app.layout.database,
        app.layout.backups,
        Date.UTC(2026, 0, 2),
        5,
      );
      expect(mode(app.layout.backups)).toBe(0o700);
      expect(mode(inProcess.file)).toBe(0o600);
      expect(mode(onWorker.file)).toBe(0o600);
    } finally {
      await app.close();
    }
  });

  it('tightens a data folder an older version left readable by everyone', () => {
    const layout = dataLayout(tempDir());
    openStore(layout.database).db.close();
    mkdirSync(layout.backups);
    for (const path of [layout.dataDir, layout.backups]) chmodSync(path, 0o755);
    chmodSync(layout.database, 0o644);
    const store = openStore(layout.database);
    try {
      expect(mode(layout.dataDir)).toBe(0o700);
      expect(mode(layout.database)).toBe(0o600);
      expect(existsSync(`${layout.database}-wal`)).toBe(true);
      expect(mode(`${layout.database}-wal`)).toBe(0o600);
      const snapshot = takeSnapshot(store.db, layout.backups, Date.UTC(2026, 0, 3), 5);
      expect(mode(layout.backups)).toBe(0o700);
      expect(mode(snapshot.file)).toBe(0o600);
    } finally {
      store.db.close();
    }
  });

  it('writes report files owner-only in a new reports folder', async () => {
    const app = await createApp({ dataDir: tempDir(), mode: 'test' });
    try {
      const day = Date.UTC(2026, 10, 22, 15, 0, 0);
      seedPosting(app.repos, 'failure', { transactionAt: day }, day);
      // CSV is written in one piece, XLSX streamed: both paths.
      for (const format of ['csv', 'xlsx'] as const) {
        const exported = await app.dispatch(
          'reports.export',
          { kind: 'detail', date: '2026-11-22', facility: 'MAIN', format },
          { actor: 'supervisor@test', role: 'supervisor', transport: 'http' },
        );
        expect(exported.ok).toBe(true);
      }
      const reports = join(app.layout.dataDir, 'reports');
      expect(mode(reports)).toBe(0o700);
      const files = readdirSync(reports);
      expect(files.sort()).toEqual([
        'detail_MAIN_2026-11-22.csv',
        'detail_MAIN_2026-11-22.xlsx',
        'detail_MAIN_2026-11-22_totals.csv',
      ]);
      for (const file of files) expect(mode(join(reports, file))).toBe(0o600);
    } finally {
      await app.close();
    }
  });
});
