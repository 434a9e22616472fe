/**
 * The cash commands through the real dispatcher and a real app: an operator cannot match by hand (a
 * supervisor's act), bad ranges are refused, then the flow a cash poster follows — run matching, read the
 * exceptions, match a split deposit by hand, assign what is left, read the balance.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import type { ClearpostApp } from '../../../src/main/app';
import { dispatchOk, fakeClock, testApp } from '../../helpers/app';
import { depositInto, fundInto } from '../../helpers/cash-seed';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const supervisor: Caller = { actor: 'sam.supervisor', transport: 'test', role: 'supervisor' };
const operator: Caller = { actor: 'pat.billing', transport: 'test', role: 'operator' };
const MARCH = { from: '2025-03-01', to: '2025-03-31' };

let app: ClearpostApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function month(): Promise<ClearpostApp> {
  const clock = fakeClock(Date.UTC(2025, 3, 2, 15));
  const a = await testApp(tempDir(), clock);
  const now = clock.now();
  const at = Date.UTC(2025, 2, 3, 15);
  seedPosting(a.repos, 'success', { processorTxnId: 'P1', amountMinor: 100_000, transactionAt: at }, at);
  seedPosting(a.repos, 'success', { processorTxnId: 'P2', amountMinor: 70_000, transactionAt: at }, at);
  fundInto(
    a.repos,
    a.store.db,
    [
      {
        requestId: 'P1',
        batchId: 'A',
        fundingDate: '2025-03-04',
        amountMinor: 100_000,
        totalFeeMinor: 2_000,
      },
      { requestId: 'P2', batchId: 'B', fundingDate: '2025-03-04', amountMinor: 70_000, totalFeeMinor: 1_000 },
    ],
    now,
  );
  // A is paid whole; B is split by the bank into two deposits on different days, beyond what auto-matching
  // pairs (the second part lands after the window).
  depositInto(
    a.repos,
    a.store.db,
    [
      { bookingDate: '2025-03-05', amountMinor: 98_000, bankReference: 'A' },
      { bookingDate: '2025-03-05', amountMinor: 40_000, bankReference: 'B-1' },
      { bookingDate: '2025-03-12', amountMinor: 29_000, bankReference: 'B-2' },
    ],
    now,
  );
  return a;
}

describe('cash commands refuse what they must', () => {
  it('an operator cannot match by hand; a reversed or too long range is refused', async () => {
    app = await month();
    const denied = await app.dispatch('cash.match', { depositIds: [1], batchIds: [1] }, operator);
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await app.dispatch('cash.balance', { from: '2025-03-31', to: '2025-03-01' }, operator),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', message: 'The range ends before it starts.' },
    });
    expect(
      await app.dispatch('cash.unmatched', { from: '2025-01-01', to: '2025-12-31' }, operator),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments' },
    });
    expect(await app.dispatch('cash.assign', { id: 999, owner: 'dana' }, operator)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('the cash poster’s flow', () => {
  it('matching, exceptions, a split deposit matched by hand, an owner, a balanced month', async () => {
    app = await month();
    expect(await dispatchOk(app, 'cash.runMatching', MARCH, operator)).toEqual({
      matched: 1,
      unmatchedDeposits: 2,
      unmatchedBatches: 1,
    });
    const exceptions = await dispatchOk(app, 'cash.exceptions', {}, operator);
    expect(exceptions.map((e) => [e.subjectType, e.amountMinor, e.ageDays])).toEqual([
      ['batch', 69_000, 29],
      ['deposit', 40_000, 28],
      ['deposit', 29_000, 21],
    ]);
    const before = await dispatchOk(app, 'cash.balance', MARCH, operator);
    expect(before.unexplained).toBe(3);

    const unmatched = await dispatchOk(app, 'cash.unmatched', MARCH, supervisor);
    // One deposit against the batch differs: refused until a note says why, the refusal on the note field.
    const short = await app.dispatch(
      'cash.match',
      { depositIds: [unmatched.deposits[0]?.id ?? -1], batchIds: unmatched.batches.map((b) => b.id) },
      supervisor,
    );
    expect(short).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        issues: [{ path: 'note', message: expect.stringMatching(/say why in a note/) as string }],
      },
    });
    const { matchId } = await dispatchOk(
      app,
      'cash.match',
      { depositIds: unmatched.deposits.map((d) => d.id), batchIds: unmatched.batches.map((b) => b.id) },
      supervisor,
    );
    expect(matchId).toBeGreaterThan(0);
    expect(await dispatchOk(app, 'cash.exceptions', {}, operator)).toEqual([]);
    const after = await dispatchOk(app, 'cash.balance', MARCH, operator);
    expect(after).toMatchObject({ unexplained: 0, balanced: true, variances: [] });
    expect(after.currencies.USD).toEqual({
      bank: 167_000,
      funding: 167_000,
      payments: 170_000,
      refunds: 0,
      chargebacks: 0,
      returns: 0,
      won: 0,
      fees: 3_000,
      ehr: 170_000,
    });
    expect(app.repos.audit.forSubject('cash_match', String(matchId)).map((e) => e.actor)).toEqual([
      'sam.supervisor',
    ]);
  });
});

describe('unposted cash and the breakdown through the dispatcher', () => {
  const viewer: Caller = { actor: 'vic.viewer', transport: 'test', role: 'viewer' };

  it('refuses a viewer the follow-up and an unknown payment; an operator takes one, audited', async () => {
    app = await month();
    const refused = seedPosting(app.repos, 'failure', { processorTxnId: 'P3', amountMinor: 9_900 });
    expect(
      await app.dispatch('cash.unposted.assign', { eventId: refused.eventId, owner: 'dana' }, viewer),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await app.dispatch('cash.unposted.assign', { eventId: 999_999, owner: 'dana' }, operator),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await app.dispatch('cash.unposted.assign', { eventId: refused.eventId, owner: ' ' }, operator),
    ).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });

    await dispatchOk(
      app,
      'cash.unposted.assign',
      { eventId: refused.eventId, owner: 'dana', note: 'guarantor merged', followUp: '2025-04-09' },
      operator,
    );
    const list = await dispatchOk(app, 'cash.unposted', { asOf: '2025-04-02' }, viewer);
    expect(list.rows.map((r) => [r.processorTxnId, r.owner, r.note, r.followUp])).toEqual([
      ['P3', 'dana', 'guarantor merged', '2025-04-09'],
    ]);
    expect(list.totals).toEqual([{ currency: 'USD', count: 1, amountMinor: 9_900 }]);
    expect(app.repos.audit.forSubject('payment_event', String(refused.eventId)).map((e) => e.action)).toEqual(
      ['cash.unposted.assign'],
    );

    // The balance comes with its rows per facility and merchant account, day by day and over the range.
    const balance = await dispatchOk(app, 'cash.balance', MARCH, viewer);
    expect(balance.byFacility.map((r) => [r.facility, r.merchantId, r.day])).toEqual([
      ['MAIN', 'hospital_main', null],
      [null, null, null],
    ]);
    expect(balance.breakdown.every((r) => r.day !== null)).toBe(true);
  });
});
