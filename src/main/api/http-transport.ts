/**
 * Serve mode's transport: the console API as `POST /api/<command>`, pushed events as Server-Sent Events
 * on `GET /api/events`, sign-in under `/auth/`, `GET /metrics` and `GET /healthz` for the IT team's
 * monitoring, and the built renderer as static files. On loopback every API and sign-in request needs the
 * console token, every API request a signed-in session as well, and requests addressed to another host or
 * port, or sent cross-site, are refused. Off loopback (serve-exposure.ts) it speaks only TLS and the token
 * is not used: a signed-in session is the credential, and the first supervisor is made on the server.
 *
 * No credential ever travels in a cookie: cookies are not port-scoped (RFC 6265 section 8.5, "Weak
 * Confidentiality"), so a 127.0.0.1 cookie reaches every other local web service the browser visits. The
 * token and the session id live in the tab's sessionStorage and go in headers (`Authorization`,
 * `X-Clearpost-Session`), which the browser sends only where the console's own script sends them. The
 * event stream is read with fetch, not EventSource, precisely so it can carry those headers too.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { extname, join, normalize, sep } from 'node:path';
import type { Logger } from 'pino';
import { MAX_IMPORT_BASE64 } from '../../shared/commands/imports';
import { MAX_JSON_DEPTH, parseJsonLimited } from '../../shared/json-depth';
import type { HttpAuth, SignInResult } from '../auth/http-auth';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { tokensEqual } from '../security/token';
import { minimumRole, roleAtLeast } from '../auth/roles';
import type { Dispatch } from './dispatcher';
import { contentDisposition, type FileDownloads } from './file-download';
import type { EventBus } from '../lib/event-bus';
import { readBody, sendTooLarge } from './request-body';
import { bearer, cookie, sessionId } from './http-credentials';
import { HTTP_STATUS, sendError, sendJson, sendMethodNotAllowed } from './http-replies';
import { healthRoute, metricsRoute, webhookOutcome, type ConsoleMonitoring } from './monitoring-routes';
import { addressedHere, isCrossSite } from './request-origin';

export { HTTP_STATUS };
export type { ConsoleMonitoring };

export interface ConsoleServerOptions {
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  readonly token: string;
  /** The built renderer (`out/renderer`); null serves the API only. */
  readonly rendererDir: string | null;
  readonly logger: Logger;
  /** Operator sign-in (`POST /auth/…`) and who each call acts as: nobody without a session. */
  readonly auth: HttpAuth;
  /** Generated files the browser may download (`GET /api/download/<file name>`); none when absent. */
  readonly downloads?: FileDownloads;
  /** The Cybersource webhook receiver, authenticated by its signature rather than the console token. */
  readonly webhook?: (
    rawBody: string,
    headers: IncomingMessage['headers'],
  ) => Promise<{ status: number; body: unknown }>;
  /** How often an open event stream is pinged and its session checked (default 15 s). */
  readonly heartbeatMs?: number;
  /**
   * Where the console is reached: loopback (the token gates it; the default) or the network (TLS is required
   * by the caller, serve-exposure.ts; accounts only). With `tls` it answers HTTPS.
   */
  readonly exposure?: {
    readonly loopback: boolean;
    readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  };
  /** `GET /metrics` and `GET /healthz`; both answer 404 when absent. */
  readonly monitoring?: ConsoleMonitoring;
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
/** Cookies earlier versions set; expired when a browser still sends them (see the file comment). */
const LEGACY_COOKIES = ['clearpost_token', 'clearpost_session'] as const;
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

/** Open event streams by session id, so signing out closes that session's streams at once. */
type StreamRegistry = Map<string, Set<() => void>>;

