/**
 * `POST /webhooks/cybersource`, framework-free: raw body and headers in, status and JSON body out.
 *
 * Order matters: authenticate (signature, key id, timestamp, subscription) before anything is stored, so
 * that whoever can reach the port cannot write to the database; then open the payload (at `payload`,
 * `payload.data` or `payload[0].data`, decrypting a message-level-encrypted JWE); then run the one intake
 * path, which stores the event or quarantines it, and only then answer 2xx. A payload that cannot be
 * decrypted is quarantined with its reason, never dropped. A refusal after authentication is still a 2xx: the
 * input is kept in quarantine, and a 4xx would only make the processor redeliver it forever. Storage failures
 * answer 500 (503 when the disk is full) so that the processor redelivers.
 */
import type { EventSource } from '../../../shared/domain';
import { MAX_JSON_DEPTH, parseJsonLimited } from '../../../shared/json-depth';
import type { Repositories } from '../../store/repositories';
import { guard } from '../../lib/card-guard';
import { diskFullAt } from '../../store/disk-full';
import { withheldFieldsOf } from '../canonical/guarantor-rules';
import {
  ingestBatch,
  logQuarantined,
  screen,
  type IngestDeps,
  type IngestRequest,
  type IngestResult,
  type MapOutcome,
} from '../ingest';
import type { IntakeRejection } from '../quarantine-reasons';
import { storedKinds } from './kind-lock';
import { mapWebhookEnvelope } from './map-payload';
import { openJwe, type JweKeys, type JweOutcome } from './mle/open-jwe';
import { locateResource, type ResourceOutcome } from './payload-shape';
import { rawPayloadText } from './raw-payload-text';
import { checkSignatureHeader, verifyCheckedSignature, type SignatureFailure } from './signature';
import { recordSignatureReading } from './signature-readings';
import type { IntakeWriter } from '../intake-writer';
import type { CybersourceWebhookConfig } from './webhook-config';

export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface WebhookResponseBody {
  readonly ok: boolean;
  /** stored | duplicate | quarantined, or the refusal code. */
  readonly outcome: string;
  readonly message: string;
  readonly eventId?: number;
  readonly quarantineId?: number;
}

export interface WebhookResponse {
  readonly status: number;
  readonly body: WebhookResponseBody;
}

export interface WebhookDeps extends IngestDeps {
  readonly repos: Pick<
    Repositories,
    'events' | 'quarantine' | 'intakeKeys' | 'webhookDeliveries' | 'intakeSettings'
  >;
  readonly config: CybersourceWebhookConfig;
  /** The installation's message-encryption private keys; without them an encrypted payload is quarantined. */
  readonly mle?: JweKeys;
  /**
   * Intake's writer thread (intake/intake-writer.ts): the delivery is screened here and stored there, in a
   * commit shared with the deliveries arriving beside it, and answered once that commit is durable; this
   * thread never waits for the disk. Without it (tests, one-off tools), the delivery is stored on `db` in a
   * transaction of its own.
   */
  readonly writer?: Pick<IntakeWriter, 'storeWebhook'>;
  /** Used when the verified subscription names no source of its own; defaults to `webhook`. */
  readonly source?: EventSource;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

/** The outcome of a delivery refused because the disk holding the database is full (answered 503). */
export const DISK_FULL = 'disk_full';

const SIGNATURE_MESSAGES: Record<SignatureFailure, string> = {
  missing_signature: 'The v-c-signature header is missing.',
  malformed_signature: 'The v-c-signature header is not t=…;keyId=…;sig=….',
  unknown_key: 'The signature names a key id that is not configured.',
  stale_timestamp:
    'The signature timestamp is further from this computer’s clock than the subscription’s tolerance allows.',
  bad_signature: 'The signature does not match the message.',
  webhook_mismatch: 'The webhook id does not match the configured subscription.',
};

function firstValue(value: string | readonly string[] | undefined): string | null {
  const first = Array.isArray(value) ? (value as readonly string[])[0] : value;
  return typeof first === 'string' ? first : null;
}

/** A header by its lower-case name: Node's own lower-case key first, then any spelling (tests, tools). */
function header(headers: WebhookHeaders, name: string): string | null {
  if (Object.hasOwn(headers, name)) return firstValue(headers[name]);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return firstValue(value);
  }
  return null;
}

function refuse(status: number, outcome: string, message: string): WebhookResponse {
  return { status, body: { ok: false, outcome, message } };
}

