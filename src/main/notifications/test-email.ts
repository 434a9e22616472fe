/**
 * "Send test email" from Settings: one message through the same mailer the digest and the incident alerts
 * use, so a working test means their mail will go out too. The answer names the server's refusal in plain
 * words and never carries the password.
 */
import type { Clock } from '../clock';
import { mailSettingsSchema, type MailSettingsInput } from './mail-settings';
import { createMailer } from './mailer';

export interface EmailTestOutcome {
  readonly ok: boolean;
  readonly message: string;
}

export async function sendTestEmail(
  mail: MailSettingsInput,
  clock: Clock,
  sentBy: string,
): Promise<EmailTestOutcome> {
  const parsed = mailSettingsSchema.safeParse(mail);
  if (!parsed.success) {
    return { ok: false, message: `The email settings are incomplete: ${parsed.error.issues[0]?.message}` };
  }
  const settings = parsed.data;
  const mailer = createMailer(settings);
  try {
    await mailer.send({
      subject: 'Test message',
      text:
        `This is a test message from Clearpost, sent by ${sentBy} at ${new Date(clock.now()).toISOString()}.\n` +
        'Failure digests and incident alerts will reach this address the same way.\n',
    });
    return {
      ok: true,
      message: `Sent through ${settings.smtp.host}:${String(settings.smtp.port)} to ${settings.to.join(', ')}.`,
    };
  } catch (error) {
    return { ok: false, message: describeSmtpError(error, settings.smtp.host, settings.smtp.port) };
  } finally {
    mailer.close();
  }
}

/** Nodemailer's error codes in words; the server's own reply is kept, since it usually says the reason. */
function describeSmtpError(error: unknown, host: string, port: number): string {
  const e = error as { code?: string; response?: string; message?: string };
  const where = `${host}:${String(port)}`;
  switch (e.code) {
    case 'ECONNECTION':
    case 'ESOCKET':
      return `Could not connect to ${where}: ${e.message ?? 'connection failed'}. Check the host, port and security.`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time. Check the host and port, and that a firewall lets it through.`;
    case 'EAUTH':
      return `${where} refused the user name or password${e.response ? ` (${e.response})` : ''}.`;
    case 'ETLS':
      return `TLS with ${where} failed: ${e.message ?? 'handshake refused'}.`;
    case 'EENVELOPE':
    case 'EMESSAGE':
      return `${where} refused the message${e.response ? `: ${e.response}` : ''}. Check the from and to addresses.`;
    default:
      return `Sending through ${where} failed: ${e.response ?? e.message ?? String(error)}.`;
  }
}
