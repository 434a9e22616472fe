/**
 * What the desktop keeps to reach its service between starts, sealed in the vault and bound to the service's
 * address and account: the loopback console token (from the printed link) and, when asked, the session.
 * The password is never kept. Where the vault cannot seal (no OS keyring), nothing is kept and the caller
 * says so: the person signs in again at the next start.
 */
import type { SecretBinding } from '../vault/secret-binding';
import { VaultError, type Vault } from '../vault/vault';

const SESSION = 'service.session';
const TOKEN = 'service.token';

export interface ServiceIdentity {
  readonly origin: string;
  readonly username: string;
}

function binding(who: ServiceIdentity): SecretBinding {
  return { purpose: 'clearpost-service', owner: who.username, endpoint: who.origin };
}

/** Seals `value` under `name`; returns why it could not be kept, or null. */
async function keep(vault: Vault, name: string, value: string, who: ServiceIdentity): Promise<string | null> {
  try {
    await vault.set(name, value, binding(who));
    return null;
  } catch (error) {
    if (error instanceof VaultError) return error.message;
    throw error;
  }
}

async function read(vault: Vault, name: string, who: ServiceIdentity): Promise<string | null> {
  try {
    return await vault.get(name, binding(who));
  } catch (error) {
    // Kept for another service or account, or unreadable: as if nothing was kept (sign in again).
    if (error instanceof VaultError) return null;
    throw error;
  }
}

export const keepSession = (vault: Vault, session: string, who: ServiceIdentity) =>
  keep(vault, SESSION, session, who);
export const keepToken = (vault: Vault, token: string, who: ServiceIdentity) =>
  keep(vault, TOKEN, token, who);
export const readSession = (vault: Vault, who: ServiceIdentity) => read(vault, SESSION, who);
export const readToken = (vault: Vault, who: ServiceIdentity) => read(vault, TOKEN, who);

export async function forgetSession(vault: Vault): Promise<void> {
  await vault.delete(SESSION).catch(() => false);
}

export async function forgetAll(vault: Vault): Promise<void> {
  await vault.delete(SESSION).catch(() => false);
  await vault.delete(TOKEN).catch(() => false);
}
