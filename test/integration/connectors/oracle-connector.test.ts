import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../../src/main/connectors/ehr/create-connector';
import type { EhrConnector, PostResult } from '../../../src/main/connectors/ehr/types';
import { FakeClock, ORACLE_SITE, oracleEvent, oracleHarness, silentLogger } from './harness';

type Harness = Awaited<ReturnType<typeof oracleHarness>>;
const open: Harness[] = [];
async function harness(options: Parameters<typeof oracleHarness>[0] = {}): Promise<Harness> {
  const h = await oracleHarness(options);
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

describe('Oracle Health connector against its simulator: faults become error values', () => {
  it('a timeout after sending is ambiguous and retryable, and nothing was committed', async () => {
    const h = await harness({ responseTimeoutMs: 300 });
    h.sim.faults.enqueue([{ kind: 'timeout' }]);
    const error = errorOf(await h.connector.post(oracleEvent()));
    expect(error).toMatchObject({ code: 'timeout', httpStatus: null, retryable: true, ambiguous: true });
    expect(error.nextStep).toMatch(/check the EHR/i);
    expect(h.sim.ledger.postings()).toHaveLength(0);
  });

  it('a connection dropped after the EHR recorded the posting is ambiguous, and the ledger has it', async () => {
    const h = await harness();
    const event = oracleEvent();
    h.sim.faults.enqueue([{ kind: 'commit_then_drop' }]);
    const error = errorOf(await h.connector.post(event));
    expect(error).toMatchObject({
      code: 'connection_reset',
      httpStatus: null,
      retryable: true,
      ambiguous: true,
    });
    const ledger = h.sim.ledger.postings();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]?.externalId).toBe(event.processorTxnId);
  });

  it('a refused connection is retryable but not ambiguous: nothing was sent', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { connector } = createConnector(
      {
        id: 'dead',
        name: 'Dead',
        ehr: 'oracle_health',
        baseUrl: `http://127.0.0.1:${String(port)}/r4/t`,
        tokenUrl: `http://127.0.0.1:${String(port)}/token`,
        clientId: 'a',
        clientSecret: 'b',
        sites: { NORTH: ORACLE_SITE },
      },
      { clock: new FakeClock(), logger: silentLogger },
    );
    const error = errorOf(await connector.post(oracleEvent()));
    expect(error).toMatchObject({ code: 'token_failed', retryable: true, ambiguous: false });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('a connection refused on the posting itself (token already cached) is connect_failed, not ambiguous', async () => {
    const h = await oracleHarness();
    expect((await h.connector.post(oracleEvent())).ok).toBe(true);
    await h.close();
    const error = errorOf(await h.connector.post(oracleEvent()));
    expect(error).toMatchObject({
      code: 'connect_failed',
      httpStatus: null,
      retryable: true,
      ambiguous: false,
    });
  });

  it('401 (token expired early) is retryable, not ambiguous; the next attempt refreshes the token and posts', async () => {
    const h = await harness();
    expect((await h.connector.post(oracleEvent())).ok).toBe(true);
    expect(h.sim.stats.token).toBe(1);
    h.sim.faults.enqueue([{ kind: 'token_expired' }]);
    const error = errorOf(await h.connector.post(oracleEvent()));
    expect(error).toMatchObject({ code: 'unauthorized', httpStatus: 401, retryable: true, ambiguous: false });
    const again = await h.connector.post(oracleEvent());
    expect(again.ok).toBe(true);
    expect(h.sim.stats.token).toBe(2);
    expect(h.sim.ledger.postings()).toHaveLength(2);
  });

  it('many concurrent callers share one token fetch, and after a mass 401 refresh exactly once', async () => {
    const h = await harness();
    const first = await Promise.all(Array.from({ length: 12 }, () => h.connector.post(oracleEvent())));
    expect(first.every((r) => r.ok)).toBe(true);
    expect(h.sim.stats.token).toBe(1);

    h.sim.tokens.revokeAll();
    const refused = await Promise.all(Array.from({ length: 12 }, () => h.connector.post(oracleEvent())));
    expect(refused.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(Array(12).fill('unauthorized'));

    const retried = await Promise.all(Array.from({ length: 12 }, () => h.connector.post(oracleEvent())));
    expect(retried.every((r) => r.ok)).toBe(true);
    expect(h.sim.stats.token).toBe(2);
    expect(h.tokens.fetches).toBe(2);
  });

  it('a token that reaches its expiry (minus skew) is refreshed before use, not after a 401', async () => {
    const h = await harness();
    expect((await h.connector.post(oracleEvent())).ok).toBe(true);
    h.clock.advance(540_000); // the sim issues 570 s tokens; the connector refreshes 60 s before expiry
    expect((await h.connector.post(oracleEvent())).ok).toBe(true);
    expect(h.sim.stats.token).toBe(2);
  });

  it('429 with Retry-After in delta-seconds', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'rate_limited', retryAfter: 'seconds', seconds: 7 }]);
    const error = errorOf(await h.connector.post(oracleEvent()));
    expect(error).toMatchObject({
      code: 'rate_limited',
      httpStatus: 429,
      retryable: true,
      ambiguous: false,
      retryAfterMs: 7000,
    });
    expect(h.sim.ledger.postings()).toHaveLength(0);
  });

  it('429 with Retry-After as an HTTP-date, measured with the injected clock', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'rate_limited', retryAfter: 'http_date', seconds: 90 }]);
    const error = errorOf(await h.connector.post(oracleEvent()));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 90_000 });
  });

  it('429 without Retry-After leaves the wait to the engine', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'rate_limited', retryAfter: 'none' }]);
    expect(errorOf(await h.connector.post(oracleEvent()))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: null,
    });
  });

  it.each([500, 501, 502, 503, 504, 529] as const)(
    '%i is a retryable, ambiguous server error',
    async (status) => {
      const h = await harness();
      h.sim.faults.enqueue([{ kind: 'server_error', status }]);
      const error = errorOf(await h.connector.post(oracleEvent()));
      expect(error).toMatchObject({
        code: 'server_error',
        httpStatus: status,
        retryable: true,
        ambiguous: true,
      });
    },
  );

  it('503 with Retry-After carries the wait', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'server_error', status: 503, retryAfterSeconds: 30 }]);
    expect(errorOf(await h.connector.post(oracleEvent()))).toMatchObject({ retryAfterMs: 30_000 });
  });

  it('404 bo_hp_reltn_id is missing: Failure with the support-ticket next step', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'bo_hp_reltn_missing' }]);
    const error = errorOf(await h.connector.post(oracleEvent()));
    expect(error).toMatchObject({
      code: 'bo_hp_reltn_missing',
      httpStatus: 404,
      retryable: false,
      ambiguous: false,
      ehrCode: 'not-found',
    });
    expect(error.message).toContain('bo_hp_reltn_id is missing');
    expect(error.nextStep).toMatch(/support ticket with Oracle/);
  });

  it.each([
    ['closed_encounter', /closed/],
    ['combined_account', /combined/],
  ] as const)('422 business rule (%s) is parsed from the OperationOutcome', async (kind, text) => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind }]);
    const error = errorOf(await h.connector.post(oracleEvent()));
    expect(error).toMatchObject({
      code: 'business_rule',
      httpStatus: 422,
      retryable: false,
      ambiguous: false,
      ehrCode: 'business-rule',
    });
    expect(error.message).toMatch(text);
    expect(error.nextStep).toBe('Manually post payment.');
  });

  it('403 tenant not accessible is a Failure', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'forbidden' }]);
    expect(errorOf(await h.connector.post(oracleEvent()))).toMatchObject({
      code: 'forbidden',
      httpStatus: 403,
      retryable: false,
    });
  });

  it('an outage window answers 503 until it ends on the simulator clock', async () => {
    const h = await harness();
    h.sim.faults.outageFor(60_000);
    expect(errorOf(await h.connector.post(oracleEvent()))).toMatchObject({
      code: 'server_error',
      httpStatus: 503,
    });
    h.clock.advance(60_000);
    expect((await h.connector.post(oracleEvent())).ok).toBe(true);
  });

  it('added latency still posts', async () => {
    const h = await harness();
    h.sim.faults.enqueue([{ kind: 'latency', ms: 50 }]);
    expect((await h.connector.post(oracleEvent())).ok).toBe(true);
  });

  it('a fault rate applies to a share of requests (seeded, so the run is repeatable)', async () => {
    const h = await harness();
    h.sim.faults.configure({ rates: [{ fault: { kind: 'server_error', status: 500 }, rate: 0.5 }] });
    const results = [];
    for (let i = 0; i < 20; i += 1) results.push(await h.connector.post(oracleEvent()));
    const failed = results.filter((r) => !r.ok).length;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(20);
    expect(h.sim.ledger.postings()).toHaveLength(20 - failed);
  });
});

