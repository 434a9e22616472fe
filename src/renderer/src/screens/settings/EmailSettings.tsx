import { useState } from 'react';
import type { EmailTestResult } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import {
  DEFAULT_PASSWORD_REF,
  fromDraft,
  SECURITY_LABEL,
  toDraft,
  type EmailDoc,
  type EmailDraft,
  type Security,
} from './email-draft';
import { EmailTest } from './EmailTest';
import { SecretEntry, secretOf } from './SecretEntry';
import { Field, SectionForm, TextField, type SectionProps } from './section';
import { wholeNumber } from './section-values';
import { useAction } from './use-action';
import { useSectionDraft } from './use-section-draft';
import { CheckField } from './CheckField';

/** SMTP relay, sender and recipients of the failure digest and incident alerts; the password is write-only. */
export function EmailSettings(props: SectionProps) {
  const api = useApi();
  const email = (props.view.settings.email ?? null) as EmailDoc | null;
  const { draft, edit, dirty, s, footer } = useSectionDraft<EmailDraft>(props, 'email', toDraft(email));
  const passwordRef = email?.smtp.passwordRef ?? DEFAULT_PASSWORD_REF;
  const passwordStatus = secretOf(props.view, passwordRef);
  const passwordSet = passwordStatus?.set ?? false;
  const needsReentry = passwordStatus?.needsReentry ?? false;
  // The password is stored for the SMTP host and port saved with it (main refuses to send it elsewhere).
  const passwordNamed = email?.smtp.passwordRef !== undefined;
  const serverChanged =
    email !== null &&
    (draft.host.trim() !== email.smtp.host || draft.port.trim() !== String(email.smtp.port));
  const passwordAction = useAction();
  const [test, setTest] = useState<EmailTestResult | null>(null);
  const [sending, setSending] = useState(false);
  const working = sending || passwordAction.busy !== null;

  const submit = () => {
    if (!draft.enabled) {
      void s.save(null);
      return;
    }
    const port = wholeNumber(draft.port);
    const local: Record<string, string> = {};
    if (port === null) local['email.smtp.port'] = 'A port is a whole number (25, 465, 587)';
    void s.save(fromDraft(email, draft, port, passwordRef), local);
  };

  const sendTest = () => {
    setSending(true);
    setTest(null);
    api
      .invoke('settings.testEmail', {})
      .then(setTest, (error: unknown) =>
        setTest({ ok: false, message: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => setSending(false));
  };

  const text = (
    label: string,
    key: 'host' | 'port' | 'user' | 'from' | 'to' | 'subjectPrefix',
    path: string,
    extra: { hint?: string; placeholder?: string; inputMode?: 'numeric' | 'email' } = {},
  ) => (
    <TextField
      label={label}
      value={draft[key]}
      onChange={(v) => edit(key, v)}
      error={s.issue(path)}
      {...extra}
    />
  );

  return (
    <div className="settings-email">
      <SectionForm
        title="Email"
        testId="email-settings"
        description="One digest of items that reached Failure and one alert per incident, sent through your SMTP relay. No card data is ever sent."
        {...footer}
        onSubmit={submit}
        unplaced={s.unplaced([
          'email.smtp.host',
          'email.smtp.port',
          'email.smtp.user',
          'email.from',
          'email.to',
          'email.subjectPrefix',
        ])}
      >
        <CheckField
          label="Send email notifications"
          checked={draft.enabled}
          onChange={(v) => edit('enabled', v)}
        />
        {draft.enabled && (
          <div className="settings-grid">
            {text('SMTP host', 'host', 'email.smtp.host', { placeholder: 'smtp.hospital.example' })}
            {text('Port', 'port', 'email.smtp.port', { inputMode: 'numeric' })}
            <Field label="Security" error={undefined}>
              <select value={draft.security} onChange={(e) => edit('security', e.target.value as Security)}>
                {(Object.keys(SECURITY_LABEL) as Security[]).map((k) => (
                  <option key={k} value={k}>
                    {SECURITY_LABEL[k]}
                  </option>
                ))}
              </select>
            </Field>
            {text('User name', 'user', 'email.smtp.user', { hint: 'empty: no sign-in' })}
            {text('From', 'from', 'email.from', {
              placeholder: 'clearpost@hospital.example',
              inputMode: 'email',
            })}
            {text('To', 'to', 'email.to', { hint: 'commas between addresses', inputMode: 'email' })}
            {text('Subject prefix', 'subjectPrefix', 'email.subjectPrefix', { hint: 'e.g. the site name' })}
          </div>
        )}
        {draft.enabled && serverChanged && passwordSet && (
          <p className="warn" role="note" data-testid="smtp-reentry-warning">
            A new SMTP host or port needs the password typed again after saving: the stored one is only sent
            to {passwordStatus?.boundTo ?? 'the server it was entered for'}.
          </p>
        )}
      </SectionForm>

      {props.canEdit && (
        <SecretEntry
          view={props.view}
          onSaved={props.onSaved}
          title="SMTP password"
          noun="password"
          newLabel="New SMTP password"
          vaultRef={passwordRef}
          statusTestId="smtp-password-status"
          explanation={
            !passwordNamed
              ? 'Save the email settings with a user name first: the password is stored for the SMTP host and port saved with them.'
              : needsReentry
                ? 'The stored password was entered for another SMTP server than the one saved now, so Clearpost will not send it. Type it again to use it here.'
                : `It is sent only to ${passwordStatus?.boundTo ?? 'the SMTP host and port saved above'}.`
          }
          blocked={working || !passwordNamed}
          action={passwordAction}
          storedText="Password stored in the vault for this SMTP server."
        />
      )}

      {props.canEdit && (
        <EmailTest
          dirty={dirty}
          disabled={working || !email}
          sending={sending}
          result={test}
          onSend={sendTest}
        />
      )}
    </div>
  );
}
