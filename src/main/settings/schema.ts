/**
 * The settings document: EHR connections (secrets as vault references), routing, facility time zones,
 * email, schedules and access. Defaults make an empty document valid: a new install runs the sandbox.
 */
import { z } from 'zod';
import { ROLES } from '../../shared/commands/access';
import { fingerprint256 as serviceFingerprint } from '../../shared/commands/service';
import { webhookSubscriptionFields } from '../../shared/commands/settings';
import { isKnownCurrency } from '../../shared/money';
import { approvalSettingsSchema } from '../approvals/approval-settings';
import { epicConnectionSchema, oracleConnectionSchema } from '../connectors/ehr/config';
import { isValidTimeZone } from '../lib/time-zone';
import { DEFAULT_ROUTING, routingTableSchema } from '../engine/routing';
import { backfillOrganizationSchema, DEFAULT_REPORT_NAME } from '../intake/backfill/backfill-settings';
import { mailSettingsSchema } from '../notifications/mail-settings';
import { measureTargetsSchema } from '../reconciliation/measures/measure-targets';
import { secretNameSchema } from '../vault/vault';

export const SETTINGS_VERSION = 2;

/** The site's currency where a setting predates currencies (US sites; see settings/migrations.ts). */
export const DEFAULT_CURRENCY = 'USD';

const timeZone = z.string().refine(isValidTimeZone, 'Unknown IANA time zone (e.g. America/Chicago)');
const role = z.enum(ROLES);
const secretRef = secretNameSchema;

/** A connection as stored: everything but the client secret, which stays in the vault under `clientSecretRef`. */
const withSecretRef = { clientSecretRef: secretRef, enabled: z.boolean().default(true) };
export const connectionSettingSchema = z.discriminatedUnion('ehr', [
  oracleConnectionSchema.omit({ clientSecret: true }).extend(withSecretRef).strict(),
  epicConnectionSchema.omit({ clientSecret: true }).extend(withSecretRef).strict(),
]);
export type ConnectionSetting = z.output<typeof connectionSettingSchema>;

const smtpSchema = mailSettingsSchema.shape.smtp;
export const emailSettingsSchema = mailSettingsSchema
  .extend({
    smtp: smtpSchema.omit({ password: true }).extend({ passwordRef: secretRef.optional() }).strict(),
  })
  .strict();

