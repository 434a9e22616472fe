/**
 * The pages serve mode shows instead of the console: the sign-in form, the first supervisor's account on a
 * fresh data folder, and how to recover when no active supervisor is left.
 */
import { useEffect } from 'react';
import { z } from 'zod';
import { firstSupervisorSchema, signInSchema } from '../../../shared/commands/access';
import { Field, FormStatus } from './form/Field';
import { useRulesForm } from './form/use-command-form';
import type { SessionApi } from '../transport/http';

/** Which page is up, for the end-to-end tests and styles that wait on it. */
function markState(state: string) {
  document.getElementById('root')?.setAttribute('data-app-state', state);
}

export function RecoverPage({ message, onRetry }: { message: string; onRetry: () => void }) {
  useEffect(() => markState('recover'), []);
  return (
    <main className="sign-in">
      <section className="panel sign-in-panel" aria-labelledby="recover-title">
        <h1 id="recover-title">Nobody can manage access</h1>
        <p role="alert">{message}</p>
        <div className="form-actions">
          <button type="button" onClick={onRetry}>
            Check again
          </button>
        </div>
      </section>
    </main>
  );
}

const FORMS = {
  'sign-in': { title: 'Sign in to Clearpost', submit: 'Sign in', busy: 'Signing in…' },
  'first-supervisor': {
    title: 'Create the first supervisor',
    submit: 'Create account and sign in',
    busy: 'Creating…',
  },
} as const;

interface AccountValues {
  username: string;
  password: string;
  repeat: string;
}

/**
 * The rules each page sends by: signing in needs a name and a password; the first supervisor's account is
 * judged by main's own schema for it, and the password is typed twice.
 */
const RULES = {
  'sign-in': signInSchema,
  'first-supervisor': firstSupervisorSchema.extend({ repeat: z.string().min(1) }),
} as const;

export function AccountForm({
  session,
  kind,
  message,
  onSignedIn,
}: {
  session: SessionApi;
  kind: 'sign-in' | 'first-supervisor';
  message: string;
  onSignedIn: () => void;
}) {
  const account = useRulesForm({
    name: kind,
    schema: RULES[kind],
    input: (v: AccountValues) => (kind === 'sign-in' ? { username: v.username, password: v.password } : v),
    toArgs: (v: AccountValues) => ({ username: v.username.trim(), password: v.password }),
    defaultValues: { username: '', password: '', repeat: '' },
  });
  const { form } = account;
  const text = FORMS[kind];

  useEffect(() => markState(kind), [kind]);

  const submit = account.onSubmit(async ({ username, password }, values) => {
    if (kind === 'first-supervisor' && values.password !== values.repeat) {
      form.setError('repeat', { type: 'mismatch', message: 'The two passwords differ.' });
      return;
    }
    try {
      await (kind === 'first-supervisor'
        ? session.createFirstSupervisor(username, password)
        : session.signIn(username, password));
    } finally {
      // A password is never kept in the page longer than the request that carries it.
      form.resetField('password');
      form.resetField('repeat');
    }
    onSignedIn();
  });

  return (
    <main className="sign-in">
      <form
        className="panel sign-in-panel"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="sign-in-title"
        noValidate
      >
        <h1 id="sign-in-title">{text.title}</h1>
        <p className="muted">{message}</p>
        <FormStatus of={account} />
        <Field of={account} name="username" label="User name">
          {(c) => <input {...c} autoComplete="username" autoFocus />}
        </Field>
        <Field of={account} name="password" label="Password">
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete={kind === 'sign-in' ? 'current-password' : 'new-password'}
            />
          )}
        </Field>
        {kind === 'first-supervisor' && (
          <Field of={account} name="repeat" label="Repeat the password">
            {(c) => <input {...c} type="password" autoComplete="new-password" />}
          </Field>
        )}
        <div className="form-actions">
          <button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? text.busy : text.submit}
          </button>
        </div>
      </form>
    </main>
  );
}
