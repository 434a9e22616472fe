/**
 * Serve mode's sign-in as a test meets it: the console token admits the first supervisor on a fresh data
 * folder, and every command after that needs a session id in the `X-Clearpost-Session` header.
 */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export const FIRST_SUPERVISOR: Credentials = {
  username: 'first.supervisor',
  password: 'first supervisor password',
};

export interface ConsoleSession {
  readonly origin: string;
  readonly token: string;
  readonly sessionId: string;
}

/** Headers of a console call: the token, and the session when there is one. */
export function consoleHeaders(token: string, sessionId?: string | null): Record<string, string> {
  return {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
    ...(sessionId ? { 'X-Clearpost-Session': sessionId } : {}),
  };
}

async function startSession(
  origin: string,
  token: string,
  path: '/auth/sign-in' | '/auth/first-supervisor',
  who: Credentials,
): Promise<ConsoleSession> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: consoleHeaders(token),
    body: JSON.stringify(who),
  });
  const body = (await res.json()) as { ok: boolean; result?: { sessionId: string }; error?: unknown };
  if (!body.ok || !body.result) throw new Error(`${path} ${who.username}: ${JSON.stringify(body.error)}`);
  return { origin, token, sessionId: body.result.sessionId };
}

/** Creates the first supervisor of a fresh data folder and returns their session. */
export const createFirstSupervisor = (origin: string, token: string, who: Credentials = FIRST_SUPERVISOR) =>
  startSession(origin, token, '/auth/first-supervisor', who);

export const signIn = (origin: string, token: string, who: Credentials) =>
  startSession(origin, token, '/auth/sign-in', who);

/** One command over HTTP as the session's account: the status and the envelope. */
export async function callAs(
  session: ConsoleSession,
  name: string,
  args: unknown = {},
): Promise<{
  status: number;
  body: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
}> {
  const res = await fetch(`${session.origin}/api/${name}`, {
    method: 'POST',
    headers: consoleHeaders(session.token, session.sessionId),
    body: JSON.stringify(args),
  });
  return { status: res.status, body: (await res.json()) as never };
}

/** Creates an account as `supervisor` and signs it in. */
export async function accountSession(
  supervisor: ConsoleSession,
  who: Credentials & { readonly role: 'viewer' | 'operator' | 'supervisor' },
): Promise<ConsoleSession> {
  const made = await callAs(supervisor, 'accounts.save', who);
  if (!made.body.ok) throw new Error(`accounts.save ${who.username}: ${JSON.stringify(made.body.error)}`);
  return signIn(supervisor.origin, supervisor.token, who);
}