export const settingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    connections: z
      .array(connectionSettingSchema)
      .default([])
      .superRefine((connections, ctx) => {
        const seen = new Set<string>();
        connections.forEach((c, index) => {
          if (seen.has(c.id)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'id'],
              message: `Connection id "${c.id}" is used twice`,
            });
          }
          seen.add(c.id);
        });
      }),
    routing: routingTableSchema.default(DEFAULT_ROUTING),
    facilities: z
      .object({
        /** Facility → IANA zone: "the day" of a facility's reports and posting dates. */
        timeZones: z.record(z.string().trim().min(1).max(100), timeZone).default({}),
        defaultTimeZone: timeZone.default('America/Chicago'),
      })
      .strict()
      .prefault({}),
    /** Notification email; null sends none. */
    email: emailSettingsSchema.nullable().default(null),
    /** Cybersource webhook subscriptions; the signing key is in the vault. */
    webhooks: z
      .array(
        z
          // The typed fields are shared with the console's form, which shows these very rules before saving.
          .object({ ...webhookSubscriptionFields, keyRef: secretRef })
          .strict(),
      )
      .default([]),
    /**
     * Cybersource's REST API for the morning backfill (reports and webhook replays); the shared secret is
     * in the vault. null: no backfill.
     */
    cybersourceReporting: z
      .object({
        /** `https://api.cybersource.com` (production) or `https://apitest.cybersource.com`. */
        baseUrl: z.url({ protocol: /^https?$/ }),
        merchantId: z.string().trim().min(1).max(100),
        keyId: z.string().trim().min(1).max(100),
        sharedSecretRef: secretRef,
        reportName: z.string().trim().min(1).max(100).default(DEFAULT_REPORT_NAME),
        /** The webhook subscription whose failed notifications are replayed; null requests no replay. */
        webhookId: z.string().trim().min(1).max(100).nullable().default(null),
        /** The report subscription's zone ("the day" of a report); defaults to the facilities' default. */
        timeZone: timeZone.optional(),
        organizations: z.array(backfillOrganizationSchema).min(1),
        /** Local time the previous day is backfilled, and whether it runs at all. */
        at: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day is HH:MM (24-hour)')
          .default('07:00'),
        enabled: z.boolean().default(true),
      })
      .strict()
      .nullable()
      .default(null),
    schedules: z
      .object({
        reports: z
          .object({
            enabled: z.boolean().default(true),
            at: z
              .string()
              .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day is HH:MM (24-hour)')
              .default('06:00'),
          })
          .strict()
          .prefault({}),
        backups: z
          .object({
            everyHours: z.int().min(1).max(168).default(24),
            keep: z.int().min(1).max(365).default(7),
          })
          .strict()
          .prefault({}),
        auditHeadEveryMinutes: z.int().min(1).max(1_440).default(1),
      })
      .strict()
      .prefault({}),
    access: z
      .object({
        /** Desktop: OS user name → role. While empty, whoever runs the app is its supervisor (first run). */
        desktopUsers: z.record(z.string().trim().min(1).max(100), role).default({}),
        /** Desktop users not named above, once someone is. */
        desktopDefaultRole: role.default('viewer'),
        /**
         * Manual posting (entry or "posted by hand") above the limit of its currency, in that currency's
         * minor units, needs a supervisor; so does one in a currency with no limit here.
         */
        manualPostingLimitsMinor: z
          .record(
            z
              .string()
              .regex(/^[A-Z]{3}$/, 'A currency is an ISO 4217 code in capitals (USD, GBP)')
              .refine(isKnownCurrency, 'Unknown ISO 4217 currency'),
            z.int().min(0),
          )
          .default({ [DEFAULT_CURRENCY]: 500_000 }),
        sessionIdleMinutes: z
          .int()
          .min(1)
          .max(24 * 60)
          .default(30),
        sessionMaxHours: z.int().min(1).max(72).default(12),
      })
      .strict()
      .prefault({}),
    /** Two-person approval of manual entries and reversals (approvals/approval-settings.ts). */
    approvals: approvalSettingsSchema,
    /** The dashboard's team measures and their targets (reconciliation/measures/measure-targets.ts). */
    measures: measureTargetsSchema,
    // --- serve mode as a team's service: read by src/main/serve-settings.ts only ---
    serve: z
      .object({
        /** A fixed port, so bookmarks and monitoring survive restarts; null picks a free one (`--port` wins). */
        port: z.int().min(1).max(65_535).nullable().default(null),
        /**
         * A file holding the read-only token Prometheus sends to `GET /metrics` (`--metrics-token-file` wins);
         * null: /metrics takes the console's own sign-in.
         */
        metricsTokenFile: z.string().trim().min(1).max(4096).nullable().default(null),
      })
      .strict()
      .prefault({}),
    /**
     * The desktop as a console of a shared Clearpost service (src/main/remote/, read at start-up): null runs
     * the local engine. The password is never stored; a kept session is sealed in the vault.
     */
    service: z
      .object({
        url: z.url({ protocol: /^https$/ }).max(2048),
        fingerprint256: serviceFingerprint,
        username: z.string().trim().min(1).max(64),
        /** Whether the session is kept (sealed in the vault) across restarts. */
        keepSession: z.boolean().default(false),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({ version: SETTINGS_VERSION });
}

/** Every vault name the settings refer to, with where. */
export function secretReferences(settings: Settings): Map<string, string[]> {
  const refs = new Map<string, string[]>();
  const add = (name: string, where: string) => refs.set(name, [...(refs.get(name) ?? []), where]);
  for (const c of settings.connections) add(c.clientSecretRef, `connections.${c.id}.clientSecretRef`);
  for (const w of settings.webhooks) add(w.keyRef, `webhooks.${w.keyId}.keyRef`);
  if (settings.email?.smtp.passwordRef) add(settings.email.smtp.passwordRef, 'email.smtp.passwordRef');
  const reporting = settings.cybersourceReporting;
  if (reporting) add(reporting.sharedSecretRef, 'cybersourceReporting.sharedSecretRef');
  return refs;
}
