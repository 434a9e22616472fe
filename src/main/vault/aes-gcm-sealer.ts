/**
 * AES-256-GCM sealing for serve mode: a fresh 96-bit nonce per value, the secret's name and binding as
 * associated data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sealedLabel, VaultError, type Sealer, type Vault } from './vault';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function aesGcmSealer(key: Buffer, protection: Vault['protection']): Sealer {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    protection,
    seal: (name, plaintext, context) => Promise.resolve(sealSync(key, name, plaintext, context)),
    open: (name, sealed, context) => Promise.resolve().then(() => openSync(key, name, sealed, context)),
  };
}

export function sealSync(key: Buffer, name: string, plaintext: string, context?: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(sealedLabel(name, context), 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
}

export function openSync(key: Buffer, name: string, sealed: Buffer, context?: string): string {
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
    throw new VaultError('unreadable', `The sealed value of ${name} is damaged`);
  }
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(sealedLabel(name, context), 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(1 + NONCE_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new VaultError(
      'wrong_key',
      `The sealed value of ${name} does not open with this vault's key (another key, or the value was altered)`,
    );
  }
}
