/**
 * `clearpost mle-key`: the certificate to register with Cybersource, made once and kept in the vault;
 * rotation keeps older keys decrypting; Settings shows each key's fingerprint and age.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { createApp } from '../../../src/main/app';
import { dispatchOk, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { supervisor } from '../intake/console-helper';
import { KEY, KEY_ID } from '../intake/webhook-helper';

const tempDir = useTempDirs();

async function mleKey(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['mle-key', ...argv], {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function certificateIn(text: string): X509Certificate {
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  if (!pem) throw new Error('no certificate printed');
  return new X509Certificate(pem);
}

const fingerprintOf = (cert: X509Certificate) =>
  createHash('sha256')
    .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .match(/../g)!
    .join(':');

describe('clearpost mle-key', () => {
  it('refuses contradictory or impossible requests with a plain message', async () => {
    const dataDir = tempDir();
    expect(await mleKey('--data-dir', dataDir, '--rotate', '--remove', 'x')).toMatchObject({
      code: 2,
      err: expect.stringContaining('one at a time') as unknown,
    });
    const first = await mleKey('--data-dir', dataDir, '--json');
    const { kid } = JSON.parse(first.out) as { kid: string };
    expect(await mleKey('--data-dir', dataDir, '--remove', kid)).toMatchObject({
      code: 2,
      err: expect.stringContaining('only key') as unknown,
    });
    expect(await mleKey('--data-dir', dataDir, '--remove', 'clearpost-mle-nope')).toMatchObject({ code: 1 });
  });

  it('prints a self-signed X.509 certificate for a key made once, and how to register it', async () => {
    const dataDir = tempDir();
    const first = await mleKey('--data-dir', dataDir);
    expect(first).toMatchObject({ code: 0, err: '' });
    const cert = certificateIn(first.out);
    const kid = /Key id:\s+(\S+)/.exec(first.out)?.[1];
    expect(cert.subject).toBe(`CN=${kid!}`);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 });
    expect(first.out).toContain(`SHA-256 ${fingerprintOf(cert)}`);
    expect(first.out).toContain('/kms/egress/v2/keys-asym');
    expect(first.out).toContain('Business Center');
    // Nothing secret is printed.
    expect(first.out).not.toContain('PRIVATE KEY');

    const again = await mleKey('--data-dir', dataDir);
    expect(certificateIn(again.out).fingerprint256).toBe(cert.fingerprint256);
  });

  it('rotates: a new key to register, the old one listed as still decrypting; Settings shows both', async () => {
    const dataDir = tempDir();
    const old = JSON.parse((await mleKey('--data-dir', dataDir, '--json')).out) as { kid: string };
    const rotated = await mleKey('--data-dir', dataDir, '--rotate');
    expect(rotated.code).toBe(0);
    const kid = /Key id:\s+(\S+)/.exec(rotated.out)?.[1];
    expect(kid).not.toBe(old.kid);
    expect(rotated.out).toContain('Older keys, still decrypting until removed');
    expect(rotated.out).toContain(old.kid);

    const app = await createApp({
      dataDir,
      mode: 'test',
      logger: silentLogger,
      webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, tolerance: 'off' }],
    });
    try {
      const view = await dispatchOk(app, 'settings.get', {}, supervisor);
      expect(view.webhookIntake?.mleKeys.map((k) => k.kid)).toEqual([kid, old.kid]);
      expect(view.webhookIntake?.mleKeys[0]).toMatchObject({ ageDays: 0 });
      expect(view.webhookIntake?.mleKeys[0]?.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
      expect(view.webhookIntake?.subscriptions).toEqual([
        {
          keyId: KEY_ID,
          webhookId: null,
          toleranceMinutes: 'off',
          signatureReading: null,
          signatureReadingSince: null,
          warning: expect.stringContaining('timestamp check is off') as unknown,
        },
      ]);
      // The private keys are not secrets an operator types: they are not listed among them.
      expect(view.secrets.map((x) => x.name).filter((n) => n.startsWith('mle.'))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
