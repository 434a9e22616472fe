/**
 * `POST /api/<command>`: a JSON body under the command's size limit, parsed with a nesting limit, run by
 * the dispatcher as the session's caller; the envelope's error code becomes the HTTP status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_IMPORT_BASE64 } from '../../shared/commands/imports';
import { MAX_JSON_DEPTH, parseJsonLimited } from '../../shared/json-depth';
import type { HttpAuth } from '../auth/http-auth';
import { sendSignInNeeded } from './auth-routes';
import type { Dispatch } from './dispatcher';
import { sessionId } from './http-credentials';
import { HTTP_STATUS, sendError, sendJson } from './http-replies';
import { MAX_BODY_BYTES, readBody, sendTooLarge } from './request-body';

/** `imports.start` carries a whole report file (base64, up to 50 MiB) in its JSON body. */
const MAX_IMPORT_BODY_BYTES = MAX_IMPORT_BASE64 + 64 * 1024;
/**
 * Commands whose body may exceed {@link MAX_BODY_BYTES}, each as large as its argument schema allows.
 * `imports.inspect` takes the same limit as `imports.start`: the console sends a CSV's first 256 KiB, but an
 * XLSX file is a zip whose directory sits at its end, so the browser cannot cut a sample from it without
 * unzipping it (a zip library in the renderer for a column preview); it sends the whole file, and main reads
 * only its first rows.
 */
const BODY_LIMITS: Readonly<Record<string, number>> = {
  'imports.start': MAX_IMPORT_BODY_BYTES,
  'imports.inspect': MAX_IMPORT_BODY_BYTES,
};
const JSON_REFUSALS = {
  invalid: 'The request body is not valid JSON',
  too_deep: `The request body nests deeper than ${String(MAX_JSON_DEPTH)} levels`,
} as const;

export interface CommandRouteContext {
  readonly dispatch: Dispatch;
  readonly auth: HttpAuth;
}

export async function callCommand(
  options: CommandRouteContext,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const type = req.headers['content-type'] ?? '';
  // Requiring JSON also keeps out HTML form posts, which cannot set this content type.
  if (!type.toLowerCase().startsWith('application/json')) {
    res.statusCode = 415;
    return sendJson(res, {
      ok: false,
      error: { code: 'invalid_arguments', message: 'Send arguments as application/json' },
    });
  }
  const limit = BODY_LIMITS[name] ?? MAX_BODY_BYTES;
  const body = await readBody(req, limit);
  if (!body.ok) {
    return sendTooLarge(res, {
      ok: false,
      error: {
        code: 'invalid_arguments',
        message: `The request body is larger than ${String(Math.floor(limit / (1024 * 1024)))} MiB`,
      },
    });
  }
  const parsed = body.text.trim() === '' ? { ok: true as const, value: {} } : parseJsonLimited(body.text);
  if (!parsed.ok) return sendError(res, 'invalid_arguments', JSON_REFUSALS[parsed.reason]);
  const args = parsed.value;
  // The token proved the caller got the link; only a session says who they are. No session, no role.
  const caller = options.auth.callerFor(sessionId(req));
  if (!caller) return sendSignInNeeded(options.auth, res);
  const envelope = await options.dispatch(name, args, caller);
  res.statusCode = envelope.ok ? 200 : HTTP_STATUS[envelope.error.code];
  sendJson(res, envelope);
}
