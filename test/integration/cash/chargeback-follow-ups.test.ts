/**
 * What follows a chargeback, end to end over loopback with the real engine and the EHR simulators:
 *   - chargebacks pulled through the Reporting REST API (a server checking the HTTP Signature as Cybersource
 *     does) create the same reversals a Chargeback Details file does, and a re-pull creates nothing;
 *   - a won case (the money given back) re-posts the payment to the EHR as the site's payment, once;
 *   - a chargeback or an eCheck return whose payment Clearpost does not have is quarantined in plain words,
 *     and links up by itself when the payment arrives through intake: linked, reversed, posted, released.
 */
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import { balanceCash } from '../../../src/main/reconciliation/cash/cash-balance';
import { createFundingApi, FundingApiError } from '../../../src/main/reconciliation/funding/funding-api';
import { SANDBOX_ORACLE_ALIASES } from '../../../src/main/sandbox/world';
import { dispatchOk } from '../../helpers/app';
import { useReportingServer } from '../../helpers/reporting-server';
import { useTempDirs } from '../../helpers/temp-dir';
import type { Harness } from '../engine/harness';
import { expectCaseReversal, usePostedPayments } from './posted-payments';
import { chargebackCsv, returnsCsv } from './processor-report-files';

const tempDir = useTempDirs();
const viewer: Caller = { actor: 'vic.viewer', transport: 'test', role: 'viewer' };
const SECRET = Buffer.from('chargeback-api-shared-secret-32b!!').toString('base64');
const CREDENTIALS = { merchantId: 'hospital_main', keyId: 'key-cb', sharedSecret: SECRET };
const { start, postedPayment, importFile, postQueued } = usePostedPayments(tempDir);

const followUpsOf = (h: Harness) =>
  h.app.store.db
    .prepare<[], { id: number; kind: string; processorTxnId: string; amountMinor: number; extras: string }>(
      `SELECT id, kind, processor_txn_id AS processorTxnId, amount_minor AS amountMinor, extras
       FROM payment_events
       WHERE json_extract(extras, '$.reversal') IS NOT NULL OR json_extract(extras, '$.represented') IS NOT NULL
       ORDER BY id`,
    )
    .all();

/** Purchase & Refund Details of one transaction (a document lists a request id once). */
const fundingJson = (requestId: string, transactionType: string, amount: string) =>
  JSON.stringify({
    requestDetails: [{ requestId, cybersourceMerchantId: 'hospital_main' }],
    settlements: [
      {
        requestId,
        transactionType,
        amount,
        currencyCode: 'USD',
        cybersourceBatchId: `B-${transactionType}`,
        cybersourceBatchTime: '2026-11-22T20:00:00Z',
      },
    ],
    feeAndFundingDetails: [{ requestId, totalFee: '0.00', fundingCurrency: 'USD' }],
  });

const reporting = useReportingServer(CREDENTIALS);

/** The Reporting API's chargeback details (its other reports are not asked here: 404). */
const reportingServer = (answer: () => unknown, asked: URL[]) =>
  reporting.start(
    (url) =>
      url.pathname === '/reporting/v3/chargeback-details'
        ? { body: answer() }
        : { status: 404, body: { response: { rmsg: 'not found' } } },
    asked,
  );

const PERIOD = {
  organizationId: 'hospital_main',
  startTime: '2026-11-22T00:00:00Z',
  endTime: '2026-11-23T00:00:00Z',
};

/** One case action as the Reporting API writes it (ReportingV3ChargebackDetailsGet200ResponseChargebackDetails). */
const apiCase = (requestId: string, trackingNumber: string, amount: string, sign: '-' | '+' = '-') => ({
  requestId,
  merchantReferenceNumber: 'REF1',
  trackingNumber,
  amount,
  sign,
  action: sign === '-' ? 'First Chargeback' : 'Chargeback Reversal',
  reasonCode: '10.4',
  currencyCode: 'USD',
  originalSettlementTime: '2026-11-10T20:00:00Z',
  time: '2026-11-22T09:30:00Z',
  responseDueTime: '2026-12-02T00:00:00Z',
});

