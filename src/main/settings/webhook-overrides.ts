/**
 * Webhook subscriptions come from settings (Settings → Cybersource webhooks, secret in the vault). The
 * `serve --webhook-*` flags still work, as an override: a subscription given on the command line replaces
 * the saved one with the same key id (a key id names one signing key, so two entries for it would make the
 * check depend on their order) and is added beside the others otherwise.
 */
import type { WebhookSubscription } from '../intake/cybersource/signature';

export interface MergedSubscriptions {
  readonly subscriptions: readonly WebhookSubscription[];
  /** Key ids whose saved subscription a command-line one replaced (logged and shown in Settings). */
  readonly overridden: readonly string[];
}

export function mergeSubscriptions(
  saved: readonly WebhookSubscription[],
  overrides: readonly WebhookSubscription[],
): MergedSubscriptions {
  const given = new Set(overrides.map((s) => s.keyId));
  const overridden = saved.filter((s) => given.has(s.keyId)).map((s) => s.keyId);
  return {
    subscriptions: [...saved.filter((s) => !given.has(s.keyId)), ...overrides],
    overridden,
  };
}
