/**
 * Cybersource webhook signatures (Cybersource Webhooks Implementation Guide, REST, "Validating a
 * Notification with the Digital Signature Key"):
 *
 *   v-c-signature: t=<timestamp>;keyId=<key id>;sig=<base64>
 *   sig = Base64(HMAC-SHA256(key = Base64-decode(shared secret), message = t + "." + <what is signed>))
 *
 * What is signed is published three ways, so each is tried (all in constant time) and the one that matched
 * is recorded per subscription:
 *   payload-text  the guide: "the timestamp and the payload from the body of the notification", i.e. the
 *                 payload's text exactly as it appears in the received body;
 *   raw-body      Cybersource's newer commerce cartridge: the whole raw body;
 *   payload-json  its older cartridge: JSON.stringify of the parsed payload.
 * A body whose payload changed after signing matches none of them.
 *
 * `t` may be epoch seconds or milliseconds (public examples do not settle it): above 10^12 it is milliseconds.
 * The tolerance for `t` is per subscription: default 5 minutes, or off (the guide's own sample ships with the
 * check disabled), which is logged as a warning and shown in Settings.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { EventSource } from '../../../shared/domain';
import { rawPayloadText as rawPayloadTextOf } from './raw-payload-text';

export const SIGNATURE_READINGS = ['payload-text', 'raw-body', 'payload-json'] as const;
export type SignatureReading = (typeof SIGNATURE_READINGS)[number];

/** One configured webhook subscription and its signing key (from the credential store or the command line). */
export interface WebhookSubscription {
  /**
   * The subscription's webhook id. Checked against the envelope (and `v-c-webhook-id`) only when configured:
   * it is never the key id, and guessing it would refuse every real notification.
   */
  readonly webhookId?: string | null;
  readonly keyId: string;
  /** The shared secret, Base64 as the processor shows it. */
  readonly key: string;
  /** Milliseconds `t` may be away from this computer's clock; 'off' disables the check (default 5 min). */
  readonly tolerance?: number | 'off';
  /**
   * The source events authenticated by this subscription are stored with (default `webhook`). The sandbox's
   * own subscription says `sandbox`, so synthetic payments stay distinguishable from real ones, and only a
   * sender holding that subscription's key can produce them.
   */
  readonly source?: EventSource;
}

export type SignatureFailure =
  | 'missing_signature'
  | 'malformed_signature'
  | 'unknown_key'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'webhook_mismatch';

export interface SignatureParts {
  readonly t: string;
  readonly keyId: string;
  readonly sig: string;
}

export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

/** Parses `t=..;keyId=..;sig=..` (any order, spaces tolerated); null when a part is missing. */
export function parseSignatureHeader(header: string): SignatureParts | null {
  const parts = new Map<string, string>();
  for (const piece of header.split(';')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    // Split at the first '=' only: Base64 signatures end in '=' padding.
    parts.set(piece.slice(0, eq).trim().toLowerCase(), piece.slice(eq + 1).trim());
  }
  const t = parts.get('t');
  const keyId = parts.get('keyid');
  const sig = parts.get('sig');
  if (!t || !keyId || !sig || !/^\d{1,16}$/.test(t)) return null;
  return { t, keyId, sig };
}

/** The timestamp in epoch milliseconds. */
export function timestampMs(t: string): number {
  const n = Number(t);
  return n > 1e12 ? n : n * 1000;
}

// The shared secret decoded once per subscription, not once per reading of every notification.
const secretKeys = new Map<string, KeyObject>();

function secretKey(keyBase64: string): KeyObject {
  let key = secretKeys.get(keyBase64);
  if (!key) {
    key = createSecretKey(Buffer.from(keyBase64, 'base64'));
    // A handful of subscriptions in practice; bounded all the same, as keys are replaced over the years.
    if (secretKeys.size >= 64) secretKeys.clear();
    secretKeys.set(keyBase64, key);
  }
  return key;
}

function hmac(keyBase64: string, t: string, signed: string): Buffer {
  return createHmac('sha256', secretKey(keyBase64)).update(`${t}.${signed}`, 'utf8').digest();
}

/** What each reading signs, given the raw body. */
export interface SignedTexts {
  readonly rawBody: string;
  /** The payload's text as it appears in the body; null when the body has no top-level payload. */
  readonly payloadText: string | null;
  /** The parsed payload (JSON.stringify of it is the payload-json reading). */
  readonly payload: unknown;
}

function textFor(reading: SignatureReading, texts: SignedTexts): string | null {
  switch (reading) {
    case 'payload-text':
      return texts.payloadText;
    case 'raw-body':
      return texts.rawBody;
    case 'payload-json':
      // JSON.stringify returns undefined (typed as string) for an undefined payload.
      return texts.payload === undefined ? null : JSON.stringify(texts.payload);
  }
}

/**
 * The `v-c-signature` header for a body under one reading, as Cybersource would send it (tests, sandbox).
 * Defaults to the guide's reading, the payload's text as it appears in the body.
 */
export function signBody(
  rawBody: string,
  key: string,
  keyId: string,
  t: number | string,
  reading: SignatureReading = 'payload-text',
): string {
  const ts = String(t);
  const payloadText = rawPayloadTextOf(rawBody);
  const payload = payloadText === null ? undefined : (JSON.parse(payloadText) as unknown);
  const text = textFor(reading, { rawBody, payloadText, payload }) ?? '';
  return `t=${ts};keyId=${keyId};sig=${hmac(key, ts, text).toString('base64')}`;
}

