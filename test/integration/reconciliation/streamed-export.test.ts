import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseMinor } from '../../../src/shared/money';
import { useTempDirs } from '../../helpers/temp-dir';
import { storeSum, useReportHarness } from './harness';

const tempDir = useTempDirs();
const harness = useReportHarness(tempDir);
const requester = { trigger: 'cli', actor: 'test' } as const;
const RECON = `p.status IN ('failure','not_applicable','needs_verification','quarantined','will_not_be_sent')`;

/** A few thousand rows, many sharing one instant, so pages break inside runs of equal times. */
function seedDay(h: Awaited<ReturnType<typeof harness>>, count: number): void {
  const statuses = ['failure', 'success', 'will_not_be_sent', 'not_applicable', 'retry'] as const;
  h.app.store.db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const jpy = i % 9 === 0;
      h.seed(statuses[i % statuses.length] ?? 'failure', {
        currency: jpy ? 'JPY' : 'USD',
        amountMinor: jpy ? 1_000 + i : 9_999_99 - i * 7,
        kind: i % 4 === 0 ? 'refund' : 'one_time_payment',
        transactionAt: Date.UTC(2026, 10, 22, 14, 0) + Math.floor(i / 50) * 60_000,
      });
    }
  })();
}

async function readSheets(path: string): Promise<Map<string, Record<string, unknown>[]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets = new Map<string, Record<string, unknown>[]>();
  for (const sheet of workbook.worksheets) {
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      rows.push(Object.fromEntries(header.map((name, i) => [name, row.getCell(i + 1).value])));
    });
    sheets.set(sheet.name, rows);
  }
  return sheets;
}

describe('a streamed XLSX of a few thousand rows', () => {
  it('opens with exceljs with every row, in order, and totals equal to the store, page size whatever', async () => {
    const h = await harness();
    seedDay(h, 3_000);
    const expected = {
      USD: storeSum(h.app, `e.currency = 'USD' AND ${RECON}`),
      JPY: storeSum(h.app, `e.currency = 'JPY' AND ${RECON}`),
    };
    const [preview] = h.service().preview({ kind: 'recon', date: '2026-11-22', facility: 'MAIN' });
    const out = tempDir();
    // A page size that does not divide anything, so pages end inside runs of rows with the same instant.
    const [file] = await h
      .service({ pageSize: 97 })
      .exportTabular(
        { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'xlsx', outDir: out },
        requester,
      );
    expect(file?.rows).toBe(expected.USD.count + expected.JPY.count);
    expect(file?.totalsMinor).toEqual({ JPY: expected.JPY.amountMinor, USD: expected.USD.amountMinor });
    expect(
      createHash('sha256')
        .update(readFileSync(file?.path ?? ''))
        .digest('hex'),
    ).toBe(file?.sha256);
    expect(readdirSync(out)).toEqual(['recon_MAIN_2026-11-22.xlsx']);

    const sheets = await readSheets(file?.path ?? '');
    const rows = sheets.get('Reconciliation') ?? [];
    expect(rows.map((r) => r['Posting ID'])).toEqual(preview?.rows.map((r) => r.postingId));
    for (const currency of ['USD', 'JPY'] as const) {
      const mine = rows.filter((r) => r.Currency === currency);
      const sum = mine.reduce((s, r) => s + parseMinor(String(r.Amount), currency), 0);
      expect([mine.length, sum]).toEqual([expected[currency].count, expected[currency].amountMinor]);
    }
    const totals = sheets.get('Control totals') ?? [];
    const all = totals.filter((t) => t.Dimension === 'all');
    expect(
      all.map((t) => [t.Currency, t.Count, parseMinor(String(t['Net amount']), String(t.Currency))]),
    ).toEqual([
      ['JPY', expected.JPY.count, expected.JPY.amountMinor],
      ['USD', expected.USD.count, expected.USD.amountMinor],
    ]);
    expect(h.service().history.list('recon', 1)[0]?.sha256).toBe(file?.sha256);
  });

  it('writes the same bytes whatever the page size, and CSV rows in the same order as the preview', async () => {
    const h = await harness();
    seedDay(h, 1_200);
    const request = { kind: 'detail', date: '2026-11-22', facility: 'MAIN' } as const;
    const hashes = new Set<string>();
    for (const pageSize of [1, 50, 5_000]) {
      for (const format of ['csv', 'xlsx'] as const) {
        const files = await h
          .service({ pageSize })
          .exportTabular({ ...request, format, outDir: tempDir() }, requester);
        hashes.add(`${format}:${files.map((f) => f.sha256).join()}`);
        if (format === 'csv' && pageSize === 50) {
          const records = parse<Record<string, string>>(readFileSync(files[0]?.path ?? ''), {
            columns: true,
          });
          const [preview] = h.service().preview(request);
          expect(records.map((r) => Number(r['Posting ID']))).toEqual(preview?.rows.map((r) => r.postingId));
        }
      }
    }
    expect(hashes.size).toBe(2);
  });
});

