import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_INTAKE_CONFIG } from '../../../src/main/intake/cybersource/webhook-config';
import {
  importFile,
  ImportError,
  type ImportDeps,
  type ImportProgress,
} from '../../../src/main/intake/reports/import-file';
import { importDepsOf, openTestStore, type TestStore } from './store-helper';

const FIXTURES = join(__dirname, '../../fixtures/intake');
let t: TestStore;
let deps: ImportDeps;

beforeEach(() => {
  t = openTestStore();
  deps = importDepsOf(t);
});
afterEach(() => t.close());

function quarantineCodes(): string[] {
  return t.store.db
    .prepare<[], { c: string }>('SELECT reason_code AS c FROM quarantined_inputs ORDER BY id')
    .all()
    .map((r) => r.c);
}

describe('Payment Batch Detail import', () => {
  it('keeps bad rows in quarantine with reasons while the good rows import', async () => {
    const progress: ImportProgress[] = [];
    const summary = await importFile(
      join(FIXTURES, 'batch-detail.csv'),
      { onProgress: (p) => progress.push(p) },
      deps,
    );
    expect(summary).toMatchObject({
      source: 'cybersource-batch-detail',
      rows: 11,
      imported: 4,
      quarantined: 7,
      duplicates: 0,
    });
    expect(quarantineCodes()).toEqual([
      'too_precise',
      'unknown_currency',
      'malformed_row',
      'malformed_row',
      'card_number',
      'unknown_transaction_type',
      'amount_sign_mismatch',
    ]);
    expect(progress.at(-1)).toMatchObject({ rows: 11, bytesRead: progress.at(-1)?.totalBytes });
    const refund = t.repos.events.findByTxn('7400000000000000000003', 'refund');
    expect(refund).toMatchObject({
      amountMinor: 4000,
      currency: 'USD',
      cardBrand: 'AMEX',
      effectiveDate: '2025-03-02',
    });
    expect(t.repos.events.findByTxn('7400000000000000000002', 'one_time_payment')?.amountMinor).toBe(125000);
    // The enriched merchant reference gives the encounter back.
    expect(t.repos.events.findByTxn('7400000000000000000001', 'one_time_payment')).toMatchObject({
      encounterId: 'E1001',
      merchantRef: 'HB-1001|ENC:E1001',
      facility: 'MAIN',
      ehr: 'epic',
    });
    expect(t.repos.events.findByTxn('7400000000000000000011', 'one_time_payment')?.tender).toBe('echeck');
    expect(t.bytes().includes('5555555555554444')).toBe(false);
    expect(t.bytes().includes('5555 5555 5555 4444')).toBe(false);
  });

  it('re-importing the same file adds nothing, even under another name', async () => {
    const first = await importFile(join(FIXTURES, 'batch-detail.csv'), {}, deps);
    const copy = join(t.dir, 'renamed.csv');
    copyFileSync(join(FIXTURES, 'batch-detail.csv'), copy);
    const again = await importFile(copy, {}, deps);
    expect(again).toMatchObject({
      alreadyImported: true,
      imported: 0,
      quarantined: 0,
      duplicates: first.rows,
      rows: first.rows,
    });
    expect(t.repos.events.count()).toBe(4);
    expect(t.repos.quarantine.openCount()).toBe(7);
  });

  it('a file that overlaps an earlier one only adds its new rows (per-row idempotency)', async () => {
    await importFile(join(FIXTURES, 'batch-detail.csv'), {}, deps);
    const overlap = join(t.dir, 'overlap.csv');
    writeFileSync(
      overlap,
      'batch_id,batch_date,request_id,currency,amount,transaction_type\n' +
        '88001,2025-03-02,7400000000000000000001,USD,125.50,ics_bill\n' +
        '88003,2025-03-05,7400000000000000000099,USD,1.00,ics_bill\n',
    );
    expect(await importFile(overlap, {}, deps)).toMatchObject({
      rows: 2,
      imported: 1,
      duplicates: 1,
      quarantined: 0,
    });
  });

  it('reads columns by header in any order, with JPY and KWD precision', async () => {
    const summary = await importFile(
      join(FIXTURES, 'batch-detail-reordered.csv'),
      { source: 'cybersource-batch-detail' },
      deps,
    );
    expect(summary).toMatchObject({ rows: 4, imported: 4, quarantined: 0 });
    expect(t.repos.events.findByTxn('7500000000000000000003', 'one_time_payment')).toMatchObject({
      amountMinor: 1500,
      currency: 'JPY',
    });
    expect(t.repos.events.findByTxn('7500000000000000000004', 'one_time_payment')).toMatchObject({
      amountMinor: 1250,
      currency: 'KWD',
    });
    expect(t.repos.events.findByTxn('7500000000000000000002', 'refund')?.amountMinor).toBe(500);
  });

  it('quarantines every row when no facility can be found rather than guessing', async () => {
    deps = { ...deps, config: DEFAULT_INTAKE_CONFIG };
    const summary = await importFile(join(FIXTURES, 'batch-detail-reordered.csv'), {}, deps);
    expect(summary).toMatchObject({ imported: 0, quarantined: 4 });
    expect(new Set(quarantineCodes())).toEqual(new Set(['missing_facility']));
  });
});

