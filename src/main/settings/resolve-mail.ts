/** The email settings as the mailer takes them: the SMTP password fetched from the vault by its reference. */
import type { MailSettingsInput } from '../notifications/mail-settings';
import type { Vault } from '../vault/vault';
import type { Settings } from './schema';

export async function resolveMail(settings: Settings, vault: Vault): Promise<MailSettingsInput | null> {
  const email = settings.email;
  if (!email) return null;
  const { passwordRef, ...smtp } = email.smtp;
  const password = passwordRef ? await vault.get(passwordRef) : null;
  return { ...email, smtp: { ...smtp, ...(password !== null ? { password } : {}) } };
}
