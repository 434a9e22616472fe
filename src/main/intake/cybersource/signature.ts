/**
 * Cybersource webhook signatures (domain.md §6):
 *
 *   v-c-signature: t=<timestamp>;keyId=<key id>;sig=<base64>
 *   sig = Base64(HMAC-SHA256(key = Base64-decode(shared secret), message = t + "." + JSON.stringify(payload)))
 *
 * `t` may be epoch seconds or milliseconds (public examples do not settle it): above 10^12 it is milliseconds.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EventSource } from '../../../shared/domain';

/** One configured webhook subscription and its signing key (from the credential store or the command line). */
export interface WebhookSubscription {
  readonly webhookId: string;
  readonly keyId: string;
  /** The shared secret, Base64 as the processor shows it. */
  readonly key: string;
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

export function signatureMessage(t: string, payload: unknown): string {
  // Typed as string, JSON.stringify returns undefined for an undefined payload (or a function or symbol).
  const json = JSON.stringify(payload) as string | undefined;
  return `${t}.${json ?? ''}`;
}

export function computeSignature(keyBase64: string, t: string, payload: unknown): Buffer {
  return createHmac('sha256', Buffer.from(keyBase64, 'base64'))
    .update(signatureMessage(t, payload), 'utf8')
    .digest();
}

/** The `v-c-signature` header value for an envelope, as Cybersource would send it (tests, sandbox generator). */
export function signWebhook(
  envelope: { readonly payload?: unknown },
  key: string,
  keyId: string,
  t: number | string,
): string {
  const ts = String(t);
  return `t=${ts};keyId=${keyId};sig=${computeSignature(key, ts, envelope.payload).toString('base64')}`;
}

export interface VerifyInput {
  readonly header: string | null;
  /** The parsed envelope: its `payload` is what is signed, its `webhookId` must match the subscription. */
  readonly envelope: { readonly payload?: unknown; readonly webhookId?: unknown };
  /** The `v-c-webhook-id` header, when sent; must match too. */
  readonly webhookIdHeader?: string | null;
  readonly subscriptions: readonly WebhookSubscription[];
  readonly now: number;
  readonly toleranceMs?: number;
}

export type VerifyResult =
  | { readonly ok: true; readonly subscription: WebhookSubscription }
  | { readonly ok: false; readonly failure: SignatureFailure };

export type HeaderCheck =
  | { readonly ok: true; readonly parts: SignatureParts; readonly subscription: WebhookSubscription }
  | { readonly ok: false; readonly failure: SignatureFailure };

/**
 * Everything that can be judged from the header alone: its form, a configured key id, a fresh timestamp.
 * The receiver runs it before it parses the body, so a stranger who does not even know a key id costs a
 * header parse, not a JSON parse.
 */
export function checkSignatureHeader(
  header: string | null,
  subscriptions: readonly WebhookSubscription[],
  now: number,
  toleranceMs: number = DEFAULT_TOLERANCE_MS,
): HeaderCheck {
  if (!header) return { ok: false, failure: 'missing_signature' };
  const parts = parseSignatureHeader(header);
  if (!parts) return { ok: false, failure: 'malformed_signature' };
  const subscription = subscriptions.find((s) => s.keyId === parts.keyId);
  if (!subscription) return { ok: false, failure: 'unknown_key' };
  if (Math.abs(now - timestampMs(parts.t)) > toleranceMs) return { ok: false, failure: 'stale_timestamp' };
  return { ok: true, parts, subscription };
}

export function verifySignature(input: VerifyInput): VerifyResult {
  const checked = checkSignatureHeader(input.header, input.subscriptions, input.now, input.toleranceMs);
  if (!checked.ok) return checked;
  const { parts, subscription } = checked;
  const expected = computeSignature(subscription.key, parts.t, input.envelope.payload);
  const given = Buffer.from(parts.sig, 'base64');
  // timingSafeEqual needs equal lengths; compare against itself on a length mismatch so timing stays flat.
  const sameLength = given.length === expected.length;
  const equal = timingSafeEqual(sameLength ? given : expected, expected) && sameLength;
  if (!equal) return { ok: false, failure: 'bad_signature' };
  if (input.envelope.webhookId !== subscription.webhookId) return { ok: false, failure: 'webhook_mismatch' };
  if (input.webhookIdHeader && input.webhookIdHeader !== subscription.webhookId) {
    return { ok: false, failure: 'webhook_mismatch' };
  }
  return { ok: true, subscription };
}
