import { generateKeyPairSync } from 'node:crypto';
import { compactDecrypt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { rawPayloadText } from '../../../src/main/intake/cybersource/raw-payload-text';
import { verifySignature } from '../../../src/main/intake/cybersource/signature';
import { createTrafficGenerator, type GeneratedPayment } from '../../../src/main/sandbox/traffic-generator';
import { isProcessorPayment } from '../../../src/main/sandbox/webhook-envelope';
import {
  createSandboxSubscription,
  createWebhookSender,
  isRedelivered,
  SANDBOX_KEY_ID,
  SANDBOX_WEBHOOK_ID,
  type WebhookAnswer,
} from '../../../src/main/sandbox/webhook-sender';
import { createSandboxWorld } from '../../../src/main/sandbox/world';
import { FakeClock } from '../connectors/harness';

interface Sent {
  readonly body: { transactionTraceId: string; retryNumber: number; payload: { data: { id: string } } };
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string>>;
}

function payments(count: number): GeneratedPayment[] {
  const generator = createTrafficGenerator({
    world: createSandboxWorld(),
    clock: new FakeClock(),
    seed: 3,
    onEvent: () => undefined,
  });
  return Array.from({ length: count }, () => generator.next());
}

describe('sandbox webhook sender', () => {
  const clock = new FakeClock();
  const subscription = createSandboxSubscription();

  it('encrypts payload.data to the installation key and signs the payload text so intake verifies it', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sent: { rawBody: string; headers: Readonly<Record<string, string>> }[] = [];
    const sender = createWebhookSender({
      subscription,
      clock,
      encryptTo: { kid: 'test-kid', publicKey },
      deliver: (rawBody, headers) => {
        sent.push({ rawBody, headers });
        return { status: 200 };
      },
    });
    const all = payments(300);
    const taken = all.filter((p) => sender.send(p));
    await sender.idle();
    expect(taken).toEqual(all.filter(isProcessorPayment));
    expect(subscription).toMatchObject({
      webhookId: SANDBOX_WEBHOOK_ID,
      keyId: SANDBOX_KEY_ID,
      source: 'sandbox',
    });
    expect(sent.length).toBeGreaterThanOrEqual(taken.length);
    for (const s of sent.slice(0, 40)) {
      const body = JSON.parse(s.rawBody) as { payload: { data: string }; webhookId: unknown };
      const verified = verifySignature({
        header: s.headers['v-c-signature'] ?? null,
        rawBody: s.rawBody,
        payloadText: rawPayloadText(s.rawBody),
        payload: body.payload,
        webhookId: body.webhookId,
        webhookIdHeader: s.headers['v-c-webhook-id'] ?? null,
        subscriptions: [subscription],
        now: clock.now(),
      });
      expect(verified).toMatchObject({ ok: true, reading: 'payload-text' });
      expect(s.headers['v-c-event-type']).toBeTruthy();
      expect(decodeProtectedHeader(body.payload.data)).toMatchObject({
        alg: 'RSA-OAEP-256',
        enc: 'A256GCM',
        kid: 'test-kid',
      });
      const { plaintext } = await compactDecrypt(body.payload.data, privateKey);
      const resource = JSON.parse(new TextDecoder().decode(plaintext)) as { id: string; _links: unknown };
      expect(resource.id).toMatch(/\S/);
      expect(resource._links).toBeTruthy();
    }
  });

  it('redelivers the chosen share once, with the same payload, a new trace id and the next retry number', async () => {
    const sent: Sent[] = [];
    const sender = createWebhookSender({
      subscription,
      clock,
      encryptTo: null,
      redeliveryRate: 0.1,
      deliver: (rawBody, headers) => {
        sent.push({ rawBody, headers, body: JSON.parse(rawBody) as Sent['body'] });
        return { status: 200 };
      },
    });
    const taken = payments(400).filter((p) => sender.send(p));
    await sender.idle();
    const chosen = taken.filter((p) => isRedelivered(p, 0.1));
    expect(chosen.length).toBeGreaterThan(10);
    expect(chosen.length).toBeLessThan(taken.length / 4);
    expect(sent).toHaveLength(taken.length + chosen.length);
    expect(sender.stats).toEqual({ attempts: sent.length, redeliveries: chosen.length, failures: 0 });

    const retries = sent.filter((s) => s.body.retryNumber === 1);
    expect(retries.map((s) => s.body.payload.data.id).sort()).toEqual(
      chosen.map((p) => p.event.processorTxnId).sort(),
    );
    for (const retry of retries) {
      const first = sent.find(
        (s) => s.body.retryNumber === 0 && s.body.payload.data.id === retry.body.payload.data.id,
      );
      expect(JSON.stringify(retry.body.payload)).toBe(JSON.stringify(first?.body.payload));
      expect(retry.body.transactionTraceId).not.toBe(first?.body.transactionTraceId);
      expect(retry.body.transactionTraceId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('counts refusals and failures, whether delivery answers at once or later', async () => {
    const answers: (WebhookAnswer | Promise<WebhookAnswer>)[] = [
      { status: 401 },
      Promise.resolve({ status: 500 }),
      Promise.reject(new Error('connection refused')),
      Promise.resolve({ status: 200 }),
    ];
    const sender = createWebhookSender({
      subscription,
      clock,
      encryptTo: null,
      redeliveryRate: 0,
      deliver: () => {
        const next = answers.shift();
        if (!next) throw new Error('unexpected delivery');
        return next;
      },
    });
    for (const p of payments(60).filter(isProcessorPayment).slice(0, 4)) sender.send(p);
    await sender.idle();
    expect(sender.stats).toEqual({ attempts: 4, redeliveries: 0, failures: 3 });
  });
});
