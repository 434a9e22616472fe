/**
 * Settings → "Connect to a Clearpost service": the service's address (the printed link on loopback, which
 * carries its token), the certificate fingerprint to pin, and an account to sign in with. Checked by
 * `service.connect`'s own rules before sending; main signs in over the pinned connection before anything is
 * stored, and its refusal lands on the field it names. The password is never kept, not even in the form.
 */
import { useState } from 'react';
import type { ServiceChange } from '../../../../shared/commands/service';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import { EMPTY_SERVICE_CONNECT, SERVICE_CONNECT_FIELDS, toServiceConnectArgs } from './service-connect-draft';
import { ResultLine, type ActionResult } from './use-action';

export function ServiceConnectForm({ onConnected }: { onConnected: (change: ServiceChange) => void }) {
  const api = useApi();
  const [result, setResult] = useState<ActionResult | null>(null);
  const hook = useCommandForm({
    command: 'service.connect',
    toArgs: toServiceConnectArgs,
    fields: SERVICE_CONNECT_FIELDS,
    defaultValues: EMPTY_SERVICE_CONNECT,
  });
  const { form } = hook;
  const busy = form.formState.isSubmitting;

  const submit = hook.onSubmit(async (args) => {
    setResult(null);
    try {
      const change = await api.invoke('service.connect', args);
      onConnected(change);
      setResult({ ok: true, text: change.notice ?? 'Signed in to the service.' });
    } finally {
      form.setValue('password', '');
    }
  });

  return (
    <form
      className="panel"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="service-connect-title"
      noValidate
    >
      <h3 id="service-connect-title">Connect to a Clearpost service</h3>
      <p className="muted">
        Make this computer a console of the team&apos;s shared Clearpost service: it then runs no engine and
        no database of its own, and shows the service&apos;s queue.
      </p>
      <div className="settings-grid">
        <Field of={hook} name="url" label="Service address">
          {(c) => (
            <input
              {...c}
              placeholder="https://clearpost.hospital.example:8443/"
              inputMode="url"
              autoComplete="off"
            />
          )}
        </Field>
        <Field of={hook} name="fingerprint" label="Certificate fingerprint (SHA-256)">
          {(c) => (
            <input
              {...c}
              placeholder="AB:CD:…, as clearpost serve prints it"
              className="mono"
              autoComplete="off"
            />
          )}
        </Field>
        <Field of={hook} name="username" label="User name">
          {(c) => <input {...c} autoComplete="username" />}
        </Field>
        <Field of={hook} name="password" label="Password">
          {(c) => <input {...c} type="password" autoComplete="current-password" />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" {...form.register('keepSession')} />
        Stay signed in on this computer (the session is sealed in the vault; the password is never kept)
      </label>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
      {/* What the attempt came to, refused or signed in, in one place the operator (and a test) reads. */}
      <div data-testid="service-connect-result">
        <FormStatus of={hook} />
        <ResultLine result={result} />
      </div>
    </form>
  );
}
