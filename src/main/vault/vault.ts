/**
 * The credential vault: named secrets (EHR client secrets, webhook keys, the SMTP password) sealed at rest.
 * Everything outside main learns only whether a secret is set; values never leave through the API or logs.
 */
import { z } from 'zod';
import type { SecretBinding } from './secret-binding';

/** `ehr.<connection>.client-secret`, `webhook.<key id>`, `smtp.password`: lowercase words and dots. */
export const secretNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}(\.[a-z0-9][a-z0-9_-]{0,63}){0,3}$/i,
    'A secret name is dot-separated words of letters, digits, - or _ (e.g. ehr.epic-main.client-secret)',
  );

export interface Vault {
  /** How secrets are sealed here, for the settings screen ("OS keyring", "key file", "passphrase"). */
  readonly protection: 'os-keyring' | 'key-file' | 'passphrase';
  /** Seals `value` for `binding`: it is handed out only to a caller naming that same binding. */
  set(name: string, value: string, binding: SecretBinding): Promise<void>;
  /**
   * The value, if it was stored for exactly this binding; null when nothing is stored. A value entered for
   * another endpoint (or before secrets were bound) is refused with `needs_reentry`, before anything is sent.
   */
  get(name: string, binding: SecretBinding): Promise<string | null>;
  has(name: string): Promise<boolean>;
  /** What a stored secret was entered for; `unbound` for one stored before secrets were bound; null if unset. */
  bindingOf(name: string): Promise<SecretBinding | 'unbound' | null>;
  delete(name: string): Promise<boolean>;
  /** Names only. */
  names(): Promise<string[]>;
}

export type VaultErrorCode =
  'no_keyring' | 'invalid_name' | 'empty_value' | 'unreadable' | 'wrong_key' | 'needs_reentry';

/** A vault problem with a message that says what to do. */
export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

/**
 * Seals and opens one secret; the name (and the binding's `context`, when given) is bound in, so a sealed
 * value moved to another name, or given another binding in the file, fails to open.
 */
export interface Sealer {
  readonly protection: Vault['protection'];
  seal(name: string, plaintext: string, context?: string): Promise<Buffer>;
  open(name: string, sealed: Buffer, context?: string): Promise<string>;
}

/** The associated data of a sealed value: its name, then its binding (if any). */
export function sealedLabel(name: string, context?: string): string {
  return context === undefined ? name : `${name}\n${context}`;
}

export function assertSecretName(name: string): void {
  if (!secretNameSchema.safeParse(name).success) {
    throw new VaultError('invalid_name', `"${name.slice(0, 80)}" is not a valid secret name`);
  }
}
