/**
 * A second writer never ends the service: `clearpost import` of a large report, run as its own process (the
 * built command, test/global-build.ts), while the engine posts sandbox traffic. Before, a write that lost the
 * race for SQLite's write lock escaped the engine's admission as `SQLITE_BUSY` and took serve mode down.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0).reverse()) await app.close();
});

const CLI = join(__dirname, '../../../bin/clearpost.js');
const ROWS = Number(process.env.CONCURRENT_IMPORT_ROWS ?? 200_000);

function transactionRequestCsv(path: string, rows: number): void {
  const lines = [
    'MerchantID,RequestID,MerchantReferenceNumber,TransactionDate,Amount,Currency,ReasonCode,Decision,Applications,PaymentMethod,AccountSuffix,guarantor_account',
  ];
  for (let i = 1; i <= rows; i += 1) {
    const id = `77${String(i).padStart(20, '0')}`;
    const amount = `${String(10 + (i % 490))}.${String(i % 100).padStart(2, '0')}`;
    lines.push(
      `stmarys_hosp,${id},HB-${String(i)},2026-12-05T10:15:00Z,${amount},USD,100,ACCEPT,"ics_auth,ics_bill",Visa,4242,G${String(1000 + (i % 5000))}`,
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function successes(app: ClearpostApp): number {
  return app.repos.postings.countsByStatus().reduce((n, c) => n + (c.status === 'success' ? c.count : 0), 0);
}

describe('a second writer on the data folder', { timeout: 300_000 }, () => {
  it(`imports ${String(ROWS)} rows while the engine posts, and the engine keeps posting`, async () => {
    const dir = tempDir();
    const file = join(tempDir(), 'report.csv');
    transactionRequestCsv(file, ROWS);
    const serving = await createApp({
      dataDir: dir,
      mode: 'test',
      logger: silentLogger,
      sandbox: { traffic: true, ratePerMinute: 3_000 },
    });
    apps.push(serving);
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('unhandledRejection', onError);
    try {
      const before = successes(serving);
      const importer = spawn(
        process.execPath,
        [CLI, 'import', file, '--data-dir', dir, '--facility', 'SMH', '--ehr', 'epic'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      importer.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      importer.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => importer.once('exit', resolve));
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(out)).toEqual({ rows: ROWS, imported: ROWS, quarantined: 0, duplicates: 0 });
      // The engine posted sandbox traffic while the import held the write lock batch after batch...
      expect(successes(serving)).toBeGreaterThan(before);
      // ...and admits the imported events afterwards, from the queue the import filled.
      const queued = () =>
        serving.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM admission_queue').get()!.n;
      const waiting = queued();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(queued()).toBeLessThan(waiting);
      expect(serving.engine.status().state).toBe('running');
      expect(errors).toEqual([]);
    } finally {
      process.off('unhandledRejection', onError);
    }
  });
});
