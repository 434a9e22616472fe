/**
 * Who can reach serve mode. On loopback (127.0.0.0/8, ::1, localhost) only this computer can: the console
 * token in the printed link gates it, as before, and TLS is optional. Any other address puts the console on
 * the hospital's network, where a password or a session id must never cross in the clear: it listens only
 * with TLS, and only accounts sign in (a token in a link would end up in bookmarks, chat and proxy logs).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** SHA-256 of the certificate, colon-separated hex: what a console pins. */
  readonly fingerprint256: string;
  /** When the certificate stops being valid (ms since the epoch). */
  readonly validTo: number;
}

export interface Exposure {
  readonly host: string;
  readonly loopback: boolean;
  readonly tls: TlsMaterial | null;
}

export type ExposureResult =
  { readonly ok: true; readonly exposure: Exposure } | { readonly ok: false; readonly message: string };

/** Loopback addresses: the whole of 127.0.0.0/8 (RFC 1122 section 3.2.1.3), ::1, and the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

export function decideExposure(options: {
  readonly host: string;
  readonly tlsCertFile?: string | undefined;
  readonly tlsKeyFile?: string | undefined;
}): ExposureResult {
  const host = options.host.trim();
  if (host === '') return { ok: false, message: '--host needs an address' };
  const loopback = isLoopbackHost(host);
  const { tlsCertFile, tlsKeyFile } = options;
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined))
    return { ok: false, message: '--tls-cert and --tls-key go together' };
  if (tlsCertFile === undefined || tlsKeyFile === undefined) {
    if (loopback) return { ok: true, exposure: { host, loopback, tls: null } };
    return {
      ok: false,
      message:
        `refusing to serve plain HTTP on ${host}, which other computers can reach: passwords and sessions ` +
        'would cross the network in the clear. Give --tls-cert FILE and --tls-key FILE (PEM), or leave out ' +
        '--host to serve this computer only (127.0.0.1).',
    };
  }
  const tls = readTls(tlsCertFile, tlsKeyFile);
  if (!tls.ok) return tls;
  return { ok: true, exposure: { host, loopback, tls: tls.material } };
}

function readTls(
  certFile: string,
  keyFile: string,
): { ok: true; material: TlsMaterial } | { ok: false; message: string } {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(certFile);
  } catch (error) {
    return { ok: false, message: `cannot read the TLS certificate ${certFile}: ${reason(error)}` };
  }
  try {
    key = readFileSync(keyFile);
  } catch (error) {
    return { ok: false, message: `cannot read the TLS key ${keyFile}: ${reason(error)}` };
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    return { ok: false, message: `${certFile} is not a PEM certificate` };
  }
  try {
    // The key must be the certificate's own, or every connection would fail at the handshake instead.
    if (!x509.checkPrivateKey(createPrivateKey(key)))
      return { ok: false, message: `the TLS key ${keyFile} does not belong to the certificate ${certFile}` };
  } catch {
    return { ok: false, message: `${keyFile} is not an unencrypted PEM private key` };
  }
  return {
    ok: true,
    material: { cert, key, fingerprint256: x509.fingerprint256, validTo: Date.parse(x509.validTo) },
  };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
}
