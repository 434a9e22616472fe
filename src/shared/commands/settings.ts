/**
 * Commands of settings and the credential vault. Settings are validated in main against the full schema
 * (EHR connections, routing, facilities, email, schedules, access), so the document is loosely typed here.
 * Secrets are written through `secrets.set` only: nothing that reads them back exists, only "set / not set".
 */
import { z } from 'zod';
import { command, none } from './define';
import { GO_LIVE_COMMANDS } from './go-live';

export type SettingsDocument = Readonly<Record<string, unknown>>;

export interface SecretStatus {
  readonly name: string;
  readonly set: boolean;
  /** Settings entries that refer to it, e.g. "connections.epic-main.clientSecretRef". */
  readonly usedBy: readonly string[];
  /**
   * Stored, but for another address than the saved settings now name (or before secrets were bound):
   * Clearpost will not send it anywhere until it is typed again. Such a secret counts as not set.
   */
  readonly needsReentry: boolean;
  /** Where the stored secret may be sent (a token URL, smtp://host:port), or null when none is stored. */
  readonly boundTo: string | null;
}

/** One message-encryption key pair of this installation (the private half stays in the vault). */
export interface MleKeyView {
  readonly kid: string;
  /** SHA-256 of the public key, hex pairs. */
  readonly fingerprint: string;
  readonly createdAt: number;
  readonly ageDays: number;
}

/** How one webhook subscription is checked, and what its notifications turned out to be signed over. */
export interface WebhookSubscriptionView {
  readonly keyId: string;
  /** Checked only when configured. */
  readonly webhookId: string | null;
  /** Minutes `t` may be away from this computer's clock, or 'off'. */
  readonly toleranceMinutes: number | 'off';
  /** The published signature reading its notifications matched last, or null before the first one. */
  readonly signatureReading: 'payload-text' | 'raw-body' | 'payload-json' | null;
  readonly signatureReadingSince: number | null;
  /** Set when something weakens the check (the timestamp tolerance is off). */
  readonly warning: string | null;
}

export interface WebhookIntakeView {
  /** Newest first: the first is the one registered with Cybersource. */
  readonly mleKeys: readonly MleKeyView[];
  readonly subscriptions: readonly WebhookSubscriptionView[];
}

export interface SettingsView {
  readonly settings: SettingsDocument;
  readonly secrets: readonly SecretStatus[];
  /** How secrets are sealed on this machine. */
  readonly protection: 'os-keyring' | 'key-file' | 'passphrase';
  /**
   * EHR connections, webhook subscriptions and facility time zones saved since start-up take effect at the
   * next start; every other section applies as soon as it is saved.
   */
  readonly restartRequired: boolean;
  /** Whether this Clearpost can restart itself from the console (`settings.restart`). */
  readonly restartOffered: boolean;
  /** Cybersource webhooks: the message-encryption keys and each subscription's checks (read-only). */
  readonly webhookIntake?: WebhookIntakeView;
}

export interface EmailTestResult {
  readonly ok: boolean;
  /** What happened, in plain words: where it was sent, or why the SMTP server refused it. */
  readonly message: string;
}

export interface ConnectionTestResult {
  readonly ok: boolean;
  /** How far the test got: a disabled connection is not tried; else the vault secret, the token, a lookup. */
  readonly stage: 'disabled' | 'secret' | 'token' | 'lookup' | 'done';
  readonly message: string;
  readonly tokenMs: number | null;
  readonly lookupMs: number | null;
}

const secretName = z.string().trim().min(1).max(200);

/**
 * What an operator types for one Cybersource webhook subscription: main's settings schema validates each
 * entry of `webhooks` with these fields (plus the vault reference it derives), and the console's form shows
 * the same rules before saving.
 */
export const webhookSubscriptionFields = {
  keyId: z.string().trim().min(1).max(100),
  /** Checked against each notification only when given; it is never the key id. */
  webhookId: z.string().trim().min(1).max(100).optional(),
  /** Minutes the signature's `t` may be from this clock, or 'off' (a warning is shown and logged). */
  toleranceMinutes: z
    .union([
      // The message names both choices: a form shows the closest branch's refusal, here the number's.
      z.number({ error: 'Minutes from 1 to 1440, or off' }).int().min(1).max(1440),
      z.literal('off'),
    ])
    .default(5),
};

export const SETTINGS_COMMANDS = {
  'settings.get': command<SettingsView>()('The settings, and which secrets they refer to are set.', none),
  'settings.save': command<SettingsView>()(
    'Validates and saves the whole settings document; refuses it with every problem named.',
    z.object({ settings: z.record(z.string(), z.unknown()) }).strict(),
  ),
  'settings.testConnection': command<ConnectionTestResult>()(
    'Fetches a token from a saved EHR connection and does a harmless lookup through its connector.',
    z.object({ id: z.string().trim().min(1).max(64) }).strict(),
  ),
  'settings.testEmail': command<EmailTestResult>()(
    'Sends a test message through the saved email settings (SMTP relay, stored password, recipients).',
    none,
  ),
  'secrets.status': command<readonly SecretStatus[]>()('Which secrets are set (never their values).', none),
  'secrets.set': command<SecretStatus>()(
    'Seals a secret in the vault for the address the saved settings give it; refused where the OS offers no real keyring.',
    z.object({ name: secretName, value: z.string().min(1, 'A secret cannot be empty').max(4096) }).strict(),
  ),
  'secrets.delete': command<SecretStatus>()(
    'Removes a secret from the vault.',
    z.object({ name: secretName }).strict(),
  ),
  ...GO_LIVE_COMMANDS,
} as const;
