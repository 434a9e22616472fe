/**
 * Issue 18, "done when": a sandbox day of 10,000 payments (refunds, voids, manual-workflow payments, planted
 * data problems) plus an imported report with declined rows and bad rows balances against the simulated EHRs'
 * ledgers with no unexplained variance and no variance pair that a matched reversal explains. Everything is
 * real: signed webhooks through intake, the engine posting over loopback HTTP to the simulators, their ledgers
 * as the EHR side, a real SQLite file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { writeBalanceFiles } from '../../../src/main/reconciliation/balance-export';
import { balanceDay, VARIANCE_CAUSES, type Balance } from '../../../src/main/reconciliation/balancing';
import { localDate } from '../../../src/main/lib/time-zone';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

// The figure; BALANCE_DAY_EVENTS runs a smaller day while working on this test.
const EVENTS = Number(process.env.BALANCE_DAY_EVENTS ?? 10_000);

async function settle(app: ClearpostApp): Promise<void> {
  const db = app.store.db;
  const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()?.n ?? -1;
  for (;;) {
    app.engine.admitQueued(5_000);
    await app.engine.waitForIdle();
    const unrouted = count('SELECT count(*) AS n FROM admission_queue');
    const working = count(
      `SELECT count(*) AS n FROM postings WHERE channel = 'api' AND status IN ('pending', 'in_flight')`,
    );
    if (unrouted === 0 && working === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function explainsDifference(balance: Balance): void {
  for (const currency of new Set([...Object.keys(balance.processor), ...Object.keys(balance.ehr)])) {
    const diff = (balance.processor[currency]?.amountMinor ?? 0) - (balance.ehr[currency]?.amountMinor ?? 0);
    const explained = balance.variances
      .filter((v) => v.currency === currency)
      .reduce((s, v) => s + v.processorMinor - v.ehrMinor, 0);
    expect(explained).toBe(diff);
  }
}

describe('a sandbox day balances', () => {
  it(`${String(EVENTS)} payments with refunds, voids, declines and quarantines: unexplained 0, no reversal pairs`, async () => {
    const app = await createApp({
      dataDir: tempDir(),
      mode: 'test',
      logger: silentLogger,
      sandbox: { traffic: true, ratePerMinute: 1 },
      engine: { pollMs: 20, autoStart: false },
    });
    apps.push(app);
    // Started after the traffic generator is stopped, so the day holds exactly the payments burst below.
    const traffic = app.sandbox?.traffic;
    if (!traffic) throw new Error('the sandbox has no traffic');
    traffic.stop();
    await app.engine.start();
    const db = app.store.db;
    const events = () =>
      db.prepare<[], { n: number }>('SELECT count(*) AS n FROM payment_events').get()?.n ?? 0;
    while (events() < EVENTS) {
      traffic.burst(Math.min(1_000, EVENTS - events()));
      await settle(app);
    }

    // A processor report with declined rows and rows that cannot be read: declines are recorded, bad rows
    // quarantined, and none of it is money in the balance.
    // Cybersource's published Transaction Request layout: no date, facility or EHR column; the file's day is
    // in its title line and the facility and EHR are given with the import, one file per facility.
    const zones0 = app.reports.service.zones;
    const requests = (facility: string, rows: string) => {
      const day = localDate(Date.now(), zones0.zoneFor(facility));
      const path = join(tempDir(), `requests-${facility}.csv`);
      writeFileSync(
        path,
        `Transaction Request Report,1.0,${day} to ${day},,,,,,,\n` +
          'merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,amount,currency,action\n' +
          rows,
      );
      return app.intake.importFile(path, { facility, ehr: 'oracle_health' });
    };
    expect(
      await requests(
        'NORTH',
        'stmarys_hosp,1,vital,7499000000000000000001,1,HB-1,DCARDREFUSED,40.00,USD,FAILED\n' +
          'stmarys_hosp,1,vital,7499000000000000000003,3,HB-3,SOK,42.00,XXX,PENDING\n' +
          'stmarys_hosp,1,vital,7499000000000000000004,4,HB-4,SOK,0.00,USD,PENDING\n',
      ),
    ).toMatchObject({ imported: 1, quarantined: 2 });
    expect(
      await requests(
        'SOUTH',
        'stmarys_hosp,1,vital,7499000000000000000002,2,HB-2,DCARDEXPIRED,41.00,USD,FAILED\n',
      ),
    ).toMatchObject({ imported: 1, quarantined: 0 });
    await settle(app);

    const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()?.n ?? -1;
    expect(count('SELECT count(*) AS n FROM payment_events')).toBe(EVENTS + 2);
    // The day is not trivial: reversals posted to the EHR by API, declines recorded, input quarantined.
    expect(
      count(`SELECT count(*) AS n FROM payment_events e JOIN postings p ON p.event_id = e.id
             WHERE e.kind IN ('void', 'refund') AND p.status = 'success'`),
    ).toBeGreaterThan(EVENTS / 100);
    expect(count(`SELECT count(*) AS n FROM postings WHERE status = 'declined'`)).toBeGreaterThanOrEqual(2);
    expect(count('SELECT count(*) AS n FROM quarantined_inputs')).toBeGreaterThanOrEqual(2);

    const side = app.reports.ehrSide();
    if (!side) throw new Error('no EHR side');
    const zones = app.reports.service.zones;
    const days = new Set(
      db
        .prepare<[], { facility: string; at: number }>(
          'SELECT facility, transaction_at AS at FROM payment_events',
        )
        .all()
        .map((e) => localDate(e.at, zones.zoneFor(e.facility))),
    );
    const out = tempDir();
    let variances = 0;
    for (const date of days) {
      const balance = balanceDay(db, zones, { date }, side);
      const causes = balance.variances.map((v) => v.cause);
      expect(causes.filter((c) => !VARIANCE_CAUSES.includes(c))).toEqual([]);
      // No false pairs: nothing the EHR holds is unknown at the processor, nothing posted is missing there.
      expect(causes.filter((c) => c === 'missing_in_processor' || c === 'missing_in_ehr')).toEqual([]);
      expect(balance.unexplained).toBe(0);
      expect(balance.variances.filter((v) => v.status === 'declined')).toEqual([]);
      explainsDifference(balance);
      variances += balance.variances.length;

      const [file] = await writeBalanceFiles(balance, 'csv', out);
      const rows = parse<Record<string, string>>(readFileSync(file?.path ?? ''), { columns: true });
      expect(rows).toHaveLength(balance.variances.length);
      expect(rows.filter((r) => r.Unexplained !== 'N')).toEqual([]);
    }
    // Planted data problems and Epic's by-file reversals are variances, each with its cause.
    expect(variances).toBeGreaterThan(0);
  }, 900_000);
});
