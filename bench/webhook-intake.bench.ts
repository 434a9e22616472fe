/**
 * Issue 17: signed, message-level-encrypted Cybersource webhooks over loopback HTTP into serve mode (verify,
 * decrypt, guard, map, store, answer) against a bare Node HTTP server doing only the irreducible work on the
 * same bodies (HMAC check, JWE decrypt with the same key, JSON parse, answer), same concurrency, one run.
 *
 *  - value: webhooks per second answered 200 by serve mode (each one a new event, stored with its admission).
 *  - baseline: webhooks per second answered by the bare server.
 *  - breakdown: where serve mode's time per webhook goes, each stage timed in-process on a sample of the
 *    same kind of bodies (signature readings, JWE, card guard, mapping, the storing transaction), the rest
 *    being HTTP and the console server around them.
 *
 *   npm run bench -- --only webhook-intake            (reduced: 2,000 webhooks)
 *   npm run bench -- --only webhook-intake --full     (20,000; WEBHOOKS=… overrides)
 */
import { createPublicKey } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { it } from 'vitest';
import { systemClock } from '../src/main/clock';
import { guard } from '../src/main/lib/card-guard';
import { mapWebhookEnvelope } from '../src/main/intake/cybersource/map-payload';
import { openJwe } from '../src/main/intake/cybersource/mle/open-jwe';
import { locateResource } from '../src/main/intake/cybersource/payload-shape';
import { rawPayloadText } from '../src/main/intake/cybersource/raw-payload-text';
import { verifySignature } from '../src/main/intake/cybersource/signature';
import { DEFAULT_INTAKE_CONFIG } from '../src/main/intake/cybersource/webhook-config';
import { handleWebhook } from '../src/main/intake/cybersource/webhook-handler';
import { openStore } from '../src/main/store/open';
import { createRepositories } from '../src/main/store/repositories';
import { startIntakeServe } from './lib/intake-serve';
import { report, round, size } from './lib/report';
import {
  bareWebhookServer,
  EVENT_TYPE,
  signedWebhooks,
  SUBSCRIPTION,
  WEBHOOK_PATH,
  type SignedWebhook,
} from './lib/signed-webhooks';

const WEBHOOKS = size(2_000, 20_000, 'WEBHOOKS');
const CONCURRENCY = 16;
const SAMPLE = Math.min(500, WEBHOOKS);
const GOAL = 0.5;

