/**
 * The pages serve mode shows instead of the console: the sign-in form, the first supervisor's account on a
 * fresh data folder, and how to recover when no active supervisor is left.
 */
import { useEffect, useState, type SyntheticEvent } from 'react';
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
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = FORMS[kind];

  useEffect(() => markState(kind), [kind]);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (kind === 'first-supervisor' && password !== repeat) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    const start =
      kind === 'first-supervisor'
        ? session.createFirstSupervisor(username.trim(), password)
        : session.signIn(username.trim(), password);
    start.then(
      () => {
        setPassword('');
        setRepeat('');
        onSignedIn();
      },
      (cause: unknown) => {
        setPassword('');
        setRepeat('');
        setError(cause instanceof Error ? cause.message : String(cause));
        setBusy(false);
      },
    );
  };

  return (
    <main className="sign-in">
      <form className="panel sign-in-panel" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{text.title}</h1>
        <p className="muted">{message}</p>
        <label className="field">
          User name
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
            autoFocus
          />
        </label>
        <label className="field">
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={kind === 'sign-in' ? 'current-password' : 'new-password'}
            minLength={kind === 'sign-in' ? undefined : 12}
            required
          />
        </label>
        {kind === 'first-supervisor' && (
          <label className="field">
            Repeat the password
            <input
              type="password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              autoComplete="new-password"
              required
            />
          </label>
        )}
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? text.busy : text.submit}
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
