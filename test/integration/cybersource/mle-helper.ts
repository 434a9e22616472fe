/** Real JWE for tests, made with `jose` the way Cybersource encrypts payment webhooks. */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { request } from 'node:http';
import { CompactEncrypt } from 'jose';
import { signBody, type SignatureReading } from '../../../src/main/intake/cybersource/signature';
import { KEY, KEY_ID, WEBHOOK_ID } from '../intake/webhook-helper';

export async function encryptTo(data: unknown, kid: string, publicKey: KeyObject): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(data)))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid })
    .encrypt(publicKey);
}

export function publicKeyOf(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** A key pair this installation does not hold. */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
}

export type Shape = 'payload' | 'payload.data' | 'payload[0].data';

export function shaped(shape: Shape, data: unknown): unknown {
  switch (shape) {
    case 'payload':
      return data;
    case 'payload.data':
      return { data };
    case 'payload[0].data':
      return [{ data }];
  }
}

export function notification(
  payload: unknown,
  eventType: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    webhookId: WEBHOOK_ID,
    transactionTraceId: `trace-${Math.random().toString(16).slice(2)}`,
    eventType,
    eventDate: '2025-03-03T14:55:01Z',
    retryNumber: 0,
    payload,
    ...overrides,
  };
}

export function headersFor(
  rawBody: string,
  eventType: string,
  reading: SignatureReading = 'payload-text',
  t: number = Date.now(),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'v-c-signature': signBody(rawBody, KEY, KEY_ID, t, reading),
    'v-c-event-type': eventType,
    'v-c-webhook-id': WEBHOOK_ID,
  };
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function call(
  port: number,
  method: string,
  path: string,
  body: string | null,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { ...headers, Host: 'payments.hospital.example' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}
