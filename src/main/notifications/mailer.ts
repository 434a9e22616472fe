/** Sends plain-text mail through the site's SMTP relay (nodemailer). One transport, reused. */
import nodemailer from 'nodemailer';
import type { MailSettings } from './mail-settings';

export interface Mail {
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(settings: MailSettings): Mailer {
  const { smtp } = settings;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    connectionTimeout: smtp.connectionTimeoutMs,
    greetingTimeout: smtp.connectionTimeoutMs,
    socketTimeout: smtp.connectionTimeoutMs,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: settings.from,
        to: settings.to,
        subject: `[${settings.subjectPrefix}] ${mail.subject}`,
        text: mail.text,
      });
    },
    close: () => transport.close(),
  };
}
