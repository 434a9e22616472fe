/**
 * A self-signed X.509 certificate for the message-encryption public key, built with node:crypto alone.
 * Cybersource's webhook service takes the MLE public key as an X.509 certificate, not a raw key
 * ("Message-Level Encryption", Cybersource Webhooks Implementation Guide, REST). node:crypto can sign but
 * not build certificates, so the few DER structures RFC 5280 needs are written here; the result is checked
 * with node's own X509Certificate parser (and verifies under its own key) before it is handed out.
 */
import {
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const part of rest) {
    const groups: number[] = [];
    for (let v = part; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(out));
}

function positiveInteger(bytes: Buffer): Buffer {
  // DER integers take the fewest bytes (X.690 §8.3.2: no leading zero byte unless the next has its high bit
  // set, which would read as negative), so leading zeros go and one comes back only for a high bit.
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const minimal = bytes.subarray(start);
  const first = minimal[0] ?? 0;
  return tlv(0x02, first & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

/** UTCTime (YYMMDDHHMMSSZ): RFC 5280 §4.1.2.5.1 requires it for dates through 2049. */
function utcTime(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

function commonName(cn: string): Buffer {
  return seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
}

export interface CertificateRequest {
  readonly privateKey: KeyObject;
  readonly commonName: string;
  readonly notBefore: number;
  readonly notAfter: number;
}

/** PEM of a v3 certificate whose issuer and subject are `commonName`, signed with SHA-256 and RSA. */
export function selfSignedCertificate(request: CertificateRequest): string {
  const publicKey = createPublicKey(request.privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = commonName(request.commonName);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // [0] EXPLICIT version v3
    positiveInteger(serial),
    SHA256_WITH_RSA,
    name,
    seq(utcTime(request.notBefore), utcTime(request.notAfter)),
    name,
    spki,
  );
  const signature = sign('sha256', tbs, request.privateKey);
  const der = seq(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.from([0]), signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  const parsed = new X509Certificate(pem);
  if (!parsed.verify(publicKey))
    throw new Error('the generated certificate does not verify under its own key');
  return pem;
}

/** The private key back from its PKCS#8 PEM (as sealed in the vault). */
export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey(pem);
}