describe('Oracle Health connector: 400/422 validation answers are parsed', () => {
  async function sendTampered(connector: EhrConnector, tamper: (resource: Record<string, unknown>) => void) {
    const prepared = connector.prepare(oracleEvent());
    if (!prepared.ok) throw new Error('prepare failed');
    const resource = JSON.parse(prepared.request.body) as Record<string, unknown>;
    tamper(resource);
    return connector.send({ ...prepared.request, body: JSON.stringify(resource) });
  }
  const withoutExtension = (id: string) => (r: Record<string, unknown>) => {
    r.extension = (r.extension as { url: string }[]).filter((e) => !e.url.endsWith(`/${id}`));
  };

  it('a missing alias is 400 with the reason', async () => {
    const h = await harness();
    const error = errorOf(await sendTampered(h.connector, withoutExtension('financial-transaction-alias')));
    expect(error).toMatchObject({
      code: 'invalid_request',
      httpStatus: 400,
      retryable: false,
      ehrCode: 'required',
    });
    expect(error.message).toMatch(/financial-transaction-alias is required/);
  });

  it('no identifier is 400', async () => {
    const h = await harness();
    const error = errorOf(await sendTampered(h.connector, (r) => (r.identifier = [])));
    expect(error).toMatchObject({ code: 'invalid_request', httpStatus: 400 });
    expect(error.message).toMatch(/identifier/);
  });

  it('an unknown alias is 422 business-rule', async () => {
    const h = await harness();
    const error = errorOf(
      await sendTampered(h.connector, (r) => {
        const alias = (r.extension as { url: string; valueString?: string }[]).find((e) =>
          e.url.endsWith('-alias'),
        );
        if (alias) alias.valueString = '9999';
      }),
    );
    expect(error).toMatchObject({ code: 'business_rule', httpStatus: 422 });
  });

  it('an amount different from the allocation is refused', async () => {
    const h = await harness();
    const result = await sendTampered(h.connector, (r) => {
      const amount = (r.extension as { url: string; valueMoney?: { value: number } }[]).find((e) =>
        e.url.endsWith('-amount'),
      );
      if (amount?.valueMoney) amount.valueMoney.value = 1;
    });
    expect(errorOf(result)).toMatchObject({ code: 'business_rule', httpStatus: 422 });
  });

  it('a malformed body is 400 and nothing is recorded', async () => {
    const h = await harness();
    const prepared = h.connector.prepare(oracleEvent());
    if (!prepared.ok) throw new Error('prepare failed');
    expect(
      errorOf(await h.connector.send({ ...prepared.request, body: '{"resourceType": "Basic",' })),
    ).toMatchObject({
      code: 'invalid_request',
      httpStatus: 400,
    });
    expect(h.sim.ledger.postings()).toHaveLength(0);
  });
});

