/**
 * Benchmark: a 1,000,000-row Payment Batch Detail file through importFile, with progress and bounded memory.
 * Prints rows/s and peak RSS, next to the baseline measured in the same run (reading the same file's
 * records without importing them), so the figure is a ratio on whatever machine runs it.
 *
 *   ROWS=1000000 npx vitest run --dir bench --config bench/vitest.bench.config.ts
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { DEFAULT_INTAKE_CONFIG } from '../src/main/intake/cybersource/webhook-config';
import { readRecords } from '../src/main/intake/reports/file-source';
import { importFile } from '../src/main/intake/reports/import-file';
import { openStore } from '../src/main/store/open';
import { createRepositories } from '../src/main/store/repositories';

const ROWS = Number(process.env.ROWS ?? 1_000_000);

async function writeFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(
    'Payment Batch Detail Report\nbatch_id,merchant_id,batch_date,request_id,merchant_ref_number,trans_ref_no,payment_method,currency,amount,transaction_type\n',
  );
  for (let i = 0; i < ROWS; i += 1) {
    const refund = i % 10 === 9;
    const amount = `${refund ? '-' : ''}${String(1 + (i % 5000))}.${String(i % 100).padStart(2, '0')}`;
    await write(
      `9${String(i % 1000)},stmarys,2025-03-02,7${String(i).padStart(21, '0')},HB-${String(i)},TR${String(i)},Visa,USD,${amount},${refund ? 'ics_credit' : 'ics_bill'}\n`,
    );
  }
  await new Promise<void>((r) => out.end(() => r()));
}

it(`imports ${String(ROWS)} rows with bounded memory`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-'));
  const file = join(dir, 'batch.csv');
  await writeFile(file);
  const bytes = statSync(file).size;

  let t = performance.now();
  let n = 0;
  for await (const _ of readRecords(file, {
    xlsx: false,
    delimiter: ',',
    sheet: 1,
    onBytes: () => undefined,
  }))
    n += 1;
  const baselineMs = performance.now() - t;

  const store = openStore(join(dir, 'db.sqlite'));
  const repos = createRepositories(store.db);
  const config = { ...DEFAULT_INTAKE_CONFIG, defaultFacility: 'MAIN', defaultEhr: 'epic' as const };
  let peakRss = process.memoryUsage().rss;
  let updates = 0;
  t = performance.now();
  const summary = await importFile(
    file,
    { onProgress: () => ((updates += 1), (peakRss = Math.max(peakRss, process.memoryUsage().rss))) },
    {
      db: store.db,
      repos,
      clock: { now: () => Date.now() },
      config,
    },
  );
  const ms = performance.now() - t;
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\nintake import: ${String(summary.rows)} rows (${(bytes / 1e6).toFixed(0)} MB) in ${(ms / 1000).toFixed(1)} s = ` +
      `${Math.round(summary.rows / (ms / 1000)).toLocaleString('en-US')} rows/s; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; ` +
      `${String(updates)} progress updates; imported ${String(summary.imported)}, quarantined ${String(summary.quarantined)}\n` +
      `baseline (read records only): ${String(n)} records in ${(baselineMs / 1000).toFixed(1)} s; import/baseline = ${(ms / baselineMs).toFixed(1)}x\n`,
  );
}, 3_600_000);
