/**
 * Which published signature reading (signature.ts) each subscription's notifications match, kept so Settings
 * can show it: a site learns which of Cybersource's descriptions its notifications follow. Written only when
 * the reading of a subscription changes, so a steady stream of webhooks costs no extra write.
 */
import { z } from 'zod';
import type { IntakeSettingsRepository } from '../../store/repositories/intake-settings';
import { SIGNATURE_READINGS, type SignatureReading } from './signature';

const KEY = 'intake.cybersource.signature-readings';

const Stored = z.record(
  z.string(),
  z.object({ reading: z.enum(SIGNATURE_READINGS), since: z.number(), webhookId: z.string().nullable() }),
);
export type SignatureReadings = z.output<typeof Stored>;

const cache = new WeakMap<IntakeSettingsRepository, SignatureReadings>();

/** The readings as last written, cached per connection: for the connection that writes them. */
export function loadSignatureReadings(repo: IntakeSettingsRepository): SignatureReadings {
  const hit = cache.get(repo);
  if (hit) return hit;
  const value = readSignatureReadings(repo);
  cache.set(repo, value);
  return value;
}

/** The readings as stored now (the console's view: intake's writer thread writes them on its connection). */
export function readSignatureReadings(repo: IntakeSettingsRepository): SignatureReadings {
  const parsed = Stored.safeParse(repo.get(KEY) ?? {});
  return parsed.success ? parsed.data : {};
}

export function recordSignatureReading(
  repo: IntakeSettingsRepository,
  subscription: { readonly keyId: string; readonly webhookId?: string | null },
  reading: SignatureReading,
  now: number,
): void {
  const current = loadSignatureReadings(repo);
  if (current[subscription.keyId]?.reading === reading) return;
  const next: SignatureReadings = {
    ...current,
    [subscription.keyId]: { reading, since: now, webhookId: subscription.webhookId ?? null },
  };
  repo.put(KEY, next, now);
  cache.set(repo, next);
}
