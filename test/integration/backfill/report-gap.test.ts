/**
 * Which report rows backfill imports, against a real database: a row is already had when its request id is
 * stored (any kind), when its webhook is held in quarantine, or when an earlier backfill handed it over; a
 * damaged row is imported anyway (to be quarantined with its reason); a file that is no Payment Batch Detail
 * report is refused whole.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findGap, ReportLayoutError } from '../../../src/main/intake/backfill/report-gap';
import { openTestStore, T0, type TestStore } from '../intake/store-helper';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const TITLE = 'Payment Batch Detail Report,1.0,2025-03-03 to 2025-03-03,,,,,,,';
const HEADER =
  'batch_id,merchant_id,batch_date,request_id,merchant_ref_number,trans_ref_no,payment_method,currency,amount,transaction_type';
const row = (id: string) => `1,org,2025-03-03,${id},REF,R1,Visa,USD,10.00,ics_bill`;

describe('the report gap', () => {
  it('skips what is stored, held in quarantine or handed over before; keeps the rest and damaged rows', async () => {
    t.repos.events.insert(
      {
        source: 'webhook',
        processorTxnId: 'STORED-1',
        kind: 'payment_plan',
        tender: 'card',
        amountMinor: 1000,
        currency: 'USD',
        ehr: 'epic',
        facility: 'MAIN',
        transactionAt: T0,
      },
      T0,
    );
    t.repos.quarantine.add(
      {
        source: 'webhook',
        sourceRef: 'webhook:trace',
        reasonCode: 'guarantor_mismatch',
        reason: 'held',
        redactedInput: JSON.stringify({ payload: { id: 'HELD-2', status: 'TRANSMITTED' } }),
      },
      T0,
    );
    t.store.db
      .prepare(
        "INSERT INTO backfill_rows (organization_id, request_id, report_date, submitted_at) VALUES ('org', 'HANDED-3', '2025-03-02', 1)",
      )
      .run();
    const csv = [
      TITLE,
      HEADER,
      row('STORED-1'),
      row('HELD-2'),
      row('HANDED-3'),
      row('NEW-4'),
      '1,org,"broken',
      '',
    ].join('\r\n');
    const gap = await findGap(t.store.db, 'org', csv, 'The report', T0 - 86_400_000);
    expect(gap).toMatchObject({ reportRows: 5, alreadyHad: 3, missingIds: ['NEW-4'] });
    // What is imported: the report's own title and header, the missing row, and the damaged one.
    expect(gap.csv?.split('\n').filter((l) => l !== '')).toEqual([
      TITLE,
      HEADER,
      row('NEW-4'),
      '1,org,"broken',
    ]);

    // The same id handed over for another organization does not count for this one.
    const other = await findGap(t.store.db, 'other-org', [TITLE, HEADER, row('HANDED-3')].join('\n'), 'x', 0);
    expect(other.missingIds).toEqual(['HANDED-3']);
    // Everything had: nothing to import.
    const none = await findGap(t.store.db, 'org', [TITLE, HEADER, row('STORED-1')].join('\n'), 'x', 0);
    expect(none).toMatchObject({ reportRows: 1, alreadyHad: 1, csv: null });
  });

  it('refuses a file that is not a Payment Batch Detail report', async () => {
    await expect(
      findGap(t.store.db, 'org', 'a,b,c\n1,2,3\n', 'The report for org', 0),
    ).rejects.toBeInstanceOf(ReportLayoutError);
  });
});
