/**
 * Benchmark (issue #9): the daily export over 1,000,000 rows, CSV and XLSX, streamed. Seeds N payments in one
 * business day of one facility, then exports that day's payments detail file (every payment of the day: the
 * biggest daily file) through the real report service, as CSV and then as XLSX, each in a child process of
 * its own so its peak RSS is the export's, not the seeding's. Prints `export-csv` and `export-xlsx`: rows/s,
 * against a baseline measured in the same run (the same rows read with better-sqlite3 iterate() and written
 * by csv-stringify / exceljs WorkbookWriter with no report logic), with the peak RSS (kernel maxRSS of the
 * child, the export's worker thread included; and the sampled RSS growth during the export), the longest
 * stall of the child's main event loop during the export, rows and bytes.
 *
 *   npm run bench -- --only export          (100,000 rows)
 *   npm run bench -- --only export --full   (1,000,000 rows; ROWS=… overrides)
 *
 * To compare: EXPORT_IN_PROCESS=1 writes in the child's main thread as before the export worker;
 * EXPORT_WORKER_YOUNG_MB=N / EXPORT_WORKER_OLD_MB=N change the worker's resource limits.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { it } from 'vitest';
import { openStore } from '../src/main/store/open';
import { dayWindow } from '../src/main/lib/time-zone';
import { report, size } from './lib/report';

const ROWS = size(100_000, 1_000_000, 'ROWS');
const DATE = '2026-11-22';
const FACILITY = 'MAIN';
const ZONE = 'America/Chicago';
const RSS_GOAL_MIB = 300;

// A hospital day's mix: most payments post, some did not; every tender and kind; some text a guard must catch.
const STATUSES = [
  'success',
  'success',
  'success',
  'success',
  'success',
  'failure',
  'retry',
  'will_not_be_sent',
];
const KINDS = ['one_time_payment', 'one_time_payment', 'payment_plan', 'refund', 'void'];
const TENDERS = ['card', 'card', 'card', 'echeck', 'cash', 'paypal'];

function seed(path: string): number {
  const store = openStore(path);
  const db = store.db;
  const { start, end } = dayWindow(DATE, ZONE);
  const step = (end - start) / ROWS;
  const event = db.prepare(
    `INSERT INTO payment_events (id, source, processor_txn_id, kind, tender, amount_minor, currency,
       service_fee_minor, ehr, facility, department, guarantor_account, encounter_id, merchant_ref, card_brand,
       card_last4, processor_status, transaction_at, effective_date, funding_date, entered_by, received_at)
     VALUES (?, 'webhook', ?, ?, ?, ?, 'USD', ?, ?, ?, 'Cardiology', ?, ?, ?, 'VISA', '4242', 'ACCEPTED', ?, ?, ?,
       'portal', ?)`,
  );
  // Where the schema keeps a copy of the amount on the posting, it is given here rather than filled in by a
  // trigger row by row (seeding speed only; the export reads the event's amount).
  const copy = (db.pragma('table_info(postings)') as { name: string }[]).some(
    (c) => c.name === 'amount_minor',
  );
  const posting = db.prepare(
    `INSERT INTO postings (event_id, ehr, connection_id, channel, status, attempts, ehr_reference, reason_code,
       reason, next_step, created_at, updated_at${copy ? ', amount_minor' : ''})
     VALUES (?, ?, 'c', 'api', ?, 1, ?, ?, ?, ?, ?, ?${copy ? ', ?' : ''})`,
  );
  const started = performance.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const at = Math.floor(start + i * step);
      const ehr = i % 3 === 0 ? 'epic' : 'oracle_health';
      const status = STATUSES[i % STATUSES.length] ?? 'success';
      const amount = 100 + ((i * 7919) % 500_000);
      event.run(
        i + 1,
        `7${String(1_000_000_000 + i)}`,
        KINDS[i % KINDS.length] ?? 'one_time_payment',
        TENDERS[i % TENDERS.length] ?? 'card',
        amount,
        i % 4 === 0 ? 295 : 0,
        ehr,
        FACILITY,
        i % 97 === 0 ? `=G${String(i)}` : `G${String(100_000 + (i % 200_000))}`,
        `E${String(500_000 + i)}`,
        `INV-${String(i)}`,
        at,
        DATE,
        '2026-11-24',
        at,
      );
      posting.run(
        i + 1,
        ehr,
        status,
        status === 'success' ? `FT${String(i)}` : null,
        status === 'failure' ? '422' : null,
        status === 'failure' ? 'Guarantor account not found' : null,
        status === 'failure' ? 'Check the account and resend' : null,
        at,
        at,
        ...(copy ? [amount] : []),
      );
    }
  });
  for (let i = 0; i < ROWS; i += 50_000) batch(i, Math.min(ROWS, i + 50_000));
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return performance.now() - started;
}

const VARIANT = {
  inProcess: process.env.EXPORT_IN_PROCESS === '1',
  ...(process.env.EXPORT_WORKER_YOUNG_MB || process.env.EXPORT_WORKER_OLD_MB
    ? {
        limits: {
          ...(process.env.EXPORT_WORKER_YOUNG_MB
            ? { maxYoungGenerationSizeMb: Number(process.env.EXPORT_WORKER_YOUNG_MB) }
            : {}),
          ...(process.env.EXPORT_WORKER_OLD_MB
            ? { maxOldGenerationSizeMb: Number(process.env.EXPORT_WORKER_OLD_MB) }
            : {}),
        },
      }
    : {}),
};

interface Measured {
  mode: string;
  rows: number;
  bytes: number;
  ms: number;
  rowsPerSecond: number;
  peakRssMiB: number;
  rssBeforeMiB: number;
  rssGrowthMiB: number;
  heapPeakMiB: number;
  externalPeakMiB: number;
  stallMs: number;
  stallP99Ms: number;
}

/**
 * The child is bundled to plain JavaScript first, as the app's own build is: run from TypeScript source
 * through a loader, the loader alone would add ~100 MiB to the measured RSS. The export worker is an entry of
 * its own beside it, as in the app's build, where the report service finds it.
 */
