/**
 * Report rows are stored in batches (one transaction per batch, no savepoint per row): a bad row in the
 * middle of a batch still goes to quarantine with its reason while the good rows beside it are stored, a
 * re-run adds nothing, and a storage error loses only the batch it happened in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, ImportError, type ImportDeps } from '../../../src/main/intake/reports/import-file';
import { importDepsOf, openTestStore, type TestStore } from './store-helper';

const HEADER =
  'Payment Batch Detail Report\nbatch_id,merchant_id,batch_date,request_id,merchant_ref_number,trans_ref_no,payment_method,currency,amount,transaction_type\n';
const good = (n: number) =>
  `9001,stmarys,2025-03-02,70000000000000000000${String(n).padStart(2, '0')},HB-${String(n)},TR${String(n)},Visa,USD,${String(n)}.25,ics_bill`;

/** 25 data rows in batches of 10; the bad ones sit inside the batches, not at their edges. */
const ROWS = [
  good(1),
  good(2),
  good(3),
  // A card number in the merchant reference: masked, refused, kept in quarantine.
  '9001,stmarys,2025-03-02,7000000000000000000904,HB 4111 1111 1111 1111,TR4,Visa,USD,4.25,ics_bill',
  good(5),
  good(6),
  '9001,stmarys,2025-03-02,7000000000000000000907,HB-7,TR7,Visa,USD,0.00,ics_bill', // zero amount
  good(8),
  good(9),
  good(10),
  good(11),
  good(12),
  '9001,stmarys,2025-03-02,7000000000000000000913,HB-13', // short row
  good(14),
  good(2), // the same transaction again, in another batch: a duplicate, not a second event
  good(16),
  '9001,stmarys,2025-03-02,7000000000000000000917,HB-17,TR17,Visa,USD,17.25,ics_chargeback', // unknown type
  good(18),
  good(19),
  good(20),
  good(21),
  good(22),
  '9001,stmarys,2025-03-02,7000000000000000000923,HB-23,TR23,Visa,USD,-23.25,ics_bill', // payment < 0
  good(24),
  good(25),
];
const BAD = [
  'card_number',
  'zero_amount',
  'malformed_row',
  'unknown_transaction_type',
  'amount_sign_mismatch',
];
const GOOD = ROWS.length - BAD.length - 1;

let t: TestStore;
let deps: ImportDeps;
let file: string;

beforeEach(() => {
  t = openTestStore();
  deps = importDepsOf(t);
  file = join(t.dir, 'batch.csv');
  writeFileSync(file, `${HEADER}${ROWS.join('\n')}\n`);
});
afterEach(() => t.close());

const count = (sql: string) => t.store.db.prepare<[], { n: number }>(sql).get()?.n ?? 0;
const quarantined = () =>
  t.store.db
    .prepare<[], { code: string; ref: string }>(
      'SELECT reason_code AS code, source_ref AS ref FROM quarantined_inputs ORDER BY id',
    )
    .all();

describe('batched report import', () => {
  it('stores the good rows of a batch and quarantines its bad rows with their reasons', async () => {
    const summary = await importFile(file, { batchSize: 10 }, deps);
    expect(summary).toMatchObject({ rows: 25, imported: GOOD, quarantined: BAD.length, duplicates: 1 });
    expect(quarantined().map((q) => q.code)).toEqual(BAD);
    expect(quarantined().map((q) => q.ref)).toEqual([
      'batch.csv#line 6',
      'batch.csv#line 9',
      'batch.csv#line 15',
      'batch.csv#line 19',
      'batch.csv#line 25',
    ]);
    expect(count('SELECT count(*) AS n FROM payment_events')).toBe(GOOD);
    // Every stored event is queued for the engine in the same transaction.
    expect(count('SELECT count(*) AS n FROM admission_queue')).toBe(GOOD);
    expect(t.repos.events.findByTxn('7000000000000000000022', 'one_time_payment')?.amountMinor).toBe(2225);
    // The card number never reached the database; its last four did, masked.
    expect(t.bytes().includes(Buffer.from('4111111111111111'))).toBe(false);
    expect(t.bytes().includes(Buffer.from('4111 1111 1111 1111'))).toBe(false);
  });

  it('adds nothing when the same file is imported again', async () => {
    await importFile(file, { batchSize: 10 }, deps);
    const again = await importFile(file, { batchSize: 10 }, deps);
    expect(again).toMatchObject({ alreadyImported: true, imported: 0, quarantined: 0 });
    expect(count('SELECT count(*) AS n FROM payment_events')).toBe(GOOD);
    expect(count('SELECT count(*) AS n FROM quarantined_inputs')).toBe(BAD.length);
  });

  it('resumes an import stopped after its first batch without storing anything twice', async () => {
    let updates = 0;
    await expect(
      importFile(
        file,
        {
          batchSize: 10,
          onProgress: () => {
            updates += 1;
            if (updates === 1) throw new Error('stopped');
          },
        },
        deps,
      ),
    ).rejects.toBeInstanceOf(ImportError);
    // The first batch (rows 1–10: two bad) was committed before the stop.
    expect(count('SELECT count(*) AS n FROM payment_events')).toBe(8);
    expect(count('SELECT count(*) AS n FROM quarantined_inputs')).toBe(2);

    const resumed = await importFile(file, { batchSize: 10 }, deps);
    expect(resumed).toMatchObject({ alreadyImported: false, rows: 25 });
    expect(count('SELECT count(*) AS n FROM payment_events')).toBe(GOOD);
    expect(count('SELECT count(*) AS n FROM admission_queue')).toBe(GOOD);
    expect(quarantined().map((q) => q.code)).toEqual(BAD);
  });

  it('loses only the batch in which storing failed, never an event without its queue entry', async () => {
    // A storage failure on row 14 (second batch): the first batch stays, nothing of the second is kept.
    t.store.db.exec(`CREATE TRIGGER refuse_row_14 BEFORE INSERT ON payment_events
      WHEN NEW.processor_txn_id = '7000000000000000000014' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(importFile(file, { batchSize: 10 }, deps)).rejects.toMatchObject({ code: 'read_failed' });
    expect(count('SELECT count(*) AS n FROM payment_events')).toBe(8);
    expect(count('SELECT count(*) AS n FROM admission_queue')).toBe(8);
    expect(count('SELECT count(*) AS n FROM quarantined_inputs')).toBe(2);
    expect(t.repos.events.findByTxn('7000000000000000000011', 'one_time_payment')).toBeUndefined();
  });
});
