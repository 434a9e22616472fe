/**
 * The credential vault: named secrets (EHR client secrets, webhook keys, the SMTP password) sealed at rest.
 * Everything outside main learns only whether a secret is set; values never leave through the API or logs.
 */
import { z } from 'zod';

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
  set(name: string, value: string): Promise<void>;
  get(name: string): Promise<string | null>;
  has(name: string): Promise<boolean>;
  delete(name: string): Promise<boolean>;
  /** Names only. */
  names(): Promise<string[]>;
}

export type VaultErrorCode = 'no_keyring' | 'invalid_name' | 'empty_value' | 'unreadable' | 'wrong_key';

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

/** Seals and opens one secret; the name is bound in, so a sealed value moved to another name fails to open. */
export interface Sealer {
  readonly protection: Vault['protection'];
  seal(name: string, plaintext: string): Promise<Buffer>;
  open(name: string, sealed: Buffer): Promise<string>;
}

export function assertSecretName(name: string): void {
  if (!secretNameSchema.safeParse(name).success) {
    throw new VaultError('invalid_name', `"${name.slice(0, 80)}" is not a valid secret name`);
  }
}