describe('chargebacks pulled through the Reporting REST API', () => {
  it('a refused signature or an unreadable answer stores nothing and says why', async () => {
    const h = await start('oracle_health');
    const payment = await postedPayment(h, { amountMinor: 25_000 });
    let answer: unknown = { chargebackDetails: [apiCase(payment.processorTxnId, 'CB-1', '50.00')] };
    const baseUrl = await reportingServer(() => answer, []);
    const deps = { db: h.app.store.db, repos: h.app.repos, clock: h.clock };
    const wrongKey = createFundingApi(
      { ...CREDENTIALS, sharedSecret: Buffer.from('wrong').toString('base64'), baseUrl },
      h.clock,
    );
    await expect(wrongKey.pullChargebacks(PERIOD, deps)).rejects.toThrow(FundingApiError);
    answer = { chargebackDetails: 'not a list' };
    const api = createFundingApi({ ...CREDENTIALS, baseUrl }, h.clock);
    await expect(api.pullChargebacks(PERIOD, deps)).rejects.toThrow(
      /not a Chargeback Details answer Clearpost can read/,
    );
    expect(h.app.repos.chargebacks.ofPayment(payment.processorTxnId)).toEqual([]);
    expect(followUpsOf(h)).toEqual([]);
  });

  it('creates the reversal a Chargeback Details file creates, posted under the chargeback alias; a re-pull adds nothing', async () => {
    const h = await start('oracle_health');
    const payment = await postedPayment(h, { amountMinor: 25_000 });
    const asked: URL[] = [];
    const baseUrl = await reportingServer(
      () => ({
        organizationId: 'hospital_main',
        chargebackDetails: [
          apiCase(payment.processorTxnId, 'CB-44100', '123.45'),
          apiCase('9999999999999999999999', 'CB-7001', '50.00'),
          { ...apiCase(payment.processorTxnId, 'CB-44101', '12.345') },
        ],
      }),
      asked,
    );
    const api = createFundingApi({ ...CREDENTIALS, baseUrl }, h.clock);
    const deps = { db: h.app.store.db, repos: h.app.repos, clock: h.clock };
    // Unreadable (three decimals in USD) and unmatched (no such payment): both quarantined, nothing dropped.
    expect(await api.pullChargebacks(PERIOD, deps)).toEqual({
      rows: 3,
      imported: 2,
      quarantined: 2,
      reversals: 1,
      reposted: 0,
    });
    expect(asked[0]?.searchParams.get('organizationId')).toBe('hospital_main');
    await postQueued(h);
    const [reversal] = followUpsOf(h);
    // The same id a file of the same case gives, so a file after the pull is a duplicate, not a second reversal.
    expectCaseReversal(reversal, payment);
    const [posted] = h.sim.ledger.findAll(`${reversal?.processorTxnId ?? ''}RFND`);
    expect(posted).toMatchObject({ kind: 'refund', amountMinor: 12_345 });
    expect(posted?.requestBody).toContain(`"valueString":"${SANDBOX_ORACLE_ALIASES.chargeback}"`);
    expect(
      h.app.repos.quarantine.list({ states: ['open'], limit: 10 }).rows.map((q) => q.reasonCode),
    ).toEqual(['unmatched_chargeback', 'invalid_funding_row']);

    expect(await api.pullChargebacks(PERIOD, deps)).toMatchObject({ imported: 0, reversals: 0 });
    const file = chargebackCsv([
      `${payment.processorTxnId},REF1,CB-44100,123.45,-,First Chargeback,10.4,2026-11-10,2026-11-22,2026-12-02`,
    ]);
    expect(await importFile(h, 'cb.csv', file)).toMatchObject({ imported: 0, duplicates: 1, reversals: 0 });
    // The same chargeback in a file that names the case otherwise (same payment, day and amount) is kept as
    // a case action, but the EHR is not asked to take the money back a second time.
    const renamed = file.replace('CB-44100', 'CASE-44100-FILE');
    expect(await importFile(h, 'cb-renamed.csv', renamed)).toMatchObject({ imported: 1, reversals: 0 });
    await postQueued(h);
    expect(followUpsOf(h)).toHaveLength(1);
    expect(h.sim.ledger.findAll(`${reversal?.processorTxnId ?? ''}RFND`)).toHaveLength(1);
  });
});

