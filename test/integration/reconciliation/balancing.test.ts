import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { balanceDay, type Balance } from '../../../src/main/reconciliation/balancing';
import { fromLedger, readEhrPostingFile } from '../../../src/main/reconciliation/ehr-side';
import { SimLedger } from '../../../src/main/sandbox/ledger';
import { useTempDirs } from '../../helpers/temp-dir';
import { reportHarness } from './harness';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
const ledgers: SimLedger[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const l of ledgers.splice(0)) l.close();
});

function explainsDifference(balance: Balance): void {
  for (const currency of new Set([...Object.keys(balance.processor), ...Object.keys(balance.ehr)])) {
    const diff = (balance.processor[currency]?.amountMinor ?? 0) - (balance.ehr[currency]?.amountMinor ?? 0);
    const explained = balance.variances
      .filter((v) => v.currency === currency)
      .reduce((s, v) => s + v.processorMinor - v.ehrMinor, 0);
    expect(explained).toBe(diff);
  }
}

describe('balancing: processor vs Clearpost vs EHR', () => {
  it('finds each injected variance with the right cause, and the variances explain the difference', async () => {
    const h = await reportHarness(tempDir());
    apps.push(h.app);
    const ledger = new SimLedger(join(tempDir(), 'ledger.sqlite'), 'FT-PL-');
    ledgers.push(ledger);
    const post = (s: ReturnType<typeof h.seed>, amountMinor = s.event.amountMinor, day = '2026-11-22') =>
      ledger.record({
        externalId: s.event.processorTxnId,
        kind: s.event.kind,
        tender: 'CCCA',
        amountMinor,
        currency: 'USD',
        target: 'Account/1',
        day,
        acceptedAt: 0,
        requestBody: '{}',
      });

    const ok = h.seed('success');
    post(ok);
    const missing = h.seed('success');
    const duplicate = h.seed('success');
    post(duplicate);
    post(duplicate);
    const mismatch = h.seed('success');
    post(mismatch, mismatch.event.amountMinor - 1);
    const retrying = h.seed('retry');
    const manual = h.seed('manually_posted');
    const manualWorkflow = h.seed('will_not_be_sent', { source: 'manual' }, { channel: 'manual' });
    const byFile = h.seed('success', { ehr: 'epic', kind: 'refund' }, { channel: 'daily_file' });
    const declined = h.seed('declined');
    const failed = h.seed('failure');
    const verifiedLater = h.seed('needs_verification');
    post(verifiedLater);
    const stranger = ledger.record({
      externalId: 'NOT-FROM-PROCESSOR',
      kind: 'one_time_payment',
      tender: 'CCCA',
      amountMinor: 777,
      currency: 'USD',
      target: 'Account/2',
      day: '2026-11-22',
      acceptedAt: 0,
      requestBody: '{}',
    });
    // Another day's posting, of an event of another day, is not this day's business.
    const otherDay = h.seed('success', { transactionAt: Date.UTC(2026, 10, 20, 18) });
    post(otherDay, otherDay.event.amountMinor, '2026-11-20');

    const balance = balanceDay(
      h.app.store.db,
      h.zones,
      { date: '2026-11-22' },
      fromLedger(ledger.postings()),
    );
    const causes = Object.fromEntries(balance.variances.map((v) => [v.processorTxnId, v.cause]));
    expect(causes).toEqual({
      [missing.event.processorTxnId]: 'missing_in_ehr',
      [duplicate.event.processorTxnId]: 'duplicate',
      [mismatch.event.processorTxnId]: 'amount_mismatch',
      [retrying.event.processorTxnId]: 'pending_retry',
      [manual.event.processorTxnId]: 'manual_post',
      [manualWorkflow.event.processorTxnId]: 'manual_post',
      [byFile.event.processorTxnId]: 'sent_by_file',
      [failed.event.processorTxnId]: 'not_posted',
      [stranger.externalId]: 'missing_in_processor',
    });
    expect(balance.balanced).toBe(false);
    // A declined payment moved no money: not on the processor side, and (absent from the EHR) no variance.
    expect(causes[declined.event.processorTxnId]).toBeUndefined();
    expect(balance.unexplained).toBe(3);
    expect(balance.processor.USD?.count).toBe(10);
    expect(balance.ehr.USD?.count).toBe(6);
    expect(balance.clearpost.USD?.count).toBe(6);
    explainsDifference(balance);
    expect(causes[ok.event.processorTxnId]).toBeUndefined();
  });

  it('balances an imported EHR posting file, and rejects a file it cannot read', async () => {
    const h = await reportHarness(tempDir());
    apps.push(h.app);
    const a = h.seed('success', { amountMinor: 1_050 });
    const dir = tempDir();
    const file = join(dir, 'ehr.csv');
    writeFileSync(
      file,
      `external_id,kind,amount,currency,reference,date\n${a.event.processorTxnId},one_time_payment,10.50,USD,R1,2026-11-22\n`,
    );
    const balance = balanceDay(
      h.app.store.db,
      h.zones,
      { date: '2026-11-22', facility: 'MAIN' },
      readEhrPostingFile(file),
    );
    expect(balance.balanced).toBe(true);
    expect(balance.ehr.USD).toEqual({ count: 1, amountMinor: 1_050 });
    writeFileSync(
      file,
      'external_id,kind,amount,currency,reference,date\nX,payment,1.001,USD,R,2026-11-22\n',
    );
    expect(() => readEhrPostingFile(file)).toThrow(/unknown kind/);
  });
});

