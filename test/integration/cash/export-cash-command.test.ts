/**
 * `clearpost export cash` against a real data folder: refuses bad arguments plainly, then matches, balances
 * and writes the balance, its variances and the open exceptions, printing one JSON line with "variances" and
 * "unexplained" whose file hashes are those of the files written.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