/** The header for an envelope under the payload-json reading (its body is JSON.stringify of the envelope). */
export function signWebhook(
  envelope: { readonly payload?: unknown },
  key: string,
  keyId: string,
  t: number | string,
): string {
  return signBody(JSON.stringify(envelope), key, keyId, t, 'payload-json');
}

export function toleranceOf(subscription: WebhookSubscription, fallbackMs?: number): number | 'off' {
  return subscription.tolerance ?? fallbackMs ?? DEFAULT_TOLERANCE_MS;
}

export type HeaderCheck =
  | { readonly ok: true; readonly parts: SignatureParts; readonly subscription: WebhookSubscription }
  | { readonly ok: false; readonly failure: SignatureFailure };

/**
 * Everything that can be judged from the header alone: its form, a configured key id, a fresh timestamp
 * (under that subscription's tolerance). The receiver runs it before it parses the body, so a stranger who
 * does not even know a key id costs a header parse, not a JSON parse.
 */
export function checkSignatureHeader(
  header: string | null,
  subscriptions: readonly WebhookSubscription[],
  now: number,
  fallbackToleranceMs?: number,
): HeaderCheck {
  if (!header) return { ok: false, failure: 'missing_signature' };
  const parts = parseSignatureHeader(header);
  if (!parts) return { ok: false, failure: 'malformed_signature' };
  const subscription = subscriptions.find((s) => s.keyId === parts.keyId);
  if (!subscription) return { ok: false, failure: 'unknown_key' };
  const tolerance = toleranceOf(subscription, fallbackToleranceMs);
  if (tolerance !== 'off' && Math.abs(now - timestampMs(parts.t)) > tolerance)
    return { ok: false, failure: 'stale_timestamp' };
  return { ok: true, parts, subscription };
}

export interface VerifyInput extends SignedTexts {
  readonly header: string | null;
  /** The envelope's `webhookId`. */
  readonly webhookId: unknown;
  /** The `v-c-webhook-id` header, when sent. */
  readonly webhookIdHeader?: string | null;
  readonly subscriptions: readonly WebhookSubscription[];
  readonly now: number;
  readonly toleranceMs?: number;
}

export type VerifyResult =
  | {
      readonly ok: true;
      readonly subscription: WebhookSubscription;
      readonly reading: SignatureReading;
    }
  | { readonly ok: false; readonly failure: SignatureFailure };

export function verifySignature(input: VerifyInput): VerifyResult {
  const checked = checkSignatureHeader(input.header, input.subscriptions, input.now, input.toleranceMs);
  if (!checked.ok) return checked;
  return verifyCheckedSignature(
    checked,
    {
      rawBody: input.rawBody,
      payloadText: () => input.payloadText,
      payloadJson: () => textFor('payload-json', input),
    },
    input,
  );
}

/**
 * What each reading signs, each worked out only when that reading is tried (the receiver's way: the payload
 * is re-serialised only for a notification the first readings did not match).
 */
export interface LazySignedTexts {
  readonly rawBody: string;
  /** The payload's text as it appears in the body; null when the body has no top-level payload. */
  readonly payloadText: () => string | null;
  /** JSON.stringify of the parsed payload; null when there is none. */
  readonly payloadJson: () => string | null;
}

/**
 * The signature of a notification whose header already passed `checkSignatureHeader` (form, key id,
 * timestamp), checked against every published reading, then the webhook id when one is configured.
 *
 * Readings are tried in the published order and the first that matches is the one recorded. Each comparison
 * is constant time; trying stops at a match, which a forged or altered message never reaches (it pays for
 * every reading), so what stopping early can tell is only which reading a correctly signed message used.
 */
export function verifyCheckedSignature(
  checked: Extract<HeaderCheck, { ok: true }>,
  texts: LazySignedTexts,
  ids: { readonly webhookId: unknown; readonly webhookIdHeader?: string | null },
): VerifyResult {
  const { parts, subscription } = checked;
  const given = Buffer.from(parts.sig, 'base64');
  let matched: SignatureReading | null = null;
  for (const reading of SIGNATURE_READINGS) {
    const text =
      reading === 'raw-body'
        ? texts.rawBody
        : reading === 'payload-text'
          ? texts.payloadText()
          : texts.payloadJson();
    const expected = hmac(subscription.key, parts.t, text ?? '');
    // timingSafeEqual needs equal lengths; compare against itself on a length mismatch so timing stays flat.
    const sameLength = given.length === expected.length;
    const equal = timingSafeEqual(sameLength ? given : expected, expected) && sameLength && text !== null;
    if (equal) {
      matched = reading;
      break;
    }
  }
  if (matched === null) return { ok: false, failure: 'bad_signature' };
  const configured = subscription.webhookId ?? null;
  if (configured !== null) {
    if (ids.webhookId !== configured) return { ok: false, failure: 'webhook_mismatch' };
    if (ids.webhookIdHeader && ids.webhookIdHeader !== configured)
      return { ok: false, failure: 'webhook_mismatch' };
  }
  return { ok: true, subscription, reading: matched };
}