describe('a day without rows', () => {
  it('still writes the header and zero totals, in CSV and XLSX', async () => {
    const h = await harness();
    h.seed('failure', { transactionAt: Date.UTC(2026, 10, 20, 18) }); // another day
    const out = tempDir();
    const request = { kind: 'recon', date: '2026-11-22', facility: 'MAIN', outDir: out } as const;
    const csv = await h.service().exportTabular({ ...request, format: 'csv' }, requester);
    expect(csv.map((f) => [f.file, f.rows, f.totals])).toEqual([
      ['recon_MAIN_2026-11-22.csv', 0, { USD: '0.00' }],
      ['recon_MAIN_2026-11-22_totals.csv', 1, { USD: '0.00' }],
    ]);
    const header = readFileSync(join(out, 'recon_MAIN_2026-11-22.csv'), 'utf8');
    expect(header).toMatch(/^Facility,Business date,Transaction time,Transaction ID,.*,Posting ID\r\n$/);
    expect(readFileSync(join(out, 'recon_MAIN_2026-11-22_totals.csv'), 'utf8')).toBe(
      'Dimension,Value,Currency,Count,Gross amount,Net amount\r\nall,all,USD,0,0.00,0.00\r\n',
    );

    const [xlsx] = await h.service().exportTabular({ ...request, format: 'xlsx' }, requester);
    expect([xlsx?.rows, xlsx?.totalsMinor]).toEqual([0, { USD: 0 }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx?.path ?? '');
    const rowsSheet = workbook.getWorksheet('Reconciliation');
    expect(rowsSheet?.actualRowCount).toBe(1);
    expect(rowsSheet?.getRow(1).getCell(1).value).toBe('Facility');
    const sheets = await readSheets(xlsx?.path ?? '');
    expect(sheets.get('Control totals')).toEqual([
      {
        Dimension: 'all',
        Value: 'all',
        Currency: 'USD',
        Count: 0,
        'Gross amount': 0,
        'Net amount': 0,
      },
    ]);
  });

  it('uses the configured currency for the zero totals', async () => {
    const h = await harness();
    const [file] = await h
      .service({ defaultCurrency: 'CAD' })
      .exportTabular(
        { kind: 'detail', date: '2026-11-22', facility: 'MAIN', format: 'csv', outDir: tempDir() },
        requester,
      );
    expect(file?.totalsMinor).toEqual({ CAD: 0 });
  });
});

describe('a big export shares the process', () => {
  it('lets the event loop turn and the store take writes between pages', async () => {
    const h = await harness();
    seedDay(h, 2_000);
    let turns = 0;
    let written = 0;
    let running = true;
    const tick = () => {
      turns += 1;
      // The engine writing while the export reads: the connection must not be held by an open statement.
      if (turns % 5 === 0) {
        h.seed('success', { transactionAt: Date.UTC(2026, 10, 23, 12) });
        written += 1;
      }
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const files = await h
      .service({ pageSize: 100 })
      .exportTabular(
        { kind: 'detail', date: '2026-11-22', facility: 'MAIN', format: 'xlsx', outDir: tempDir() },
        requester,
      );
    running = false;
    expect(files[0]?.rows).toBe(2_000);
    // 20 pages, each followed by a turn of the loop (and usually more while the file is written).
    expect(turns).toBeGreaterThanOrEqual(20);
    expect(written).toBeGreaterThan(0);
  });

  it('a failure mid-XLSX leaves the previous file in place and no partial file', async () => {
    const h = await harness();
    // Enough rows for the zip to pass the first 256 KiB write while rows are still being added.
    seedDay(h, 9_000);
    const out = tempDir();
    const request = {
      kind: 'detail',
      date: '2026-11-22',
      facility: 'MAIN',
      format: 'xlsx',
      outDir: out,
    } as const;
    const [good] = await h.service().exportTabular(request, requester);
    const before = readFileSync(good?.path ?? '');
    expect(good?.bytes).toBeGreaterThan(2 * 256 * 1024);
    let chunks = 0;
    h.seed('failure', { amountMinor: 1 });
    await expect(
      h
        .service({
          pageSize: 50,
          writeHooks: {
            afterChunk: () => {
              chunks += 1;
              throw new Error('disk full');
            },
          },
        })
        .exportTabular(request, requester),
    ).rejects.toThrow('disk full');
    expect(chunks).toBe(1);
    expect(readFileSync(good?.path ?? '').equals(before)).toBe(true);
    expect(readdirSync(out)).toEqual(['detail_MAIN_2026-11-22.xlsx']);
  });
});

describe('the console preview of a big day', () => {
  it('returns the first rows and the count and totals of all of them, as the full preview does', async () => {
    const h = await harness();
    seedDay(h, 1_500);
    const request = { kind: 'recon', date: '2026-11-22' } as const;
    const full = h.service().preview(request);
    const first = await h.service({ pageSize: 64 }).previewFirst(request, 10);
    expect(first.map((p) => p.facility)).toEqual(full.map((p) => p.facility));
    first.forEach((preview, i) => {
      const whole = full[i];
      expect(preview.rowCount).toBe(whole?.rows.length);
      expect(preview.rows).toEqual(whole?.rows.slice(0, 10));
      expect(preview.controlTotals).toEqual(whole?.controlTotals);
      expect(preview.totals).toEqual(whole?.totals);
    });
    expect(first.find((p) => p.facility === 'MAIN')?.rowCount).toBeGreaterThan(10);
  });
});

describe('the effective and funding date bases', () => {
  it('stream every row of the day once, in the preview order, whatever the page size', async () => {
    const h = await harness();
    h.app.store.db.transaction(() => {
      for (let i = 0; i < 300; i += 1) {
        h.seed(i % 2 ? 'failure' : 'success', {
          effectiveDate: i % 3 === 0 ? '2026-11-23' : '2026-11-24',
          fundingDate: '2026-11-25',
          // Times out of id order, and runs of equal times across page ends.
          transactionAt: Date.UTC(2026, 10, 22, 12) - Math.floor(i / 7) * 60_000,
        });
      }
    })();
    for (const basis of ['effective', 'funding'] as const) {
      const date = basis === 'effective' ? '2026-11-23' : '2026-11-25';
      const request = { kind: 'detail', date, basis, facility: 'MAIN' } as const;
      const [preview] = h.service().preview(request);
      const [file] = await h
        .service({ pageSize: 13 })
        .exportTabular({ ...request, format: 'csv', outDir: tempDir() }, requester);
      const records = parse<Record<string, string>>(readFileSync(file?.path ?? ''), { columns: true });
      expect(records.map((r) => Number(r['Posting ID']))).toEqual(preview?.rows.map((r) => r.postingId));
      expect(records).toHaveLength(basis === 'effective' ? 100 : 300);
    }
  });
});
