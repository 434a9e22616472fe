/** Sign-in under `/auth/`, and the 401 that tells a console without a session which page to show. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonLimited } from '../../shared/json-depth';
import type { HttpAuth, SignInResult } from '../auth/http-auth';
import { closeStreams, type StreamRegistry } from './event-stream';
import { sessionId } from './http-credentials';
import { sendError, sendJson } from './http-replies';
import { readBody, sendTooLarge } from './request-body';

/** A user name (at most 256 characters, four bytes each in UTF-8) and a password (200) with room to spare. */
const MAX_SIGN_IN_BYTES = 8 * 1024;

export /** 401 with what the console should show instead: first-supervisor set-up, sign-in, or recovery. */
function sendSignInNeeded(auth: HttpAuth, res: ServerResponse): void {
  const { state, message } = auth.state();
  res.statusCode = 401;
  sendJson(res, { ok: false, error: { code: 'unauthorized', message: `${state}: ${message}` } });
}

/**
 * `POST /auth/state` says which page a console without a session shows; `/auth/first-supervisor` and
 * `/auth/sign-in {username, password}` answer the session id (kept by the page in sessionStorage);
 * `/auth/sign-out` ends the session and closes its event streams.
 */
export async function authRoute(
  auth: HttpAuth,
  streams: StreamRegistry,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (path === '/auth/state') return sendJson(res, { ok: true, result: auth.state() });
  if (path === '/auth/sign-out') {
    const id = sessionId(req);
    auth.signOut(id);
    if (id !== null) closeStreams(streams, id);
    return sendJson(res, { ok: true, result: { signedOut: true } });
  }
  if (path !== '/auth/sign-in' && path !== '/auth/first-supervisor')
    return sendError(res, 'not_found', 'No such sign-in route');
  const body = await readBody(req, MAX_SIGN_IN_BYTES);
  if (!body.ok) {
    return sendTooLarge(res, {
      ok: false,
      error: { code: 'invalid_arguments', message: 'Send {"username", "password"} as JSON' },
    });
  }
  const parsed = parseJsonLimited(body.text, 2);
  if (!parsed.ok) return sendError(res, 'invalid_arguments', 'Send {"username", "password"} as JSON');
  const { username, password } = (parsed.value ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string' || password.length > 200) {
    return sendError(res, 'invalid_arguments', 'Send {"username", "password"} as JSON');
  }
  let result: SignInResult;
  if (path === '/auth/first-supervisor') {
    result = await auth.createFirstSupervisor(username, password);
    if (!result.ok) return sendError(res, 'conflict', result.message, result.issues);
  } else {
    result = await auth.signIn(username, password);
    if (!result.ok) return sendError(res, 'unauthorized', result.message);
  }
  sendJson(res, {
    ok: true,
    result: { ...result.identity, expiresAt: result.expiresAt, sessionId: result.sessionId },
  });
}
