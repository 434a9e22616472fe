/**
 * A vault kept as one owner-only JSON file of sealed values (base64), replaced whole on every change. The
 * file holds no plaintext: sealing (OS keyring or AES-256-GCM) happens before anything is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../lib/atomic-write';
import { bindingKey, describeBinding, sameBinding, secretBindingSchema } from './secret-binding';
import { assertSecretName, VaultError, type Sealer, type Vault } from './vault';

export const VAULT_FORMAT = 'clearpost-vault/1';

export const vaultFileSchema = z
  .object({
    format: z.literal(VAULT_FORMAT),
    /** Key derivation of passphrase vaults (the salt is not secret). */
    kdf: z
      .object({
        type: z.literal('scrypt'),
        salt: z.string(),
        N: z.number().int(),
        r: z.number().int(),
        p: z.number().int(),
        /** A known value sealed with the derived key: a wrong passphrase is told apart from damage. */
        check: z.string(),
      })
      .optional(),
    entries: z.record(z.string(), z.string()),
    /**
     * What each entry was entered for (not secret; sealed into the entry as associated data too, so
     * editing it here makes the entry unreadable). An entry without one predates bindings: re-enter it.
     */
    bindings: z.record(z.string(), secretBindingSchema).optional(),
  })
  .strict();
export type VaultFile = z.output<typeof vaultFileSchema>;

export function readVaultFile(path: string): VaultFile {
  if (!existsSync(path)) return { format: VAULT_FORMAT, entries: {} };
  try {
    return vaultFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new VaultError(
      'unreadable',
      `The vault file ${path} is damaged. It was left as it is; restore it from a backup or set the secrets again.`,
    );
  }
}

export function writeVaultFile(path: string, file: VaultFile): void {
  writeFileAtomic(path, [Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8')], { mode: 0o600 });
}

export function createSealedFileVault(path: string, sealer: Sealer): Vault {
  // One change at a time: each read-modify-write sees the previous one's result.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => T | Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    protection: sealer.protection,
    set: (name, value, binding) =>
      serial(async () => {
        assertSecretName(name);
        if (value.length === 0) {
          throw new VaultError('empty_value', 'A secret cannot be empty; delete it instead');
        }
        const bound = secretBindingSchema.parse(binding);
        const sealed = await sealer.seal(name, value, bindingKey(bound));
        const file = readVaultFile(path);
        writeVaultFile(path, {
          ...file,
          entries: { ...file.entries, [name]: sealed.toString('base64') },
          bindings: { ...file.bindings, [name]: bound },
        });
      }),
    get: async (name, binding) => {
      assertSecretName(name);
      const file = readVaultFile(path);
      const sealed = file.entries[name];
      if (sealed === undefined) return null;
      const stored = file.bindings?.[name];
      // Refused here, before any caller could send it: the value was typed for somewhere else.
      if (!stored) {
        throw new VaultError(
          'needs_reentry',
          `The secret ${name} was stored before Clearpost bound secrets to their endpoint; enter it again ` +
            `for ${describeBinding(binding)}.`,
        );
      }
      if (!sameBinding(stored, binding)) {
        throw new VaultError(
          'needs_reentry',
          `The secret ${name} was entered for ${describeBinding(stored)}, not for ${describeBinding(binding)}; ` +
            'nothing was sent. Enter the secret again to use it there.',
        );
      }
      return sealer.open(name, Buffer.from(sealed, 'base64'), bindingKey(stored));
    },
    bindingOf: (name) =>
      Promise.resolve().then(() => {
        assertSecretName(name);
        const file = readVaultFile(path);
        if (!Object.hasOwn(file.entries, name)) return null;
        return file.bindings?.[name] ?? 'unbound';
      }),
    // Promise-returning throughout, so a bad name or a damaged file arrives as a rejection.
    has: (name) =>
      Promise.resolve().then(() => {
        assertSecretName(name);
        return Object.hasOwn(readVaultFile(path).entries, name);
      }),
    delete: (name) =>
      serial(() => {
        assertSecretName(name);
        const file = readVaultFile(path);
        if (!Object.hasOwn(file.entries, name)) return false;
        const without = <T>(record: Record<string, T>) =>
          Object.fromEntries(Object.entries(record).filter(([key]) => key !== name));
        writeVaultFile(path, {
          ...file,
          entries: without(file.entries),
          ...(file.bindings ? { bindings: without(file.bindings) } : {}),
        });
        return true;
      }),
    names: () => Promise.resolve().then(() => Object.keys(readVaultFile(path).entries).sort()),
  };
}
