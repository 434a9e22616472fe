/**
 * Serve mode's vault (no OS keyring on a headless server): AES-256-GCM under either a random key in an
 * owner-only key file, created on first use, or a key derived from a passphrase with scrypt.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, makeFdOwnerOnly } from '../owner-only';
import { aesGcmSealer, openSync as openSealed, sealSync } from './aes-gcm-sealer';
import { createSealedFileVault, readVaultFile, writeVaultFile } from './sealed-file-vault';
import { VaultError, type Vault } from './vault';

export type ServeVaultKey =
  | { readonly type: 'key-file'; readonly path: string }
  | { readonly type: 'passphrase'; readonly passphrase: string };

/** OWASP's scrypt floor (N=2^17, r=8, p=1): about 128 MiB and a fraction of a second, once per start. */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const CHECK_NAME = 'clearpost-vault-check';
const CHECK_TEXT = 'clearpost';

export async function createServeVault(vaultFile: string, key: ServeVaultKey): Promise<Vault> {
  ensurePrivateDir(dirname(vaultFile), { tighten: true });
  if (key.type === 'key-file')
    return createSealedFileVault(vaultFile, aesGcmSealer(keyFromFile(key.path), 'key-file'));
  return createSealedFileVault(
    vaultFile,
    aesGcmSealer(await keyFromPassphrase(vaultFile, key.passphrase), 'passphrase'),
  );
}

/** Reads the key file, creating it (0600, 32 random bytes) on first use; refuses one others can read. */
export function keyFromFile(path: string): Buffer {
  if (!existsSync(path)) {
    ensurePrivateDir(dirname(path));
    let fd: number | null = null;
    try {
      fd = openSync(path, 'wx', 0o600);
      makeFdOwnerOnly(fd);
      writeSync(fd, randomBytes(32).toString('base64'));
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new VaultError(
      'unreadable',
      `The vault key file ${path} can be read by other users. Run \`chmod 600 ${path}\` and start again.`,
    );
  }
  const keyBytes = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (keyBytes.length !== 32) {
    throw new VaultError('unreadable', `The vault key file ${path} does not hold a 32-byte key (base64).`);
  }
  return keyBytes;
}

async function keyFromPassphrase(vaultFile: string, passphrase: string): Promise<Buffer> {
  if (passphrase.length < 12) {
    throw new VaultError('wrong_key', 'The vault passphrase must be at least 12 characters long.');
  }
  const file = readVaultFile(vaultFile);
  if (file.kdf) {
    const { salt, N, r, p, check } = file.kdf;
    const derived = await derive(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
    try {
      openSealed(derived, CHECK_NAME, Buffer.from(check, 'base64'));
    } catch {
      throw new VaultError('wrong_key', 'The vault passphrase is wrong: the vault could not be opened.');
    }
    return derived;
  }
  if (Object.keys(file.entries).length > 0) {
    throw new VaultError('wrong_key', 'This vault is sealed with a key file, not a passphrase.');
  }
  const salt = randomBytes(16);
  const derived = await derive(passphrase, salt, SCRYPT);
  const check = sealSync(derived, CHECK_NAME, CHECK_TEXT).toString('base64');
  writeVaultFile(vaultFile, {
    ...file,
    kdf: { type: 'scrypt', salt: salt.toString('base64'), ...SCRYPT, check },
  });
  return derived;
}

function derive(
  passphrase: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { ...params, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
