/**
 * The installation's message-encryption certificate is DER built by hand: every integer must take the fewest
 * bytes, or X509Certificate refuses it ("illegal padding"). A random serial starts with a zero byte about one
 * time in 128, which made about one start-up in 256 fail; 1,000 certificates from one key meet that case
 * with near certainty.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../../src/main/intake/cybersource/mle/self-signed-certificate';

describe('self-signed certificate', () => {
  it('is well-formed DER whatever its random serial: 1,000 parse and verify', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const serials = new Set<string>();
    for (let i = 0; i < 1_000; i += 1) {
      const pem = selfSignedCertificate({
        privateKey,
        commonName: 'Clearpost test',
        notBefore: Date.UTC(2026, 11, 6),
        notAfter: Date.UTC(2028, 11, 6),
      });
      const cert = new X509Certificate(pem);
      expect(cert.verify(publicKey)).toBe(true);
      serials.add(cert.serialNumber);
    }
    expect(serials.size).toBe(1_000);
  });
});