export function createConsoleServer(options: ConsoleServerOptions): Server {
  const streams: StreamRegistry = new Map();
  // A disabled account (or a changed role) loses its open streams now, not at the next heartbeat.
  const stopListening = options.auth.onSessionsEnded(() => {
    for (const [id, ends] of streams) if (!options.auth.callerFor(id)) for (const end of [...ends]) end();
  });
  const tls = options.exposure?.tls ?? null;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res, tls !== null);
    handle(options, streams, req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'serve request failed');
      if (!res.headersSent) sendError(res, 'internal', 'The request failed; see the Clearpost log.');
      else res.end();
    });
  };
  const server: Server = tls
    ? createTlsServer({ cert: tls.cert, key: tls.key }, listener)
    : createServer(listener);
  server.on('close', stopListening);
  return server;
}

async function handle(
  options: ConsoleServerOptions,
  streams: StreamRegistry,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // The processor reaches this path through the hospital's proxy, under its public host name: it carries no
  // console token and proves itself by the signature, which the receiver checks before storing anything.
  if (options.webhook && (req.url ?? '').split('?')[0] === WEBHOOK_PATH) {
    // Cybersource pings the health-check URL (or the webhook URL) before it activates a subscription
    // (Cybersource Webhooks Implementation Guide, REST): 200, no authentication, and an empty body that
    // says nothing about this installation.
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.statusCode = 200;
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Length', '0');
      res.end();
      return;
    }
    if (req.method !== 'POST') return sendMethodNotAllowed(res, 'GET, HEAD, POST');
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body.ok) {
      options.monitoring?.webhookAnswered('body_too_large', false);
      return sendTooLarge(res, {
        ok: false,
        outcome: 'body_too_large',
        message: 'The message is too large.',
      });
    }
    const answer = await options.webhook(body.text, req.headers);
    if (options.monitoring) {
      const { ok, outcome } = webhookOutcome(answer);
      options.monitoring.webhookAnswered(outcome, ok);
    }
    res.statusCode = answer.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(answer.body));
    return;
  }
  const host = req.headers.host ?? '';
  const loopback = options.exposure?.loopback ?? true;
  const scheme = options.exposure?.tls ? 'https' : 'http';
  // DNS rebinding and other local services' pages are refused here (request-origin.ts).
  if (!addressedHere(host, req.socket.localPort, loopback, scheme)) {
    const where = loopback ? 'on 127.0.0.1' : 'on its own port';
    return sendError(res, 'forbidden', `Requests must be addressed to this console ${where}`);
  }
  if (isCrossSite(req, host, scheme)) return sendError(res, 'forbidden', 'Cross-site requests are refused');

  const url = new URL(req.url ?? '/', `${scheme}://${host}`);
  if (url.pathname === '/healthz' && options.monitoring) return healthRoute(options.monitoring, req, res);
  if (url.pathname === '/metrics' && options.monitoring) {
    const context = {
      monitoring: options.monitoring,
      auth: options.auth,
      consoleToken: loopback ? options.token : null,
    };
    return metricsRoute(context, req, res);
  }
  // Off loopback the token is not used: a session is the credential (its sign-in is rate-limited per user).
  const tokenOk = () => !loopback || tokensEqual(bearer(req), options.token);
  if (url.pathname.startsWith('/auth/')) {
    if (!tokenOk()) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendError(res, 'unauthorized', 'The console token is missing or wrong');
    }
    if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
    // Anyone on the network could claim a fresh console: off loopback, the first supervisor is made on the
    // server itself, by whoever runs it.
    if (!loopback && url.pathname === '/auth/first-supervisor') {
      return sendError(
        res,
        'forbidden',
        'Create the first supervisor on the Clearpost server: clearpost accounts create --username NAME --role supervisor',
      );
    }
    return authRoute(options.auth, streams, url.pathname, req, res);
  }
  if (url.pathname.startsWith('/api/')) {
    if (!tokenOk()) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendError(res, 'unauthorized', 'The console token is missing or wrong');
    }
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
      const id = sessionId(req);
      if (!options.auth.callerFor(id) || id === null) return sendSignInNeeded(options.auth, res);
      return streamEvents(options, streams, id, req, res);
    }
    if (url.pathname.startsWith(DOWNLOAD_PREFIX)) return download(options, url.pathname, req, res);
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
  // The built renderer holds no data and no secret, so it is served without a credential (a cookie would be
  // the only way to gate a page's scripts, and cookies leak to other ports). The page reads the token from
  // the link into sessionStorage; without it, it explains where the link is.
  const stale = LEGACY_COOKIES.filter((name) => cookie(req, name) !== null);
  if (stale.length > 0) {
    res.setHeader(
      'Set-Cookie',
      stale.map((name) => `${name}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`),
    );
  }
  serveStatic(options.rendererDir, url.pathname, req, res);
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
  // The token proved the caller got the link; only a session says who they are. No session, no role.
  const caller = options.auth.callerFor(sessionId(req));
  if (!caller) return sendSignInNeeded(options.auth, res);
  const envelope = await options.dispatch(name, args, caller);
  res.statusCode = envelope.ok ? 200 : HTTP_STATUS[envelope.error.code];
  sendJson(res, envelope);
}

