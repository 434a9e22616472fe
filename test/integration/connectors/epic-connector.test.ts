import { afterEach, describe, expect, it } from 'vitest';
import type { PostResult } from '../../../src/main/connectors/ehr/types';
import { epicEvent, epicHarness, START } from './harness';

type Harness = Awaited<ReturnType<typeof epicHarness>>;
const open: Harness[] = [];
async function harness(options: Parameters<typeof epicHarness>[0] = {}): Promise<Harness> {
  const h = await epicHarness(options);
  open.push(h);
  return h;
}
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

function errorOf(result: PostResult) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

const directory = {
  encounters: new Map([['HAR00000009', { state: 'closed' as const, guarantorAccount: '41234567' }]]),
  accounts: new Map([
    ['41234567', { state: 'active' as const }],
    ['49999999', { state: 'combined' as const, combinedInto: '41234567' }],
  ]),
};

describe('Epic connector against its simulator: faults become error values', () => {
  it('a timeout after sending is ambiguous; a lookup then tells whether Epic has it', async () => {
    const h = await harness({ responseTimeoutMs: 300 });
    const event = epicEvent();
    h.sim.faults.enqueue([{ kind: 'timeout' }]);
    expect(errorOf(await h.connector.post(event))).toMatchObject({
      code: 'timeout',
      ambiguous: true,
      retryable: true,
    });
    expect(await h.connector.lookup(h.connector.externalIdFor(event))).toEqual({ ok: true, found: false });
  });

  it('commit then drop: ambiguous, and the lookup by external id finds the posting', async () => {
    const h = await harness();
    const event = epicEvent({ amountMinor: 4_210 });
    h.sim.faults.enqueue([{ kind: 'commit_then_drop' }]);
    expect(errorOf(await h.connector.post(event))).toMatchObject({
      code: 'connection_reset',
      ambiguous: true,
    });
    const found = await h.connector.lookup(h.connector.externalIdFor(event));
    expect(found).toEqual({
      ok: true,
      found: true,
      ehrReference: 'EPM-1',
      amountMinor: 4_210,
      postedAt: START,
    });
  });

  it('401 then a single refresh for many concurrent callers', async () => {
    const h = await harness();
    await h.connector.post(epicEvent());
    h.sim.tokens.revokeAll();
    const refused = await Promise.all(Array.from({ length: 10 }, () => h.connector.post(epicEvent())));
    expect(refused.every((r) => !r.ok && r.error.code === 'unauthorized' && r.error.retryable)).toBe(true);
    const posted = await Promise.all(Array.from({ length: 10 }, () => h.connector.post(epicEvent())));
    expect(posted.every((r) => r.ok)).toBe(true);
    expect(h.sim.stats.token).toBe(2);
  });

  it('429 with Retry-After in both forms', async () => {
    const h = await harness();
    h.sim.faults.enqueue([
      { kind: 'rate_limited', retryAfter: 'seconds', seconds: 3 },
      { kind: 'rate_limited', retryAfter: 'http_date', seconds: 45 },
    ]);
    expect(errorOf(await h.connector.post(epicEvent()))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3_000,
    });
    expect(errorOf(await h.connector.post(epicEvent()))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 45_000,
    });
  });

  it.each([500, 502, 503, 504, 529] as const)('%i is retryable and ambiguous', async (status) => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'server_error', status }]);
    expect(errorOf(await h.connector.post(epicEvent()))).toMatchObject({
      code: 'server_error',
      httpStatus: status,
      ambiguous: true,
    });
  });

  it('4118 not authorized is a Failure', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'forbidden' }]);
    expect(errorOf(await h.connector.post(epicEvent()))).toMatchObject({
      code: 'forbidden',
      httpStatus: 403,
      ehrCode: '4118',
      retryable: false,
    });
  });

  it('4135 daily limit waits until midnight in the facility time zone', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'daily_limit' }]);
    const error = errorOf(await h.connector.post(epicEvent()));
    // START is 2026-01-01T00:00Z = 2025-12-31 18:00 in Chicago: six hours to local midnight.
    expect(error).toMatchObject({
      code: 'daily_limit',
      ehrCode: '4135',
      retryable: true,
      retryAfterMs: 6 * 3_600_000,
    });
  });

  it('59144 reference not found for an unknown account', async () => {
    const h = await harness({ directory });
    const error = errorOf(await h.connector.post(epicEvent({ guarantorAccount: '40000000' })));
    expect(error).toMatchObject({ code: 'not_found', httpStatus: 404, ehrCode: '59144', retryable: false });
    expect(error.message).toMatch(/40000000 was not found/);
  });

  it('59159 business rule for a combined guarantor account', async () => {
    const h = await harness({ directory });
    const error = errorOf(await h.connector.post(epicEvent({ guarantorAccount: '49999999' })));
    expect(error).toMatchObject({ code: 'business_rule', httpStatus: 422, ehrCode: '59159' });
  });

  it('59159 when a void is sent by API anyway (it belongs in the daily file)', async () => {
    const h = await harness();
    const prepared = h.connector.prepare(epicEvent());
    if (!prepared.ok) throw new Error('prepare failed');
    const body = { ...(JSON.parse(prepared.request.body) as object), PaymentType: 'Void' };
    const error = errorOf(await h.connector.send({ ...prepared.request, body: JSON.stringify(body) }));
    expect(error).toMatchObject({ code: 'business_rule', ehrCode: '59159' });
  });

  it('400 for an incomplete payment, with the reason', async () => {
    const h = await harness();
    const prepared = h.connector.prepare(epicEvent());
    if (!prepared.ok) throw new Error('prepare failed');
    const body = JSON.parse(prepared.request.body) as Record<string, unknown>;
    delete body.AccountID;
    const error = errorOf(await h.connector.send({ ...prepared.request, body: JSON.stringify(body) }));
    expect(error).toMatchObject({ code: 'invalid_request', httpStatus: 400 });
    expect(error.message).toMatch(/AccountID is required/);
  });
});

