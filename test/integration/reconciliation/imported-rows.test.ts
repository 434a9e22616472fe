/**
 * Issue 18 reproductions on the import path: a report's date is the facility's business date, a declined row
 * is recorded as declined (never work), and an absurd amount is quarantined instead of breaking the day.
 * Real app, real SQLite file, real report files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { facilityZones } from '../../../src/main/reconciliation/facility-zones';
import { createReportService } from '../../../src/main/reconciliation/report-service';
import { fromDraft, toDraft } from '../../../src/renderer/src/screens/settings/intake-rules-draft';
import { dispatchOk, fakeClock, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const ZONES = { MAIN: 'America/Chicago', TOKYO: 'Asia/Tokyo' };

async function appWithZones() {
  const clock = fakeClock(Date.UTC(2026, 11, 7, 15));
  const app = await createApp({
    dataDir: tempDir(),
    mode: 'test',
    logger: silentLogger,
    clock,
    engine: { autoStart: false },
    reports: { timeZones: ZONES, defaultTimeZone: 'America/Chicago', schedule: false },
  });
  apps.push(app);
  const zones = facilityZones(ZONES, 'America/Chicago');
  const service = createReportService({
    db: app.store.db,
    repos: app.repos,
    clock,
    logger: silentLogger,
    zones,
  });
  return { app, service };
}

function file(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

const BATCH_HEADER =
  'batch_id,merchant_id,batch_date,request_id,merchant_ref_number,trans_ref_no,payment_method,currency,amount,transaction_type\n';
const MDD = 'guarantor_account,facility,ehr';

describe('imported report rows (issue 18)', () => {
  it('batch_date 2026-12-06 of a Chicago facility is in the 2026-12-06 day, not the 5th', async () => {
    const { app, service } = await appWithZones();
    const path = file(
      'batch.csv',
      'Payment Batch Detail Report\n' +
        BATCH_HEADER.replace('\n', `,${MDD}\n`) +
        'B1,m,2026-12-06,7400000000000000000101,REF1,T1,Visa,USD,25.00,ics_bill,G100,MAIN,oracle_health\n' +
        'B1,m,2026-12-06,7400000000000000000102,REF2,T2,Visa,USD,-5.00,ics_credit,G100,MAIN,oracle_health\n',
    );
    const summary = await app.intake.importFile(path);
    expect(summary).toMatchObject({ imported: 2, quarantined: 0 });
    app.engine.admitQueued();
    const day = (date: string) =>
      service.preview({ kind: 'detail', date, basis: 'transaction', facility: 'MAIN' })[0];
    expect(day('2026-12-05')?.rows).toHaveLength(0);
    const sixth = day('2026-12-06');
    expect(sixth?.rows.map((r) => r.processorTxnId)).toEqual([
      '7400000000000000000101',
      '7400000000000000000102',
    ]);
    // Signed: the refund is subtracted; the net is 20.00, the gross 30.00.
    const all = sixth?.controlTotals.find((t) => t.dimension === 'all');
    expect([all?.amountMinor, all?.grossMinor]).toEqual([2_000, 3_000]);
  });

  it('a row released from quarantine keeps the business-date rule of its import', async () => {
    const { app, service } = await appWithZones();
    const path = file(
      'batch.csv',
      'Payment Batch Detail Report\n' +
        BATCH_HEADER.replace('\n', `,${MDD}\n`) +
        'B1,m,2026-12-06,7400000000000000000111,REF1,T1,Visa,USD,25.00,ics_bill,G100,,oracle_health\n',
    );
    expect(await app.intake.importFile(path)).toMatchObject({ imported: 0, quarantined: 1 });
    const id = app.store.db.prepare<[], { id: number }>('SELECT id FROM quarantined_inputs').get()?.id ?? 0;
    await dispatchOk(
      app,
      'quarantine.release',
      { id, corrections: { facility: 'MAIN' } },
      { actor: 'pat.billing', transport: 'test', role: 'supervisor' },
    );
    app.engine.admitQueued();
    const rows = service.preview({
      kind: 'detail',
      date: '2026-12-06',
      basis: 'transaction',
      facility: 'MAIN',
    })[0]?.rows;
    expect(rows?.map((r) => r.processorTxnId)).toEqual(['7400000000000000000111']);
  });

  it('a timestamp keeps its own zone', async () => {
    const { app, service } = await appWithZones();
    const path = file(
      'batch.csv',
      'Payment Batch Detail Report\n' +
        BATCH_HEADER.replace('\n', `,${MDD}\n`) +
        // 03:00 UTC on the 7th is 21:00 on the 6th in Chicago.
        'B1,m,2026-12-07T03:00:00Z,7400000000000000000201,REF1,T1,Visa,USD,25.00,ics_bill,G100,MAIN,oracle_health\n',
    );
    await app.intake.importFile(path);
    app.engine.admitQueued();
    const rows = service.preview({
      kind: 'detail',
      date: '2026-12-06',
      basis: 'transaction',
      facility: 'MAIN',
    })[0]?.rows;
    expect(rows?.map((r) => r.transactionAt)).toEqual([Date.UTC(2026, 11, 7, 3)]);
  });

  it('a declined request (ics_rflag DCARDREFUSED) is declined: not work, not in the daily file, Declined in the detail', async () => {
    const { app, service } = await appWithZones();
    // Cybersource's published Transaction Request layout: the day is in the title line.
    const path = file(
      'requests.csv',
      'Transaction Request Report,1.0,2026-12-06 to 2026-12-06,,,,,,,\n' +
        'merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,amount,currency,action\n' +
        'stmarys_hosp,1,vital,7400000000000000000301,1,HB-301,DCARDREFUSED,40.00,USD,FAILED\n' +
        'stmarys_hosp,1,vital,7400000000000000000302,2,HB-302,SOK,41.00,USD,PENDING\n',
    );
    expect(await app.intake.importFile(path, { facility: 'MAIN', ehr: 'oracle_health' })).toMatchObject({
      imported: 2,
      quarantined: 0,
    });
    app.engine.admitQueued();
    const statuses = app.store.db
      .prepare<[], { id: string; status: string; nextStep: string | null }>(
        `SELECT e.processor_txn_id AS id, p.status, p.next_step AS nextStep
         FROM payment_events e JOIN postings p ON p.event_id = e.id ORDER BY e.id`,
      )
      .all();
    expect(statuses[0]).toMatchObject({ id: '7400000000000000000301', status: 'declined' });
    expect(statuses[0]?.nextStep ?? '').not.toMatch(/manually/i);
    expect(statuses[1]?.status).not.toBe('declined');
    const recon = service.preview({
      kind: 'recon',
      date: '2026-12-06',
      basis: 'transaction',
      facility: 'MAIN',
    })[0];
    expect(recon?.rows.map((r) => r.processorTxnId)).not.toContain('7400000000000000000301');
    const detail = service.preview({
      kind: 'detail',
      date: '2026-12-06',
      basis: 'transaction',
      facility: 'MAIN',
    })[0];
    const declined = detail?.controlTotals.find((t) => t.dimension === 'status' && t.value === 'declined');
    // Listed, with what was attempted, and no money moved.
    expect(declined).toMatchObject({ count: 1, grossMinor: 4_000, amountMinor: 0 });
    expect(detail?.controlTotals.find((t) => t.dimension === 'all')?.amountMinor).toBe(4_100);
  });

  it('an amount above the sanity ceiling is quarantined with its reason, and the day still totals', async () => {
    const { app, service } = await appWithZones();
    const path = file(
      'batch.csv',
      'Payment Batch Detail Report\n' +
        BATCH_HEADER.replace('\n', `,${MDD}\n`) +
        'B1,m,2026-12-06,7400000000000000000401,R,T,Visa,USD,90071992547409.91,ics_bill,G1,MAIN,oracle_health\n' +
        'B1,m,2026-12-06,7400000000000000000402,R,T,Visa,USD,90071992547409.91,ics_bill,G1,MAIN,oracle_health\n' +
        'B1,m,2026-12-06,7400000000000000000403,R,T,Visa,USD,10000000.00,ics_bill,G1,MAIN,oracle_health\n',
    );
    expect(await app.intake.importFile(path)).toMatchObject({ imported: 1, quarantined: 2 });
    const reasons = app.store.db
      .prepare<[], { code: string; reason: string }>(
        'SELECT reason_code AS code, reason FROM quarantined_inputs',
      )
      .all();
    expect(reasons.map((r) => r.code)).toEqual(['above_ceiling', 'above_ceiling']);
    expect(reasons[0]?.reason).toMatch(/sanity ceiling/);
    app.engine.admitQueued();
    const detail = service.preview({
      kind: 'detail',
      date: '2026-12-06',
      basis: 'transaction',
      facility: 'MAIN',
    })[0];
    expect(detail?.totals).toEqual({ USD: 1_000_000_000 });
  });

  it('the ceiling is a setting: a lower one quarantines more, and a console save keeps it', async () => {
    const { app } = await appWithZones();
    const supervisor = { actor: 'sam.supervisor', transport: 'test', role: 'supervisor' } as const;
    const view = await dispatchOk(app, 'intake.rules.get', {}, supervisor);
    expect(view.amountCeilingMinor).toBeNull();
    await dispatchOk(
      app,
      'intake.rules.save',
      { rules: { ...fromDraft(toDraft(view)), amountCeilingMinor: 5_000 } },
      supervisor,
    );
    // Saved again from the form, which does not edit it: still there.
    const saved = await dispatchOk(app, 'intake.rules.get', {}, supervisor);
    await dispatchOk(app, 'intake.rules.save', { rules: fromDraft(toDraft(saved)) }, supervisor);
    expect((await dispatchOk(app, 'intake.rules.get', {}, supervisor)).amountCeilingMinor).toBe(5_000);
    const path = file(
      'batch.csv',
      'Payment Batch Detail Report\n' +
        BATCH_HEADER.replace('\n', `,${MDD}\n`) +
        'B1,m,2026-12-06,7400000000000000000601,R,T,Visa,USD,50.01,ics_bill,G1,MAIN,oracle_health\n' +
        'B1,m,2026-12-06,7400000000000000000602,R,T,Visa,USD,50.00,ics_bill,G1,MAIN,oracle_health\n',
    );
    expect(await app.intake.importFile(path)).toMatchObject({ imported: 1, quarantined: 1 });
  });
});