const DOWNLOAD_PREFIX = '/api/download/';

/**
 * A generated file as an attachment. The console fetches it with its headers (token and session, never a
 * cookie) and saves the answer; downloading is exporting, so it takes the role `reports.export` takes.
 */
function download(
  options: ConsoleServerOptions,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
  const caller = options.auth.callerFor(sessionId(req));
  if (!caller) return sendSignInNeeded(options.auth, res);
  if (!caller.role || !roleAtLeast(caller.role, minimumRole('reports.export'))) {
    return sendError(res, 'forbidden', 'Downloading report files needs a supervisor');
  }
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice(DOWNLOAD_PREFIX.length));
  } catch {
    return sendError(res, 'invalid_arguments', 'The file name in the address is not valid (a stray %)');
  }
  const file = options.downloads?.resolve(name) ?? null;
  if (!file) return sendError(res, 'not_found', 'No such generated file in the reports folder');
  res.statusCode = 200;
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.bytes));
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('Cache-Control', 'no-store');
  options.downloads?.downloaded(file, caller.actor);
  createReadStream(file.path)
    .on('error', (error) => {
      options.logger.error({ err: error, file: file.fileName }, 'download failed');
      res.destroy();
    })
    .pipe(res);
}

/** 401 with what the console should show instead: first-supervisor set-up, sign-in, or recovery. */
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
async function authRoute(
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
    if (id !== null) for (const close of streams.get(id) ?? []) close();
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
    if (!result.ok) return sendError(res, 'conflict', result.message);
  } else {
    result = await auth.signIn(username, password);
    if (!result.ok) return sendError(res, 'unauthorized', result.message);
  }
  sendJson(res, {
    ok: true,
    result: { ...result.identity, expiresAt: result.expiresAt, sessionId: result.sessionId },
  });
}

/**
 * The stream ends when its session does: at sign-out or when the account's sessions are ended, at once;
 * at expiry, at the next heartbeat.
 */
function streamEvents(
  options: ConsoleServerOptions,
  streams: StreamRegistry,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const bus: EventBus = options.bus;
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
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
    const mine = streams.get(id);
    mine?.delete(end);
    if (mine?.size === 0) streams.delete(id);
  };
  const end = () => {
    stop();
    res.end();
  };
  const heartbeat = setInterval(() => {
    if (options.auth.callerFor(id)) res.write(': ping\n\n');
    else end();
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  let mine = streams.get(id);
  if (!mine) streams.set(id, (mine = new Set()));
  mine.add(end);
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

function setSecurityHeaders(res: ServerResponse, tls: boolean): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  // Once a browser has reached the console over TLS it never tries plain HTTP to it again (RFC 6797).
  if (tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The first URL carries the token: never leak it in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
