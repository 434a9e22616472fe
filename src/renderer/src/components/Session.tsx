/**
 * Serve mode's access pages. Every command needs a signed-in session: without one (or when a call is
 * refused because the session ended) the console is replaced by what the server says comes first — the
 * first supervisor's account on a fresh data folder, the sign-in form, or how to recover when no active
 * supervisor is left. Signing out ends the session on the server and shows the sign-in form.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useState,
  type ReactNode,
  type SyntheticEvent,
} from 'react';
import type { Role } from '../../../shared/commands/access';
import { useQuery } from '../hooks/use-query';
import type { ConsoleAccessState, SessionApi } from '../transport/http';
import '../settings.css';

interface SessionControls {
  readonly signOut: () => void;
}

const SessionContext = createContext<SessionControls | null>(null);

type Gate =
  | { readonly page: 'console' }
  | { readonly page: 'checking' }
  | { readonly page: ConsoleAccessState; readonly message: string; readonly notice?: string };

export function SessionGate({ session, children }: { session?: SessionApi; children: ReactNode }) {
  const [gate, setGate] = useState<Gate>(() =>
    !session || session.hasSession() ? { page: 'console' } : { page: 'checking' },
  );
  // A new key starts the console afresh after a sign-in, so every screen loads as the new person.
  const [generation, setGeneration] = useState(0);

  // Sets state only when the server answers (the caller shows "checking" first where needed).
  const loadAccessPage = useCallback(
    (notice?: string) => {
      if (!session) return;
      session.accessState().then(
        ({ state, message }) => setGate({ page: state, message, ...(notice ? { notice } : {}) }),
        (cause: unknown) =>
          setGate({ page: 'sign-in', message: cause instanceof Error ? cause.message : String(cause) }),
      );
    },
    [session],
  );
  const showAccessPage = useCallback(
    (notice?: string) => {
      setGate({ page: 'checking' });
      loadAccessPage(notice);
    },
    [loadAccessPage],
  );

  // Without a session the gate starts at "checking"; the server says which page comes first.
  useEffect(() => {
    if (session && !session.hasSession()) loadAccessPage();
  }, [session, loadAccessPage]);
  useEffect(() => session?.onUnauthorized(() => showAccessPage()), [session, showAccessPage]);

  if (!session) return <>{children}</>;
  const signedIn = () => {
    setGate({ page: 'console' });
    setGeneration((g) => g + 1);
  };
  switch (gate.page) {
    case 'checking':
      return <div className="state">Checking your session…</div>;
    case 'first-supervisor':
    case 'sign-in':
      return (
        <AccountForm
          key={gate.page}
          session={session}
          kind={gate.page}
          message={gate.notice ?? gate.message}
          onSignedIn={signedIn}
        />
      );
    case 'recover':
      return <RecoverPage message={gate.message} onRetry={() => showAccessPage()} />;
    case 'console':
      break;
  }
  const controls: SessionControls = {
    signOut: () => {
      void session
        .signOut()
        .catch(() => undefined)
        .finally(() => showAccessPage('You are signed out.'));
    },
  };
  return (
    <SessionContext.Provider value={controls} key={generation}>
      {children}
    </SessionContext.Provider>
  );
}

function markState(state: string) {
  document.getElementById('root')?.setAttribute('data-app-state', state);
}

function RecoverPage({ message, onRetry }: { message: string; onRetry: () => void }) {
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

function AccountForm({
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
