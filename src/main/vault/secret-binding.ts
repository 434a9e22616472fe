/**
 * What a stored secret is for: the purpose, the setting that owns it and the endpoint it may be sent to.
 * A secret is sealed together with its binding and handed out only to a caller naming the same binding,
 * so pointing a connection at another address cannot make Clearpost send an existing secret there: the
 * secret has to be typed again by someone who knows it.
 */
import { z } from 'zod';

export const SECRET_PURPOSES = [
  'ehr-client-secret',
  'smtp-password',
  'webhook-key',
  'cybersource-rest-key',
  'mle-private-key',
  /** The desktop's session with (and loopback token of) the Clearpost service it is a console of. */
  'clearpost-service',
] as const;
export type SecretPurpose = (typeof SECRET_PURPOSES)[number];

export const secretBindingSchema = z
  .object({
    purpose: z.enum(SECRET_PURPOSES),
    /** The connection id, `email`, the webhook key id, or the Cybersource REST key id. */
    owner: z.string().min(1).max(200),
    /**
     * Where the secret itself goes: an EHR token URL, the SMTP host, or (a webhook key, which is only used
     * here to check signatures) the webhook id. Canonical form (see below), compared exactly.
     */
    endpoint: z.string().min(1).max(2048),
    /** Where what the secret buys goes: the EHR's base URL origin (it receives the access token). */
    api: z.string().min(1).max(2048).optional(),
  })
  .strict();
export type SecretBinding = z.output<typeof secretBindingSchema>;

/** One line per binding: sealed in as associated data, so an edited binding makes the value unreadable. */
export function bindingKey(b: SecretBinding): string {
  return [b.purpose, b.owner, b.endpoint, b.api ?? ''].join('\n');
}

export function sameBinding(a: SecretBinding, b: SecretBinding): boolean {
  return bindingKey(a) === bindingKey(b);
}

/** How a binding is shown to a supervisor: where the secret may go (never the secret). */
export function describeBinding(b: SecretBinding): string {
  return b.api && b.api !== originOf(b.endpoint) ? `${b.endpoint} (API ${b.api})` : b.endpoint;
}

/** A URL in canonical form (lowercase scheme and host, default port dropped), or the text as given. */
export function canonicalUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** A host name as compared: lowercase, no trailing dot. */
export function canonicalHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}
