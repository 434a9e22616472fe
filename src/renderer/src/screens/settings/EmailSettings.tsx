import { useState, type SyntheticEvent } from 'react';
import type { EmailTestResult } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import { Field, SectionForm, useSectionSave, wholeNumber, type SectionProps } from './section';

/** The vault entry of the SMTP password when the settings do not name one yet. */
const DEFAULT_PASSWORD_REF = 'email.smtp-password';

type Security = 'starttls' | 'tls' | 'required-starttls';
const SECURITY_LABEL: Record<Security, string> = {
  starttls: 'STARTTLS when offered (port 587 or 25)',
  'required-starttls': 'STARTTLS required',
  tls: 'TLS from the start (port 465)',
};

interface EmailDoc {
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    readonly secure?: boolean;
    readonly requireTls?: boolean;
    readonly user?: string;
    readonly passwordRef?: string;
    readonly [other: string]: unknown;
  };
  readonly from: string;
  readonly to: readonly string[];
  readonly subjectPrefix?: string;
  readonly [other: string]: unknown;
}

interface Draft {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: string;
  readonly security: Security;
  readonly user: string;
  readonly from: string;
  readonly to: string;
  readonly subjectPrefix: string;
}

const toDraft = (e: EmailDoc | null): Draft => ({
  enabled: e !== null,
  host: e?.smtp.host ?? '',
  port: e ? String(e.smtp.port) : '587',
  security: e?.smtp.secure ? 'tls' : e?.smtp.requireTls ? 'required-starttls' : 'starttls',
  user: e?.smtp.user ?? '',
  from: e?.from ?? '',
  to: (e?.to ?? []).join(', '),
  subjectPrefix: e?.subjectPrefix ?? 'Clearpost',
});