function mleRejection(failure: Exclude<JweOutcome, { ok: true }>): IntakeRejection {
  const kid = failure.kid ?? '(no kid in the JWE header)';
  switch (failure.failure) {
    case 'unknown_key':
      return {
        reasonCode: 'mle_unknown_key',
        reason:
          `The payload is encrypted with a key this installation does not hold: ${kid}. Register this ` +
          'installation’s key with Cybersource (`clearpost mle-key`), then ask Cybersource to replay the notification.',
      };
    case 'tampered':
      return {
        reasonCode: 'mle_tampered',
        reason: `The encrypted payload names this installation’s key ${kid} but does not decrypt: it was changed or damaged on the way.`,
      };
    case 'malformed':
      return {
        reasonCode: 'mle_malformed',
        reason: `The encrypted payload is not a JWE Clearpost can read. ${failure.detail}`,
      };
  }
}

function openingRefusal(opened: Exclude<ResourceOutcome, { ok: true }>): IntakeRejection {
  return opened.jwe
    ? mleRejection(opened.jwe)
    : {
        reasonCode: 'invalid_payload',
        reason: `The message does not have the fields Clearpost needs. ${opened.detail}`,
      };
}

const NO_KEYS: JweKeys = { candidates: () => Promise.resolve({ named: null, all: [] }) };

