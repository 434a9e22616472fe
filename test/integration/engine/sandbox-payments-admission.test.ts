/**
 * Issue 19 item 5: a synthetic payment (source 'sandbox') can never reach a real EHR connection, whether it
 * arrives directly, is retried by an operator, or comes out of quarantine. The "real" connection here is an
 * Epic connection pointed at a loopback listener that records every request it gets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import type { EhrConnectionInput } from '../../../src/main/connectors/ehr';
import { createSandboxSubscription, SANDBOX_KEY_ID, SANDBOX_WEBHOOK_ID } from '../../../src/main/sandbox';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import type { Posting } from '../../../src/shared/domain';
import { dispatchOk, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { envelope, payload, signedHeaders } from '../intake/webhook-helper';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const supervisor: Caller = { actor: 'pat.supervisor', transport: 'test', role: 'supervisor' };

/** An EHR endpoint that records each request and answers 503 (so nothing ever settles as posted). */
async function recordingEhr(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`, requests };
}

function realEpic(url: string): EhrConnectionInput {
  return {
    id: 'epic-main',
    name: 'Epic (production)',
    ehr: 'epic',
    baseUrl: url,
    tokenUrl: `${url}/oauth2/token`,
    clientId: 'clearpost',
    clientSecret: 'a-real-looking-secret',
    timeZone: 'America/Chicago',
  };
}

const sandboxSubscription = createSandboxSubscription();

async function appWithRealEpic(url: string): Promise<ClearpostApp> {
  const app = await createApp({
    dataDir: tempDir(),
    mode: 'test',
    logger: silentLogger,
    sandbox: false,
    connections: [realEpic(url)],
    // The sandbox's own subscription, as if its traffic were pointed here: its events are stored as 'sandbox'.
    webhookSubscriptions: [sandboxSubscription],
    engine: { pollMs: 20, backoff: { backoffBaseMs: 20, backoffMaxMs: 50 } },
  });
  apps.push(app);
  return app;
}

let txn = 0;
function event(source: NewPaymentEvent['source']): NewPaymentEvent {
  txn += 1;
  return {
    source,
    processorTxnId: `74${String(txn).padStart(20, '0')}`,
    kind: 'one_time_payment',
    tender: 'card',
    amountMinor: 12_550,
    currency: 'USD',
    ehr: 'epic',
    facility: 'MAIN',
    guarantorAccount: 'G100200',
    encounterId: 'E55501',
    cardBrand: 'VISA',
    cardLast4: '1111',
    transactionAt: Date.UTC(2026, 10, 23, 15, 0, 0),
  };
}

async function settledPosting(app: ClearpostApp, eventId: number): Promise<Posting> {
  for (let i = 0; i < 400; i += 1) {
    await app.engine.waitForIdle();
    const posting = app.repos.postings.forEvent(eventId);
    if (posting) return posting;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the event was never admitted');
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('a synthetic payment and a real connection', () => {
  it('is Not Applicable, keeps no real connection, and an operator retry never sends it', async () => {
    const ehr = await recordingEhr();
    const app = await appWithRealEpic(ehr.url);

    const { id: eventId } = app.repos.events.insert(event('sandbox'), Date.now());
    app.engine.wake();
    const posting = await settledPosting(app, eventId);
    expect(posting).toMatchObject({
      status: 'not_applicable',
      reasonCode: 'sandbox_payment',
      reason: 'A sandbox (synthetic) payment is never sent to a real EHR connection.',
      connectionId: 'epic:sandbox-only',
    });

    // "Retry now" puts it back in the queue, but under no configured connection: nothing claims it.
    await dispatchOk(app, 'postings.retryNow', { id: posting.id }, supervisor);
    app.engine.wake();
    await app.engine.waitForIdle();
    expect(ehr.requests).toEqual([]);

    // The same connection is live: a real payment reaches the listener (the token request first).
    const { id: realId } = app.repos.events.insert(event('webhook'), Date.now());
    app.engine.wake();
    await until(() => ehr.requests.length > 0, 'the real payment at the EHR');
    expect(app.repos.postings.forEvent(realId)?.connectionId).toBe('epic-main');
    await app.engine.waitForIdle();
    expect(app.repos.postings.forEvent(eventId)?.attempts).toBe(0);
    expect(app.repos.postings.forEvent(eventId)?.connectionId).toBe('epic:sandbox-only');
  });

  it('a sandbox quarantine entry, released, is still a sandbox payment and never reaches the real connection', async () => {
    const ehr = await recordingEhr();
    const app = await appWithRealEpic(ehr.url);
    // A sandbox webhook that names no facility: quarantined, with the sandbox as its source.
    const body = envelope(
      payload({
        id: '7499999999999999999901',
        merchantDefinedInformation: [
          { key: 'guarantorAccount', value: 'G100200' },
          { key: 'ehr', value: 'Epic' },
        ],
      }),
      { webhookId: SANDBOX_WEBHOOK_ID },
    );
    const headers = {
      ...signedHeaders(body, Date.now(), { key: sandboxSubscription.key, keyId: SANDBOX_KEY_ID }),
      'v-c-webhook-id': SANDBOX_WEBHOOK_ID,
    };
    const answer = await app.intake.webhook(JSON.stringify(body), headers);
    expect(answer.body).toMatchObject({ outcome: 'quarantined' });
    const quarantineId = answer.body.quarantineId!;
    expect(app.repos.quarantine.get(quarantineId)).toMatchObject({ source: 'sandbox' });

    const released = await dispatchOk(
      app,
      'quarantine.release',
      { id: quarantineId, corrections: { facility: 'MAIN' } },
      supervisor,
    );
    expect(released.outcome).toBe('released');
    const eventId = released.eventId!;
    expect(app.repos.events.get(eventId)?.source).toBe('sandbox');
    app.engine.wake();
    expect(await settledPosting(app, eventId)).toMatchObject({
      status: 'not_applicable',
      reasonCode: 'sandbox_payment',
    });
    await app.engine.waitForIdle();
    expect(ehr.requests).toEqual([]);
  });
});
