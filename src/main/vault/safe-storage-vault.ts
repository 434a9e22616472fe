/**
 * The desktop vault: values sealed by Electron's safeStorage (Keychain, DPAPI, libsecret / KWallet) through
 * its async API. Written against the slice of `safeStorage` it uses (a type import only), so it runs under
 * test with a small fake; src/main/index.ts hands it the real one.
 */
import type { SafeStorage } from 'electron';
import { createSealedFileVault } from './sealed-file-vault';
import { sealedLabel, VaultError, type Sealer, type Vault } from './vault';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export const BASIC_TEXT_REFUSAL =
  'Clearpost will not store this secret: this Linux desktop offers no keyring, so Electron would keep it ' +
  'under a hard-coded key ("basic_text" storage), which is no protection. Install and unlock a keyring ' +
  '(GNOME Keyring with libsecret, or KWallet), or start Clearpost with --password-store=gnome-libsecret ' +
  '(or kwallet5 / kwallet6), then set the secret again. Nothing was stored.';

export function safeStorageSealer(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): Sealer {
  const assertRealKeyring = async (): Promise<void> => {
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text') throw new VaultError('no_keyring', BASIC_TEXT_REFUSAL);
      if (backend === 'unknown') {
        throw new VaultError('no_keyring', 'The OS keyring is not ready yet; try again in a moment.');
      }
    }
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new VaultError(
        'no_keyring',
        'The operating system offers no encryption for Clearpost secrets right now (keyring locked or ' +
          'unavailable). Unlock it and try again. Nothing was stored.',
      );
    }
  };
  return {
    protection: 'os-keyring',
    async seal(name, plaintext, context) {
      await assertRealKeyring();
      // safeStorage takes no associated data: the name (and binding) travel inside and are checked on the way out.
      return safeStorage.encryptStringAsync(`${sealedLabel(name, context)}\n${plaintext}`);
    },
    async open(name, sealed, context) {
      let text: string;
      try {
        ({ result: text } = await safeStorage.decryptStringAsync(sealed));
      } catch {
        throw new VaultError(
          'wrong_key',
          `The OS keyring could not open ${name} (another user, another machine, or a reset keyring). Set it again.`,
        );
      }
      const label = `${sealedLabel(name, context)}\n`;
      if (!text.startsWith(label)) throw new VaultError('wrong_key', `The sealed value of ${name} was moved`);
      return text.slice(label.length);
    },
  };
}

export function createSafeStorageVault(vaultFile: string, safeStorage: SafeStorageLike): Vault {
  return createSealedFileVault(vaultFile, safeStorageSealer(safeStorage));
}
