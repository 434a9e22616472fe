import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimLedger } from '../../../src/main/sandbox/ledger';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const posting = (
  externalId: string,
  amountMinor: number,
  kind: 'one_time_payment' | 'refund',
  tender: string,
  day: string,
) => ({
  externalId,
  kind,
  tender,
  amountMinor,
  currency: 'USD',
  target: 'Encounter/1',
  day,
  acceptedAt: 0,
  requestBody: `{"id":"${externalId}"}`,
});

describe('simulator ledger', () => {
  it('is durable: postings survive closing and reopening the file', () => {
    const path = join(tempDir(), 'sandbox', 'oracle-ledger.sqlite');
    const ledger = new SimLedger(path, 'FT-PL-');
    ledger.record(posting('A1', 1999, 'one_time_payment', 'CCCA', '2026-01-01'));
    ledger.close();
    const reopened = new SimLedger(path, 'FT-PL-');
    expect(reopened.postings()).toEqual([
      expect.objectContaining({
        id: 1,
        ehrReference: 'FT-PL-1',
        externalId: 'A1',
        amountMinor: 1999,
        requestBody: '{"id":"A1"}',
      }),
    ]);
    expect(reopened.record(posting('A2', 1, 'one_time_payment', 'CASH', '2026-01-01')).ehrReference).toBe(
      'FT-PL-2',
    );
    reopened.close();
  });

  it('totals by day, kind and tender, in integer minor units', () => {
    const ledger = new SimLedger(':memory:', 'X-');
    ledger.record(posting('A', 10, 'one_time_payment', 'CCCA', '2026-01-01'));
    ledger.record(posting('B', 20, 'one_time_payment', 'CCCA', '2026-01-01'));
    ledger.record(posting('C', 5, 'refund', 'CCCA', '2026-01-01'));
    ledger.record(posting('D', 7, 'one_time_payment', 'CASH', '2026-01-02'));
    expect(ledger.totals()).toEqual([
      {
        day: '2026-01-01',
        kind: 'one_time_payment',
        tender: 'CCCA',
        currency: 'USD',
        count: 2,
        amountMinor: 30,
      },
      { day: '2026-01-01', kind: 'refund', tender: 'CCCA', currency: 'USD', count: 1, amountMinor: 5 },
      {
        day: '2026-01-02',
        kind: 'one_time_payment',
        tender: 'CASH',
        currency: 'USD',
        count: 1,
        amountMinor: 7,
      },
    ]);
    expect(ledger.grandTotals()).toEqual({ USD: { count: 4, amountMinor: 42 } });
    expect(() => ledger.record(posting('E', 1.5, 'one_time_payment', 'CASH', '2026-01-02'))).toThrow();
    ledger.close();
  });
});