describe('file-level problems and malformed CSV', () => {
  it('refuses a file with no recognisable header, naming the formats it tried', async () => {
    const path = join(t.dir, 'unknown.csv');
    writeFileSync(path, 'a,b,c\n1,2,3\n');
    await expect(importFile(path, {}, deps)).rejects.toMatchObject({ code: 'unknown_format' });
    await expect(importFile(join(t.dir, 'missing.csv'), {}, deps)).rejects.toBeInstanceOf(ImportError);
  });

  it('an unclosed quote costs one row, not the rest of the file', async () => {
    const path = join(t.dir, 'quote.csv');
    const lines = ['batch_id,batch_date,request_id,currency,amount,transaction_type'];
    lines.push('1,2025-03-02,"T-BROKEN,USD,1.00,ics_bill');
    for (let i = 0; i < 60; i += 1) lines.push(`1,2025-03-02,T-${String(i)},USD,1.00,ics_bill`);
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const summary = await importFile(path, {}, deps);
    expect(summary).toMatchObject({ rows: 61, imported: 60, quarantined: 1 });
    expect(quarantineCodes()).toEqual(['malformed_row']);
  });

  it('keeps quoted fields with commas and newlines intact', async () => {
    const path = join(t.dir, 'multiline.csv');
    writeFileSync(
      path,
      '\uFEFFbatch_id,batch_date,request_id,merchant_ref_number,currency,amount,transaction_type\n' +
        '1,2025-03-02,T-ML,"ref, with comma\nand a second ""line""",USD,1.00,ics_bill\n',
    );
    expect(await importFile(path, {}, deps)).toMatchObject({ rows: 1, imported: 1 });
    expect(t.repos.events.findByTxn('T-ML', 'one_time_payment')?.merchantRef).toBe(
      'ref, with comma\nand a second "line"',
    );
  });
});

