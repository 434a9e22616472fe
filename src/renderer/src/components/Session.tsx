/**
 * Serve mode's operator sign-in. Once accounts exist, every command needs a session: a refused call shows
 * the sign-in form in place of the console, and signing in starts the console again.
 */
import { createContext, useContext, useEffect, useState, type ReactNode, type SyntheticEvent } from 'react';
import type { Role } from '../../../shared/commands/access';
import { useQuery } from '../hooks/use-query';
import type { SessionApi } from '../transport/http';
import '../settings.css';

interface SessionControls {
  readonly signOut: () => void;
}

const SessionContext = createContext<SessionControls | null>(null);

export function SessionGate({ session, children }: { session?: SessionApi; children: ReactNode }) {
  const [needed, setNeeded] = useState<string | null>(null);
  // A new key starts the console afresh after a sign-in, so every screen loads as the new person.
  const [generation, setGeneration] = useState(0);

  useEffect(() => session?.onUnauthorized((message) => setNeeded(message)), [session]);

  if (!session) return <>{children}</>;
  if (needed !== null) {
    return (
      <SignInForm
        session={session}
        reason={needed}
        onSignedIn={() => {
          setNeeded(null);
          setGeneration((g) => g + 1);
        }}
      />
    );
  }
  const controls: SessionControls = {
    signOut: () => {
      void session
        .signOut()
        .catch(() => undefined)
        .finally(() => {
          // Without accounts there is nothing to sign out of: the console simply starts again.
          setGeneration((g) => g + 1);
        });
    },
  };
  return (
    <SessionContext.Provider value={controls} key={generation}>
      {children}
    </SessionContext.Provider>
  );
}

function SignInForm({
  session,
  reason,
  onSignedIn,
}: {
  session: SessionApi;
  reason: string;
  onSignedIn: () => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.getElementById('root')?.setAttribute('data-app-state', 'sign-in');
  }, []);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    session.signIn(username.trim(), password).then(
      () => {
        setPassword('');
        onSignedIn();
      },
      (cause: unknown) => {
        setPassword('');
        setError(cause instanceof Error ? cause.message : String(cause));
        setBusy(false);
      },
    );
  };

  return (
    <main className="sign-in">
      <form className="panel sign-in-panel" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Clearpost</h1>
        <p className="muted">
          {/^sign in first/i.test(reason)
            ? 'This Clearpost has operator accounts: sign in with yours. Everything you do is recorded under your name.'
            : reason}
        </p>
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
            autoComplete="current-password"
            required
          />
        </label>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
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

const ROLE_LABEL: Record<Role, string> = {
  viewer: 'Viewer',
  operator: 'Operator',
  supervisor: 'Supervisor',
};

/** Who the console acts as, in the top bar; with a sign-out button in serve mode. */
export function SessionMenu() {
  const controls = useContext(SessionContext);
  const whoami = useQuery('auth.whoami', {}, []);
  if (!whoami.data) return null;
  return (
    <div className="session-menu" data-testid="session-menu">
      <span title="Every action is recorded under this name">
        {whoami.data.actor} · {ROLE_LABEL[whoami.data.role]}
      </span>
      {controls && (
        <button type="button" className="sign-out" onClick={controls.signOut}>
          Sign out
        </button>
      )}
    </div>
  );
}
