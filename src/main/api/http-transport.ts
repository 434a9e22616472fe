/**
 * Serve mode's transport: the console API as `POST /api/<command>`, pushed events as Server-Sent Events
 * on `GET /api/events`, and the built renderer as static files. Bound to loopback, every request needs
 * the console token, and cross-site or foreign-host requests are refused.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Logger } from 'pino';
import { MAX_IMPORT_BASE64 } from '../../shared/commands/intake';
import type { ApiErrorCode, Envelope } from '../../shared/contract';
import { MAX_JSON_DEPTH, parseJsonLimited } from '../../shared/json-depth';
import { SESSION_COOKIE, SESSION_HEADER, type HttpAuth } from '../auth/http-auth';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { tokensEqual } from '../security/token';
import type { Dispatch } from './dispatcher';
import type { EventBus } from '../lib/event-bus';
import { readBody, sendTooLarge } from './request-body';

export interface ConsoleServerOptions {
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  readonly token: string;
  /** The built renderer (`out/renderer`); null serves the API only. */
  readonly rendererDir: string | null;
  readonly logger: Logger;
  /** Who API calls are attributed to while no operator account exists. */
  readonly actor: string;
  /** Operator sign-in (`POST /auth/sign-in`, `/auth/sign-out`) and the role of each call. */
  readonly auth?: HttpAuth;
  /** The Cybersource webhook receiver, authenticated by its signature rather than the console token. */
  readonly webhook?: (
    rawBody: string,
    headers: IncomingMessage['headers'],
  ) => { status: number; body: unknown };
}

export const WEBHOOK_PATH = '/webhooks/cybersource';

const MAX_BODY_BYTES = 1024 * 1024;
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
/** A user name (at most 256 characters, four bytes each in UTF-8) and a password (200) with room to spare. */
const MAX_SIGN_IN_BYTES = 8 * 1024;
const JSON_REFUSALS = {
  invalid: 'The request body is not valid JSON',
  too_deep: `The request body nests deeper than ${String(MAX_JSON_DEPTH)} levels`,
} as const;
const HEARTBEAT_MS = 15_000;
const TOKEN_COOKIE = 'clearpost_token';
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  unknown_command: 404,
  invalid_arguments: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  unavailable: 503,
  internal: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function createConsoleServer(options: ConsoleServerOptions): Server {
  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    handle(options, req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'serve request failed');
      if (!res.headersSent) sendError(res, 'internal', 'The request failed; see the Clearpost log.');
      else res.end();
    });
  });
  return server;
}