describe('generic CSV/XLSX mapping', () => {
  const mapping = {
    columns: {
      transactionId: 'Txn ID',
      amount: 'Amt',
      currency: 'Cur',
      transactionDate: 'Posted On',
      kind: 'Type',
      guarantorAccount: 'Account #',
      facility: 'Site',
      ehr: 'EHR System',
    },
    kindValues: { payment: ['SALE'], refund: ['REFUND'], void: ['VOID'], declined: ['DECLINE'] },
    defaultTender: 'card' as const,
    customFields: [{ source: 'Loyalty Tier', target: 'loyaltyTier', transforms: ['upper' as const] }],
  };

  async function writeXlsx(path: string, rows: unknown[][]): Promise<void> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Payments');
    ws.addRow(['Acme Processor — payment detail']);
    for (const row of rows) ws.addRow(row);
    await wb.xlsx.writeFile(path);
  }

  it('imports XLSX by a mapping saved for the source, then reuses the saved mapping', async () => {
    const path = join(t.dir, 'acme.xlsx');
    await writeXlsx(path, [
      [
        'Posted On',
        'Txn ID',
        'Amt',
        'Cur',
        'Type',
        'Account #',
        'Site',
        'EHR System',
        'Loyalty Tier',
        'Notes',
      ],
      [
        new Date(Date.UTC(2025, 2, 1, 9, 30)),
        'AC-1',
        45.5,
        'USD',
        'SALE',
        'G-1',
        'NORTH',
        'Cerner',
        'gold',
        'ok',
      ],
      [
        new Date(Date.UTC(2025, 2, 1, 9, 31)),
        'AC-2',
        '10.00',
        'USD',
        'REFUND',
        'G-1',
        'NORTH',
        'Cerner',
        '',
        '',
      ],
      [
        new Date(Date.UTC(2025, 2, 1, 9, 32)),
        'AC-3',
        '10.00',
        'USD',
        'DECLINE',
        'G-2',
        'NORTH',
        'Epic',
        '',
        '',
      ],
      [
        new Date(Date.UTC(2025, 2, 1, 9, 33)),
        'AC-4',
        4111111111111111,
        'USD',
        'SALE',
        'G-3',
        'NORTH',
        'Epic',
        '',
        '',
      ],
      [
        new Date(Date.UTC(2025, 2, 1, 9, 34)),
        'AC-5',
        '3.00',
        'USD',
        'CHARGEBACK',
        'G-3',
        'NORTH',
        'Epic',
        '',
        '',
      ],
    ]);
    const summary = await importFile(path, { source: 'acme-pay', mapping }, deps);
    expect(summary).toMatchObject({ source: 'acme-pay', rows: 5, imported: 3, quarantined: 2 });
    expect(quarantineCodes()).toEqual(['card_number', 'unknown_transaction_type']);
    const sale = t.store.db
      .prepare<
        [],
        { amount_minor: number; ehr: string; facility: string; extras: string; transaction_at: number }
      >(
        "SELECT amount_minor, ehr, facility, extras, transaction_at FROM payment_events WHERE processor_txn_id = 'AC-1'",
      )
      .get();
    expect(sale).toMatchObject({
      amount_minor: 4550,
      ehr: 'oracle_health',
      facility: 'NORTH',
      transaction_at: Date.UTC(2025, 2, 1, 9, 30),
    });
    expect(JSON.parse(sale?.extras ?? '{}')).toMatchObject({ loyaltyTier: 'GOLD' });
    expect(t.bytes().includes('4111111111111111')).toBe(false);

    // The mapping was saved: a second file from the same source needs only its name.
    const csv = join(t.dir, 'acme.csv');
    writeFileSync(
      csv,
      'Txn ID,Amt,Cur,Posted On,Type,Account #,Site,EHR System\nAC-9,1.00,USD,2025-03-02,SALE,G-9,NORTH,Epic\n',
    );
    expect(await importFile(csv, { source: 'acme-pay' }, deps)).toMatchObject({ imported: 1 });
    // And auto-detection finds it among the saved sources.
    const csv2 = join(t.dir, 'acme2.csv');
    writeFileSync(
      csv2,
      'Txn ID,Amt,Cur,Posted On,Type,Account #,Site,EHR System\nAC-10,1.00,USD,2025-03-02,SALE,G-9,NORTH,Epic\n',
    );
    expect(await importFile(csv2, {}, deps)).toMatchObject({ source: 'acme-pay', imported: 1 });
  });

  it('refuses an invalid mapping and a source without one', async () => {
    const path = join(FIXTURES, 'transaction-request.csv');
    await expect(importFile(path, { source: 'nobody' }, deps)).rejects.toMatchObject({ code: 'no_mapping' });
    const bad = { columns: { transactionId: 'Txn', amount: 'Amt', transactionDate: 'Date' } };
    await expect(importFile(path, { source: 'bad', mapping: bad }, deps)).rejects.toMatchObject({
      code: 'invalid_mapping',
    });
  });
});
