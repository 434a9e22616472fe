/** Email settings of the billing team's notifications (stored with the other settings once they exist). */
import { z } from 'zod';

export const mailSettingsSchema = z.object({
  smtp: z.object({
    host: z.string().min(1),
    port: z.int().min(1).max(65535),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send without TLS (production); loopback test servers run without it. */
    requireTls: z.boolean().default(false),
    user: z.string().optional(),
    /** From the vault; never logged. */
    password: z.string().optional(),
    connectionTimeoutMs: z.int().min(100).default(10_000),
  }),
  from: z.email(),
  to: z.array(z.email()).min(1),
  /** Subject prefix, e.g. the site name, so a team watching several Clearposts tells them apart. */
  subjectPrefix: z.string().max(60).default('Clearpost'),
  /** The failure digest waits this long after a failure for others to join it. */
  digestDelayMs: z.int().min(0).default(60_000),
  /** And sweeps for unannounced failures this often whatever happens. */
  digestIntervalMs: z
    .int()
    .min(1_000)
    .default(15 * 60_000),
  /** An endpoint must be failing (or healthy again) this long before an alert (or recovery) is sent. */
  incidentGraceMs: z
    .int()
    .min(0)
    .default(5 * 60_000),
  /** A refused or failed send is tried again after this long. */
  retryMs: z.int().min(1_000).default(60_000),
  /** Patient data the digest may carry: only the guarantor account's last four characters, if allowed. */
  template: z.object({ guarantorAccountLast4: z.boolean().default(false) }).prefault({}),
});
export type MailSettings = z.output<typeof mailSettingsSchema>;
export type MailSettingsInput = z.input<typeof mailSettingsSchema>;
