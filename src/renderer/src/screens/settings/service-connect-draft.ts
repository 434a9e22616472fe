/**
 * The "Connect to a Clearpost service" form's values and how they become `service.connect`'s arguments,
 * whose schema (shared/commands/service.ts) judges them before sending and in main after.
 */
import type { CommandArgs } from '../../../../shared/contract';

export interface ServiceConnectDraft {
  url: string;
  fingerprint: string;
  username: string;
  password: string;
  keepSession: boolean;
}

export const EMPTY_SERVICE_CONNECT: ServiceConnectDraft = {
  url: '',
  fingerprint: '',
  username: '',
  password: '',
  // Staying signed in is what most consoles want; the session is sealed in the vault.
  keepSession: true,
};

/** The form's values as arguments: the password exactly as typed, the rest trimmed by the schema. */
export const toServiceConnectArgs = (v: ServiceConnectDraft): CommandArgs<'service.connect'> => ({
  url: v.url.trim(),
  fingerprint256: v.fingerprint,
  username: v.username,
  password: v.password,
  keepSession: v.keepSession,
});

/** The argument typed in a field of another name. */
export const SERVICE_CONNECT_FIELDS: Readonly<Record<string, string>> = { fingerprint256: 'fingerprint' };
