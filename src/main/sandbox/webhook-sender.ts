/**
 * Sends sandbox payments the way Cybersource does: each one a webhook whose event data sits under
 * `payload.data`, encrypted to the installation's message-encryption key (compact JWE, RSA-OAEP-256 +
 * A256GCM, the `kid` in its header) and signed with the sandbox subscription over the payload's text as it
 * appears in the body (the guide's reading; Cybersource Webhooks Implementation Guide, REST). A fresh
 * transaction trace id per attempt, and now and then the same payment delivered again with the retry number
 * raised — so the sandbox exercises decryption, signature checks and intake's idempotency, not a shortcut
 * around them. Delivery goes through a callback: the app passes its intake in-process; the same sender
 * could POST over loopback instead.
 */
import { createHash, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { CompactEncrypt } from 'jose';
import type { Clock } from '../clock';
import { signBody, type SignatureReading, type WebhookSubscription } from '../intake/cybersource/signature';
import type { Logger } from '../logger';
import type { GeneratedPayment } from './traffic-generator';
import { isProcessorPayment, webhookEnvelope, type SandboxWebhookEnvelope } from './webhook-envelope';

export const SANDBOX_WEBHOOK_ID = 'clearpost-sandbox-webhook';
export const SANDBOX_KEY_ID = 'clearpost-sandbox-key';
/** Share of payments the sandbox processor delivers a second time. */
export const DEFAULT_REDELIVERY_RATE = 0.03;

/**
 * The subscription the sandbox signs with, to register with intake. Its key is new each run unless one is
 * given: nothing outside this process needs it, and a key nobody else knows means only the embedded
 * generator can create `sandbox` events through the webhook endpoint.
 */
export function createSandboxSubscription(key = randomBytes(32).toString('base64')): WebhookSubscription {
  return { webhookId: SANDBOX_WEBHOOK_ID, keyId: SANDBOX_KEY_ID, key, source: 'sandbox' };
}

/** The public key payloads are encrypted to, and the `kid` the JWE header names. */
export interface EncryptionKey {
  readonly kid: string;
  readonly publicKey: KeyObject;
}

/** The compact JWE Cybersource sends for a payload under message-level encryption. */
export async function encryptPayload(data: unknown, key: EncryptionKey): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(data)))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: key.kid })
    .encrypt(key.publicKey);
}

/** The envelope with its `payload.data` encrypted (as is, when no key is given). */
export async function encryptEnvelope(
  envelope: SandboxWebhookEnvelope,
  key: EncryptionKey | null,
): Promise<SandboxWebhookEnvelope> {
  if (!key) return envelope;
  return { ...envelope, payload: { data: await encryptPayload(envelope.payload.data, key) } };
}

/** Headers Cybersource sends with a body, signed under one reading (default: the guide's). */
export function cybersourceHeaders(
  rawBody: string,
  envelope: { readonly eventType: string },
  subscription: WebhookSubscription,
  atMs: number,
  reading: SignatureReading = 'payload-text',
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'v-c-signature': signBody(rawBody, subscription.key, subscription.keyId, atMs, reading),
    'v-c-event-type': envelope.eventType,
    ...(subscription.webhookId ? { 'v-c-webhook-id': subscription.webhookId } : {}),
  };
}

export interface WebhookAnswer {
  readonly status: number;
  readonly body?: { readonly outcome?: string };
}

export type WebhookDeliver = (
  rawBody: string,
  headers: Readonly<Record<string, string>>,
) => WebhookAnswer | Promise<WebhookAnswer>;

export interface WebhookSenderOptions {
  readonly subscription: WebhookSubscription;
  readonly clock: Clock;
  readonly deliver: WebhookDeliver;
  /** The installation's message-encryption public key; null sends the payload in the clear. */
  readonly encryptTo: EncryptionKey | null;
  /** 0–1; defaults to DEFAULT_REDELIVERY_RATE. */
  readonly redeliveryRate?: number;
  readonly logger?: Logger;
}

export interface WebhookSenderStats {
  /** Delivery attempts, redeliveries included. */
  readonly attempts: number;
  readonly redeliveries: number;
  /** Attempts answered with anything but 2xx, or that threw. */
  readonly failures: number;
}

export interface WebhookSender {
  /**
   * Sends the payment as a signed webhook (and maybe once more). Returns false, sending nothing, when no
   * processor would send it (manual-workflow payments, cash, paper checks): the caller delivers those itself.
   */
  send(payment: GeneratedPayment): boolean;
  /** Resolves once every send so far has been answered (encryption is asynchronous). */
  idle(): Promise<void>;
  readonly stats: WebhookSenderStats;
}

/**
 * Whether the sandbox processor redelivers this payment. Decided by a hash of the transaction, not a
 * random draw, so a test can tell which payments were sent twice whatever the timing of the traffic.
 */
export function isRedelivered(payment: GeneratedPayment, rate = DEFAULT_REDELIVERY_RATE): boolean {
  const digest = createHash('sha256')
    .update(`${payment.event.processorTxnId}:${payment.event.kind}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32 < rate;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { subscription, clock, logger } = options;
  const rate = options.redeliveryRate ?? DEFAULT_REDELIVERY_RATE;
  let attempts = 0;
  let redeliveries = 0;
  let failures = 0;
  const pending = new Set<Promise<void>>();

  function settled(answer: WebhookAnswer | null, error: unknown, retryNumber: number): void {
    if (answer && answer.status >= 200 && answer.status < 300) return;
    failures += 1;
    // A real processor would retry later; the sandbox only reports it (the payment is synthetic).
    logger?.warn(
      {
        status: answer?.status ?? null,
        outcome: answer?.body?.outcome ?? null,
        retryNumber,
        err: error instanceof Error ? error.message : typeof error === 'string' ? error : undefined,
      },
      'sandbox webhook not accepted',
    );
  }

  /** One attempt, answered before the promise resolves. */
  async function attempt(payment: GeneratedPayment, retryNumber: number): Promise<void> {
    const at = clock.now();
    const envelope = webhookEnvelope(payment, {
      webhookId: subscription.webhookId ?? SANDBOX_WEBHOOK_ID,
      // Trace ids in Cybersource's shape: a UUID, new for every delivery attempt.
      transactionTraceId: randomUUID(),
      retryNumber,
      at,
    });
    if (!envelope) return;
    attempts += 1;
    try {
      const sealed = await encryptEnvelope(envelope, options.encryptTo);
      const rawBody = JSON.stringify(sealed);
      settled(
        await options.deliver(rawBody, cybersourceHeaders(rawBody, sealed, subscription, at)),
        undefined,
        retryNumber,
      );
    } catch (error) {
      settled(null, error, retryNumber);
    }
  }

  function track(work: Promise<void>): void {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  return {
    send(payment) {
      if (!isProcessorPayment(payment)) return false;
      // The redelivery follows the first answer, as a processor's does (it redelivers what it thinks failed).
      track(
        attempt(payment, 0).then(async () => {
          if (!isRedelivered(payment, rate)) return;
          redeliveries += 1;
          await attempt(payment, 1);
        }),
      );
      return true;
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    get stats() {
      return { attempts, redeliveries, failures };
    },
  };
}
