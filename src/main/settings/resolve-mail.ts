/**
 * The email settings as the mailer takes them: the SMTP password fetched from the vault by its reference,
 * and only if it was entered for the SMTP host and port saved now. One typed for another server is left
 * out (the server then refuses the sign-in, which the digest retries and the test email reports): it is
 * never sent to a server it was not entered for.
 */
import type { MailSettingsInput } from '../notifications/mail-settings';
import { describeBinding, sameBinding } from '../vault/secret-binding';
import type { Vault } from '../vault/vault';
import type { Settings } from './schema';
import { boundSecret, smtpBinding } from './secret-bindings';

export async function resolveMail(settings: Settings, vault: Vault): Promise<MailSettingsInput | null> {
  const email = settings.email;
  if (!email) return null;
  const { passwordRef, ...smtp } = email.smtp;
  const password = passwordRef ? await boundSecret(vault, passwordRef, smtpBinding(smtp)) : null;
  return { ...email, smtp: { ...smtp, ...(password !== null ? { password } : {}) } };
}

/** Why the saved SMTP password will not be used, or null when it will (or none is named or stored). */
export async function smtpPasswordProblem(settings: Settings, vault: Vault): Promise<string | null> {
  const smtp = settings.email?.smtp;
  if (!smtp?.passwordRef) return null;
  const stored = await vault.bindingOf(smtp.passwordRef);
  const wanted = smtpBinding(smtp);
  if (stored === null || (stored !== 'unbound' && sameBinding(stored, wanted))) return null;
  return (
    `The SMTP password was entered for ${stored === 'unbound' ? 'a server before passwords were bound to one' : describeBinding(stored)}, ` +
    `not ${describeBinding(wanted)}: enter it again. Nothing was sent.`
  );
}
