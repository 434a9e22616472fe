import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { DEFAULT_ROUTING, type RoutingTable } from '../../../src/main/engine/routing';
import { ReportScheduler } from '../../../src/main/reconciliation/report-scheduler';
import { ReportError } from '../../../src/main/reconciliation/report-requests';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { fakeClock, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const requester = { trigger: 'cli', actor: 'test' } as const;
const CHICAGO = 'America/Chicago';
/** 2026-11-22 in Chicago: 06:00 UTC on the 22nd to 06:00 UTC on the 23rd. */
const DAY = '2026-11-22';
const NOON_22 = Date.UTC(2026, 10, 22, 18);
const NOON_23 = Date.UTC(2026, 10, 23, 18);

const ROUTING: RoutingTable = {
  ...DEFAULT_ROUTING,
  fileOnlyFacilities: ['SOARIAN', 'REVELATE'],
  postingFileFormats: {
    REVELATE: {
      delimiter: ',',
      header: true,
      fields: ['transaction_id', 'amount', 'kind', 'guarantor_account', 'business_date'],
      trailer: true,
      lineEnd: 'crlf',
    },
  },
};

async function world(start = Date.UTC(2026, 10, 22, 20)) {
  const clock = fakeClock(start);
  const app: ClearpostApp = await createApp({
    dataDir: tempDir(),
    mode: 'test',
    logger: silentLogger,
    clock,
    routing: ROUTING,
    engine: { autoStart: false },
    reports: {
      timeZones: { SOARIAN: CHICAGO, REVELATE: CHICAGO, MAIN: CHICAGO },
      defaultTimeZone: CHICAGO,
      schedule: false,
    },
  });
  let n = 0;
  const pay = (overrides: Partial<NewPaymentEvent> = {}) => {
    n += 1;
    const { id } = app.repos.events.insert(
      {
        source: 'webhook',
        processorTxnId: `PF${String(n).padStart(6, '0')}`,
        kind: 'one_time_payment',
        tender: 'card',
        amountMinor: 10_000 + n,
        currency: 'USD',
        ehr: 'oracle_health',
        facility: 'SOARIAN',
        guarantorAccount: `G${String(700 + n)}`,
        transactionAt: NOON_22,
        ...overrides,
      },
      clock.now(),
    );
    return app.engine.admit(id);
  };
  return { app, clock, pay, service: app.reports.service, outDir: tempDir() };
}

describe('file-only facilities get a daily posting file', () => {
  it('refuses a day that is not over, and a file-only posting is never sent by API', async () => {
    const { app, pay, service, outDir } = await world();
    const id = pay();
    const posting = app.repos.postings.get(id)!;
    expect(posting.channel).toBe('daily_file');
    expect(posting.status).toBe('pending');
    expect(posting.nextAttemptAt).toBeNull();
    await expect(
      service.exportPostingFiles({ date: DAY, facility: 'SOARIAN', outDir }, requester),
    ).rejects.toThrow(ReportError);
    expect(app.repos.postings.get(id)?.status).toBe('pending');
    await app.close();
  });

  it('lists the day with signed amounts and a count/total trailer; claims each item for one day only', async () => {
    const { app, clock, pay, service, outDir } = await world();
    const payment = pay({ amountMinor: 125_000 });
    const refund = pay({ kind: 'refund', amountMinor: 2_500, tender: 'echeck' });
    const voided = pay({ kind: 'void', amountMinor: 1_000, ehr: 'epic' });
    const other = pay({ facility: 'MAIN' }); // an API facility: not in any posting file
    const nextDay = pay({ transactionAt: NOON_23 });

    clock.advance(Date.UTC(2026, 10, 23, 7) - clock.now()); // 01:00 on the 23rd in Chicago
    const [file] = await service.exportPostingFiles({ date: DAY, facility: 'SOARIAN', outDir }, requester);
    const text = readFileSync(file!.path, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual([
      'PF000001|1250.00|PAYMENT|CARD|G701||2026-11-22',
      'PF000002|-25.00|REFUND|ECHECK|G702||2026-11-22',
      'PF000003|-10.00|VOID|CARD|G703||2026-11-22',
      'TRAILER|3|1215.00',
    ]);
    expect(file?.totalsMinor).toEqual({ USD: 121_500 });
    for (const id of [payment, refund, voided]) {
      const p = app.repos.postings.get(id)!;
      expect(p.status).toBe('success');
      expect(p.ehrReference).toBe('posting_SOARIAN_2026-11-22.txt');
    }
    expect(app.repos.postings.get(other)?.channel).toBe('api');
    expect(app.repos.postings.get(nextDay)?.status).toBe('pending');
    // The Epic void of a file-only facility is in its posting file, never in an Epic void file too.
    expect(await service.exportEpicVoids({ date: DAY, facility: 'SOARIAN', outDir }, requester)).toEqual([]);

    // A late arrival of the 22nd, after its file: in the next day's file, never lost, never moved back.
    const late = pay({ transactionAt: NOON_22 + 60_000 });
    const again = await service.exportPostingFiles({ date: DAY, facility: 'SOARIAN', outDir }, requester);
    expect(readFileSync(again[0]!.path, 'utf8')).toBe(text);
    clock.advance(Date.UTC(2026, 10, 24, 7) - clock.now());
    const [second] = await service.exportPostingFiles(
      { date: '2026-11-23', facility: 'SOARIAN', outDir },
      requester,
    );
    const secondIds = readFileSync(second!.path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split('|')[0]);
    expect(secondIds).toEqual(['PF000006', 'PF000005', 'TRAILER']);
    expect(app.repos.postings.get(late)?.ehrReference).toBe('posting_SOARIAN_2026-11-23.txt');

    // Every claimed posting is in exactly one file.
    const claims = app.store.db
      .prepare<[], { n: number; d: number }>(
        'SELECT count(*) AS n, count(DISTINCT posting_id) AS d FROM epic_file_items',
      )
      .get();
    expect(claims).toEqual({ n: 5, d: 5 });
    const audit = app.repos.audit.forSubject('posting_file', 'SOARIAN|2026-11-22');
    expect(audit.map((a) => a.action)).toContain('report.posting_file_written');
    await app.close();
  });

  it('a site’s own layout: comma-delimited with a header, CRLF, read back by a CSV parser', async () => {
    const { app, clock, pay, service, outDir } = await world();
    pay({ facility: 'REVELATE', amountMinor: 1_234_567 });
    pay({ facility: 'REVELATE', kind: 'refund', amountMinor: 567 });
    clock.advance(Date.UTC(2026, 10, 23, 7) - clock.now());
    const [file] = await service.exportPostingFiles({ date: DAY, facility: 'REVELATE', outDir }, requester);
    expect(file?.file).toBe('posting_REVELATE_2026-11-22.csv');
    const raw = readFileSync(file!.path, 'utf8');
    expect(raw).toContain('\r\n');
    const rows: string[][] = parse(raw, { relax_column_count: true });
    expect(rows[0]).toEqual(['TRANSACTION_ID', 'AMOUNT', 'TYPE', 'GUARANTOR_ACCOUNT', 'BUSINESS_DATE']);
    expect(rows.at(-1)).toEqual(['TRAILER', '2', '12340.00']);
    await app.close();
  });

  it('file-only postings appear in the reconciliation file of their day, before and after their file', async () => {
    const { app, clock, pay, service, outDir } = await world();
    const id = pay({ amountMinor: 4_200 });
    clock.advance(Date.UTC(2026, 10, 23, 7) - clock.now());
    const before = service.preview({ kind: 'recon', date: DAY, facility: 'SOARIAN' });
    expect(before[0]?.rows.map((r) => r.postingId)).toEqual([id]);
    await service.exportPostingFiles({ date: DAY, outDir }, requester);
    const after = service.preview({ kind: 'recon', date: DAY, facility: 'SOARIAN' });
    expect(after[0]?.rows.map((r) => [r.postingId, r.status, r.reasonCode])).toEqual([
      [id, 'success', 'sent_by_file'],
    ]);
    await app.close();
  });

  it('the daily schedule writes each file-only facility’s posting file once, and no Epic void file for it', async () => {
    const { app, clock, pay, service, outDir } = await world();
    pay({ kind: 'refund', ehr: 'epic', amountMinor: 900 });
    const scheduler = new ReportScheduler(
      app.repos.events,
      service,
      service.zones,
      clock,
      silentLogger,
      { at: '06:00', jobs: [{ kind: 'epic_voids' }], outDir },
      ROUTING,
    );
    clock.advance(Date.UTC(2026, 10, 23, 13) - clock.now()); // 07:00 in Chicago
    const first = await scheduler.tick();
    expect(first.map((f) => f.file).sort()).toEqual([
      'posting_REVELATE_2026-11-22.csv',
      'posting_SOARIAN_2026-11-22.txt',
    ]);
    expect(await scheduler.tick()).toEqual([]);
    await app.close();
  });
});
