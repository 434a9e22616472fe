/**
 * One measured export, in a process of its own so its peak RSS is the export's and not the seeding's.
 * bench/export.bench.ts bundles it to JavaScript and runs it as
 * `node measure-export.mjs '{"db":"…","mode":"export-csv","outDir":"…","date":"…","facility":"…","zone":"…"}'`.
 *
 * Modes: `export-csv` / `export-xlsx` go through the real report service (the daily payments detail file);
 * `bare-csv` / `bare-xlsx` are the baseline, the same rows read with better-sqlite3's iterate() and written
 * with csv-stringify / exceljs WorkbookWriter with no report logic (no formatting, guard, totals, hashing,
 * atomic write). Prints one JSON line: rows, bytes, ms, peak RSS, RSS growth and the longest event-loop stall.
 * The export writes on a worker thread: the peak RSS (the kernel's, for the whole process) includes it, the
 * heap and external figures are the main thread's, and the stall is the main thread's event loop.
 */
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ResourceLimits } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { facilityZones } from '../../src/main/reconciliation/facility-zones';
import { createReportService } from '../../src/main/reconciliation/report-service';
import { dayWindow } from '../../src/main/lib/time-zone';
import { createRepositories } from '../../src/main/store/repositories';

interface Args {
  readonly db: string;
  readonly mode: 'export-csv' | 'export-xlsx' | 'bare-csv' | 'bare-xlsx';
  readonly outDir: string;
  readonly date: string;
  readonly facility: string;
  readonly zone: string;
  readonly pageSize?: number;
  /** The export worker's resource limits, to compare settings (default: the app's EXPORT_WORKER_LIMITS). */
  readonly limits?: ResourceLimits;
  /** Writes in the process's main thread, as before the export worker (for comparison). */
  readonly inProcess?: boolean;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const MiB = 1024 * 1024;

const db = new BetterSqlite3(args.db, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
mkdirSync(args.outDir, { recursive: true });

// RSS sampled every 20 ms during the export (with the V8 heap and external buffers, to tell them apart);
// maxRSS from the kernel is the authoritative peak.
const rssBefore = process.memoryUsage().rss;
let rssPeakSampled = rssBefore;
let heapPeak = 0;
let externalPeak = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  rssPeakSampled = Math.max(rssPeakSampled, usage.rss);
  heapPeak = Math.max(heapPeak, usage.heapUsed);
  externalPeak = Math.max(externalPeak, usage.external);
}, 20);

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const started = performance.now();
const result = args.mode.startsWith('export') ? await viaReportService() : await bareLoop();
const ms = performance.now() - started;
loop.disable();
clearInterval(sampler);
db.close();

process.stdout.write(
  `${JSON.stringify({
    mode: args.mode,
    ...result,
    ms: Math.round(ms),
    rowsPerSecond: Math.round(result.rows / (ms / 1000)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    rssBeforeMiB: Math.round(rssBefore / MiB),
    rssGrowthMiB: Math.round((rssPeakSampled - rssBefore) / MiB),
    heapPeakMiB: Math.round(heapPeak / MiB),
    externalPeakMiB: Math.round(externalPeak / MiB),
    stallMs: Math.round(loop.max / 1e6),
    stallP99Ms: Math.round(loop.percentile(99) / 1e6),
  })}\n`,
);

async function viaReportService(): Promise<{ rows: number; bytes: number }> {
  const service = createReportService({
    db,
    repos: createRepositories(db),
    clock: { now: () => Date.now() },
    logger: pino({ level: 'silent' }),
    zones: facilityZones({ [args.facility]: args.zone }, args.zone),
    ...(args.pageSize ? { pageSize: args.pageSize } : {}),
    exportWorker: args.inProcess ? false : { limits: args.limits },
  });
  const files = await service.exportTabular(
    {
      kind: 'detail',
      date: args.date,
      facility: args.facility,
      format: args.mode === 'export-csv' ? 'csv' : 'xlsx',
      outDir: args.outDir,
    },
    { trigger: 'cli', actor: 'bench' },
  );
  return {
    rows: files.reduce((sum, f) => sum + f.rows, 0),
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
  };
}

async function bareLoop(): Promise<{ rows: number; bytes: number }> {
  const { start, end } = dayWindow(args.date, args.zone);
  const statement = db.prepare(
    `SELECT e.*, p.status, p.attempts, p.ehr_reference, p.reason_code AS posting_reason, p.id AS posting_id
     FROM payment_events e LEFT JOIN postings p ON p.event_id = e.id
     WHERE e.facility = ? AND e.transaction_at >= ? AND e.transaction_at < ?
     ORDER BY e.transaction_at, e.processor_txn_id, e.kind, e.id`,
  );
  const COLUMNS = [
    'facility',
    'department',
    'tender',
    'card_brand',
    'card_last4',
    'kind',
    'transaction_at',
    'amount_minor',
    'service_fee_minor',
    'currency',
    'processor_txn_id',
    'guarantor_account',
    'encounter_id',
    'entered_by',
    'source',
    'status',
    'posting_reason',
    'ehr_reference',
    'ehr',
    'posting_id',
  ];
  let rows = 0;
  const values = function* () {
    yield COLUMNS;
    for (const row of statement.iterate(args.facility, start, end) as Iterable<Record<string, unknown>>) {
      rows += 1;
      yield COLUMNS.map((c) => row[c] ?? null);
    }
  };
  if (args.mode === 'bare-csv') {
    const path = join(args.outDir, 'bare.csv');
    await pipeline(
      Readable.from(values()),
      stringify({ record_delimiter: 'windows' }),
      createWriteStream(path),
    );
    return { rows, bytes: statSync(path).size };
  }
  const path = join(args.outDir, 'bare.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false });
  const sheet = workbook.addWorksheet('Payments detail');
  for (const record of values()) {
    sheet.addRow(record).commit();
    // The same turn of the event loop every 1 000 rows as the export, so zlib's output is written as it goes.
    if (rows % 1_000 === 0) await nextTurn();
  }
  sheet.commit();
  await workbook.commit();
  return { rows, bytes: statSync(path).size };
}
