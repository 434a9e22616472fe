/**
 * Where backfill downloads from: the Cybersource REST settings (the shared secret from the vault, bound to
 * the API address it was entered for), or, on a sandbox database, only the sandbox's own simulated
 * processor: a real processor's rows must never land among synthetic payments, nor synthetic ones in
 * production.
 */
import type { Settings } from '../../settings/schema';
import { boundSecret, cybersourceRestBinding } from '../../settings/secret-bindings';
import type { Vault } from '../../vault/vault';
import type { BackfillPlan } from './backfill-settings';
import type { CybersourceRestConfig } from './cybersource-rest-client';

export interface BackfillSource {
  readonly rest: CybersourceRestConfig;
  readonly plan: BackfillPlan;
  readonly eventSource: 'file' | 'sandbox';
  /** Local time (in the plan's zone) the previous day is backfilled; null: never by schedule. */
  readonly at: string | null;
}

export type ResolvedSource = { ok: true; source: BackfillSource } | { ok: false; reason: string };

export async function sourceFromSettings(settings: Settings, vault: Vault): Promise<ResolvedSource> {
  const r = settings.cybersourceReporting;
  if (!r)
    return {
      ok: false,
      reason:
        'Cybersource reporting is not configured: add the REST API address, merchant id, key id, shared secret and organizations (cybersourceReporting in settings).',
    };
  const sharedSecret = await boundSecret(vault, r.sharedSecretRef, cybersourceRestBinding(r));
  if (sharedSecret === null)
    return {
      ok: false,
      reason: `The Cybersource shared secret (${r.sharedSecretRef}) is not in the vault for ${r.baseUrl}: enter it again in Settings.`,
    };
  return {
    ok: true,
    source: {
      rest: { baseUrl: r.baseUrl, merchantId: r.merchantId, keyId: r.keyId, sharedSecret },
      plan: {
        reportName: r.reportName,
        webhookId: r.webhookId,
        timeZone: r.timeZone ?? settings.facilities.defaultTimeZone,
        organizations: r.organizations,
      },
      eventSource: 'file',
      at: r.enabled ? r.at : null,
    },
  };
}
