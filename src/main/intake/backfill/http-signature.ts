/**
 * Cybersource REST "HTTP Signature" authentication, as its REST API guide and its own client
 * (github.com/CyberSource/cybersource-rest-client-node, authentication/http) describe it:
 *
 *   Signature: keyid="<key id>", algorithm="HmacSHA256",
 *              headers="host date (request-target) digest v-c-merchant-id", signature="<base64>"
 *
 * The signed text is one `name: value` line per listed header, joined by "\n", where `(request-target)` is
 * the lowercase method, a space and the path with its query. `digest` (SHA-256 of the body, base64) is
 * listed only for requests with a body. The HMAC key is the base64-decoded shared secret. The same module
 * verifies, for the sandbox simulator, which must refuse exactly what Cybersource would.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SigningCredentials {
  readonly merchantId: string;
  readonly keyId: string;
  /** The shared secret as Cybersource shows it: base64. */
  readonly sharedSecret: string;
}

export interface SignableRequest {
  readonly method: string;
  /** Path and query, exactly as sent: `/reporting/v3/report-downloads?organizationId=…`. */
  readonly target: string;
  /** Host header: host name, and port when not the default. */
  readonly host: string;
  readonly body?: string;
  /** RFC 7231 date (`new Date().toUTCString()`). */
  readonly date: string;
}

export function bodyDigest(body: string): string {
  return `SHA-256=${createHash('sha256').update(body, 'utf8').digest('base64')}`;
}

function signedText(names: readonly string[], values: Readonly<Record<string, string>>): string {
  return names.map((name) => `${name}: ${values[name] ?? ''}`).join('\n');
}

function hmac(secretBase64: string, text: string): string {
  return createHmac('sha256', Buffer.from(secretBase64, 'base64')).update(text, 'utf8').digest('base64');
}

/** The headers to send: host, date, digest (with a body), v-c-merchant-id and signature. */
export function signRequest(
  request: SignableRequest,
  credentials: SigningCredentials,
): Record<string, string> {
  const hasBody = request.body !== undefined && request.body !== '';
  const values: Record<string, string> = {
    host: request.host,
    date: request.date,
    '(request-target)': `${request.method.toLowerCase()} ${request.target}`,
    'v-c-merchant-id': credentials.merchantId,
  };
  if (hasBody) values.digest = bodyDigest(request.body ?? '');
  const names = hasBody
    ? ['host', 'date', '(request-target)', 'digest', 'v-c-merchant-id']
    : ['host', 'date', '(request-target)', 'v-c-merchant-id'];
  const signature = hmac(credentials.sharedSecret, signedText(names, values));
  return {
    host: request.host,
    date: request.date,
    ...(hasBody ? { digest: values.digest ?? '' } : {}),
    'v-c-merchant-id': credentials.merchantId,
    signature: `keyid="${credentials.keyId}", algorithm="HmacSHA256", headers="${names.join(' ')}", signature="${signature}"`,
  };
}

/** `keyid="a", algorithm="b"` → { keyid: 'a', algorithm: 'b' }. */
export function parseSignatureHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of header.matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
    const [, name, value] = match;
    if (name !== undefined && value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

export interface ReceivedRequest {
  readonly method: string;
  readonly target: string;
  /** Lowercase header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export type VerifyResult =
  | { readonly ok: true; readonly merchantId: string; readonly keyId: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a request as the REST API does: every required header signed, the body's digest matching, the
 * date fresh, and the HMAC right under the key the `keyid` names (compared in constant time).
 */
export function verifyRequest(
  request: ReceivedRequest,
  secretOf: (keyId: string) => { readonly sharedSecret: string; readonly merchantId: string } | null,
  now: number,
  toleranceMs = 15 * 60_000,
): VerifyResult {
  const header = request.headers.signature;
  if (!header) return { ok: false, reason: 'no Signature header' };
  const params = parseSignatureHeader(header);
  if (params.algorithm !== 'HmacSHA256') return { ok: false, reason: 'algorithm is not HmacSHA256' };
  const keyId = params.keyid;
  const key = keyId ? secretOf(keyId) : null;
  if (!keyId || !key) return { ok: false, reason: 'unknown keyid' };
  const names = (params.headers ?? '').split(' ').filter((n) => n !== '');
  const hasBody = request.body !== '';
  const required = ['host', 'date', '(request-target)', 'v-c-merchant-id', ...(hasBody ? ['digest'] : [])];
  if (required.some((n) => !names.includes(n)))
    return { ok: false, reason: 'a required header is not signed' };
  const merchantId = request.headers['v-c-merchant-id'] ?? '';
  if (merchantId !== key.merchantId)
    return { ok: false, reason: 'v-c-merchant-id is not the key’s merchant' };
  if (hasBody && request.headers.digest !== bodyDigest(request.body))
    return { ok: false, reason: 'digest does not match the body' };
  const date = Date.parse(request.headers.date ?? '');
  if (Number.isNaN(date) || Math.abs(now - date) > toleranceMs)
    return { ok: false, reason: 'date is missing or not current' };
  const values: Record<string, string> = {
    '(request-target)': `${request.method.toLowerCase()} ${request.target}`,
  };
  for (const name of names) if (name !== '(request-target)') values[name] = request.headers[name] ?? '';
  const expected = Buffer.from(hmac(key.sharedSecret, signedText(names, values)), 'base64');
  const given = Buffer.from(params.signature ?? '', 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature does not match' };
  return { ok: true, merchantId, keyId };
}
