import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { registerConnector, type EhrConnectionInput } from '../../../src/main/connectors/ehr';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { toyConnector } from './toy/toy-connector';
import { startToyEhr, type ToyEhr } from './toy/toy-ehr';

/**
 * Follows docs/architecture.md, "Adding an EHR connector": the toy connector is one folder (./toy) and one
 * registration line (below, in this test only); a connection names it, and the engine posts through it
 * over loopback HTTP like through the built-in connectors.
 */
beforeAll(() => {
  registerConnector(toyConnector);
});

const tempDir = useTempDirs();
let toy: ToyEhr | null = null;
let app: ClearpostApp | null = null;
afterEach(async () => {
  await app?.close();
  await toy?.close();
  app = toy = null;
});

let txn = 0;
function event(overrides: Partial<NewPaymentEvent> = {}): NewPaymentEvent {
  txn += 1;
  return {
    source: 'webhook',
    processorTxnId: `TOY${String(txn).padStart(8, '0')}`,
    kind: 'one_time_payment',
    tender: 'card',
    amountMinor: 4_250,
    currency: 'USD',
    ehr: 'epic',
    facility: 'MAIN',
    guarantorAccount: 'G1001',
    cardBrand: 'VISA',
    cardLast4: '4242',
    transactionAt: Date.now(),
    ...overrides,
  };
}

function connection(ehr: ToyEhr, overrides: Partial<Record<string, unknown>> = {}): EhrConnectionInput {
  return {
    id: 'toy-1',
    name: 'Toy EHR',
    ehr: 'epic',
    connector: 'toy',
    baseUrl: ehr.baseUrl,
    tokenUrl: ehr.tokenUrl,
    clientId: 'clearpost',
    clientSecret: 'toy-secret',
    connectTimeoutMs: 500,
    responseTimeoutMs: 2_000,
    ...overrides,
  };
}

async function start(ehr: ToyEhr, overrides: Partial<Record<string, unknown>> = {}) {
  return createApp({
    dataDir: tempDir(),
    mode: 'test',
    logger: silentLogger,
    connections: [connection(ehr, overrides)],
  });
}

const postingOf = (a: ClearpostApp, eventId: number) => a.repos.postings.forEvent(eventId);

describe('a connector a connection cannot use is refused at start, by name', () => {
  it('an unregistered connector name', async () => {
    toy = await startToyEhr();
    await expect(start(toy, { connector: 'meditech' })).rejects.toThrow(
      /names the connector "meditech", which is not one of: .*toy/,
    );
  });

  it('a connector registered for another EHR', async () => {
    toy = await startToyEhr();
    await expect(
      start(toy, {
        ehr: 'oracle_health',
        sites: {
          MAIN: {
            aliases: { one_time_payment: 'A', payment_plan: 'B' },
            reversalAlias: 'R',
            refundAlias: 'F',
          },
        },
      }),
    ).rejects.toThrow(/is for oracle_health, but the connector "toy" posts to epic/);
  });

  it('a second connector under a taken name', () => {
    expect(() => registerConnector({ ...toyConnector })).toThrow(/already registered/);
    expect(() => registerConnector({ ...toyConnector, name: 'Toy EHR!' })).toThrow(/lower-case/);
  });
});

describe('the engine posts through the toy connector over loopback', () => {
  it('a refusal the toy EHR gives ends as a Failure with its code; nothing is posted', async () => {
    toy = await startToyEhr();
    app = await start(toy);
    toy.refuseNext(422);
    const stored = app.intake.enter(event(), 'toy test');
    if (stored.outcome !== 'stored') throw new Error(`not stored: ${stored.outcome}`);
    await expect.poll(() => postingOf(app!, stored.eventId)?.status, { timeout: 10_000 }).toBe('failure');
    expect(postingOf(app, stored.eventId)?.reasonCode).toBe('unprocessable');
    expect(toy.payments.size).toBe(0);
  });

  it('a payment is posted once, with the reference the toy EHR gave', async () => {
    toy = await startToyEhr();
    app = await start(toy);
    const stored = app.intake.enter(event({ amountMinor: 12_345, guarantorAccount: 'G2002' }), 'toy test');
    if (stored.outcome !== 'stored') throw new Error(`not stored: ${stored.outcome}`);
    await expect.poll(() => postingOf(app!, stored.eventId)?.status, { timeout: 10_000 }).toBe('success');
    expect(postingOf(app, stored.eventId)?.ehrReference).toBe('TOY-1');
    expect([...toy.payments.values()]).toEqual([
      { reference: 'TOY-1', account: 'G2002', amountMinor: 12_345 },
    ]);
    expect(toy.requests()).toBe(1);
    expect(app.engine.status().connections.map((c) => c.id)).toEqual(['toy-1']);
  });
});
