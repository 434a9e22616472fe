/**
 * Issue 18 item 4: the daily reconciliation file lists quarantined input too, each facility's beside its
 * file, and input that names no facility in the "unassigned" file, so nothing quarantined is in no file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { facilityZones } from '../../../src/main/reconciliation/facility-zones';
import { facilityOfInput } from '../../../src/main/reconciliation/quarantine-rows';
import { createReportService } from '../../../src/main/reconciliation/report-service';
import { fakeClock, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const requester = { trigger: 'cli', actor: 'test' } as const;

async function dayWithQuarantine() {
  // 18:00 UTC on 2026-12-06 is noon in Chicago: the imports below are received that facility day.
  const clock = fakeClock(Date.UTC(2026, 11, 6, 18));
  const app = await createApp({
    dataDir: tempDir(),
    mode: 'test',
    logger: silentLogger,
    clock,
    engine: { autoStart: false },
  });
  apps.push(app);
  const zones = facilityZones({ MAIN: 'America/Chicago' }, 'America/Chicago');
  const service = createReportService({
    db: app.store.db,
    repos: app.repos,
    clock,
    logger: silentLogger,
    zones,
  });
  const file = join(tempDir(), 'batch.csv');
  writeFileSync(
    file,
    'Payment Batch Detail Report\n' +
      'batch_id,merchant_id,batch_date,request_id,merchant_ref_number,trans_ref_no,payment_method,currency,amount,transaction_type,guarantor_account,facility,ehr\n' +
      'B1,m,2026-12-06,7400000000000000000501,R,T,Visa,USD,12.345,ics_bill,G1,MAIN,oracle_health\n' +
      'B1,m,2026-12-06,7400000000000000000502,R,T,Visa,USD,10.00,ics_bill,G1,,oracle_health\n' +
      'B1,m,2026-12-06,7400000000000000000503,R,T,Visa,USD,10.00,ics_bill,G1,MAIN,oracle_health\n',
  );
  expect(await app.intake.importFile(file)).toMatchObject({ imported: 1, quarantined: 2 });
  return { app, service };
}

describe('quarantined input in the daily reconciliation file', () => {
  it('reads the facility an input names, or none', () => {
    expect(facilityOfInput({ facility: ' MAIN ' })).toBe('MAIN');
    expect(facilityOfInput({ payload: { merchantDefinedInformation: [{ key: '3', value: 'NORTH' }] } })).toBe(
      'NORTH',
    );
    expect(facilityOfInput({ facility: '' })).toBeNull();
    expect(facilityOfInput('not an object')).toBeNull();
  });

  it('lists each facility’s quarantined input beside its file, and the rest as unassigned (CSV)', async () => {
    const { service } = await dayWithQuarantine();
    const out = tempDir();
    const files = await service.exportTabular(
      { kind: 'recon', date: '2026-12-06', format: 'csv', outDir: out },
      requester,
    );
    expect(readdirSync(out).sort()).toEqual([
      'recon_MAIN_2026-12-06.csv',
      'recon_MAIN_2026-12-06_quarantined.csv',
      'recon_MAIN_2026-12-06_totals.csv',
      'recon_unassigned_2026-12-06_quarantined.csv',
    ]);
    expect(files.map((f) => [f.file, f.rows])).toContainEqual([
      'recon_unassigned_2026-12-06_quarantined.csv',
      1,
    ]);
    const read = (name: string) =>
      parse<Record<string, string>>(readFileSync(join(out, name)), { columns: true });
    expect(read('recon_MAIN_2026-12-06_quarantined.csv')).toEqual([
      expect.objectContaining({ Facility: 'MAIN', Status: 'Quarantined', 'Reason code': 'too_precise' }),
    ]);
    expect(read('recon_unassigned_2026-12-06_quarantined.csv')).toEqual([
      expect.objectContaining({ Facility: 'unassigned', 'Reason code': 'missing_facility' }),
    ]);
    // One facility asked for: its own quarantine, never the unassigned file.
    const one = tempDir();
    await service.exportTabular(
      { kind: 'recon', date: '2026-12-06', facility: 'MAIN', format: 'csv', outDir: one },
      requester,
    );
    expect(readdirSync(one)).toContain('recon_MAIN_2026-12-06_quarantined.csv');
    expect(readdirSync(one)).not.toContain('recon_unassigned_2026-12-06_quarantined.csv');
    // The day before has none.
    const before = tempDir();
    await service.exportTabular(
      { kind: 'recon', date: '2026-12-05', format: 'csv', outDir: before },
      requester,
    );
    expect(readdirSync(before).filter((f) => f.includes('quarantined'))).toEqual([]);
  });

  it('writes the same as XLSX', async () => {
    const { service } = await dayWithQuarantine();
    const out = tempDir();
    await service.exportTabular(
      { kind: 'recon', date: '2026-12-06', format: 'xlsx', outDir: out },
      requester,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'recon_unassigned_2026-12-06_quarantined.xlsx'));
    const sheet = workbook.getWorksheet('Quarantined input');
    expect(sheet?.actualRowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(4).value).toBe('missing_facility');
  });
});
