import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { useTempDirs } from '../../helpers/temp-dir';
import { reportHarness, storeSum } from './harness';

const tempDir = useTempDirs();
// The command line logs to a file under the data folder, opened asynchronously: let it open before the
// folder is removed after the test.
afterEach(() => new Promise((resolve) => setTimeout(resolve, 200)));

interface Printed {
  files: { file: string; path: string; rows: number; totals: Record<string, string>; sha256: string }[];
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

describe('clearpost export', () => {
  it('writes the recon file and prints the files with row counts and totals equal to the store', async () => {
    const dataDir = tempDir();
    const h = await reportHarness(dataDir);
    h.seed('failure', { amountMinor: 1_999 });
    h.seed('will_not_be_sent', { source: 'manual', amountMinor: 1 }, { channel: 'manual' });
    h.seed('success', { amountMinor: 50_000 });
    h.seed('failure', {
      facility: 'TOKYO',
      currency: 'JPY',
      amountMinor: 3_000,
      transactionAt: Date.UTC(2026, 10, 21, 16),
    });
    const expected = storeSum(h.app, `e.facility = 'MAIN' AND p.status IN ('failure', 'will_not_be_sent')`);
    await h.app.close();

    const out = tempDir();
    const {
      code,
      out: lines,
      err,
    } = await cli(
      'export',
      'recon',
      '--date',
      '2026-11-22',
      '--facility',
      'MAIN',
      '--format',
      'xlsx',
      '--out',
      out,
      '--data-dir',
      dataDir,
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const printed = JSON.parse(lines[0] ?? '') as {
      files: {
        file: string;
        rows: number;
        totals: Record<string, string>;
        totalsMinor: Record<string, number>;
        sha256: string;
        path: string;
      }[];
    };
    expect(printed.files).toHaveLength(1);
    expect(printed.files[0]).toMatchObject({
      file: 'recon_MAIN_2026-11-22.xlsx',
      rows: expected.count,
      totals: { USD: '20.00' },
      totalsMinor: { USD: expected.amountMinor },
    });
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(readFileSync(printed.files[0]?.path ?? ''))
        .digest('hex'),
    ).toBe(printed.files[0]?.sha256);

    const tokyo = await cli(
      'export',
      'detail',
      '--date',
      '2026-11-22',
      '--zone',
      'TOKYO=Asia/Tokyo',
      '--facility',
      'TOKYO',
      '--out',
      out,
      '--data-dir',
      dataDir,
    );
    expect((JSON.parse(tokyo.out[0] ?? '') as Printed).files[0]).toMatchObject({
      file: 'detail_TOKYO_2026-11-22.csv',
      rows: 1,
      totals: { JPY: '3000' },
    });
  });

  it('exports the Epic void file once per item and refuses bad arguments with usage errors', async () => {
    const dataDir = tempDir();
    const h = await reportHarness(dataDir);
    // The command line runs on the real clock: a day long past.
    h.seed(
      'pending',
      {
        ehr: 'epic',
        facility: 'RIVERSIDE',
        kind: 'void',
        amountMinor: 700,
        transactionAt: Date.UTC(2024, 10, 22, 18),
      },
      { channel: 'daily_file' },
    );
    await h.app.close();
    const out = tempDir();
    const first = await cli(
      'export',
      'epic-voids',
      '--date',
      '2024-11-22',
      '--out',
      out,
      '--data-dir',
      dataDir,
    );
    expect(first.code).toBe(0);
    const file = (JSON.parse(first.out[0] ?? '') as Printed).files[0];
    expect(file).toMatchObject({ file: 'epic-voids_RIVERSIDE_2024-11-22.txt', rows: 1 });
    expect(readFileSync(file?.path ?? '', 'utf8')).toMatch(/\|7\.00\|VOID\|.*\nTRAILER\|1\|7\.00\n$/);
    const next = await cli(
      'export',
      'epic-voids',
      '--date',
      '2024-11-23',
      '--out',
      out,
      '--data-dir',
      dataDir,
    );
    expect((JSON.parse(next.out[0] ?? '') as Printed).files[0]).toMatchObject({
      rows: 0,
      totals: { USD: '0.00' },
    });

    expect((await cli('export', 'recon', '--out', out, '--data-dir', dataDir)).code).toBe(2);
    expect((await cli('export', 'bogus', '--date', '2026-11-22', '--out', out)).code).toBe(2);
    expect((await cli('export', 'recon', '--date', '2026-02-30', '--out', out)).code).toBe(2);
    expect((await cli('export', 'recon', '--date', '2026-11-22', '--format', 'pdf', '--out', out)).code).toBe(
      2,
    );
    const future = await cli(
      'export',
      'epic-voids',
      '--date',
      '2099-01-01',
      '--out',
      out,
      '--data-dir',
      dataDir,
    );
    expect(future.code).toBe(1);
    expect(future.err.join('')).toMatch(/not over yet/);
  });
});
