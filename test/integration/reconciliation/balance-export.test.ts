/**
 * `clearpost export balance`: the variances of a day as CSV and XLSX, with the JSON line a scheduled task
 * reads (`variances`, `unexplained`). Real data folder, real files, parsed back.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { useTempDirs } from '../../helpers/temp-dir';
import { reportHarness } from './harness';

const tempDir = useTempDirs();
// The command line logs to a file under the data folder, opened asynchronously: let it open before the
// folder is removed after the test.
afterEach(() => new Promise((resolve) => setTimeout(resolve, 200)));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

interface Printed {
  files: { file: string; path: string; rows: number; sha256: string }[];
  variances: number;
  unexplained: number;
  balanced: boolean;
  processor: Record<string, { count: number; amountMinor: number }>;
  ehr: Record<string, { count: number; amountMinor: number }>;
}

async function seededDay() {
  const dataDir = tempDir();
  const h = await reportHarness(dataDir);
  const payment = h.seed('success', { amountMinor: 10_000 });
  const refund = h.seed('success', { kind: 'refund', amountMinor: 2_500 });
  const voided = h.seed('success', { kind: 'void', amountMinor: 1_000 });
  h.seed('declined', { amountMinor: 9_999 });
  const failed = h.seed('failure', { amountMinor: 300, guarantorAccount: '=HYPERLINK("x")' });
  await h.app.close();
  const ehrFile = join(tempDir(), 'ehr.csv');
  writeFileSync(
    ehrFile,
    'external_id,kind,amount,currency,reference,date\n' +
      `${payment.event.processorTxnId},one_time_payment,100.00,USD,FT-PL-1,2026-11-22\n` +
      `${refund.event.processorTxnId}RFND,refund,25.00,USD,FT-PL-2,2026-11-22\n` +
      `${voided.event.processorTxnId}VOID,void,10.00,USD,FT-PL-3,2026-11-22\n`,
  );
  return { dataDir, ehrFile, failed };
}

describe('clearpost export balance', () => {
  it('refuses without an EHR side to balance against, and writes nothing', async () => {
    const { dataDir } = await seededDay();
    const out = tempDir();
    const run = await cli('export', 'balance', '--date', '2026-11-22', '--out', out, '--data-dir', dataDir);
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).toMatch(/--ehr-file FILE is required/);
    expect(run.out).toEqual([]);
  });

  it('refuses an EHR file it cannot read with the line at fault', async () => {
    const { dataDir } = await seededDay();
    const bad = join(tempDir(), 'bad.csv');
    writeFileSync(bad, 'external_id,kind,amount,currency,reference,date\nX,payment,1.00,USD,R,2026-11-22\n');
    const run = await cli(
      'export',
      'balance',
      '--date',
      '2026-11-22',
      '--ehr-file',
      bad,
      '--out',
      tempDir(),
      '--data-dir',
      dataDir,
    );
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).toMatch(/line 2: unknown kind "payment"/);
  });

  it('prints variances and unexplained, and the CSV lists each variance with its cause', async () => {
    const { dataDir, ehrFile, failed } = await seededDay();
    const out = tempDir();
    const run = await cli(
      'export',
      'balance',
      '--date',
      '2026-11-22',
      '--ehr-file',
      ehrFile,
      '--out',
      out,
      '--data-dir',
      dataDir,
    );
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.out[0] ?? '') as Printed;
    // The refund and void matched through …RFND / …VOID; the decline is not money; only the failure is left.
    expect(printed).toMatchObject({ variances: 1, unexplained: 0, balanced: false });
    expect(printed.processor.USD).toEqual({ count: 4, amountMinor: 10_000 - 2_500 - 1_000 + 300 });
    expect(printed.ehr.USD).toEqual({ count: 3, amountMinor: 6_500 });
    expect(printed.files.map((f) => [f.file, f.rows])).toEqual([
      ['balance_all_2026-11-22.csv', 1],
      ['balance_all_2026-11-22_sides.csv', 3],
    ]);
    const rows = parse<Record<string, string>>(readFileSync(join(out, 'balance_all_2026-11-22.csv')), {
      columns: true,
    });
    expect(rows).toEqual([
      expect.objectContaining({
        Cause: 'Not posted',
        'Cause code': 'not_posted',
        Unexplained: 'N',
        'Transaction ID': failed.event.processorTxnId,
        'Processor amount': '3.00',
        'EHR amount': '0.00',
        Difference: '3.00',
      }),
    ]);
  });

  it('writes the same variances as XLSX, amounts as numbers', async () => {
    const { dataDir, ehrFile } = await seededDay();
    const out = tempDir();
    const run = await cli(
      'export',
      'balance',
      '--date',
      '2026-11-22',
      '--facility',
      'MAIN',
      '--format',
      'xlsx',
      '--ehr-file',
      ehrFile,
      '--out',
      out,
      '--data-dir',
      dataDir,
    );
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.out[0] ?? '') as Printed;
    expect(printed.files.map((f) => f.file)).toEqual(['balance_MAIN_2026-11-22.xlsx']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'balance_MAIN_2026-11-22.xlsx'));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Variances', 'Sides']);
    const sheet = workbook.getWorksheet('Variances');
    expect(sheet?.actualRowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(9).value).toBe(3);
  });
});

describe('reports.exportBalance (console)', () => {
  it('needs an EHR side, is a supervisor command, and writes the variances into the reports folder', async () => {
    const { createApp } = await import('../../../src/main/app');
    const { silentLogger } = await import('../../helpers/app');
    const supervisor = { actor: 'sam.supervisor', transport: 'test', role: 'supervisor' } as const;
    const viewer = { actor: 'val.viewer', transport: 'test', role: 'viewer' } as const;

    const plain = await reportHarness(tempDir());
    try {
      const missing = await plain.app.dispatch('reports.exportBalance', { date: '2026-11-22' }, supervisor);
      expect(missing).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    } finally {
      await plain.app.close();
    }

    const app = await createApp({
      dataDir: tempDir(),
      mode: 'test',
      logger: silentLogger,
      sandbox: { traffic: false },
      engine: { autoStart: false },
    });
    try {
      const refused = await app.dispatch('reports.exportBalance', { date: '2026-11-22' }, viewer);
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const written = await app.dispatch(
        'reports.exportBalance',
        { date: '2026-11-22', format: 'xlsx' },
        supervisor,
      );
      expect(written).toMatchObject({ ok: true, result: [{ file: 'balance_all_2026-11-22.xlsx', rows: 0 }] });
    } finally {
      await app.close();
    }
  });
});
