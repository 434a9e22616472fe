import { existsSync, readFileSync, readdirSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { storeSum, useReportHarness } from './harness';

const tempDir = useTempDirs();
const harness = useReportHarness(tempDir);
const requester = { trigger: 'cli', actor: 'test' } as const;

function readCsv(path: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(path), { columns: true, bom: true });
}

describe('formula injection is neutralised in text columns only', () => {
  it('prefixes dangerous text in CSV and XLSX and leaves amounts and counts as numbers', async () => {
    const { service, seed } = await harness();
    seed(
      'failure',
      { guarantorAccount: '=HYPERLINK("http://evil.example","click")', merchantRef: '@SUM(A1:A9)' },
      { reasonCode: '-2+3', reason: '+cmd|calc', nextStep: '\t=1+1' },
    );
    const out = tempDir();
    const files = await service().exportTabular(
      { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'csv', outDir: out },
      requester,
    );
    const [row] = readCsv(join(out, files[0]?.file ?? ''));
    expect(row?.['Guarantor account']).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(row?.['Merchant reference']).toBe("'@SUM(A1:A9)");
    expect(row?.['Reason code']).toBe("'-2+3");
    expect(row?.Reason).toBe("'+cmd|calc");
    expect(row?.['Next step']).toBe("'\t=1+1");
    expect(row?.Amount).toBe('100.01');
    expect(row?.Attempts).toBe('0');

    const [xlsx] = await service().exportTabular(
      { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'xlsx', outDir: out },
      requester,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx?.path ?? '');
    const sheet = workbook.getWorksheet('Reconciliation');
    const header = (sheet?.getRow(1).values as unknown[]).map(String);
    const cell = (name: string) => sheet?.getRow(2).getCell(header.indexOf(name));
    expect(cell('Guarantor account')?.value).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(cell('Guarantor account')?.formula).toBeUndefined();
    expect(cell('Amount')?.value).toBe(100.01);
    expect(cell('Amount')?.numFmt).toBe('#,##0.00');
    sheet?.eachRow((r) => {
      r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));
    });
  });
});

describe('atomic writes', () => {
  it('a crash mid-write leaves no partial file under the final name and the previous file intact', async () => {
    const { app, service, seed } = await harness();
    app.store.db.transaction(() => {
      for (let i = 0; i < 12_000; i += 1) seed('failure');
    })();
    const out = tempDir();
    const good = await service().exportTabular(
      { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'csv', outDir: out },
      requester,
    );
    const before = readFileSync(good[0]?.path ?? '');
    seed('failure');

    const crashing = service({
      writeHooks: {
        afterChunk: (index) => {
          if (index === 1) throw new Error('simulated crash');
        },
      },
    });
    await expect(
      crashing.exportTabular(
        { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'csv', outDir: out },
        requester,
      ),
    ).rejects.toThrow('simulated crash');
    expect(readFileSync(good[0]?.path ?? '').equals(before)).toBe(true);
    expect(readdirSync(out).some((n) => n.includes('.partial'))).toBe(false);

    const fresh = tempDir();
    await expect(
      service({
        writeHooks: {
          beforeRename: () => {
            throw new Error('killed before rename');
          },
        },
      }).exportTabular(
        { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'xlsx', outDir: fresh },
        requester,
      ),
    ).rejects.toThrow('killed before rename');
    expect(readdirSync(fresh)).toEqual([]);
  });

  it('sweeps .partial files a killed process left behind, and never lists them as reports', async () => {
    const { service, seed } = await harness();
    seed('failure');
    const out = tempDir();
    const stale = join(out, '.recon_MAIN_2026-11-22.csv.partial-0123456789ab');
    writeFileSync(stale, 'half a fi');
    const old = new Date(Date.UTC(2026, 10, 23, 14, 0, 0));
    utimesSync(stale, old, old);
    await service().exportTabular(
      { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'csv', outDir: out },
      requester,
    );
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(out).sort()).toEqual([
      'recon_MAIN_2026-11-22.csv',
      'recon_MAIN_2026-11-22_totals.csv',
    ]);
  });
});