describe('Epic connector: posting, duplicates, lookup, routing', () => {
  it('posts with a decimal-string amount and returns the payment id', async () => {
    const h = await harness();
    const prepared = h.connector.prepare(epicEvent({ amountMinor: 100_001 }));
    if (!prepared.ok) throw new Error('prepare failed');
    expect(JSON.parse(prepared.request.body)).toMatchObject({
      Amount: '1000.01',
      AccountType: 'Guarantor',
      PaymentType: 'OneTime',
    });
    expect(await h.connector.send(prepared.request)).toEqual({
      ok: true,
      ehrReference: 'EPM-1',
      httpStatus: 201,
      existing: false,
    });
    expect(h.sim.ledger.postings()[0]).toMatchObject({
      amountMinor: 100_001,
      tender: 'CreditCard',
      kind: 'one_time_payment',
    });
  });

  it('declares lookup and server-side dedupe', async () => {
    const h = await harness();
    expect(h.connector.capabilities).toEqual({ lookup: true, serverDedupesOnExternalId: true });
  });

  it('59141 duplicate under the reject policy', async () => {
    const h = await harness({ duplicatePolicy: 'reject' });
    const event = epicEvent();
    await h.connector.post(event);
    expect(errorOf(await h.connector.post(event))).toMatchObject({
      code: 'duplicate',
      ehrCode: '59141',
      retryable: false,
      ambiguous: false,
    });
  });

  it('return_first answers 200 with the first payment (existing)', async () => {
    const h = await harness({ duplicatePolicy: 'return_first' });
    const event = epicEvent();
    const first = await h.connector.post(event);
    const second = await h.connector.post(event);
    expect(second).toEqual({
      ok: true,
      ehrReference: first.ok ? first.ehrReference : 'x',
      httpStatus: 200,
      existing: true,
    });
  });

  it('accept_twice records both; the lookup still answers with the first', async () => {
    const h = await harness({ duplicatePolicy: 'accept_twice' });
    const event = epicEvent();
    await h.connector.post(event);
    await h.connector.post(event);
    expect(h.sim.ledger.findAll(event.processorTxnId)).toHaveLength(2);
    const found = await h.connector.lookup(event.processorTxnId);
    expect(found.ok && found.found && found.ehrReference).toBe('EPM-1');
  });

  it('voids and refunds are not sent by API; PayPal and payment plans are', async () => {
    const h = await harness();
    for (const kind of ['void', 'refund'] as const) {
      expect(errorOf(await h.connector.post(epicEvent({ kind })))).toMatchObject({
        code: 'not_by_api',
        retryable: false,
      });
    }
    expect(h.sim.stats.post).toBe(0);
    expect(
      (await h.connector.post(epicEvent({ tender: 'paypal', cardBrand: null, cardLast4: null }))).ok,
    ).toBe(true);
    expect((await h.connector.post(epicEvent({ kind: 'payment_plan' }))).ok).toBe(true);
    expect(h.sim.ledger.postings().map((p) => [p.kind, p.tender])).toEqual([
      ['one_time_payment', 'PayPal'],
      ['payment_plan', 'CreditCard'],
    ]);
  });

  it('a lookup that hits a fault is an error value too', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'server_error', status: 503 }], 'lookup');
    const result = await h.connector.lookup('123');
    expect(result.ok ? null : result.error).toMatchObject({ code: 'server_error', httpStatus: 503 });
  });
});