async function buildChild(outDir: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node22',
      rollupOptions: {
        input: {
          'measure-export': 'bench/export/measure-export.ts',
          'export-worker': 'src/main/reconciliation/export-worker.ts',
        },
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      },
    },
  });
  // Dependencies stay external (better-sqlite3 is native): resolve them from the project.
  symlinkSync(join(process.cwd(), 'node_modules'), join(outDir, 'node_modules'), 'dir');
  return join(outDir, 'measure-export.mjs');
}

function measure(child: string, db: string, mode: string, outDir: string): Measured {
  const out = execFileSync(
    process.execPath,
    [child, JSON.stringify({ db, mode, outDir, date: DATE, facility: FACILITY, zone: ZONE, ...VARIANT })],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1024 * 1024 },
  );
  const measured = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measured;
  process.stderr.write(`  ${JSON.stringify(measured)}\n`);
  return measured;
}

it(`exports a day of ${String(ROWS)} payments as CSV and XLSX, streamed`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-export-'));
  try {
    const child = await buildChild(join(dir, 'child'));
    const db = join(dir, 'clearpost.db');
    const seededMs = seed(db);
    process.stderr.write(
      `export bench: seeded ${String(ROWS)} payments in ${(seededMs / 1000).toFixed(1)} s\n`,
    );
    for (const format of ['csv', 'xlsx'] as const) {
      const bare = measure(child, db, `bare-${format}`, join(dir, `bare-${format}`));
      const real = measure(child, db, `export-${format}`, join(dir, `out-${format}`));
      if (real.rows !== ROWS)
        throw new Error(`export-${format} wrote ${String(real.rows)} rows of ${String(ROWS)}`);
      report({
        name: `export-${format}`,
        value: real.rowsPerSecond,
        unit: 'rows/s',
        baseline: bare.rowsPerSecond,
        goal: `peakRss <= ${String(RSS_GOAL_MIB)} MB`,
        met: real.peakRssMiB <= RSS_GOAL_MIB,
        rows: real.rows,
        bytes: real.bytes,
        seconds: Math.round(real.ms / 100) / 10,
        peakRssMiB: real.peakRssMiB,
        rssGrowthMiB: real.rssGrowthMiB,
        rssBeforeMiB: real.rssBeforeMiB,
        heapPeakMiB: real.heapPeakMiB,
        externalPeakMiB: real.externalPeakMiB,
        stallMs: real.stallMs,
        stallP99Ms: real.stallP99Ms,
        variant: VARIANT,
        baselinePeakRssMiB: bare.peakRssMiB,
        measuredIn:
          'child process with its export worker thread (kernel maxRSS); rssGrowthMiB sampled every 20 ms during the export; stall of the main thread',
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
