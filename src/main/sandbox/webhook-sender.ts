/**
 * Sends sandbox payments the way Cybersource does: each one a webhook signed with the sandbox subscription
 * (domain.md §6), a fresh transaction trace id per attempt, and now and then the same payload delivered
 * again with the retry number raised — so the sandbox exercises signature checks and intake's idempotency,
 * not a shortcut around them. Delivery goes through a callback: the app passes its intake in-process; the
 * same sender could POST over loopback instead.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { signWebhook, type WebhookSubscription } from '../intake/cybersource/signature';
import type { Logger } from '../logger';
import type { GeneratedPayment } from './traffic-generator';
import { isProcessorPayment, webhookEnvelope } from './webhook-envelope';

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

/**
 * Trace ids in Cybersource's shape: a UUID, new for every delivery attempt. (They were 22 digits here once,
 * which hid that the card guard read parts of a UUID as a card number about once in a thousand.)
 */
function traceId(): string {
  return randomUUID();
}

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { subscription, clock, logger } = options;
  const rate = options.redeliveryRate ?? DEFAULT_REDELIVERY_RATE;
  let attempts = 0;
  let redeliveries = 0;
  let failures = 0;

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

  /** One attempt; `then` runs once it has been answered (at once when delivery is in-process). */
  function attempt(payment: GeneratedPayment, retryNumber: number, then?: () => void): void {
    const at = clock.now();
    const envelope = webhookEnvelope(payment, {
      webhookId: subscription.webhookId,
      transactionTraceId: traceId(),
      retryNumber,
      at,
    });
    if (!envelope) return;
    const headers = {
      'content-type': 'application/json',
      'v-c-signature': signWebhook(envelope, subscription.key, subscription.keyId, Math.floor(at / 1000)),
      'v-c-event-type': envelope.eventType,
      'v-c-webhook-id': subscription.webhookId,
    };
    attempts += 1;
    let answer: WebhookAnswer | Promise<WebhookAnswer>;
    try {
      answer = options.deliver(JSON.stringify(envelope), headers);
    } catch (error) {
      settled(null, error, retryNumber);
      then?.();
      return;
    }
    if (isPromiseLike(answer)) {
      answer.then(
        (a) => {
          settled(a, undefined, retryNumber);
          then?.();
        },
        (error: unknown) => {
          settled(null, error, retryNumber);
          then?.();
        },
      );
      return;
    }
    settled(answer, undefined, retryNumber);
    then?.();
  }

  return {
    send(payment) {
      if (!isProcessorPayment(payment)) return false;
      // The redelivery follows the first answer, as a processor's does (it redelivers what it thinks failed).
      const again = isRedelivered(payment, rate)
        ? () => {
            redeliveries += 1;
            attempt(payment, 1);
          }
        : undefined;
      attempt(payment, 0, again);
      return true;
    },
    get stats() {
      return { attempts, redeliveries, failures };
    },
  };
}
