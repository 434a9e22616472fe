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
});