describe('balancing reversals, declines and signs (issue 18)', () => {
  const day = '2026-11-22';
  async function setup() {
    const h = await reportHarness(tempDir());
    apps.push(h.app);
    const ledger = new SimLedger(join(tempDir(), 'ledger.sqlite'), 'FT-PL-');
    ledgers.push(ledger);
    const post = (externalId: string, kind: 'one_time_payment' | 'void' | 'refund', amountMinor: number) =>
      ledger.record({
        externalId,
        kind,
        tender: 'CCCA',
        amountMinor,
        currency: 'USD',
        target: 'Account/1',
        day,
        acceptedAt: 0,
        requestBody: '{}',
      });
    return { h, ledger, post };
  }

  it('a refund or void the EHR holds under its sent id (…RFND, …VOID) is no variance at all', async () => {
    const { h, ledger, post } = await setup();
    const payment = h.seed('success', { amountMinor: 10_000 });
    const refund = h.seed('success', { kind: 'refund', amountMinor: 2_500 });
    const voided = h.seed('success', { kind: 'void', amountMinor: 1_000 });
    post(payment.event.processorTxnId, 'one_time_payment', 10_000);
    post(`${refund.event.processorTxnId}RFND`, 'refund', 2_500);
    post(`${voided.event.processorTxnId}VOID`, 'void', 1_000);
    const balance = balanceDay(h.app.store.db, h.zones, { date: day }, fromLedger(ledger.postings()));
    expect(balance.variances).toEqual([]);
    expect(balance.unexplained).toBe(0);
    expect(balance.balanced).toBe(true);
    // Signed: the payment less the refund and the void, on both sides.
    expect(balance.processor.USD).toEqual({ count: 3, amountMinor: 6_500 });
    expect(balance.ehr.USD).toEqual({ count: 3, amountMinor: 6_500 });
    expect(balance.clearpost.USD).toEqual({ count: 3, amountMinor: 6_500 });
  });

  it('a reversal posted under a site alias of another kind still matches through the id sent', async () => {
    const { h, ledger, post } = await setup();
    const voided = h.seed('success', { kind: 'void', amountMinor: 1_000 });
    // The site maps its void alias to its refund transaction type: the EHR reports a refund.
    post(`${voided.event.processorTxnId}VOID`, 'refund', 1_000);
    const balance = balanceDay(h.app.store.db, h.zones, { date: day }, fromLedger(ledger.postings()));
    expect(balance.variances).toEqual([]);
  });

  it('a reversal missing from the EHR is one variance with its sent id, never a pair', async () => {
    const { h, ledger } = await setup();
    const refund = h.seed('success', { kind: 'refund', amountMinor: 2_500 });
    const balance = balanceDay(h.app.store.db, h.zones, { date: day }, fromLedger(ledger.postings()));
    expect(balance.variances).toHaveLength(1);
    expect(balance.variances[0]).toMatchObject({
      cause: 'missing_in_ehr',
      externalId: `${refund.event.processorTxnId}RFND`,
      processorMinor: -2_500,
      ehrMinor: 0,
    });
    explainsDifference(balance);
  });

  it('a reversal the EHR holds of another day is not missing at the processor on the EHR day', async () => {
    const { h, ledger, post } = await setup();
    h.seed('success', { kind: 'refund', amountMinor: 700, transactionAt: Date.UTC(2026, 10, 20, 18) });
    const stored = h.app.store.db
      .prepare<[], { id: string }>("SELECT processor_txn_id AS id FROM payment_events WHERE kind = 'refund'")
      .get();
    post(`${stored?.id ?? ''}RFND`, 'refund', 700);
    const balance = balanceDay(h.app.store.db, h.zones, { date: day }, fromLedger(ledger.postings()));
    expect(balance.variances).toEqual([]);
  });

  it('a declined payment is not money, unless the EHR holds a posting of it', async () => {
    const { h, ledger, post } = await setup();
    h.seed('declined', { amountMinor: 5_000 });
    const postedAnyway = h.seed('declined', { amountMinor: 4_000 });
    post(postedAnyway.event.processorTxnId, 'one_time_payment', 4_000);
    const balance = balanceDay(h.app.store.db, h.zones, { date: day }, fromLedger(ledger.postings()));
    expect(balance.processor).toEqual({});
    expect(balance.variances.map((v) => [v.processorTxnId, v.cause, v.processorMinor, v.ehrMinor])).toEqual([
      [postedAnyway.event.processorTxnId, 'declined', 0, 4_000],
    ]);
    explainsDifference(balance);
  });
});
