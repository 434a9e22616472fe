/**
 * CSV and XLSX report files are written on a worker thread with its own read-only connection
 * (export-in-worker.ts). These tests prove the file really is produced off the main thread, byte for byte as
 * in process, and that a worker that cannot read the database or runs out of memory fails the export with a
 * clear error, leaves no file and does not hang.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { useReportHarness } from './harness';

const tempDir = useTempDirs();
const harness = useReportHarness(tempDir);
const requester = { trigger: 'cli', actor: 'test' } as const;
const DAY = { kind: 'detail', date: '2026-11-22', facility: 'MAIN' } as const;

function seedDay(h: Awaited<ReturnType<typeof harness>>, count: number): void {
  h.app.store.db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      h.seed(i % 3 ? 'success' : 'failure', {
        amountMinor: 1_000 + i,
        transactionAt: Date.UTC(2026, 10, 22, 14, 0) + i * 1_000,
      });
    }
  })();
}

const PARTIAL = /\.partial-[0-9a-f]{12}$/;

/** The temporary file being written in `dir`, and its size (0 when there is none yet). */
function partialSize(dir: string): { name: string | undefined; bytes: number } {
  const name = readdirSync(dir).find((n) => PARTIAL.test(n));
  if (!name) return { name, bytes: 0 };
  try {
    return { name, bytes: statSync(join(dir, name)).size };
  } catch {
    return { name: undefined, bytes: 0 }; // renamed meanwhile
  }
}

describe('the export worker', () => {
  it('writes the file while the main thread is blocked: the work is not on the main thread', async () => {
    const h = await harness();
    seedDay(h, 40_000);
    const out = tempDir();
    const finalName = 'detail_MAIN_2026-11-22.csv';
    const exported = h.service().exportTabular({ ...DAY, format: 'csv', outDir: out }, requester);
    // Wait, letting the loop turn, for the temporary file: the worker has started writing.
    for (let i = 0; i < 2_000 && !partialSize(out).name && !readdirSync(out).includes(finalName); i += 1)
      await sleep(5);
    // Then hold the main thread without a single turn of its event loop. Written in this thread, the file
    // could not grow now; written by the worker, it grows (or is finished and renamed) meanwhile.
    const before = partialSize(out);
    let grew = false;
    for (const stop = Date.now() + 30_000; !grew && Date.now() < stop;) {
      const now = partialSize(out);
      grew = now.bytes > before.bytes || now.name !== before.name;
    }
    const [file] = await exported;
    expect(before.name).toBeDefined();
    expect(grew).toBe(true);
    expect(file?.rows).toBe(40_000);
    expect(readdirSync(out).sort()).toEqual([finalName, 'detail_MAIN_2026-11-22_totals.csv']);
  });

  it('keeps the main event loop turning through a large export', async () => {
    const h = await harness();
    seedDay(h, 20_000);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    // One page for the whole day: in this thread, the rows would be read and formatted in one go.
    const [file] = await h
      .service({ pageSize: 50_000 })
      .exportTabular({ ...DAY, format: 'xlsx', outDir: tempDir() }, requester);
    clearInterval(timer);
    expect(file?.rows).toBe(20_000);
    expect(ticks).toBeGreaterThanOrEqual(50);
  });

  it('reads through a connection of its own: what the main connection has not committed is not in the file', async () => {
    const h = await harness();
    seedDay(h, 500);
    const db = h.app.store.db;
    db.exec('BEGIN IMMEDIATE');
    try {
      h.seed('failure', { transactionAt: Date.UTC(2026, 10, 22, 15, 30) });
      const [file] = await h.service().exportTabular({ ...DAY, format: 'csv', outDir: tempDir() }, requester);
      expect(file?.rows).toBe(500);
      // The same export in this thread reads the main connection and sees the pending row.
      const [inProcess] = await h
        .service({ exportWorker: false })
        .exportTabular({ ...DAY, format: 'csv', outDir: tempDir() }, requester);
      expect(inProcess?.rows).toBe(501);
    } finally {
      db.exec('ROLLBACK');
    }
  });

  it('writes the same bytes as the export in process, CSV and XLSX, and records them in the history', async () => {
    const h = await harness();
    seedDay(h, 3_000);
    for (const format of ['csv', 'xlsx'] as const) {
      const request = { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format } as const;
      const viaWorker = await h.service().exportTabular({ ...request, outDir: tempDir() }, requester);
      const inProcess = await h
        .service({ exportWorker: false })
        .exportTabular({ ...request, outDir: tempDir() }, requester);
      const strip = (files: typeof viaWorker) => files.map(({ path: _path, ...rest }) => rest);
      expect(strip(viaWorker)).toEqual(strip(inProcess));
      expect(viaWorker.map((f) => f.file)).toEqual(
        format === 'csv'
          ? ['recon_MAIN_2026-11-22.csv', 'recon_MAIN_2026-11-22_totals.csv']
          : ['recon_MAIN_2026-11-22.xlsx'],
      );
      viaWorker.forEach((file, i) =>
        expect(readFileSync(file.path).equals(readFileSync(inProcess[i]?.path ?? ''))).toBe(true),
      );
    }
    const history = h.service().history.list('recon', 10);
    expect(history).toHaveLength(6);
  });
});

describe('a failing export worker', () => {
  it('a database file it cannot read: the reader error, no file, no history entry', async () => {
    const h = await harness();
    seedDay(h, 100);
    const notADatabase = join(tempDir(), 'garbage.db');
    writeFileSync(
      notADatabase,
      'this is not a database, it is text long enough to have a header page'.repeat(20),
    );
    const out = tempDir();
    const service = h.service({ exportWorker: { databasePath: notADatabase } });
    await expect(service.exportTabular({ ...DAY, format: 'xlsx', outDir: out }, requester)).rejects.toThrow(
      /file is not a database/,
    );
    expect(readdirSync(out)).toEqual([]);
    expect(service.history.list('detail', 10)).toEqual([]);
  });

  it('a database without the payments table: the SQLite error with its code, and no file', async () => {
    const h = await harness();
    const empty = join(tempDir(), 'empty.db');
    const other = new BetterSqlite3(empty);
    other.exec('CREATE TABLE unrelated (x)');
    other.close();
    const out = tempDir();
    const failure = await h
      .service({ exportWorker: { databasePath: empty } })
      .exportTabular({ ...DAY, format: 'csv', outDir: out }, requester)
      .then(
        () => null,
        (error: unknown) => error as Error & { code?: string },
      );
    expect(failure?.message).toMatch(/no such table: payment_events/);
    expect([failure?.name, failure?.code]).toEqual(['SqliteError', 'SQLITE_ERROR']);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a worker that runs out of memory as it starts: a clear error, no file, and the caller is not left waiting', async () => {
    const h = await harness();
    seedDay(h, 2_000);
    const out = tempDir();
    // Too small to load the writers (and not so small that V8 aborts the whole process instead).
    await expect(
      h
        .service({ exportWorker: { limits: { maxOldGenerationSizeMb: 8 } } })
        .exportTabular({ ...DAY, format: 'xlsx', outDir: out }, requester),
    ).rejects.toThrow(/the export ran out of memory in its worker/);
    expect(readdirSync(out)).toEqual([]);
    // The app's own connection is untouched: the same export then succeeds.
    const [file] = await h.service().exportTabular({ ...DAY, format: 'xlsx', outDir: out }, requester);
    expect(file?.rows).toBe(2_000);
  });
});
