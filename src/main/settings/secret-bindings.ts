/**
 * Which binding the saved settings give each vault name: an EHR client secret belongs to its connection's
 * token URL (and base URL, which receives the token it buys), the SMTP password to the SMTP host and port,
 * a webhook key to its subscription. A secret is stored for the binding of the settings saved when it is
 * typed, and read back only for the binding of the settings in force when it is used.
 */
import {
  canonicalHost,
  canonicalUrl,
  describeBinding,
  originOf,
  sameBinding,
  type SecretBinding,
} from '../vault/secret-binding';
import { VaultError, type Vault } from '../vault/vault';
import type { ConnectionSetting, Settings } from './schema';
import { SettingsError } from './settings-store';

export function connectionBinding(c: Pick<ConnectionSetting, 'id' | 'tokenUrl' | 'baseUrl'>): SecretBinding {
  return {
    purpose: 'ehr-client-secret',
    owner: c.id,
    endpoint: canonicalUrl(c.tokenUrl),
    api: originOf(c.baseUrl),
  };
}

export function smtpBinding(smtp: { readonly host: string; readonly port: number }): SecretBinding {
  return {
    purpose: 'smtp-password',
    owner: 'email',
    endpoint: `smtp://${canonicalHost(smtp.host)}:${String(smtp.port)}`,
  };
}

export function webhookBinding(w: {
  readonly keyId: string;
  readonly webhookId?: string | undefined;
}): SecretBinding {
  // Without a configured webhook id the key is bound to its key id alone.
  return { purpose: 'webhook-key', owner: w.keyId, endpoint: `webhook:${w.webhookId ?? `key:${w.keyId}`}` };
}

/** The Cybersource REST shared secret belongs to its key id and the API it signs requests for. */
export function cybersourceRestBinding(r: {
  readonly keyId: string;
  readonly baseUrl: string;
}): SecretBinding {
  return { purpose: 'cybersource-rest-key', owner: r.keyId, endpoint: canonicalUrl(r.baseUrl) };
}

/** Every vault name the settings use, with the binding each use needs. */
export function requiredBindings(settings: Settings): Map<string, SecretBinding[]> {
  const out = new Map<string, SecretBinding[]>();
  const add = (name: string, binding: SecretBinding) => {
    const list = out.get(name) ?? [];
    if (!list.some((b) => sameBinding(b, binding))) list.push(binding);
    out.set(name, list);
  };
  for (const c of settings.connections) add(c.clientSecretRef, connectionBinding(c));
  for (const w of settings.webhooks) add(w.keyRef, webhookBinding(w));
  const smtp = settings.email?.smtp;
  if (smtp?.passwordRef) add(smtp.passwordRef, smtpBinding(smtp));
  const reporting = settings.cybersourceReporting;
  if (reporting) add(reporting.sharedSecretRef, cybersourceRestBinding(reporting));
  return out;
}

/**
 * The one binding a secret being typed gets: from the saved settings that name it. A name nothing saved
 * uses, or one shared by two endpoints, is refused: a secret is typed for one place.
 */
export function bindingForNewSecret(settings: Settings, name: string): SecretBinding {
  const bindings = requiredBindings(settings).get(name) ?? [];
  const [only] = bindings;
  if (!only) {
    throw new SettingsError(
      `No saved setting uses the secret ${name}. Save the connection, email or webhook settings that name ` +
        'it first: a secret is bound to the address saved with it. Nothing was stored.',
    );
  }
  if (bindings.length > 1) {
    throw new SettingsError(
      `The secret ${name} is named by settings for different addresses (${bindings.map(describeBinding).join(', ')}). ` +
        'Give each its own vault entry. Nothing was stored.',
    );
  }
  return only;
}

/** A secret for this binding, or null when it is not stored or was entered for another address. */
export async function boundSecret(
  vault: Vault,
  name: string,
  binding: SecretBinding,
): Promise<string | null> {
  try {
    return await vault.get(name, binding);
  } catch (error) {
    if (error instanceof VaultError && error.code === 'needs_reentry') return null;
    throw error;
  }
}
