import type { CommandArgs } from '../../../../shared/contract';

/** What a secret's form holds: the value typed, never shown again once stored. */
export interface SecretValues {
  value: string;
}
export const SECRET_EMPTY: SecretValues = { value: '' };

/**
 * `secrets.set`'s arguments for the vault entry the settings name. The value is sent as typed, not trimmed:
 * a secret's spaces are part of it, and `secrets.set`'s own rules (not empty, at most 4,096 characters)
 * judge it under the field before anything is sent.
 */
export const secretArgs =
  (vaultRef: string) =>
  (v: SecretValues): CommandArgs<'secrets.set'> => ({ name: vaultRef, value: v.value });
