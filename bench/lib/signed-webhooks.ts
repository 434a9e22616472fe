/**
 * The webhook benchmarks' shared setup: one subscription, signed and message-level-encrypted Cybersource
 * capture webhooks built ahead of any measurement, and the bare server that does only the irreducible work on
 * them. `webhook-intake.bench.ts` (the ratio) and `webhook-profile.bench.ts` (the main thread's CPU) send the
 * same bodies to serve mode and to this server, so their figures speak of the same work.
 */
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import { compactDecrypt, CompactEncrypt } from 'jose';
import {
  parseSignatureHeader,
  signBody,
  type WebhookSubscription,
} from '../../src/main/intake/cybersource/signature';
import { payload } from '../../test/integration/intake/webhook-helper';

export const WEBHOOK_PATH = '/webhooks/cybersource';
const KEY = Buffer.from('clearpost-bench-webhook-secret-0123456789').toString('base64');
export const SUBSCRIPTION: WebhookSubscription = { keyId: 'bench-key', webhookId: 'bench-webhook', key: KEY };
export const EVENT_TYPE = 'payments.capture.status.accepted';

/** One delivery as it goes on the wire: the raw body and its headers (signature included). */
export interface SignedWebhook {
  readonly raw: string;
  readonly headers: Record<string, string>;
}

/**
 * The sample capture resource the intake tests use (their webhook helper), made new for each id: its own
 * link, id, reconciliation id and reference. The date and card expiry stay the bench's own, so the bodies are
 * the same to the byte as before the two shared the builder (the overrides keep the helper's key order).
 */
function resource(id: string): Record<string, unknown> {
  return payload({
    _links: { self: { href: `/pts/v2/captures/${id}`, method: 'GET' } },
    id,
    submitTimeUtc: '2026-03-03T14:55:00Z',
    reconciliationId: `R${id.slice(-10)}`,
    clientReferenceInformation: { code: `HB-${id}` },
    paymentInformation: {
      card: { type: '001', suffix: '1111', expirationMonth: '09', expirationYear: '2029' },
      customer: { id: 'CUST-TOKEN-9' },
    },
  });
}

/** `count` new capture webhooks (ids `prefix0`…), each resource encrypted to `publicKey` and the body signed. */
export async function signedWebhooks(
  prefix: string,
  count: number,
  kid: string,
  publicKey: KeyObject,
): Promise<SignedWebhook[]> {
  const out: SignedWebhook[] = [];
  for (let i = 0; i < count; i += 1) {
    const jwe = await new CompactEncrypt(
      new TextEncoder().encode(JSON.stringify(resource(`${prefix}${String(i)}`))),
    )
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid })
      .encrypt(publicKey);
    const raw = JSON.stringify({
      webhookId: SUBSCRIPTION.webhookId,
      transactionTraceId: `trace-${prefix}${String(i)}`,
      eventType: EVENT_TYPE,
      eventDate: '2026-03-03T14:55:01Z',
      retryNumber: 0,
      payload: { data: jwe },
    });
    out.push({
      raw,
      headers: {
        'content-type': 'application/json',
        'v-c-signature': signBody(raw, KEY, SUBSCRIPTION.keyId, Date.now()),
        'v-c-event-type': EVENT_TYPE,
        'v-c-webhook-id': SUBSCRIPTION.webhookId ?? '',
      },
    });
  }
  return out;
}

/** The irreducible work: HMAC over t + "." + payload, JWE decrypt with the same key, JSON parse, answer. */
export function bareWebhookServer(privateKey: KeyObject) {
  const hmacKey = Buffer.from(KEY, 'base64');
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parts = parseSignatureHeader(String(req.headers['v-c-signature']));
        const body = JSON.parse(raw) as { payload: { data: string } };
        const expected = createHmac('sha256', hmacKey)
          .update(`${parts?.t ?? ''}.${JSON.stringify(body.payload)}`)
          .digest();
        const given = Buffer.from(parts?.sig ?? '', 'base64');
        const ok = given.length === expected.length && timingSafeEqual(given, expected);
        const { plaintext } = await compactDecrypt(body.payload.data, privateKey);
        JSON.parse(new TextDecoder().decode(plaintext));
        res.statusCode = ok ? 200 : 401;
        res.setHeader('Content-Type', 'application/json');
        res.end('{"ok":true}');
      })();
    });
  });
}
