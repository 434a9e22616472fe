/**
 * `clearpost import FILE` recognises bank statements (BAI2, camt.053) and Cybersource funding answers
 * (Purchase & Refund Details, Net Funding) beside the processor reports, against a real data folder: a
 * malformed statement is refused naming the line and stores nothing; a bad funding row is quarantined with its
 * reason while the good rows are stored; the same file twice adds nothing.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const BANK = join(__dirname, '../../fixtures/bank');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err, json: out[0] ? (JSON.parse(out[0]) as Record<string, unknown>) : null };
}

function inspect<T>(
  dataDir: string,
  read: (repos: ReturnType<typeof createRepositories>, db: ReturnType<typeof openStore>['db']) => T,
): T {
  const store = openStore(join(dataDir, 'clearpost.sqlite'));
  try {
    return read(createRepositories(store.db), store.db);
  } finally {
    store.db.close();
  }
}

describe('clearpost import refuses a money file that does not add up', () => {
  it('a BAI2 file with a wrong account control total: exit 1, the line named, nothing stored', async () => {
    const dataDir = tempDir();
    const file = join(tempDir(), 'statement.bai2');
    writeFileSync(
      file,
      readFileSync(join(BANK, 'day-2025-03-03.bai2'), 'utf8').replace('49,4140000,6/', '49,4140100,6/'),
    );
    const run = await cli('import', file, '--data-dir', dataDir);
    expect(run.code).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err.join('\n')).toMatch(
      /^clearpost import: statement\.bai2 line 8: the account control total is 4140100 but the amounts it closes add up to 4140000\. Nothing of it was imported\./,
    );
    const stored = inspect(dataDir, (repos) => ({
      deposits: repos.bankDeposits.between('2000-01-01', '2100-01-01').length,
      files: repos.importedFiles.recent().map((f) => [f.source, f.state]),
    }));
    expect(stored).toEqual({ deposits: 0, files: [['bai2', 'failed']] });
  });

  it('a Net Funding report without the merchant it belongs to, and one whose net is not its parts', async () => {
    const dataDir = tempDir();
    const plain = await cli('import', join(BANK, 'net-funding-2025-03-03.json'), '--data-dir', dataDir);
    expect(plain.code).toBe(1);
    expect(plain.err.join('\n')).toMatch(/names no merchant: give the merchant id/);
    const wrong = join(tempDir(), 'net.json');
    writeFileSync(
      wrong,
      readFileSync(join(BANK, 'net-funding-2025-03-03.json'), 'utf8').replace('"2990.00"', '"2999.00"'),
    );
    const run = await cli('import', wrong, '--merchant', 'hospital_main', '--data-dir', dataDir);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(
      /the USD net total 299900 is not purchases - refunds - fees - chargebacks = 299000/,
    );
  });
});

describe('clearpost import recognises money files', () => {
  it('BAI2 and camt.053 statements: every entry stored once, account reduced to its last four', async () => {
    const dataDir = tempDir();
    const bai2 = await cli('import', join(BANK, 'day-2025-03-03.bai2'), '--data-dir', dataDir);
    expect(bai2).toMatchObject({
      code: 0,
      json: { source: 'bai2', rows: 4, imported: 4, quarantined: 0, duplicates: 0 },
    });
    const again = await cli('import', join(BANK, 'day-2025-03-03.bai2'), '--data-dir', dataDir);
    expect(again.json).toMatchObject({ imported: 0, duplicates: 4 });
    // The same entries re-sent in another file (new creation time) are the same deposits.
    const resent = join(tempDir(), 'resent.bai2');
    writeFileSync(
      resent,
      readFileSync(join(BANK, 'day-2025-03-03.bai2'), 'utf8').replace('250304,0630', '250304,0915'),
    );
    expect((await cli('import', resent, '--data-dir', dataDir)).json).toMatchObject({
      rows: 4,
      imported: 0,
      duplicates: 4,
    });

    const camt = join(tempDir(), 'statement.xml');
    copyFileSync(join(BANK, 'statement-2025-03-04.camt053.xml'), camt);
    expect((await cli('import', camt, '--data-dir', dataDir)).json).toMatchObject({
      source: 'camt053',
      imported: 2,
    });

    const deposits = inspect(dataDir, (repos) => repos.bankDeposits.between('2025-03-01', '2025-03-31'));
    expect(
      deposits.map((d) => [d.format, d.accountLast4, d.bookingDate, d.amountMinor, d.bankReference]),
    ).toEqual([
      ['bai2', '6789', '2025-03-03', 300000, 'CYB0304A'],
      ['bai2', '6789', '2025-03-03', 230000, 'CYB0304B'],
      ['bai2', '6789', '2025-03-03', -50000, 'CYB0304F'],
      ['bai2', '4321', '2025-03-03', 20000, 'ACH0304'],
      ['camt053', '6789', '2025-03-04', 410000, 'CYB0305A'],
      ['camt053', '6789', '2025-03-04', -35000, 'CYB0305F'],
    ]);
    const bytes = inspect(dataDir, (_r, db) =>
      JSON.stringify(db.prepare('SELECT * FROM bank_deposits').all()),
    );
    expect(bytes).not.toContain('000123456789');
  });

  it('Purchase & Refund Details: each payment gets its batch, funding date, fees and net; a bad row is quarantined', async () => {
    const dataDir = tempDir();
    const run = await cli(
      'import',
      join(BANK, 'purchase-refund-details-2025-03-03.json'),
      '--data-dir',
      dataDir,
    );
    expect(run).toMatchObject({
      code: 0,
      json: { source: 'cybersource-purchase-refund-details', rows: 4, imported: 3, quarantined: 1 },
    });
    const seen = inspect(dataDir, (repos) => ({
      payment: repos.funding.ofPayment('7000000000000000000001'),
      refund: repos.funding.ofPayment('7000000000000000000003'),
      batches: repos.funding.batchesBetween('2025-03-01', '2025-03-31'),
      quarantine: repos.quarantine.list({ states: ['open'], limit: 10 }).rows,
    }));
    expect(seen.payment).toEqual([
      expect.objectContaining({
        merchantId: 'hospital_main',
        kind: 'purchase',
        batchId: '4821',
        fundingDate: '2025-03-03',
        amountMinor: 200000,
        interchangeMinor: 3010,
        discountMinor: 590,
        duesAssessmentsMinor: 400,
        totalFeeMinor: 4000,
        fundingMinor: 196000,
        settlementStatus: 'SETTLED',
      }),
    ]);
    expect(seen.refund).toEqual([
      expect.objectContaining({ kind: 'refund', amountMinor: -5000, fundingMinor: -5000 }),
    ]);
    expect(seen.batches).toEqual([
      expect.objectContaining({
        batchId: '4821',
        items: 3,
        purchasesMinor: 310000,
        refundsMinor: 5000,
        feesMinor: 6000,
        netMinor: 299000,
      }),
    ]);
    expect(seen.quarantine.map((q) => [q.reasonCode, q.reason])).toEqual([
      ['invalid_funding_row', '"12.345" has more decimals than USD allows (2)'],
    ]);

    const net = await cli(
      'import',
      join(BANK, 'net-funding-2025-03-03.json'),
      '--merchant',
      'hospital_main',
      '--data-dir',
      dataDir,
    );
    expect(net.json).toMatchObject({ source: 'cybersource-net-funding', imported: 1 });
  });

  it('a processor report still imports as before', async () => {
    const dataDir = tempDir();
    const run = await cli(
      'import',
      join(__dirname, '../../fixtures/intake/batch-detail.csv'),
      '--data-dir',
      dataDir,
      '--facility',
      'MAIN',
      '--ehr',
      'epic',
    );
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ rows: expect.any(Number) as number });
    expect(run.json).not.toHaveProperty('source');
  });
});