describe('the day is the facility day', () => {
  it('puts payments in the right Chicago day across the fall-back (25 h) and spring-forward (23 h) days', async () => {
    const { service, seed } = await harness();
    // 2026-11-01: Chicago falls back at 02:00 CDT. 00:30 CDT = 05:30Z; 23:30 CST = 05:30Z next UTC day.
    seed('failure', { transactionAt: Date.UTC(2026, 10, 1, 4, 59, 0) }); // 23:59 CDT Oct 31
    const a = seed('failure', { transactionAt: Date.UTC(2026, 10, 1, 5, 30, 0) }); // 00:30 CDT Nov 1
    const b = seed('failure', { transactionAt: Date.UTC(2026, 10, 2, 5, 30, 0) }); // 23:30 CST Nov 1
    seed('failure', { transactionAt: Date.UTC(2026, 10, 2, 6, 0, 0) }); // 00:00 CST Nov 2
    // 2026-03-08: spring forward at 02:00 CST. 00:00 CST = 06:00Z; 23:59 CDT = 04:59Z next day.
    seed('failure', { transactionAt: Date.UTC(2026, 2, 8, 5, 59, 0) }); // 23:59 CST Mar 7
    const c = seed('failure', { transactionAt: Date.UTC(2026, 2, 8, 6, 0, 0) }); // 00:00 CST Mar 8
    const d = seed('failure', { transactionAt: Date.UTC(2026, 2, 9, 4, 59, 0) }); // 23:59 CDT Mar 8
    seed('failure', { transactionAt: Date.UTC(2026, 2, 9, 5, 0, 0) }); // 00:00 CDT Mar 9

    const ids = (date: string) =>
      service()
        .preview({ kind: 'recon', date, facility: 'MAIN' })
        .flatMap((r) => r.rows.map((row) => row.postingId));
    expect(ids('2026-11-01')).toEqual([a.postingId, b.postingId]);
    expect(ids('2026-03-08')).toEqual([c.postingId, d.postingId]);

    const out = tempDir();
    const [file] = await service().exportTabular(
      { kind: 'recon', date: '2026-11-01', facility: 'MAIN', format: 'csv', outDir: out },
      requester,
    );
    expect(readCsv(file?.path ?? '').map((r) => r['Transaction time'])).toEqual([
      '2026-11-01T00:30:00-05:00',
      '2026-11-01T23:30:00-06:00',
    ]);
  });

  it('uses each facility zone: 01:00 in Tokyo is the previous UTC day', async () => {
    const { service, seed } = await harness();
    const tokyo = seed('failure', {
      facility: 'TOKYO',
      currency: 'JPY',
      transactionAt: Date.UTC(2026, 10, 21, 16),
    });
    seed('failure', { facility: 'MAIN', transactionAt: Date.UTC(2026, 10, 21, 16) });
    const reports = service().preview({ kind: 'recon', date: '2026-11-22' });
    const tokyoReport = reports.find((r) => r.facility === 'TOKYO');
    expect(tokyoReport?.rows.map((r) => r.postingId)).toEqual([tokyo.postingId]);
    expect(reports.find((r) => r.facility === 'MAIN')?.rows).toEqual([]);
  });
});

describe('what the reconciliation file lists', () => {
  it('lists every unposted and will_not_be_sent item of every kind, with totals equal to the store', async () => {
    const { app, service, seed } = await harness();
    seed('failure', { kind: 'one_time_payment' }, { reasonCode: '422', nextStep: 'Manually post payment' });
    seed('not_applicable', { kind: 'payment_plan' });
    seed('needs_verification', { kind: 'refund', tender: 'echeck' });
    seed('quarantined', { kind: 'void' });
    seed('will_not_be_sent', { source: 'manual', tender: 'cash' }, { channel: 'manual' });
    seed('success');
    seed('declined');
    seed('retry');
    seed('manually_posted');
    const [report] = service().preview({ kind: 'recon', date: '2026-11-22', facility: 'MAIN' });
    expect(report?.rows.map((r) => r.status).sort()).toEqual(
      ['failure', 'needs_verification', 'not_applicable', 'quarantined', 'will_not_be_sent'].sort(),
    );
    const expected = storeSum(
      app,
      `p.status IN ('failure','not_applicable','needs_verification','quarantined','will_not_be_sent')`,
    );
    expect(report?.totals).toEqual({ USD: expected.amountMinor });
    const byKind = report?.controlTotals.filter((t) => t.dimension === 'kind') ?? [];
    expect(byKind.map((t) => t.value)).toEqual(['one_time_payment', 'payment_plan', 'refund', 'void']);
    expect(byKind.reduce((s, t) => s + t.count, 0)).toBe(expected.count);

    const out = tempDir();
    const files = await service().exportTabular(
      { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'csv', outDir: out },
      requester,
    );
    const rows = readCsv(join(out, 'recon_MAIN_2026-11-22.csv'));
    expect(rows.find((r) => r.Status === 'Failure')?.['Next step']).toBe('Manually post payment');
    expect(rows.find((r) => r.Status === 'Failure')?.['Reason code']).toBe('422');
    const totals = readCsv(join(out, 'recon_MAIN_2026-11-22_totals.csv'));
    expect(totals.find((t) => t.Dimension === 'all')?.['Net amount']).toBe(files[0]?.totals.USD);
  });

  it('selects by the chosen date basis and says so in the file name', async () => {
    const { service, seed } = await harness();
    const settled = seed('failure', { effectiveDate: '2026-11-23', fundingDate: '2026-11-25' });
    seed('failure', { effectiveDate: '2026-11-24', fundingDate: '2026-11-23' });
    seed('failure', { effectiveDate: null });
    const pick = (basis: 'effective' | 'funding', date: string) =>
      service()
        .preview({ kind: 'recon', date, basis, facility: 'MAIN' })
        .flatMap((r) => r.rows.map((x) => x.postingId));
    expect(pick('effective', '2026-11-23')).toEqual([settled.postingId]);
    expect(pick('funding', '2026-11-25')).toEqual([settled.postingId]);
    const out = tempDir();
    const files = await service().exportTabular(
      {
        kind: 'recon',
        date: '2026-11-23',
        basis: 'effective',
        facility: 'MAIN',
        format: 'xlsx',
        outDir: out,
      },
      requester,
    );
    expect(files.map((f) => f.file)).toEqual(['recon_MAIN_2026-11-23_effective.xlsx']);
  });

  it('writes one file per facility, named by facility and date, and an empty file for a quiet configured facility', async () => {
    const { service, seed } = await harness();
    seed('failure', { facility: 'MAIN' });
    seed('failure', { facility: 'North/East 2' });
    const out = tempDir();
    const files = await service().exportTabular(
      { kind: 'recon', date: '2026-11-22', format: 'xlsx', outDir: out },
      requester,
    );
    expect(files.map((f) => [f.file, f.rows])).toEqual([
      ['recon_MAIN_2026-11-22.xlsx', 1],
      ['recon_North_East_2_2026-11-22.xlsx', 1],
      ['recon_RIVERSIDE_2026-11-22.xlsx', 0],
      ['recon_TOKYO_2026-11-22.xlsx', 0],
    ]);
  });
});