describe('a won case goes back to the EHR as the payment again', () => {
  it('Oracle Health: re-posted as a payment under the original alias, linked to the case and the payment; once', async () => {
    const h = await start('oracle_health');
    const payment = await postedPayment(h, { amountMinor: 40_000 });
    const lost = chargebackCsv([
      `${payment.processorTxnId},REF1,CB-900,400.00,-,First Chargeback,13.1,2026-11-10,2026-11-20,2026-12-02`,
    ]);
    expect(await importFile(h, 'cb-first.csv', lost)).toMatchObject({ reversals: 1, reposted: 0 });
    const won = chargebackCsv([
      `${payment.processorTxnId},REF1,CB-900,400.00,+,Chargeback Reversal,13.1,2026-11-10,2026-11-22,`,
    ]);
    expect(await importFile(h, 'cb-won.csv', won)).toMatchObject({ imported: 1, reversals: 0, reposted: 1 });
    await postQueued(h);

    const [reversal, repost] = followUpsOf(h);
    expect(repost).toMatchObject({
      kind: 'one_time_payment',
      processorTxnId: `${payment.processorTxnId}WONCB90020261122`,
      amountMinor: 40_000,
    });
    expect(JSON.parse(repost?.extras ?? '{}')).toMatchObject({
      represented: 'chargeback_won',
      caseNumber: 'CB-900',
      originalEventId: payment.id,
      chargebackReversalEventId: reversal?.id,
    });
    expect(h.app.repos.postings.forEvent(repost?.id ?? -1)?.status).toBe('success');
    // The item view says why the payment is in the EHR again.
    const repostPosting = h.app.repos.postings.forEvent(repost?.id ?? -1);
    const detail = await dispatchOk(h.app, 'postings.get', { id: repostPosting?.id ?? -1 }, viewer);
    expect(detail.reversal).toBeNull();
    expect(detail.repost?.text).toMatch(
      /^Chargeback case CB-900 on payment .* was won: .* posts the payment to the EHR again/,
    );
    const [posted] = h.sim.ledger.findAll(repost?.processorTxnId ?? '');
    expect(posted).toMatchObject({ kind: 'one_time_payment', amountMinor: 40_000 });
    expect(posted?.requestBody).toContain(`"valueString":"${SANDBOX_ORACLE_ALIASES.one_time_payment}"`);
    expect(h.app.repos.chargebacks.ofPayment(payment.processorTxnId)).toEqual([
      expect.objectContaining({ amountMinor: 40_000, reversalEventId: reversal?.id, repostEventId: null }),
      expect.objectContaining({ amountMinor: -40_000, reversalEventId: null, repostEventId: repost?.id }),
    ]);

    // The processor funds the purchase, takes the chargeback and gives the money back: the balance shows the
    // money won back as its own line, and the EHR side holds payment, reversal and re-post, nothing missing.
    for (const [name, type, sign] of [
      ['purchase', 'ics_bill', ''],
      ['chargeback', 'chargeback', '-'],
      ['won', 'chargeback reversal', ''],
    ] as const) {
      await importFile(h, `funding-${name}.json`, fundingJson(payment.processorTxnId, type, `${sign}400.00`));
    }
    const balance = balanceCash(h.app.repos, {
      from: '2026-11-01',
      to: '2026-11-30',
      asOf: '2026-11-23',
      timeZone: 'America/Chicago',
    });
    expect(balance.currencies.USD).toMatchObject({
      payments: 40_000,
      chargebacks: 40_000,
      won: 40_000,
      funding: 40_000,
      ehr: 40_000,
    });
    expect(balance.variances.filter((v) => v.leg !== 'bank_funding')).toEqual([]);

    // The same won case again (another file, other bytes): nothing new, nothing posted twice.
    expect(await importFile(h, 'cb-won-2.csv', `${won}\n`)).toMatchObject({ imported: 0, reposted: 0 });
    await postQueued(h);
    expect(followUpsOf(h)).toHaveLength(2);
    expect(h.sim.ledger.findAll(repost?.processorTxnId ?? '')).toHaveLength(1);
  });

  it('is not re-posted while the chargeback it undoes was never reversed in the EHR (the EHR still holds the payment)', async () => {
    const h = await start('oracle_health');
    const payment = await postedPayment(h, { amountMinor: 40_000 });
    const wonOnly = chargebackCsv([
      `${payment.processorTxnId},REF1,CB-901,400.00,+,Chargeback Reversal,13.1,2026-11-10,2026-11-22,`,
    ]);
    expect(await importFile(h, 'won-only.csv', wonOnly)).toMatchObject({ imported: 1, reposted: 0 });
    expect(followUpsOf(h)).toEqual([]);
  });

  it('Epic: the payment is re-posted the way the site posts payments (its routing: Epic takes payments by API)', async () => {
    const h = await start('epic');
    const payment = await postedPayment(h, { amountMinor: 30_000 });
    await importFile(
      h,
      'cb-epic.csv',
      chargebackCsv([
        `${payment.processorTxnId},REF2,CB-55,300.00,-,First Chargeback,13.1,2026-11-10,2026-11-20,2026-12-02`,
        `${payment.processorTxnId},REF2,CB-55,300.00,+,Chargeback Reversal,13.1,2026-11-10,2026-11-22,`,
      ]),
    );
    await postQueued(h);
    const [reversal, repost] = followUpsOf(h);
    expect(h.app.repos.postings.forEvent(reversal?.id ?? -1)?.channel).toBe('daily_file');
    const posting = h.app.repos.postings.forEvent(repost?.id ?? -1);
    expect([posting?.channel, posting?.status]).toEqual(['api', 'success']);
    expect(h.sim.ledger.findAll(repost?.processorTxnId ?? '')).toEqual([
      expect.objectContaining({ amountMinor: 30_000 }),
    ]);
  });
});

