/**
 * Benchmark 1 of issue #9: N processor events through the real intake path, against raw inserts of the same
 * rows, both measured in this run.
 *
 *  - value: a Payment Batch Detail CSV of N rows through importFile — read, card guard, map, validate, store
 *    (payment_events plus the engine's admission queue, in batches of DEFAULT_BATCH rows per transaction).
 *  - baseline: the same N rows written by one prepared INSERT per table into a fresh database with the same
 *    schema, in transactions of the same size: what SQLite alone costs, so the ratio is the cost of intake.
 *
 * Both databases are opened by openStore (same pragmas: WAL, synchronous=FULL). The engine's postings are
 * not part of intake (the engine creates them from the admission queue), so neither side writes them.
 *
 *   npm run bench -- --only ingest            (reduced: 100,000 rows)
 *   npm run bench -- --only ingest --full     (1,000,000 rows; ROWS=… overrides)
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { DEFAULT_INTAKE_CONFIG } from '../src/main/intake/cybersource/webhook-config';
import { importFile } from '../src/main/intake/reports/import-file';
import { openStore } from '../src/main/store/open';
import { createRepositories } from '../src/main/store/repositories';
import { peakRssMiB, report, size } from './lib/report';

const ROWS = size(100_000, 1_000_000, 'ROWS');
const BATCH = 1000;
const GOAL = 0.25;

interface Row {
  readonly requestId: string;
  readonly merchantRef: string;
  readonly batchId: string;
  readonly transRefNo: string;
  readonly refund: boolean;
  readonly amount: string;
  readonly amountMinor: number;
}

function row(i: number): Row {
  const refund = i % 10 === 9;
  const major = 1 + (i % 5000);
  const minor = i % 100;
  return {
    requestId: `7${String(i).padStart(21, '0')}`,
    merchantRef: `HB-${String(i)}`,
    batchId: `9${String(i % 1000)}`,
    transRefNo: `TR${String(i)}`,
    refund,
    amount: `${refund ? '-' : ''}${String(major)}.${String(minor).padStart(2, '0')}`,
    amountMinor: major * 100 + minor,
  };
}

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(
    'Payment Batch Detail Report\nbatch_id,merchant_id,batch_date,request_id,merchant_ref_number,trans_ref_no,payment_method,currency,amount,transaction_type\n',
  );
  let chunk = '';
  for (let i = 0; i < ROWS; i += 1) {
    const r = row(i);
    chunk += `${r.batchId},stmarys,2025-03-02,${r.requestId},${r.merchantRef},${r.transRefNo},Visa,USD,${r.amount},${r.refund ? 'ics_credit' : 'ics_bill'}\n`;
    if (chunk.length > 64 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
}

/** Raw better-sqlite3: the same rows, the same columns, prepared once, BATCH rows per transaction. */
function rawInsert(dbPath: string): number {
  const store = openStore(dbPath);
  const db = store.db;
  const insert = db.prepare(`
    INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
      guarantor_account, encounter_id, merchant_ref, card_brand, card_last4, card_expiry, check_number,
      processor_status, reason_code, transaction_at, effective_date, funding_date, service_fee_minor, extras,
      received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (processor_txn_id, kind) DO NOTHING
    RETURNING id`);
  const enqueue = db.prepare('INSERT INTO admission_queue (event_id) VALUES (?)');
  const at = Date.UTC(2025, 2, 2);
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const r = row(i);
      const extras = `{"batchId":"${r.batchId}","merchantId":"stmarys","report":"payment_batch_detail","transRefNo":"${r.transRefNo}"}`;
      const inserted = insert.get(
        'file',
        r.requestId,
        r.refund ? 'refund' : 'one_time_payment',
        'card',
        r.amountMinor,
        'USD',
        'epic',
        'MAIN',
        null,
        null,
        r.merchantRef,
        'visa',
        null,
        null,
        null,
        'BATCHED',
        null,
        at,
        '2025-03-02',
        null,
        0,
        extras,
        Date.now(),
      ) as { id: number } | undefined;
      if (inserted) enqueue.run(inserted.id);
    }
  });
  const t = performance.now();
  for (let from = 0; from < ROWS; from += BATCH) batch(from, Math.min(ROWS, from + BATCH));
  const ms = performance.now() - t;
  db.close();
  return ms;
}

it(`ingests ${String(ROWS)} events against raw inserts`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-ingest-'));
  try {
    const file = join(dir, 'batch.csv');
    await writeCsv(file);

    const rawMs = rawInsert(join(dir, 'raw.sqlite'));

    const store = openStore(join(dir, 'db.sqlite'));
    const repos = createRepositories(store.db);
    const config = { ...DEFAULT_INTAKE_CONFIG, defaultFacility: 'MAIN', defaultEhr: 'epic' as const };
    const t = performance.now();
    const summary = await importFile(
      file,
      { batchSize: BATCH },
      { db: store.db, repos, clock: { now: () => Date.now() }, config },
    );
    const ms = performance.now() - t;
    const stored = repos.events.count();
    store.db.close();
    if (summary.imported !== ROWS || stored !== ROWS) {
      throw new Error(
        `expected ${String(ROWS)} stored events, got ${String(summary.imported)} imported / ${String(stored)} rows`,
      );
    }

    const value = ROWS / (ms / 1000);
    const baseline = ROWS / (rawMs / 1000);
    report({
      name: 'ingest',
      value,
      unit: 'rows/s',
      baseline,
      goal: `ratio >= ${String(GOAL)}`,
      met: value / baseline >= GOAL,
      rows: ROWS,
      batchSize: BATCH,
      importSeconds: Math.round(ms) / 1000,
      rawSeconds: Math.round(rawMs) / 1000,
      peakRssMiB: peakRssMiB(),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 3_600_000);
