/**
 * A second writer never ends the service: `clearpost import` of a large report, run as its own process (the
 * built command, test/global-build.ts), while the engine posts what it imports. Before, a write that lost the
 * race for SQLite's write lock escaped the engine's admission as `SQLITE_BUSY` and took serve mode down.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { systemClock } from '../../../src/main/clock';
import { startEpicSim, type Simulator } from '../../../src/main/sandbox';
import { createSandboxWorld } from '../../../src/main/sandbox/world';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
let sim: Simulator | null = null;
afterEach(async () => {
  for (const app of apps.splice(0).reverse()) await app.close();
  await sim?.close();
  sim = null;
});

const CLI = join(__dirname, '../../../bin/clearpost.js');
const ROWS = Number(process.env.CONCURRENT_IMPORT_ROWS ?? 200_000);

function transactionRequestCsv(path: string, rows: number, accounts: readonly string[]): void {
  // The published Transaction Request Report layout (its day in the title line), plus the site's account column.
  const lines = [
    'Transaction Request Report,1.0,2026-12-05 to 2026-12-05,,,,,,,,',
    'merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,amount,currency,action,guarantor_account',
  ];
  for (let i = 1; i <= rows; i += 1) {
    const id = `77${String(i).padStart(20, '0')}`;
    const amount = `${String(10 + (i % 490))}.${String(i % 100).padStart(2, '0')}`;
    lines.push(
      `stmarys_hosp,127788,vital,${id},${String(i)},HB-${String(i)},SOK,${amount},USD,PENDING,${accounts[i % accounts.length]!}`,
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function attempts(app: ClearpostApp): number {
  return app.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM attempts').get()!.n;
}

describe('a second writer on the data folder', { timeout: 300_000 }, () => {
  it(`imports ${String(ROWS)} rows while the engine posts, and the engine keeps posting`, async () => {
    const dir = tempDir();
    // A production folder (its EHR connection configured, here to a simulated Epic): the import and the
    // engine share its one database, as `clearpost import` and serve mode do at a hospital.
    const world = createSandboxWorld(7, 10);
    sim = await startEpicSim({
      clock: systemClock,
      ledgerPath: ':memory:',
      logger: silentLogger,
      clientId: 'clearpost-test',
      clientSecret: 'test-secret',
      timeZone: 'America/Chicago',
      directory: world.directories.epic,
    });
    const facility = world.facilities.find((f) => f.ehr === 'epic')!.code;
    const accounts = world.guarantors
      .filter((g) => g.facility === facility && g.combinedInto === null)
      .map((g) => g.account);
    const file = join(tempDir(), 'report.csv');
    transactionRequestCsv(file, ROWS, accounts);
    const serving = await createApp({
      dataDir: dir,
      mode: 'test',
      logger: silentLogger,
      connections: [
        {
          id: 'epic',
          name: 'Epic',
          ehr: 'epic',
          baseUrl: sim.baseUrl,
          tokenUrl: sim.tokenUrl,
          clientId: sim.clientId,
          clientSecret: sim.clientSecret,
          timeZone: 'America/Chicago',
        },
      ],
    });
    apps.push(serving);
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('unhandledRejection', onError);
    try {
      const before = attempts(serving);
      const importer = spawn(
        process.execPath,
        [CLI, 'import', file, '--data-dir', dir, '--facility', facility, '--ehr', 'epic'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      importer.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      importer.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => importer.once('exit', resolve));
      // Notes in words about rows that cannot post as they are (reports carry no card last 4) are not errors.
      expect(err.split('\n').filter((l) => l !== '' && !l.startsWith('clearpost import: note: '))).toEqual(
        [],
      );
      expect(err).toContain(
        `clearpost import: note: ${String(ROWS)} payments by card lack the card's last 4`,
      );
      expect(code).toBe(0);
      expect(JSON.parse(out)).toEqual({ rows: ROWS, imported: ROWS, quarantined: 0, duplicates: 0 });
      // The engine admitted and posted imported payments while the import held the write lock batch after
      // batch...
      expect(attempts(serving)).toBeGreaterThan(before);
      // ...and admits the imported events afterwards, from the queue the import filled.
      const queued = () =>
        serving.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM admission_queue').get()!.n;
      const waiting = queued();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(waiting).toBeGreaterThan(0);
      expect(queued()).toBeLessThan(waiting);
      expect(serving.engine.status().state).toBe('running');
      expect(errors).toEqual([]);
    } finally {
      process.off('unhandledRejection', onError);
    }
  });
});