/** SMTP relay, sender and recipients of the failure digest and incident alerts; the password is write-only. */
export function EmailSettings(props: SectionProps) {
  const api = useApi();
  const email = (props.view.settings.email ?? null) as EmailDoc | null;
  const original = toDraft(email);
  const [draft, setDraft] = useState<Draft>(original);
  const s = useSectionSave(props, 'email');
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);
  const passwordRef = email?.smtp.passwordRef ?? DEFAULT_PASSWORD_REF;
  const passwordStatus = props.view.secrets.find((x) => x.name === passwordRef);
  const passwordSet = passwordStatus?.set ?? false;
  const needsReentry = passwordStatus?.needsReentry ?? false;
  // The password is stored for the SMTP host and port saved with it (main refuses to send it elsewhere).
  const passwordNamed = email?.smtp.passwordRef !== undefined;
  const serverChanged =
    email !== null &&
    (draft.host.trim() !== email.smtp.host || draft.port.trim() !== String(email.smtp.port));
  const [password, setPassword] = useState('');
  const [passwordResult, setPasswordResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [test, setTest] = useState<EmailTestResult | null>(null);
  const [working, setWorking] = useState<'password' | 'test' | null>(null);

  const edit = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = () => {
    if (!draft.enabled) {
      void s.save(null);
      return;
    }
    const port = wholeNumber(draft.port);
    const local: Record<string, string> = {};
    if (port === null) local['email.smtp.port'] = 'A port is a whole number (25, 465, 587)';
    const user = draft.user.trim();
    // Everything the form does not show (timeouts, digest timing, template) is kept as saved.
    void s.save(
      {
        ...(email ?? {}),
        smtp: {
          ...(email?.smtp ?? {}),
          host: draft.host.trim(),
          port: port ?? 0,
          secure: draft.security === 'tls',
          requireTls: draft.security === 'required-starttls',
          user: user === '' ? undefined : user,
          passwordRef: user === '' ? email?.smtp.passwordRef : passwordRef,
        },
        from: draft.from.trim(),
        to: draft.to
          .split(/[,;\s]+/)
          .map((a) => a.trim())
          .filter(Boolean),
        subjectPrefix: draft.subjectPrefix.trim(),
      },
      local,
    );
  };

  const storePassword = (event: SyntheticEvent) => {
    event.preventDefault();
    setWorking('password');
    setPasswordResult(null);
    api
      .invoke('secrets.set', { name: passwordRef, value: password })
      .then(
        async () => {
          setPassword('');
          setPasswordResult({ ok: true, text: 'Password stored in the vault for this SMTP server.' });
          const secrets = await api.invoke('secrets.status', {});
          props.onSaved({ ...props.view, secrets });
        },
        (error: unknown) =>
          setPasswordResult({ ok: false, text: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => setWorking(null));
  };

  const sendTest = () => {
    setWorking('test');
    setTest(null);
    api
      .invoke('settings.testEmail', {})
      .then(setTest, (error: unknown) =>
        setTest({ ok: false, message: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => setWorking(null));
  };

  const text = (
    label: string,
    key: 'host' | 'port' | 'user' | 'from' | 'to' | 'subjectPrefix',
    path: string,
    extra: { hint?: string; placeholder?: string; inputMode?: 'numeric' | 'email' } = {},
  ) => (
    <Field label={label} error={s.issue(path)} hint={extra.hint}>
      <input
        value={draft[key]}
        onChange={(e) => edit(key, e.target.value)}
        aria-invalid={s.issue(path) ? true : undefined}
        placeholder={extra.placeholder}
        inputMode={extra.inputMode}
        autoComplete="off"
      />
    </Field>
  );

  return (
    <div className="settings-email">
      <SectionForm
        title="Email"
        testId="email-settings"
        description="One digest of items that reached Failure and one alert per incident, sent through your SMTP relay. No card data is ever sent."
        canEdit={props.canEdit}
        onSubmit={submit}
        busy={s.busy}
        dirty={dirty}
        result={s.result}
        unplaced={s.unplaced([
          'email.smtp.host',
          'email.smtp.port',
          'email.smtp.user',
          'email.from',
          'email.to',
          'email.subjectPrefix',
        ])}
        onDiscard={() => {
          setDraft(original);
          s.reset();
        }}
      >
        <label className="check">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => edit('enabled', e.target.checked)}
          />
          Send email notifications
        </label>
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
        <form className="panel" onSubmit={storePassword} aria-label="SMTP password">
          <h3>SMTP password</h3>
          <p>
            Vault entry <span className="mono">{passwordRef}</span>:{' '}
            <strong
              data-testid="smtp-password-status"
              className={passwordSet ? 'secret-set' : 'secret-unset'}
            >
              {passwordSet ? 'set' : needsReentry ? 'not set (needs re-entry)' : 'not set'}
            </strong>
            . Clearpost never shows a stored password; typing a new one replaces it.
          </p>
          <p className="muted">
            {!passwordNamed
              ? 'Save the email settings with a user name first: the password is stored for the SMTP host and port saved with them.'
              : needsReentry
                ? 'The stored password was entered for another SMTP server than the one saved now, so Clearpost will not send it. Type it again to use it here.'
                : `It is sent only to ${passwordStatus?.boundTo ?? 'the SMTP host and port saved above'}.`}
          </p>
          <div className="settings-inline">
            <label className="field">
              {passwordSet ? 'New SMTP password' : 'SMTP password'}
              <input
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="new-password"
              />
            </label>
            <button type="submit" disabled={working !== null || password === '' || !passwordNamed}>
              {working === 'password' ? 'Storing…' : passwordSet ? 'Replace password' : 'Set password'}
            </button>
          </div>
          {passwordResult && (
            <p
              className={passwordResult.ok ? 'form-ok' : 'form-error'}
              role={passwordResult.ok ? 'status' : 'alert'}
            >
              {passwordResult.text}
            </p>
          )}
        </form>
      )}

      {props.canEdit && (
        <div className="panel">
          <h3>Send a test email</h3>
          <p className="muted">
            Sends one message through the saved settings to every recipient.
            {dirty && ' Save your changes first to test them.'}
          </p>
          <button type="button" onClick={sendTest} disabled={working !== null || !email}>
            {working === 'test' ? 'Sending…' : 'Send test email'}
          </button>
          {test && (
            <div
              className={`test-result ${test.ok ? 'test-ok' : 'test-bad'}`}
              role={test.ok ? 'status' : 'alert'}
              data-testid="email-test-result"
            >
              <strong>{test.ok ? 'Sent.' : 'Not sent.'}</strong> {test.message}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