/** Sends every body with `CONCURRENCY` requests in flight; resolves to the elapsed milliseconds. */
async function blast(port: number, list: readonly SignedWebhook[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  const one = (b: SignedWebhook) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: WEBHOOK_PATH, method: 'POST', agent, headers: b.headers },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`answered ${String(res.statusCode)}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(b.raw);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < list.length) {
        const b = list[next];
        next += 1;
        if (b) await one(b);
      }
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  return ms;
}

function perWebhook(list: readonly SignedWebhook[], fn: (b: SignedWebhook) => void): number {
  const started = performance.now();
  for (const b of list) fn(b);
  return (performance.now() - started) / list.length;
}

async function perWebhookAsync(
  list: readonly SignedWebhook[],
  fn: (b: SignedWebhook) => Promise<unknown>,
): Promise<number> {
  const started = performance.now();
  for (const b of list) await fn(b);
  return (performance.now() - started) / list.length;
}

it(`webhook intake: ${String(WEBHOOKS)} encrypted, signed webhooks over loopback, ${String(CONCURRENCY)} at a time`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-webhook-'));
  const serve = await startIntakeServe(dir);
  let bare: ReturnType<typeof bareWebhookServer> | null = null;
  try {
    const mleKey = await serve.app.trust.mle.ensure();
    const publicKey = createPublicKey(mleKey.publicKeyPem);
    const { named: privateKey } = await serve.app.trust.mle.candidates(mleKey.kid);
    if (!privateKey) throw new Error('no private key');
    const server = bareWebhookServer(privateKey);
    bare = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const barePort = (server.address() as AddressInfo).port;

    const warm = await signedWebhooks('BENCH-WARM-', 100, mleKey.kid, publicKey);
    const list = await signedWebhooks('BENCH-', WEBHOOKS, mleKey.kid, publicKey);
    await blast(serve.port, warm);
    await blast(barePort, warm);
    // The whole process's CPU (every thread: the sender, the server, intake's writer, libuv's pool) per
    // webhook, beside the wall time: on a shared two-core machine it says how much of the gap is work.
    const cpuMs = async (run: () => Promise<number>) => {
      const before = process.cpuUsage();
      const ms = await run();
      const used = process.cpuUsage(before);
      return { ms, cpuPerWebhook: (used.user + used.system) / 1000 / WEBHOOKS };
    };
    const serveRun = await cpuMs(() => blast(serve.port, list));
    const bareRun = await cpuMs(() => blast(barePort, list));
    const serveMs = serveRun.ms;
    const bareMs = bareRun.ms;
    if (serve.app.repos.events.count() !== WEBHOOKS + warm.length)
      throw new Error(`serve stored ${String(serve.app.repos.events.count())} events`);

    // Where serve mode's time goes: each stage alone, in-process, on a sample of new bodies.
    const sample = await signedWebhooks('BENCH-SAMPLE-', SAMPLE, mleKey.kid, publicKey);
    const keys = serve.app.trust.mle;
    const subscriptions = [SUBSCRIPTION];
    const verifyMs = perWebhook(sample, (b) => {
      const parsed = JSON.parse(b.raw) as { payload: unknown; webhookId: unknown };
      verifySignature({
        header: b.headers['v-c-signature'] ?? null,
        rawBody: b.raw,
        payloadText: rawPayloadText(b.raw),
        payload: parsed.payload,
        webhookId: parsed.webhookId,
        subscriptions,
        now: Date.now(),
      });
    });
    const opened: Record<string, unknown>[] = [];
    const decryptMs = await perWebhookAsync(sample, async (b) => {
      const parsed = JSON.parse(b.raw) as Record<string, unknown>;
      const r = await locateResource(parsed.payload, (jwe) => openJwe(jwe, keys));
      if (r.ok) opened.push({ ...parsed, payload: r.resource });
    });
    const redacted: unknown[] = [];
    const started = performance.now();
    for (const input of opened) redacted.push(guard(input).redacted);
    const guardMs = (performance.now() - started) / opened.length;
    const config = { ...DEFAULT_INTAKE_CONFIG, subscriptions };
    const mapStarted = performance.now();
    for (const r of redacted)
      mapWebhookEnvelope(r, { source: 'webhook', headerEventType: EVENT_TYPE, config });
    const mapMs = (performance.now() - mapStarted) / redacted.length;

    // The whole handler one webhook at a time: first without the WAL sync (what the transaction costs the
    // CPU), then with it (each commit synced alone, as nothing shares it when webhooks come one by one).
    const handlerPass = async (
      name: string,
      synchronous: 'NORMAL' | 'FULL',
      list: readonly SignedWebhook[],
    ) => {
      const scratch = openStore(join(dir, `${name}.sqlite`));
      scratch.db.pragma(`synchronous = ${synchronous}`);
      const repos = createRepositories(scratch.db);
      const ms = await perWebhookAsync(list, (b) =>
        handleWebhook(b.raw, b.headers, {
          db: scratch.db,
          repos,
          clock: systemClock,
          config,
          mle: keys,
          logger: pino({ level: 'silent' }),
        }),
      );
      scratch.db.close();
      return ms;
    };
    const handlerMs = await handlerPass('scratch-normal', 'NORMAL', sample);
    const syncedHandlerMs = await handlerPass(
      'scratch-full',
      'FULL',
      await signedWebhooks('BENCH-SYNCED-', SAMPLE, mleKey.kid, publicKey),
    );

    const value = WEBHOOKS / (serveMs / 1000);
    const baseline = WEBHOOKS / (bareMs / 1000);
    const servePerWebhookMs = serveMs / WEBHOOKS;
    const storeAndRestMs = handlerMs - verifyMs - decryptMs - guardMs - mapMs;
    report({
      name: 'webhook-intake',
      value,
      unit: 'webhooks/s',
      baseline,
      goal: `ratio >= ${String(GOAL)}`,
      met: value / baseline >= GOAL,
      webhooks: WEBHOOKS,
      concurrency: CONCURRENCY,
      servePerWebhookMs: round(servePerWebhookMs),
      barePerWebhookMs: round(bareMs / WEBHOOKS),
      processCpuMsPerWebhook: { serve: round(serveRun.cpuPerWebhook), bare: round(bareRun.cpuPerWebhook) },
      // In-process, one at a time, on SAMPLE new bodies: what each stage costs per webhook.
      breakdownMs: {
        verifySignatureReadings: round(verifyMs),
        decryptJwe: round(decryptMs),
        cardGuard: round(guardMs),
        mapAndValidate: round(mapMs),
        storeTransactionAndRest: round(storeAndRestMs),
        handlerWithoutWalSync: round(handlerMs),
        walSyncWhenAlone: round(syncedHandlerMs - handlerMs),
        // At CONCURRENCY in flight, deliveries share WAL syncs (group commit): the rest of serve's time per
        // webhook is HTTP, the console server, waiting for the shared sync, and the event loop between.
        httpSharedSyncAndRest: round(servePerWebhookMs - handlerMs),
      },
    });
  } finally {
    const server = bare;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    await serve.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
