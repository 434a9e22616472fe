/**
 * Issue 21, monitoring: `GET /metrics` parsed as Prometheus parses it, its counters moving with real traffic
 * (signed webhooks over HTTP into real serve mode, posted to the simulated Epic over loopback), and
 * `GET /healthz` for load balancers. Unhappy paths first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/main/sandbox';
import { createSandboxWorld } from '../../../src/main/sandbox/world';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { parseScrape, type Scrape } from '../../helpers/prometheus';
import { consoleHeaders, createFirstSupervisor } from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';
import { envelope, KEY, KEY_ID, payload, signedHeaders, WEBHOOK_ID } from '../intake/webhook-helper';

const tempDir = useTempDirs();
const METRICS_TOKEN = 'prometheus-scrape-token-0123456789';
let sims: RunningSandbox | null = null;
const running: RunningServe[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  await sims?.stop();
  sims = null;
});

const guarantor = (() => {
  const found = createSandboxWorld(7).guarantors.find((g) => g.ehr === 'epic' && g.combinedInto === null);
  if (!found) throw new Error('the sandbox world has no Epic guarantor');
  return found;
})();

function webhook(n: number): { body: string; headers: Record<string, string> } {
  const body = envelope(
    payload({
      id: `77${String(n).padStart(20, '0')}`,
      merchantDefinedInformation: [
        { key: 'guarantorAccount', value: guarantor.account },
        { key: 'facility', value: guarantor.facility },
        { key: 'ehr', value: 'Epic' },
      ],
      clientReferenceInformation: { code: `HB-METRICS-${String(n)}` },
      orderInformation: { amountDetails: { totalAmount: `${String(30 + n)}.25`, currency: 'USD' } },
    }),
    { transactionTraceId: `trace-metrics-${String(n)}` },
  );
  return { body: JSON.stringify(body), headers: signedHeaders(body, Date.now()) };
}

async function serve(metricsToken: string | null = METRICS_TOKEN) {
  sims = await startSandbox();
  const s = await startServe({
    dataDir: tempDir(),
    port: 0,
    rendererDir: null,
    sandbox: false,
    connections: sims.connections,
    webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
    metricsToken,
    engine: { pollMs: 20, backoff: { backoffBaseMs: 60_000, backoffMaxMs: 60_000 } },
  });
  running.push(s);
  return { ...s, origin: `http://127.0.0.1:${String(s.port)}` };
}

async function scrape(origin: string, token = METRICS_TOKEN): Promise<Scrape> {
  const res = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseScrape(await res.text());
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('GET /healthz', () => {
  it('answers 503 once the engine has stopped, and refuses other methods', async () => {
    const s = await serve();
    expect((await fetch(`${s.origin}/healthz`, { method: 'POST' })).status).toBe(405);
    await s.app.engine.stop();
    const res = await fetch(`${s.origin}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('unavailable\n');
  });

  it('answers 200 "ok" without any credential while the database answers and the engine runs', async () => {
    const s = await serve();
    const res = await fetch(`${s.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });
});

describe('GET /metrics: who may read it', () => {
  it('with a metrics token configured, takes only that token', async () => {
    const s = await serve();
    for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: `Bearer ${s.token}` }]) {
      const res = await fetch(`${s.origin}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('clearpost_');
    }
    expect((await fetch(`${s.origin}/metrics`, { method: 'POST' })).status).toBe(405);
    await scrape(s.origin);
  });

  it('without one, takes the console itself: the token and a signed-in session', async () => {
    const s = await serve(null);
    const tokenOnly = await fetch(`${s.origin}/metrics`, { headers: consoleHeaders(s.token) });
    expect(tokenOnly.status).toBe(401);
    const session = await createFirstSupervisor(s.origin, s.token);
    const noToken = await fetch(`${s.origin}/metrics`, {
      headers: { 'X-Clearpost-Session': session.sessionId },
    });
    expect(noToken.status).toBe(401);
    const res = await fetch(`${s.origin}/metrics`, { headers: consoleHeaders(s.token, session.sessionId) });
    expect(res.status).toBe(200);
    expect(parseScrape(await res.text()).value('clearpost_engine_running')).toBe(1);
  });
});

describe('GET /metrics: what it says', () => {
  it('parses as Prometheus text, and its counters move with webhook traffic and postings', async () => {
    const s = await serve();
    const before = await scrape(s.origin);
    for (const name of [
      'clearpost_postings',
      'clearpost_attempts_total',
      'clearpost_intake_events_total',
      'clearpost_breaker_state',
      'clearpost_oldest_retry_age_seconds',
      'clearpost_webhook_refusals_total',
      'clearpost_disk_free_bytes',
    ])
      expect(before.families.has(name), name).toBe(true);
    expect(before.families.get('clearpost_attempts_total')?.type).toBe('COUNTER');
    expect(before.value('clearpost_postings', { status: 'success' })).toBe(0);
    expect(before.value('clearpost_oldest_retry_age_seconds')).toBe(0);
    expect(before.value('clearpost_disk_free_bytes')).toBeGreaterThan(0);
    for (const c of sims?.connections ?? []) {
      expect(before.value('clearpost_breaker_state', { connection: c.id, state: 'closed' })).toBe(1);
      expect(before.value('clearpost_breaker_state', { connection: c.id, state: 'open' })).toBe(0);
    }

    // Refusals, by reason: a forged signature and a missing one. Nothing is stored.
    const forged = webhook(1);
    const bad = await fetch(`${s.origin}/webhooks/cybersource`, {
      method: 'POST',
      headers: {
        ...forged.headers,
        'v-c-signature': forged.headers['v-c-signature']?.replace(/sig=.{4}/, 'sig=AAAA') ?? '',
      },
      body: forged.body,
    });
    expect(bad.status).toBe(401);
    const unsigned = await fetch(`${s.origin}/webhooks/cybersource`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: forged.body,
    });
    expect(unsigned.status).toBe(401);
    const refused = await scrape(s.origin);
    expect(refused.value('clearpost_webhook_refusals_total', { reason: 'bad_signature' })).toBe(1);
    expect(refused.value('clearpost_webhook_refusals_total', { reason: 'missing_signature' })).toBe(1);
    expect(refused.value('clearpost_intake_events_total', { source: 'webhook' })).toBeUndefined();

    // One payment, stored and posted to the simulated Epic.
    const first = webhook(2);
    const ok = await fetch(`${s.origin}/webhooks/cybersource`, {
      method: 'POST',
      headers: first.headers,
      body: first.body,
    });
    expect(ok.status).toBe(200);
    await until(() => s.app.repos.postings.countsByStatus().some((c) => c.status === 'success'));
    expect(sims?.epic.ledger.postings()).toHaveLength(1);
    const posted = await scrape(s.origin);
    expect(posted.value('clearpost_intake_events_total', { source: 'webhook' })).toBe(1);
    expect(posted.value('clearpost_webhook_deliveries_total', { outcome: 'stored' })).toBe(1);
    expect(posted.value('clearpost_attempts_total', { outcome: 'posted' })).toBe(1);
    expect(posted.value('clearpost_postings', { status: 'success' })).toBe(1);
    // A redelivery is answered (duplicate) and stores nothing more.
    const again = await fetch(`${s.origin}/webhooks/cybersource`, {
      method: 'POST',
      headers: first.headers,
      body: first.body,
    });
    expect(again.status).toBe(200);

    // The next payment meets a failing Epic: it waits in Retry, and the oldest Retry has an age.
    sims?.epic.faults.enqueue([{ kind: 'server_error', status: 503 }]);
    const second = webhook(3);
    const res = await fetch(`${s.origin}/webhooks/cybersource`, {
      method: 'POST',
      headers: second.headers,
      body: second.body,
    });
    expect(res.status).toBe(200);
    await until(() => s.app.repos.postings.countsByStatus().some((c) => c.status === 'retry'));
    const retried = await scrape(s.origin);
    expect(retried.value('clearpost_intake_events_total', { source: 'webhook' })).toBe(2);
    expect(retried.value('clearpost_webhook_deliveries_total', { outcome: 'duplicate' })).toBe(1);
    // A 503 to a POST may have been committed before it failed: the attempt is ambiguous, the posting retries.
    expect(retried.value('clearpost_attempts_total', { outcome: 'ambiguous' })).toBe(1);
    expect(retried.value('clearpost_attempts_total', { outcome: 'posted' })).toBe(1);
    expect(retried.value('clearpost_postings', { status: 'retry' })).toBe(1);
    expect(retried.value('clearpost_oldest_retry_age_seconds')).toBeGreaterThan(0);
    // Counters never go back; a scrape with nothing new leaves them where they were.
    const idle = await scrape(s.origin);
    expect(idle.value('clearpost_attempts_total', { outcome: 'posted' })).toBe(1);
    expect(idle.value('clearpost_intake_events_total', { source: 'webhook' })).toBe(2);
  });
});
