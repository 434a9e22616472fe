/**
 * TLS for serve-mode tests: a throw-away self-signed certificate made with the `openssl` command (null, with
 * the reason, where it is missing), and HTTPS requests that trust exactly one certificate, named by its
 * SHA-256 fingerprint, as a console connecting to a Clearpost service pins it.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly certPem: string;
  readonly fingerprint256: string;
}

export function makeCertificate(
  dir: string,
  addresses: readonly string[],
): { ok: true; cert: TestCertificate } | { ok: false; reason: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=clearpost.test',
      '-addext',
      `subjectAltName=${addresses.map((a) => `IP:${a}`).join(',')}`,
    ],
    { encoding: 'utf8' },
  );
  if (made.error)
    return { ok: false, reason: `the openssl command is not available (${made.error.message})` };
  if (made.status !== 0) return { ok: false, reason: `openssl could not make a certificate: ${made.stderr}` };
  const certPem = readFileSync(certFile, 'utf8');
  return {
    ok: true,
    cert: { certFile, keyFile, certPem, fingerprint256: new X509Certificate(certPem).fingerprint256 },
  };
}

export interface PinnedResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * One HTTPS request that succeeds only with the pinned certificate: the handshake trusts that certificate
 * alone, and the fingerprint is compared before any byte of the request is sent.
 */
export function pinnedRequest(options: {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly certPem: string;
  readonly fingerprint256: string;
}): Promise<PinnedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.host,
        port: options.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: { Host: `${options.host}:${String(options.port)}`, ...options.headers },
        ca: options.certPem,
        agent: false,
        checkServerIdentity: (_host, cert) =>
          cert.fingerprint256 === options.fingerprint256
            ? undefined
            : new Error(`certificate fingerprint ${cert.fingerprint256} is not the pinned one`),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
