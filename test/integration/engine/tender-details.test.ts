import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('tender details kept with the event reach the EHR', () => {
  it('cash tendered and the check date from the event’s extras are posted as received', async () => {
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir() });
    h.pay({ tender: 'cash', amountMinor: 1_234, extras: { cashTenderedMinor: 2_000 } });
    h.pay({
      tender: 'manual_check',
      amountMinor: 5_000,
      checkNumber: '10442',
      extras: { checkDate: '2026-11-20' },
    });
    await h.runUntil(h.clock.now() + HOUR);
    const [cash, check] = h.sim.ledger
      .postings()
      .map((p) => JSON.parse(p.requestBody) as { extension: unknown[] });
    expect(JSON.stringify(cash)).toContain('"financial-transaction-tendered-amount"'.slice(1, -1));
    expect(JSON.stringify(cash)).toMatch(/tendered-amount","valueMoney":\{"value":20(\.00?)?,/);
    expect(JSON.stringify(check)).toContain('"valueDate":"2026-11-20"');
  });

  it('a check number with letters or a dash becomes Not Applicable with a plain reason, and nothing is sent to Oracle Health', async () => {
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir() });
    const ids = ['A10442', '10-442'].map((checkNumber) =>
      h!.pay({
        tender: 'manual_check',
        amountMinor: 5_000,
        checkNumber,
        extras: { checkDate: '2026-11-20' },
      }),
    );
    await h.runUntil(h.clock.now() + HOUR);
    for (const id of ids) {
      const posting = h.app.repos.postings.get(id)!;
      expect(posting.status).toBe('not_applicable');
      expect(posting.reasonCode).toBe('mapping_failed');
      expect(posting.reason).toBe(
        'The check number is not all digits; Oracle Health takes only digits as a check number.',
      );
    }
    expect(h.sim.stats.post).toBe(0);
    expect(h.sim.ledger.postings()).toHaveLength(0);
  });
});