describe('Oracle Health connector: posting, duplicates and reversals', () => {
  it('201 + Location becomes the EHR reference, and the ledger keeps the body exactly as sent', async () => {
    const h = await harness();
    const event = oracleEvent({ amountMinor: 1999 });
    const prepared = h.connector.prepare(event);
    if (!prepared.ok) throw new Error('prepare failed');
    expect(prepared.request.body).toContain('"value":19.99');
    const result = await h.connector.send(prepared.request);
    expect(result).toEqual({ ok: true, ehrReference: 'FT-PL-1', httpStatus: 201, existing: false });
    const [row] = h.sim.ledger.postings();
    expect(row).toMatchObject({
      ehrReference: 'FT-PL-1',
      amountMinor: 1999,
      kind: 'one_time_payment',
      tender: 'CCCA',
      target: 'Encounter/97953536',
    });
    expect(row?.requestBody).toBe(prepared.request.body);
  });

  it('does not rely on duplicate rejection unless the site is configured to (Millennium documents none)', async () => {
    const h = await harness();
    expect(h.connector.capabilities).toEqual({ lookup: false, serverDedupesOnExternalId: false });
  });

  it('declares no lookup (Millennium documents none) and the per-site dedupe setting', async () => {
    const h = await harness({ connection: { dedupesOnExternalId: true } });
    expect(h.connector.capabilities).toEqual({ lookup: false, serverDedupesOnExternalId: true });
    const lookup = await h.connector.lookup('123');
    expect(lookup.ok ? 'ok' : lookup.error.code).toBe('not_supported');
  });

  it('duplicate policy reject: the second posting of an external id is a non-retryable duplicate', async () => {
    const h = await harness({ duplicatePolicy: 'reject' });
    const event = oracleEvent();
    expect((await h.connector.post(event)).ok).toBe(true);
    const error = errorOf(await h.connector.post(event));
    expect(error).toMatchObject({ code: 'duplicate', httpStatus: 409, retryable: false, ambiguous: false });
    expect(h.sim.ledger.postings()).toHaveLength(1);
  });

  it('duplicate policy accept_twice: the dangerous real case, two postings', async () => {
    const h = await harness({ duplicatePolicy: 'accept_twice' });
    const event = oracleEvent();
    const first = await h.connector.post(event);
    const second = await h.connector.post(event);
    expect(first.ok && second.ok && first.ehrReference !== second.ehrReference).toBe(true);
    expect(h.sim.ledger.findAll(event.processorTxnId)).toHaveLength(2);
  });

  it('duplicate policy return_first: silently answers with the first posting', async () => {
    const h = await harness({ duplicatePolicy: 'return_first' });
    const event = oracleEvent();
    const first = await h.connector.post(event);
    const second = await h.connector.post(event);
    expect(first.ok && second.ok && second.ehrReference === first.ehrReference).toBe(true);
    expect(h.sim.ledger.postings()).toHaveLength(1);
  });

  it('voids and refunds post as further transactions with the site reversal and refund aliases', async () => {
    const h = await harness();
    const payment = oracleEvent({ amountMinor: 5000 });
    const voided = oracleEvent({ processorTxnId: payment.processorTxnId, kind: 'void', amountMinor: 5000 });
    const refund = oracleEvent({
      processorTxnId: payment.processorTxnId,
      kind: 'refund',
      amountMinor: -2000,
    });
    for (const event of [payment, voided, refund]) expect((await h.connector.post(event)).ok).toBe(true);
    const rows = h.sim.ledger.postings();
    expect(rows.map((r) => [r.kind, r.externalId, r.amountMinor])).toEqual([
      ['one_time_payment', payment.processorTxnId, 5000],
      ['void', `${payment.processorTxnId}VOID`, 5000],
      ['refund', `${payment.processorTxnId}RFND`, 2000],
    ]);
    expect(rows[1]?.requestBody).toContain('"valueString":"0911"');
    expect(rows[2]?.requestBody).toContain('"valueString":"0912"');
  });

  it('refuses to map what Oracle Health cannot take, without sending anything', async () => {
    const h = await harness();
    const cases = [
      oracleEvent({ tender: 'paypal' }),
      oracleEvent({ facility: 'UNKNOWN-SITE' }),
      oracleEvent({ encounterId: null, guarantorAccount: null }),
      oracleEvent({ processorTxnId: 'abc-123' }),
      oracleEvent({ cardBrand: 'JCB' }),
      oracleEvent({ tender: 'manual_check', checkNumber: null }),
      oracleEvent({ tender: 'cash', cashTenderedMinor: 100 }),
      oracleEvent({ currency: 'EUR' }),
      oracleEvent({ amountMinor: 0 }),
    ];
    for (const event of cases) {
      const error = errorOf(await h.connector.post(event));
      expect(error).toMatchObject({ code: 'mapping_failed', retryable: false, ambiguous: false });
      expect(error.nextStep).toMatch(/48-hour/);
    }
    expect(h.sim.stats.post).toBe(0);
  });

  it.each([
    ['manual_check', 'A10442'],
    ['manual_check', '10-442'],
    ['echeck', '0001234X'],
  ] as const)(
    'a %s with check number %s (not all digits) is a mapping problem: refused before sending, with a plain reason',
    async (tender, checkNumber) => {
      const h = await harness();
      const error = errorOf(await h.connector.post(oracleEvent({ tender, checkNumber })));
      expect(error).toMatchObject({ code: 'mapping_failed', retryable: false, ambiguous: false });
      expect(error.message).toBe(
        'The check number is not all digits; Oracle Health takes only digits as a check number.',
      );
      expect(h.sim.stats.post).toBe(0);
      expect(h.sim.stats.token).toBe(0);
      expect(h.sim.ledger.postings()).toHaveLength(0);
    },
  );

  it('a numeric check number posts as the account number, with the check date', async () => {
    const h = await harness();
    const result = await h.connector.post(
      oracleEvent({ tender: 'manual_check', checkNumber: '0010442', checkDate: '2026-01-02' }),
    );
    expect(result.ok).toBe(true);
    const [row] = h.sim.ledger.postings();
    expect(row?.tender).toBe('CHCK');
    expect(row?.requestBody).toContain('financial-transaction-account-number","valueString":"0010442"');
    expect(row?.requestBody).toContain('"valueDate":"2026-01-02"');
  });

  it('the token endpoint refusing the client secret is token_failed, pointing at settings', async () => {
    const h = await harness({ clientSecret: 'wrong' });
    const error = errorOf(await h.connector.post(oracleEvent()));
    expect(error).toMatchObject({ code: 'token_failed', httpStatus: 401, ehrCode: 'invalid_client' });
    expect(error.nextStep).toMatch(/client id and secret/);
    expect(h.sim.stats.post).toBe(0);
  });
});
