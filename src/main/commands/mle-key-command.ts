/**
 * `clearpost mle-key [--data-dir DIR] [--rotate] [--remove KID] [--json]`: prints the installation's
 * message-encryption public key as a self-signed X.509 certificate (PEM) to register with Cybersource, and
 * says how. The first call makes the key pair; `--rotate` makes a new one while older keys keep decrypting
 * until `--remove` takes them away. The private key never leaves the vault.
 */
import { parseArgs } from 'node:util';
import type { CliIo } from '../lib/cli-io';
import { dataLayout, defaultDataDir } from '../paths';
import { defaultVault } from '../trust/setup-trust';
import { createMleKeyRing, type MleKeyInfo } from '../intake/cybersource/mle/mle-key-ring';

const DAY = 86_400_000;

// Cybersource Webhooks Implementation Guide, REST: "Message-Level Encryption" (create and register the key).
const HOW_TO_REGISTER = [
  'Register this certificate with Cybersource for webhook message-level encryption, either:',
  '  - Business Center: Payment Configuration > Key Management > add a key of type "Message-Level Encryption"',
  '    (webhooks), and upload the certificate below; or',
  '  - the key-management API: POST /kms/egress/v2/keys-asym with the certificate below as the key',
  '    (see "Message-Level Encryption" in the Cybersource Webhooks Implementation Guide, REST).',
  'Then name the key on the webhook subscription. Until Cybersource encrypts to it, older keys listed here',
  'keep decrypting.',
];

function age(info: MleKeyInfo, now: number): string {
  const days = Math.floor((now - info.createdAt) / DAY);
  return `${new Date(info.createdAt).toISOString()} (${String(days)} day${days === 1 ? '' : 's'} ago)`;
}

export async function mleKeyCommand(
  argv: readonly string[],
  io: CliIo,
  now: () => number = Date.now,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      rotate: { type: 'boolean', default: false },
      remove: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.rotate && values.remove !== undefined) {
    io.stderr('clearpost mle-key: --rotate and --remove go one at a time');
    return 2;
  }
  const layout = dataLayout(values['data-dir'] ?? defaultDataDir());
  const ring = createMleKeyRing(await defaultVault(layout), now);
  if (values.remove !== undefined) {
    const held = await ring.list();
    if (held.length <= 1 && held[0]?.kid === values.remove) {
      io.stderr('clearpost mle-key: that is the only key; rotate first, so webhooks can still be decrypted');
      return 2;
    }
    if (!(await ring.remove(values.remove))) {
      io.stderr(`clearpost mle-key: no key ${values.remove} is held`);
      return 1;
    }
    io.stdout(`Removed ${values.remove}: notifications encrypted to it can no longer be decrypted.`);
    return 0;
  }
  const current = values.rotate ? await ring.rotate() : await ring.ensure();
  const older = (await ring.list()).filter((k) => k.kid !== current.kid);
  if (values.json) {
    io.stdout(
      JSON.stringify({
        kid: current.kid,
        fingerprint: current.fingerprint,
        createdAt: current.createdAt,
        certificatePem: current.certificatePem,
        publicKeyPem: current.publicKeyPem,
        publicJwk: current.publicJwk,
        olderKeys: older.map((k) => ({ kid: k.kid, fingerprint: k.fingerprint, createdAt: k.createdAt })),
      }),
    );
    return 0;
  }
  const at = now();
  io.stdout(`Message-level encryption key for Cybersource webhooks${values.rotate ? ' (new)' : ''}`);
  io.stdout(`  Key id:      ${current.kid}`);
  io.stdout(`  Fingerprint: SHA-256 ${current.fingerprint}`);
  io.stdout(`  Created:     ${age(current, at)}`);
  io.stdout('');
  for (const line of HOW_TO_REGISTER) io.stdout(line);
  io.stdout('');
  io.stdout(current.certificatePem.trimEnd());
  if (older.length > 0) {
    io.stdout('');
    io.stdout('Older keys, still decrypting until removed (clearpost mle-key --remove KID):');
    for (const k of older) io.stdout(`  ${k.kid}  SHA-256 ${k.fingerprint}  created ${age(k, at)}`);
  }
  return 0;
}