export async function handleWebhook(
  rawBody: string,
  headers: WebhookHeaders,
  deps: WebhookDeps,
): Promise<WebhookResponse> {
  const log = deps.logger;
  const signature = header(headers, 'v-c-signature');
  if (!signature) {
    log?.warn({ code: 'missing_signature' }, 'webhook refused');
    return refuse(401, 'missing_signature', SIGNATURE_MESSAGES.missing_signature);
  }
  if (Buffer.byteLength(rawBody, 'utf8') > (deps.config.maxBodyBytes ?? DEFAULT_MAX_BODY)) {
    log?.warn({ code: 'body_too_large' }, 'webhook refused');
    return refuse(413, 'body_too_large', 'The message is larger than Clearpost accepts.');
  }
  const toleranceMs = deps.config.toleranceMs;
  // The header is judged before the body is parsed: without a configured key id and a fresh timestamp the
  // body is never read, however it is shaped.
  const preCheck = checkSignatureHeader(signature, deps.config.subscriptions, deps.clock.now(), toleranceMs);
  if (!preCheck.ok) {
    log?.warn({ code: preCheck.failure }, 'webhook refused');
    return refuse(401, preCheck.failure, SIGNATURE_MESSAGES[preCheck.failure]);
  }
  const parsed = parseJsonLimited(rawBody);
  if (!parsed.ok) {
    const code = parsed.reason === 'too_deep' ? 'too_deep' : 'malformed_json';
    log?.warn({ code }, 'webhook refused');
    return refuse(
      400,
      code,
      parsed.reason === 'too_deep'
        ? `The message nests deeper than ${String(MAX_JSON_DEPTH)} levels.`
        : 'The message is not valid JSON.',
    );
  }
  const body = parsed.value;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('payload' in body)) {
    log?.warn({ code: 'invalid_envelope' }, 'webhook refused');
    return refuse(400, 'invalid_envelope', 'The message is not a webhook envelope with a payload.');
  }
  const envelope = body as { payload?: unknown; webhookId?: unknown };
  // The header was judged above (key id, timestamp); what is left is the HMAC over each reading.
  const verified = verifyCheckedSignature(
    preCheck,
    {
      rawBody,
      payloadText: () => rawPayloadText(rawBody),
      // JSON.stringify returns undefined (typed as string) for an undefined payload.
      payloadJson: () => (envelope.payload === undefined ? null : JSON.stringify(envelope.payload)),
    },
    { webhookId: envelope.webhookId, webhookIdHeader: header(headers, 'v-c-webhook-id') },
  );
  if (!verified.ok) {
    log?.warn({ code: verified.failure }, 'webhook refused');
    return refuse(401, verified.failure, SIGNATURE_MESSAGES[verified.failure]);
  }

  // Authenticated. From here on the input is kept, as an event or in quarantine.
  const source = verified.subscription.source ?? deps.source ?? 'webhook';
  const headerEventType = header(headers, 'v-c-event-type');
  const mle = deps.mle ?? NO_KEYS;
  const opened = await locateResource(envelope.payload, (jwe) => openJwe(jwe, mle));
  // The decrypted resource takes the payload's place: the card guard, the mapper and quarantine see it.
  const input: Record<string, unknown> = opened.ok
    ? { ...(body as Record<string, unknown>), payload: opened.resource }
    : body;
  // The whole body through the card guard, once: the envelope fields below are read from the redacted copy,
  // and screening (ingest.ts) takes this result rather than walking the input again.
  const guarded = guard(input);
  const redacted = guarded.redacted;
  const eventType = typeof redacted.eventType === 'string' ? redacted.eventType : (headerEventType ?? '');
  // The trace id is the processor's identifier: the guard passes it through, never taking it for a card.
  const traceId = typeof redacted.transactionTraceId === 'string' ? redacted.transactionTraceId : null;
  const retryNumber = typeof redacted.retryNumber === 'number' ? redacted.retryNumber : null;

  const request: IngestRequest = {
    source,
    sourceRef: `webhook:${traceId ?? 'no-trace-id'}`,
    // Redeliveries change the trace id and retry number but not the payload: the event name and the redacted
    // payload identify a repeat. Worked out where it is needed, for an input that ends in quarantine.
    dedupeKey: { prefix: 'webhook', name: eventType },
    input,
    guarded,
    withheldFields: withheldFieldsOf(deps.config.guarantorRules),
    map: (clean): MapOutcome =>
      opened.ok
        ? mapWebhookEnvelope(clean, {
            source,
            headerEventType,
            config: deps.config,
            // On the writer thread, storing checks the kinds already held in its own transaction.
            ...(deps.writer ? {} : { existingKinds: (id: string) => storedKinds(deps.db, id) }),
          })
        : { ok: false, rejection: openingRefusal(opened) },
  };
  const delivery = {
    // The delivery log names the subscription by its webhook id, or its key id when none is configured.
    webhookId: verified.subscription.webhookId ?? verified.subscription.keyId,
    eventType: eventType === '' ? null : eventType.slice(0, 200),
    traceId: traceId?.slice(0, 200) ?? null,
    retryNumber,
  };

  let result: IngestResult;
  try {
    if (deps.writer) {
      const { map: _, input: __, guarded: ___, ...stored } = request;
      result = await deps.writer.storeWebhook({
        request: stored,
        screened: screen(request, deps.amountCeilingMinor),
        reading: { subscription: verified.subscription, reading: verified.reading },
        delivery,
        now: deps.clock.now(),
      });
      logQuarantined(request, result, deps);
    } else {
      result = deps.db
        .transaction((): IngestResult => {
          // ingestBatch of one: this transaction already undoes a failed write, so the savepoints `ingest`
          // and `events.insert` would add are not needed.
          const [r] = ingestBatch([request], deps);
          if (!r) throw new Error('ingestBatch returned no result');
          recordSignatureReading(
            deps.repos.intakeSettings,
            verified.subscription,
            verified.reading,
            deps.clock.now(),
          );
          const { outcome } = r;
          deps.repos.webhookDeliveries.record(
            {
              ...delivery,
              outcome,
              eventId: outcome === 'quarantined' ? null : r.eventId,
              quarantineId: outcome === 'quarantined' ? r.quarantineId : null,
            },
            deps.clock.now(),
          );
          return r;
        })
        .immediate();
    }
  } catch (error) {
    if (diskFullAt(error, deps.db.name)) {
      // Nothing of this delivery was kept (the transaction rolled back). 503 rather than 500: the service is
      // unavailable for a while, not broken; Cybersource redelivers any non-2xx answer.
      log?.error({ code: DISK_FULL }, 'webhook not stored: the disk is full');
      return refuse(
        503,
        DISK_FULL,
        'Clearpost’s disk is full: the event was not stored; the processor will deliver it again.',
      );
    }
    log?.error(
      { code: 'storage_failed', err: error instanceof Error ? error.message : String(error) },
      'webhook not stored',
    );
    return refuse(
      500,
      'storage_failed',
      'The event could not be stored; the processor will deliver it again.',
    );
  }
  // Each delivery is already in the delivery log (webhook_deliveries) with its outcome, and a quarantined one
  // is logged as a warning by ingest: a line per accepted delivery would only repeat them.
  log?.debug({ outcome: result.outcome, eventType: eventType.slice(0, 200) }, 'webhook received');
  switch (result.outcome) {
    case 'stored':
      return {
        status: 200,
        body: {
          ok: true,
          outcome: 'stored',
          eventId: result.eventId,
          message:
            result.disposition === 'declined'
              ? 'Declined payment recorded; it will not be posted.'
              : 'Stored.',
        },
      };
    case 'duplicate':
      return {
        status: 200,
        body: { ok: true, outcome: 'duplicate', eventId: result.eventId, message: 'Already received.' },
      };
    case 'quarantined':
      return {
        status: 200,
        body: {
          ok: true,
          outcome: 'quarantined',
          quarantineId: result.quarantineId,
          message: `Kept in quarantine for an operator (${result.reasonCode}).`,
        },
      };
  }
}
