/**
 * Unposted cash on a real SQLite store: money received but not in the EHR, aged from the day it was taken,
 * with who follows it up. Posted, declined, voided payments and refunds are not on the list; a follow-up for
 * something that is not a received payment is refused and stores nothing.
 */
import { describe, expect, it } from 'vitest';
import { unpostedCash } from '../../../src/main/reconciliation/cash/unposted-cash';
import { openCashStore } from '../../helpers/cash-store';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const day = (d: number) => Date.UTC(2025, 2, d, 15);

describe('unposted cash', () => {
  it('refuses a follow-up for a refund or an unknown payment, and keeps nothing of it', () => {
    const cash = openCashStore(tempDir());
    try {
      const refund = seedPosting(cash.repos, 'failure', { kind: 'refund', transactionAt: day(3) }, day(3));
      expect(cash.repos.cashUnposted.assign(refund.eventId, { owner: 'dana' }, 'lead', day(4))).toBe(false);
      expect(cash.repos.cashUnposted.assign(999_999, { owner: 'dana' }, 'lead', day(4))).toBe(false);
      expect(cash.db.prepare('SELECT count(*) AS n FROM unposted_cash_follow_up').get()).toEqual({ n: 0 });
    } finally {
      cash.close();
    }
  });

  it('lists what was received and is not posted, oldest first, aged, with its owner and a total per currency', () => {
    const cash = openCashStore(tempDir());
    try {
      seedPosting(cash.repos, 'success', { processorTxnId: 'POSTED', transactionAt: day(1) }, day(1));
      seedPosting(cash.repos, 'manually_posted', { processorTxnId: 'BYHAND', transactionAt: day(1) }, day(1));
      seedPosting(cash.repos, 'declined', { processorTxnId: 'DECLINED', transactionAt: day(1) }, day(1));
      seedPosting(
        cash.repos,
        'failure',
        { processorTxnId: 'REFUND', kind: 'refund', transactionAt: day(1) },
        day(1),
      );
      // A voided payment never brings money, whatever its posting says.
      seedPosting(cash.repos, 'failure', { processorTxnId: 'VOIDED', transactionAt: day(1) }, day(1));
      seedPosting(
        cash.repos,
        'success',
        { processorTxnId: 'VOIDED', kind: 'void', transactionAt: day(1) },
        day(1),
      );
      // A void with its own transaction id names the payment it cancels, as the processor's webhook does.
      seedPosting(cash.repos, 'failure', { processorTxnId: 'VOIDED2', transactionAt: day(1) }, day(1));
      seedPosting(
        cash.repos,
        'success',
        {
          processorTxnId: 'V9',
          kind: 'void',
          extras: { originalTransactionId: 'VOIDED2' },
          transactionAt: day(1),
        },
        day(1),
      );
      const failed = seedPosting(
        cash.repos,
        'failure',
        { processorTxnId: 'FAILED', amountMinor: 12_000, facility: 'MAIN', transactionAt: day(2) },
        day(2),
      );
      seedPosting(
        cash.repos,
        'will_not_be_sent',
        {
          processorTxnId: 'CASHDESK',
          tender: 'cash',
          amountMinor: 4_000,
          facility: 'NORTH',
          transactionAt: day(5),
        },
        day(5),
      );
      seedPosting(
        cash.repos,
        'retry',
        { processorTxnId: 'CAD', currency: 'CAD', amountMinor: 700, facility: 'MAIN', transactionAt: day(9) },
        day(9),
      );
      expect(
        cash.repos.cashUnposted.assign(
          failed.eventId,
          { owner: 'dana', note: 'account merged', followUp: '2025-03-12' },
          'lead',
          day(10),
        ),
      ).toBe(true);
      // A later assignment changes the owner and keeps the note it does not repeat.
      cash.repos.cashUnposted.assign(failed.eventId, { owner: 'lee' }, 'lead', day(11));

      const list = unpostedCash(cash.repos, { asOf: '2025-03-11', timeZone: 'America/Chicago' });
      expect(
        list.rows.map((r) => [r.processorTxnId, r.receivedDate, r.ageDays, r.postingStatus, r.owner, r.note]),
      ).toEqual([
        ['FAILED', '2025-03-02', 9, 'failure', 'lee', 'account merged'],
        ['CASHDESK', '2025-03-05', 6, 'will_not_be_sent', null, null],
        ['CAD', '2025-03-09', 2, 'retry', null, null],
      ]);
      expect(list.totals).toEqual([
        { currency: 'CAD', count: 1, amountMinor: 700 },
        { currency: 'USD', count: 2, amountMinor: 16_000 },
      ]);
      expect(
        unpostedCash(cash.repos, { asOf: '2025-03-11', timeZone: 'UTC', facility: 'NORTH' }).rows,
      ).toHaveLength(1);

      // Posted at last: it leaves the list, the total goes down.
      cash.db.prepare(`UPDATE postings SET status = 'success' WHERE event_id = ?`).run(failed.eventId);
      expect(unpostedCash(cash.repos, { asOf: '2025-03-11', timeZone: 'UTC' }).totals).toEqual([
        { currency: 'CAD', count: 1, amountMinor: 700 },
        { currency: 'USD', count: 1, amountMinor: 4_000 },
      ]);
    } finally {
      cash.close();
    }
  });
});
