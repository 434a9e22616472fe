/**
 * The lookup before a re-send decides whether a payment may go twice, so Epic's answer is read strictly: a
 * match with a numeric PaymentID is the payment (linked, not sent again); a match whose id cannot be read is
 * "unknown" (held for verification), never "absent". A loopback Epic answers the lookup as each test says.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { postingWorkRepository } from '../../../src/main/store/repositories/posting-work';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, controlledTime } from './harness';

const tempDir = useTempDirs();
let app: ClearpostApp | null = null;
let server: Server | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** An Epic that issues tokens, answers every lookup with `matches`, and counts the posts it receives. */
async function epicAnswering(matches: (externalId: string) => unknown[]) {
  const seen = { posts: 0, lookups: 0 };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname === '/oauth2/token') {
      res.end(JSON.stringify({ access_token: 'token', token_type: 'Bearer', expires_in: 3600 }));
    } else if (req.method === 'GET') {
      seen.lookups += 1;
      res.end(JSON.stringify({ Payments: matches(url.searchParams.get('ExternalTransactionID') ?? '') }));
    } else {
      seen.posts += 1;
      res.statusCode = 201;
      res.end(JSON.stringify({ PaymentID: 'POSTED-1' }));
    }
    req.resume();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`, seen };
}

/** A payment whose post was in flight when its engine died: recovered as needs-verification, then looked up. */
async function interruptedPayment(origin: string) {
  const clock = controlledTime();
  app = await createApp({
    dataDir: tempDir(),
    mode: 'test',
    logger: silentLogger,
    clock,
    connections: [
      {
        id: 'loopback-epic',
        name: 'Loopback Epic',
        ehr: 'epic',
        baseUrl: origin,
        tokenUrl: `${origin}/oauth2/token`,
        clientId: 'clearpost',
        clientSecret: 'secret',
        timeZone: 'America/Chicago',
        responseTimeoutMs: 1_000,
        connectTimeoutMs: 500,
      },
    ],
    engine: { pollMs: 60_000 },
  });
  await app.engine.stop();
  const now = clock.now();
  const { id: eventId } = app.repos.events.insert(
    {
      source: 'webhook',
      processorTxnId: 'LOOKUP0000000001',
      kind: 'one_time_payment',
      tender: 'card',
      amountMinor: 12_345,
      currency: 'USD',
      ehr: 'epic',
      facility: 'RIVERSIDE',
      guarantorAccount: '40000001',
      encounterId: null,
      cardBrand: 'VISA',
      cardLast4: '4242',
      cardExpiry: '2029-04',
      transactionAt: now,
    },
    now,
  );
  const id = app.engine.admit(eventId);
  const work = postingWorkRepository(app.store.db);
  work.claimDue('loopback-epic', now, 1, 'dead-process', now + 120_000);
  work.beginAttempt(id, 'post', 'POST (recorded before sending)', now);
  await app.engine.start();
  expect(app.repos.postings.get(id)?.status).toBe('needs_verification');
  clock.advance(60_000); // past the dead request's timeout: the lookup is due
  await app.engine.waitForIdle();
  return id;
}

describe('Epic lookup answers', () => {
  it('a match with a numeric PaymentID is the payment: linked, not sent again', async () => {
    const epic = await epicAnswering((externalId) => [
      { ExternalTransactionID: externalId, PaymentID: 987654, Amount: '123.45', Currency: 'USD' },
    ]);
    const id = await interruptedPayment(epic.origin);
    const posting = app!.repos.postings.get(id)!;
    expect(posting).toMatchObject({ status: 'success', reasonCode: 'found_in_ehr', ehrReference: '987654' });
    expect(epic.seen).toEqual({ posts: 0, lookups: 1 });
  });

  it('a match whose PaymentID cannot be read is unknown: held for a person, never sent again', async () => {
    const epic = await epicAnswering((externalId) => [
      { ExternalTransactionID: externalId, PaymentID: { id: 'P-1' } },
    ]);
    const id = await interruptedPayment(epic.origin);
    const posting = app!.repos.postings.get(id)!;
    expect(posting.status).toBe('needs_verification');
    expect(posting.reasonCode).toBe('unexpected_response');
    expect(posting.nextStep).toMatch(/Check the EHR for this transaction id first/);
    expect(epic.seen.posts).toBe(0);
    expect(attemptsOf(app!, id).map((a) => [a.kind, a.errorCode])).toEqual([
      ['post', 'interrupted'],
      ['lookup', 'unexpected_response'],
    ]);
  });

  it('an answer that is not the contract’s shape is unknown too', async () => {
    const epic = await epicAnswering(() => [{ ExternalTransactionID: 42, PaymentID: 'P-2' }]);
    const id = await interruptedPayment(epic.origin);
    expect(app!.repos.postings.get(id)?.status).toBe('needs_verification');
    expect(epic.seen.posts).toBe(0);
  });

  it('a well-formed answer without this payment is "absent": the payment is sent, once', async () => {
    const epic = await epicAnswering(() => [{ ExternalTransactionID: 'SOMETHING-ELSE', PaymentID: 'P-3' }]);
    const id = await interruptedPayment(epic.origin);
    expect(app!.repos.postings.get(id)).toMatchObject({ status: 'success', ehrReference: 'POSTED-1' });
    expect(epic.seen).toEqual({ posts: 1, lookups: 1 });
  });
});
