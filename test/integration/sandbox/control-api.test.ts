import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startOracleSim } from '../../../src/main/sandbox/oracle/oracle-sim';
import type { Simulator } from '../../../src/main/sandbox/sim-server';
import { SANDBOX_ORACLE_ALIAS_KINDS } from '../../../src/main/sandbox/world';
import { createConnector } from '../../../src/main/connectors/ehr/create-connector';
import { FakeClock, ORACLE_SITE, oracleEvent, silentLogger } from '../connectors/harness';

const sims: Simulator[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

async function setup() {
  const clock = new FakeClock();
  const sim = await startOracleSim({
    ledgerPath: ':memory:',
    clock,
    logger: silentLogger,
    clientId: 'id',
    clientSecret: 'secret',
    aliases: SANDBOX_ORACLE_ALIAS_KINDS,
  });
  sims.push(sim);
  const { connector } = createConnector(
    {
      id: 'c',
      name: 'c',
      ehr: 'oracle_health',
      baseUrl: sim.baseUrl,
      tokenUrl: sim.tokenUrl,
      clientId: 'id',
      clientSecret: 'secret',
      sites: { NORTH: ORACLE_SITE },
    },
    { clock, logger: silentLogger },
  );
  return { sim, clock, connector };
}

interface ControlJson {
  postings: unknown[];
  totals: unknown[];
  stats: { post: number };
  error: string;
}

async function call(
  url: string,
  method = 'GET',
  body?: unknown,
): Promise<{ status: number; json: ControlJson }> {
  const response = await fetch(url, {
    method,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  return { status: response.status, json: (await response.json()) as ControlJson };
}

describe('simulator control API (loopback only)', () => {
  it('GET /_sim/ledger returns every accepted posting with external id, minor units, reference and the body as received', async () => {
    const { sim, connector } = await setup();
    const event = oracleEvent({ amountMinor: 30_005 });
    const prepared = connector.prepare(event);
    if (!prepared.ok) throw new Error('prepare failed');
    await connector.send(prepared.request);
    const { status, json } = await call(`${sim.controlUrl}/ledger`);
    expect(status).toBe(200);
    expect(json.postings).toEqual([
      expect.objectContaining({
        externalId: event.processorTxnId,
        amountMinor: 30_005,
        ehrReference: 'FT-PL-1',
        requestBody: prepared.request.body,
      }),
    ]);
    expect(json.totals).toEqual([
      {
        day: '2025-12-31',
        kind: 'one_time_payment',
        tender: 'CCCA',
        currency: 'USD',
        count: 1,
        amountMinor: 30_005,
      },
    ]);
  });

  it('scripts faults, sets rates and the duplicate policy, and resets', async () => {
    const { sim, connector } = await setup();
    expect(
      (
        await call(`${sim.controlUrl}/faults/script`, 'POST', {
          faults: [{ kind: 'server_error', status: 504 }, null],
        })
      ).status,
    ).toBe(200);
    const first = await connector.post(oracleEvent());
    expect(first.ok ? null : first.error.httpStatus).toBe(504);
    expect((await connector.post(oracleEvent())).ok).toBe(true);

    await call(`${sim.controlUrl}/faults`, 'PUT', { rates: [{ fault: { kind: 'rate_limited' }, rate: 1 }] });
    const limited = await connector.post(oracleEvent());
    expect(limited.ok ? null : limited.error.code).toBe('rate_limited');

    await call(`${sim.controlUrl}/duplicate-policy`, 'PUT', { policy: 'accept_twice' });
    expect(sim.duplicatePolicy).toBe('accept_twice');

    expect((await call(`${sim.controlUrl}/reset`, 'POST')).status).toBe(200);
    expect(sim.ledger.postings()).toHaveLength(0);
    expect((await connector.post(oracleEvent())).ok).toBe(true);
    const state = await call(`${sim.controlUrl}/state`);
    expect(state.json.stats.post).toBe(1);
  });

  it('starts an outage window', async () => {
    const { sim, connector, clock } = await setup();
    await call(`${sim.controlUrl}/outage`, 'POST', { durationMs: 10_000 });
    const during = await connector.post(oracleEvent());
    expect(during.ok ? null : during.error.httpStatus).toBe(503);
    clock.advance(10_000);
    expect((await connector.post(oracleEvent())).ok).toBe(true);
  });

  it('an outage in drop mode resets connections: ambiguous from the client side', async () => {
    const { sim, connector } = await setup();
    await connector.post(oracleEvent()); // token cached first, so the drop hits the posting
    sim.faults.outageFor(10_000, 'drop');
    const result = await connector.post(oracleEvent());
    expect(result.ok ? null : result.error).toMatchObject({ code: 'connection_reset', ambiguous: true });
  });

  it('rejects invalid control requests with the reason', async () => {
    const { sim } = await setup();
    const bad = await call(`${sim.controlUrl}/faults/script`, 'POST', {
      faults: [{ kind: 'server_error', status: 418 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_arguments');
    expect((await call(`${sim.controlUrl}/nothing`)).status).toBe(404);
  });

  it('refuses a control request whose Host is not loopback (DNS rebinding)', async () => {
    const { sim } = await setup();
    const url = new URL(`${sim.controlUrl}/ledger`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: url.port, path: url.pathname, headers: { host: 'evil.example:80' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('simulator OAuth2 and bearer checks', () => {
  it('401 OperationOutcome without a token, with an unknown token, and with an expired one', async () => {
    const { sim, clock } = await setup();
    const body = JSON.stringify({ resourceType: 'Basic' });
    const post = (authorization?: string) =>
      fetch(`${sim.baseUrl}/Basic`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/fhir+json', ...(authorization ? { authorization } : {}) },
      });
    const missing = await post();
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await post('Bearer nope')).status).toBe(401);

    const tokenResponse = await fetch(sim.tokenUrl, {
      method: 'POST',
      body: 'grant_type=client_credentials&client_id=id&client_secret=secret',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const token = (await tokenResponse.json()) as { access_token: string; expires_in: number };
    expect(token.expires_in).toBe(570);
    expect((await post(`Bearer ${token.access_token}`)).status).toBe(400); // valid token, invalid body
    clock.advance(570_000);
    expect((await post(`Bearer ${token.access_token}`)).status).toBe(401);
  });

  it('refuses other grants and wrong client secrets', async () => {
    const { sim } = await setup();
    const token = (body: string) =>
      fetch(sim.tokenUrl, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await token('grant_type=password&client_id=id&client_secret=secret')).status).toBe(400);
    expect((await token('grant_type=client_credentials&client_id=id&client_secret=nope')).status).toBe(401);
  });
});
