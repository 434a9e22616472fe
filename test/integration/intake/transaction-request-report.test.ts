/**
 * The Transaction Request Report in its published CSV layout (Cybersource Batch Upload guide): a title line,
 * then merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,
 * amount,currency,action — no date column, so the file's day comes from the title line or the import.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, type ImportDeps } from '../../../src/main/intake/reports/import-file';
import { importDepsOf, openTestStore, type TestStore } from './store-helper';

const FIXTURE = join(__dirname, '../../fixtures/intake/transaction-request.csv');
const HEADER =
  'merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,amount,currency,action';

let t: TestStore;
let deps: ImportDeps;
beforeEach(() => {
  t = openTestStore();
  deps = importDepsOf(t);
});
afterEach(() => t.close());

function quarantined(): { code: string; input: Record<string, string> }[] {
  return t.store.db
    .prepare<[], { code: string; input: string }>(
      'SELECT reason_code AS code, redacted_input AS input FROM quarantined_inputs ORDER BY id',
    )
    .all()
    .map((r) => ({ code: r.code, input: JSON.parse(r.input) as Record<string, string> }));
}

describe('Transaction Request Report, published layout', () => {
  it('refuses a file without a day (no title line, none given) as a whole, storing nothing', async () => {
    const path = join(t.dir, 'no-title.csv');
    writeFileSync(path, `${HEADER}\nm1,1,vital,7600000000000000000009,1,R1,SOK,10.00,USD,PENDING\n`);
    await expect(importFile(path, {}, deps)).rejects.toMatchObject({
      code: 'no_report_date',
      message: expect.stringMatching(/no date column.*give the report's day/) as unknown,
    });
    expect(t.repos.events.count()).toBe(0);
    expect(quarantined()).toEqual([]);
  });

  it('refuses a title line naming a range of days unless the day is given', async () => {
    const path = join(t.dir, 'range.csv');
    const body = `Transaction Request Report,1.0,2025-03-01 to 2025-03-02\n${HEADER}\nm1,1,vital,7600000000000000000009,1,R1,SOK,10.00,USD,PENDING\n`;
    writeFileSync(path, body);
    await expect(importFile(path, {}, deps)).rejects.toMatchObject({ code: 'no_report_date' });
    const summary = await importFile(path, { reportDate: '2025-03-02' }, deps);
    expect(summary).toMatchObject({ rows: 1, imported: 1 });
    expect(t.repos.events.findByTxn('7600000000000000000009', 'one_time_payment')?.transactionAt).toBe(
      Date.UTC(2025, 2, 2),
    );
  });

  it('imports the published sample: accepted, declined (recorded), review and bad amount quarantined', async () => {
    const stored: string[] = [];
    deps = {
      ...deps,
      onEventStored: (s) => stored.push(`${s.event.processorTxnId.slice(-1)}:${s.disposition}`),
    };
    const summary = await importFile(FIXTURE, {}, deps);
    expect(summary).toMatchObject({
      source: 'cybersource-transaction-request',
      rows: 5,
      imported: 3,
      quarantined: 2,
      duplicates: 0,
    });
    expect(stored).toEqual(['1:post', '2:declined', '4:post']);
    expect(quarantined().map((q) => q.code)).toEqual(['processor_review', 'invalid_amount']);

    // The day is the title line's; the encounter comes from the enriched merchant reference.
    expect(t.repos.events.findByTxn('7600000000000000000001', 'one_time_payment')).toMatchObject({
      amountMinor: 8000,
      encounterId: 'E3001',
      facility: 'MAIN',
      processorStatus: 'PENDING',
      reasonCode: '100',
      transactionAt: Date.UTC(2025, 2, 2),
    });
    // A D-flag is a decline with a plain reason, never posted; a negative amount is a credit.
    const declined = t.repos.events.findByTxn('7600000000000000000002', 'one_time_payment');
    expect(declined).toMatchObject({ reasonCode: '203' });
    expect(t.repos.events.extrasOf(declined!.id)).toMatchObject({
      rflag: 'DCARDREFUSED',
      reasonText: expect.stringMatching(/declined by the issuing bank/) as unknown,
    });
    expect(t.repos.events.findByTxn('7600000000000000000004', 'refund')?.amountMinor).toBe(2500);
  });

  it('keeps the file day with a quarantined row, so a release can still date it', async () => {
    await importFile(FIXTURE, {}, deps);
    const review = quarantined().find((q) => q.code === 'processor_review');
    expect(review?.input).toMatchObject({ merchant_id: 'stmarys_hosp', report_date: '2025-03-02' });
  });

  it('says in plain words which stored rows can never post as they are', async () => {
    // Card payments need the last 4 (Oracle Health the expiry too); rows with no account have nowhere to go.
    deps = { ...deps, config: { ...deps.config!, defaultEhr: 'oracle_health' } };
    const path = join(t.dir, 'oracle.csv');
    writeFileSync(
      path,
      [
        'Transaction Request Report,1.0,2025-03-02 to 2025-03-02',
        HEADER,
        'm1,1,vital,7600000000000000000011,1,HB-1|ENC:E1,SOK,10.00,USD,PENDING',
        'm1,1,vital,7600000000000000000012,1,HB-2,SOK,12.00,USD,PENDING',
        'm1,1,vital,7600000000000000000013,1,HB-3,DCARDREFUSED,12.00,USD,FAILED',
      ].join('\n'),
    );
    const summary = await importFile(path, {}, deps);
    expect(summary.imported).toBe(3);
    expect(summary.notices).toEqual([
      expect.stringMatching(/^1 payment names no guarantor account or encounter/) as unknown,
      // The declined one is recorded, never posted: not counted.
      expect.stringMatching(
        /^2 payments by card lack the card's last 4 digits \(and, for Oracle Health, its expiry\)/,
      ) as unknown,
    ]);

    // A file with nothing that would post (a decline is recorded, never posted) says nothing.
    const withAccounts = join(t.dir, 'accounts.csv');
    writeFileSync(
      withAccounts,
      [
        'Transaction Request Report,1.0,2025-03-02 to 2025-03-02',
        HEADER,
        'm1,1,vital,7600000000000000000021,1,HB-1|ENC:E1,DCARDREFUSED,10.00,USD,FAILED',
      ].join('\n'),
    );
    expect((await importFile(withAccounts, {}, deps)).notices).toEqual([]);
  });
});
