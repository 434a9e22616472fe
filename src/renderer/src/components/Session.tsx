/**
 * Serve mode's access pages. Every command needs a signed-in session: without one (or when a call is
 * refused because the session ended) the console is replaced by what the server says comes first — the
 * first supervisor's account on a fresh data folder, the sign-in form, or how to recover when no active
 * supervisor is left. Signing out ends the session on the server and shows the sign-in form.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ROLE_LABEL } from '../screens/settings/access-draft';
import { useQuery } from '../hooks/use-query';
import type { ConsoleAccessState, SessionApi } from '../transport/http';
import '../settings.css';
import { AccountForm, RecoverPage } from './AccessPages';

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