async function handle(
  options: ConsoleServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // The processor reaches this path through the hospital's proxy, under its public host name: it carries no
  // console token and proves itself by the signature, which the receiver checks before storing anything.
  if (options.webhook && (req.url ?? '').split('?')[0] === WEBHOOK_PATH) {
    if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body.ok) {
      return sendTooLarge(res, {
        ok: false,
        outcome: 'body_too_large',
        message: 'The message is too large.',
      });
    }
    const answer = options.webhook(body.text, req.headers);
    res.statusCode = answer.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(answer.body));
    return;
  }
  const host = req.headers.host ?? '';
  // A foreign Host header means DNS rebinding: a web page posing as localhost.
  if (!LOOPBACK_HOST.test(host))
    return sendError(res, 'forbidden', 'Requests must be addressed to 127.0.0.1');
  if (isCrossSite(req, host)) return sendError(res, 'forbidden', 'Cross-site requests are refused');

  const url = new URL(req.url ?? '/', `http://${host}`);
  if (options.auth && url.pathname.startsWith('/auth/')) {
    if (!tokensEqual(bearer(req), options.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendError(res, 'unauthorized', 'The console token is missing or wrong');
    }
    if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
    return authRoute(options.auth, url.pathname, req, res);
  }
  if (url.pathname.startsWith('/api/')) {
    if (!tokensEqual(bearer(req), options.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendError(res, 'unauthorized', 'The console token is missing or wrong');
    }
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
      return streamEvents(options.bus, req, res);
    }
    if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice('/api/'.length));
    } catch {
      return sendError(res, 'invalid_arguments', 'The command name in the address is not valid (a stray %)');
    }
    return callCommand(options, name, req, res);
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null && tokensEqual(queryToken, options.token)) {
    // The browser keeps the token as a same-site cookie so it can fetch the page's scripts and styles.
    res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`);
  } else if (!tokensEqual(cookie(req, TOKEN_COOKIE), options.token)) {
    res.statusCode = 401;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(
      'Clearpost: open the console with the link printed by `clearpost serve` (it carries the token).\n',
    );
    return;
  }
  serveStatic(options.rendererDir, url.pathname, req, res);
}

function isCrossSite(req: IncomingMessage, host: string): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return true;
  return req.headers['sec-fetch-site'] === 'cross-site';
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

async function callCommand(
  options: ConsoleServerOptions,
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
  const caller = options.auth
    ? options.auth.callerFor(sessionId(req), options.actor)
    : { actor: options.actor, transport: 'http' as const };
  if (!caller) return sendError(res, 'unauthorized', 'Sign in first: this Clearpost has operator accounts');
  const envelope = await options.dispatch(name, args, caller);
  res.statusCode = envelope.ok ? 200 : HTTP_STATUS[envelope.error.code];
  sendJson(res, envelope);
}

function sessionId(req: IncomingMessage): string | null {
  const header = req.headers[SESSION_HEADER];
  return (typeof header === 'string' ? header : null) ?? cookie(req, SESSION_COOKIE);
}

/** `POST /auth/sign-in {username, password}` sets an HttpOnly session cookie; `/auth/sign-out` ends it. */
async function authRoute(
  auth: HttpAuth,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (path === '/auth/sign-out') {
    auth.signOut(sessionId(req));
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return sendJson(res, { ok: true, result: { signedOut: true } });
  }
  if (path !== '/auth/sign-in') return sendError(res, 'not_found', 'No such sign-in route');
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
  const result = await auth.signIn(username, password);
  if (!result.ok) return sendError(res, 'unauthorized', result.message);
  res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${result.sessionId}; HttpOnly; SameSite=Strict; Path=/`);
  // The id travels only in the HttpOnly cookie: page scripts never see it.
  sendJson(res, { ok: true, result: { ...result.identity, expiresAt: result.expiresAt } });
}

function streamEvents(bus: EventBus, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  const unsubscribe = bus.subscribe((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  // Subscribed before the first byte: a client that has read it will not miss later events.
  res.write('retry: 2000\n: connected\n\n');
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('error', stop);
}

function serveStatic(
  rendererDir: string | null,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (rendererDir === null) {
    res.statusCode = 404;
    res.end('The console is not built; run `npm run build`.\n');
    return;
  }
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    res.statusCode = 400;
    res.end();
    return;
  }
  let file = join(rendererDir, relative === '' ? 'index.html' : relative);
  if (!file.startsWith(rendererDir + sep) && file !== rendererDir) {
    res.statusCode = 404;
    res.end();
    return;
  }
  if (!isFile(file)) {
    // Unknown extension-less paths belong to the single-page app.
    if (extname(file) !== '') {
      res.statusCode = 404;
      res.end();
      return;
    }
    file = join(rendererDir, 'index.html');
    if (!isFile(file)) {
      res.statusCode = 404;
      res.end('The console is not built; run `npm run build`.\n');
      return;
    }
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', extname(file) === '.html' ? 'no-store' : 'private, max-age=3600');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The first URL carries the token: never leak it in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, envelope: Envelope<unknown>): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(envelope));
}

function sendError(res: ServerResponse, code: ApiErrorCode, message: string): void {
  res.statusCode = HTTP_STATUS[code];
  sendJson(res, { ok: false, error: { code, message } });
}

function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  res.statusCode = 405;
  res.setHeader('Allow', allow);
  sendJson(res, { ok: false, error: { code: 'invalid_arguments', message: `Use ${allow}` } });
}
