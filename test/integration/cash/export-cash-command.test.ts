/**
 * `clearpost export cash` against a real data folder: refuses bad arguments plainly, then matches, balances
 * and writes the balance, its variances and the open exceptions, printing one JSON line with "variances" and
 * "unexplained" whose file hashes are those of the files written.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { openCashStore } from '../../helpers/cash-store';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

describe('clearpost export cash', () => {
  it('refuses a missing or reversed range, a missing folder to write to and an unknown zone', async () => {
    expect((await cli('export', 'cash', '--to', '2025-03-31', '--out', tempDir())).err).toEqual([
      'clearpost export cash: --from YYYY-MM-DD is required',
    ]);
    expect(
      (await cli('export', 'cash', '--from', '2025-03-31', '--to', '2025-03-01', '--out', tempDir())).code,
    ).toBe(2);
    expect((await cli('export', 'cash', '--from', '2025-03-01', '--to', '2025-03-31')).err[0]).toMatch(
      /--out DIR/,
    );
    expect(
      (
        await cli(
          'export',
          'cash',
          '--from',
          '2025-03-01',
          '--to',
          '2025-03-31',
          '--out',
          tempDir(),
          '--time-zone',
          'Mars/Base',
        )
      ).err[0],
    ).toMatch(/not a time zone/);
  });

  it('balances a month with one short deposit: one unexplained variance with its cause, files hashed', async () => {
    const dataDir = tempDir();
    const cash = openCashStore(dataDir);
    const at = Date.UTC(2025, 2, 3, 15);
    seedPosting(cash.repos, 'success', { processorTxnId: 'P1', amountMinor: 200_000, transactionAt: at }, at);
    seedPosting(cash.repos, 'success', { processorTxnId: 'P2', amountMinor: 50_000, transactionAt: at }, at);
    cash.fund([
      {
        requestId: 'P1',
        batchId: 'A',
        fundingDate: '2025-03-04',
        amountMinor: 200_000,
        totalFeeMinor: 5_000,
      },
      { requestId: 'P2', batchId: 'B', fundingDate: '2025-03-04', amountMinor: 50_000, totalFeeMinor: 1_000 },
    ]);
    cash.deposit([
      { bookingDate: '2025-03-05', amountMinor: 195_000, bankReference: 'A' },
      { bookingDate: '2025-03-05', amountMinor: 48_000, bankReference: 'B short' },
    ]);
    cash.close();

    const out = tempDir();
    const run = await cli(
      'export',
      'cash',
      '--from',
      '2025-03-01',
      '--to',
      '2025-03-31',
      '--out',
      out,
      '--as-of',
      '2025-04-10',
      '--time-zone',
      'UTC',
      '--data-dir',
      dataDir,
    );
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const line = JSON.parse(run.out[0] ?? '') as {
      files: { path: string; rows: number; sha256: string }[];
      variances: number;
      unexplained: number;
      matched: number;
      exceptions: number;
      currencies: Record<string, Record<string, number>>;
    };
    expect(line).toMatchObject({ variances: 1, unexplained: 1, matched: 1, exceptions: 2 });
    expect(line.currencies.USD).toEqual({
      bank: 243_000,
      funding: 244_000,
      payments: 250_000,
      refunds: 0,
      chargebacks: 0,
      returns: 0,
      won: 0,
      fees: 6_000,
      ehr: 250_000,
    });
    for (const file of line.files) {
      expect(createHash('sha256').update(readFileSync(file.path)).digest('hex')).toBe(file.sha256);
    }
    const variances = readFileSync(line.files[1]?.path ?? '', 'utf8');
    expect(variances).toContain(
      'bank_funding,short_deposit,Deposit differs from its batch,yes,USD,-1000,batch B,2025-03-04,deposit B short of 2025-03-05 is 48000 for a batch net of 49000',
    );
  });
});

async function readSheets(path: string): Promise<Map<string, Record<string, unknown>[]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets = new Map<string, Record<string, unknown>[]>();
  for (const sheet of workbook.worksheets) {
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1)
        rows.push(Object.fromEntries(header.map((name, i) => [name, row.getCell(i + 1).value])));
    });
    sheets.set(sheet.name, rows);
  }
  return sheets;
}

describe('clearpost export cash: per facility, merchant account and day, CSV and XLSX', () => {
  it('attributes a deposit through its batch to the facilities of its payments; money nothing attributes is its own row', async () => {
    const dataDir = tempDir();
    const cash = openCashStore(dataDir);
    const at = Date.UTC(2025, 2, 3, 15);
    seedPosting(
      cash.repos,
      'success',
      { processorTxnId: 'M1', facility: 'MAIN', amountMinor: 100_000, transactionAt: at },
      at,
    );
    seedPosting(
      cash.repos,
      'success',
      { processorTxnId: 'N1', facility: 'NORTH', amountMinor: 30_000, transactionAt: at },
      at,
    );
    // Received, funded and deposited, but the EHR refused it: unposted cash.
    const { eventId } = seedPosting(
      cash.repos,
      'failure',
      { processorTxnId: 'M2', facility: 'MAIN', amountMinor: 5_000, transactionAt: at },
      at,
    );
    cash.repos.cashUnposted.assign(eventId, { owner: 'dana', followUp: '2025-04-12' }, 'lead', at);
    cash.fund([
      {
        requestId: 'M1',
        batchId: 'A',
        fundingDate: '2025-03-04',
        amountMinor: 100_000,
        totalFeeMinor: 2_500,
      },
      { requestId: 'N1', batchId: 'A', fundingDate: '2025-03-04', amountMinor: 30_000, totalFeeMinor: 700 },
      { requestId: 'M2', batchId: 'A', fundingDate: '2025-03-04', amountMinor: 5_000, totalFeeMinor: 100 },
    ]);
    cash.deposit([
      { bookingDate: '2025-03-05', amountMinor: 131_700, bankReference: 'A' },
      { bookingDate: '2025-03-06', amountMinor: 777, bankReference: 'STRAY' },
    ]);
    cash.close();

    const out = tempDir();
    const run = await cli(
      'export',
      'cash',
      '--from',
      '2025-03-01',
      '--to',
      '2025-03-31',
      '--out',
      out,
      '--as-of',
      '2025-04-10',
      '--time-zone',
      'UTC',
      '--data-dir',
      dataDir,
    );
    expect(run.err).toEqual([]);
    const line = JSON.parse(run.out[0] ?? '') as {
      files: { path: string; sha256: string }[];
      unexplained: number;
      unposted: unknown;
    };
    // The stray deposit needs a person; the unposted payment is explained (its posting failed), and listed.
    expect(line.unexplained).toBe(1);
    expect(line.unposted).toEqual([{ currency: 'USD', count: 1, amountMinor: 5_000 }]);
    for (const file of line.files) {
      expect(createHash('sha256').update(readFileSync(file.path)).digest('hex')).toBe(file.sha256);
    }
    const names = line.files.map((f) => f.path.slice(out.length + 1));
    expect(names).toEqual([
      'cash-2025-03-01_2025-03-31-balance.json',
      'cash-2025-03-01_2025-03-31-variances.csv',
      'cash-2025-03-01_2025-03-31-exceptions.csv',
      'cash-2025-03-01_2025-03-31-by-day.csv',
      'cash-2025-03-01_2025-03-31-by-facility.csv',
      'cash-2025-03-01_2025-03-31-unposted.csv',
      'cash-2025-03-01_2025-03-31.xlsx',
    ]);
    const byFacility = parse<Record<string, string>>(readFileSync(line.files[4]?.path ?? ''), {
      columns: true,
    });
    const pick = (r: Record<string, string>) => [
      r.Facility,
      r['Merchant account'],
      r['Bank deposits'],
      r['Processor funding'],
      r.Payments,
      r.Fees,
      r['Posted in the EHR'],
      r.Variance,
      r.Unexplained,
      r.Causes,
    ];
    expect(byFacility.map(pick)).toEqual([
      [
        'MAIN',
        'hospital_main',
        '1024.00',
        '1024.00',
        '1050.00',
        '26.00',
        '1000.00',
        '-50.00',
        '0',
        'Payment not posted in the EHR',
      ],
      ['NORTH', 'hospital_main', '293.00', '293.00', '300.00', '7.00', '300.00', '0.00', '0', ''],
      [
        'unattributed',
        'unattributed',
        '7.77',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '7.77',
        '1',
        'Deposit with no funding batch (needs a person)',
      ],
    ]);
    const byDay = parse<Record<string, string>>(readFileSync(line.files[3]?.path ?? ''), { columns: true });
    expect(byDay.map((r) => [r['Funding date'], r.Facility, r['Bank deposits']])).toEqual([
      ['2025-03-04', 'MAIN', '1024.00'],
      ['2025-03-04', 'NORTH', '293.00'],
      ['2025-03-06', 'unattributed', '7.77'],
    ]);
    const unposted = parse<Record<string, string>>(readFileSync(line.files[5]?.path ?? ''), {
      columns: true,
    });
    expect(unposted.map((r) => [r['Processor id'], r.Amount, r.Posting, r.Owner, r['Age (days)']])).toEqual([
      ['M2', '50.00', 'failure', 'dana', '38'],
    ]);

    const sheets = await readSheets(line.files[6]?.path ?? '');
    expect([...sheets.keys()]).toEqual([
      'By facility',
      'By facility and day',
      'Variances',
      'Cash exceptions',
      'Unposted cash',
    ]);
    // Money cells are numbers, so the sheet sums: the bank column adds up to what the bank received.
    const bank = (sheets.get('By facility') ?? []).map((r) => r['Bank deposits']);
    expect(bank).toEqual([1024, 293, 7.77]);
  });
});
