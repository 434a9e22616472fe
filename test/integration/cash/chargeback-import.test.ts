/**
 * Chargeback Details through `clearpost import`: each case action stored once, linked to its original
 * payment when Clearpost has it, with its response deadline; a row that cannot be read is quarantined with
 * its reason while the others are kept.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const FILE = join(__dirname, '../../fixtures/bank/chargeback-details-2025-03.csv');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err, json: out[0] ? (JSON.parse(out[0]) as Record<string, unknown>) : null };
}

describe('Chargeback Details import', () => {
  it('keeps every readable case action once, linked to its payment, and quarantines the unreadable one', async () => {
    const dataDir = tempDir();
    const store = openStore(join(dataDir, 'clearpost.sqlite'));
    const at = Date.UTC(2025, 2, 3, 15);
    const { eventId } = seedPosting(createRepositories(store.db), 'success', {
      processorTxnId: '7000000000000000000001',
      amountMinor: 200_000,
      transactionAt: at,
    });
    store.db.close();

    const run = await cli('import', FILE, '--data-dir', dataDir);
    expect(run).toMatchObject({
      code: 0,
      // Quarantined: the unreadable row, and the case whose payment Clearpost does not have. The case it has is
      // reversed in the EHR, and its reversal (the case won) re-posts the payment.
      json: {
        source: 'cybersource-chargeback-details',
        rows: 4,
        imported: 3,
        quarantined: 2,
        duplicates: 0,
        reversals: 1,
        reposted: 1,
      },
    });
    expect((await cli('import', FILE, '--data-dir', dataDir)).json).toMatchObject({
      imported: 0,
      duplicates: 4,
    });

    const reopened = openStore(join(dataDir, 'clearpost.sqlite'));
    try {
      const repos = createRepositories(reopened.db);
      expect(repos.chargebacks.ofPayment('7000000000000000000001')).toEqual([
        expect.objectContaining({
          caseNumber: 'CB-44100',
          action: 'First Chargeback',
          amountMinor: 20_000,
          eventId,
          responseDueDate: '2025-04-03',
        }),
        expect.objectContaining({
          caseNumber: 'CB-44100',
          action: 'Chargeback Reversal',
          amountMinor: -20_000,
          eventId,
          responseDueDate: null,
        }),
      ]);
      // The queue by deadline: the US-dated row read as the same kind of date, its payment unknown to Clearpost.
      expect(
        repos.chargebacks.dueFrom('2025-04-01').map((c) => [c.caseNumber, c.responseDueDate, c.eventId]),
      ).toEqual([
        ['CB-44100', '2025-04-03', eventId],
        ['CB-44101', '2025-04-05', null],
      ]);
      const quarantined = repos.quarantine.list({ states: ['open'], limit: 10 }).rows;
      expect(quarantined.map((q) => [q.reasonCode, q.reason])).toEqual([
        [
          'unmatched_chargeback',
          'Chargeback case CB-44101 (First Chargeback, 2025-03-22) takes back 1100.00 USD for payment ' +
            '7000000000000000000002, which Clearpost does not have yet. Nothing was posted to the EHR for it. ' +
            'When the payment arrives, Clearpost links the case and posts its reversal by itself; if the ' +
            'payment never comes, find it and reverse it in the EHR by hand.',
        ],
        ['invalid_funding_row', '"12.345" has more decimals than USD allows (2)'],
      ]);
    } finally {
      reopened.db.close();
    }
  });
});