describe('a chargeback or return that came before its payment', () => {
  it('is quarantined in plain words, then links up, is reversed and posted when the payment arrives', async () => {
    const h = await start('oracle_health');
    const [cardId, checkId] = ['7700000000000000000001', '7700000000000000000002'];
    const cases = await importFile(
      h,
      'early-cb.csv',
      chargebackCsv([`${cardId},REF1,CB-300,75.00,-,First Chargeback,10.4,2026-11-10,2026-11-22,2026-12-02`]),
    );
    const returns = await importFile(
      h,
      'early-returns.csv',
      returnsCsv([`${checkId},REF2,check,NSF,2026-11-22,-45.00,USD,R01 Insufficient funds`]),
    );
    expect([cases?.quarantined, returns?.quarantined]).toEqual([1, 1]);
    // The Quarantine screen's list says, in words, what is waiting and what Clearpost will do.
    const listed = await dispatchOk(h.app, 'quarantine.list', { states: ['open'] }, viewer);
    expect(listed.rows.map((r) => [r.reasonCode, r.reason])).toEqual([
      [
        'unmatched_return',
        expect.stringContaining(
          `names payment ${checkId}, which Clearpost does not have yet. When the payment arrives, Clearpost links the return`,
        ),
      ],
      [
        'unmatched_chargeback',
        expect.stringContaining(
          `Chargeback case CB-300 (First Chargeback, 2026-11-22) takes back 75.00 USD for payment ${cardId}`,
        ),
      ],
    ]);

    // The payments arrive through intake (as a webhook or a report would bring them).
    const guarantor = h.world.guarantors.find((g) => g.ehr === 'oracle_health' && g.combinedInto === null);
    const base = {
      source: 'webhook' as const,
      kind: 'one_time_payment' as const,
      currency: 'USD',
      ehr: 'oracle_health' as const,
      facility: guarantor?.facility ?? '',
      guarantorAccount: guarantor?.account ?? null,
      transactionAt: h.clock.now(),
    };
    for (const event of [
      {
        ...base,
        processorTxnId: cardId,
        tender: 'card' as const,
        amountMinor: 7_500,
        cardBrand: 'VISA',
        cardLast4: '4242',
        cardExpiry: '2029-04',
      },
      {
        ...base,
        processorTxnId: checkId,
        tender: 'echeck' as const,
        amountMinor: 4_500,
        checkNumber: '10452',
      },
    ]) {
      expect(h.app.intake.enter(event, 'test').outcome).toBe('stored');
    }
    await new Promise((resolve) => setImmediate(resolve));
    await postQueued(h);

    const [chargeback] = h.app.repos.chargebacks.ofPayment(cardId);
    const [ret] = h.app.repos.echeckReturns.ofPayment(checkId);
    expect(chargeback?.eventId).not.toBeNull();
    expect(ret?.eventId).not.toBeNull();
    for (const [reversalId, alias] of [
      [chargeback?.reversalEventId, SANDBOX_ORACLE_ALIASES.chargeback],
      [ret?.reversalEventId, SANDBOX_ORACLE_ALIASES.echeck_return],
    ] as const) {
      const reversal = h.app.repos.events.get(reversalId ?? -1);
      const p = h.app.repos.postings.forEvent(reversal?.id ?? -1);
      expect([p?.status, p?.reason]).toEqual(['success', null]);
      expect(h.sim.ledger.findAll(`${reversal?.processorTxnId ?? ''}RFND`)[0]?.requestBody).toContain(
        `"valueString":"${alias}"`,
      );
    }
    // Nothing is waiting any more: each entry released to its reversal, by Clearpost, saying why.
    expect(h.app.repos.quarantine.list({ states: ['open'], limit: 10 }).rows).toEqual([]);
    const entry = h.app.repos.quarantine.get(chargeback?.quarantineId ?? -1);
    expect(entry).toMatchObject({
      state: 'released',
      releasedEventId: chargeback?.reversalEventId,
      resolvedBy: 'clearpost',
      resolutionNote: expect.stringContaining(`payment ${cardId} arrived`) as string,
    });
  });
});
