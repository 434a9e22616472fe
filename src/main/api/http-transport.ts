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
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Logger } from 'pino';
import type { HttpAuth } from '../auth/http-auth';
import type { EventBus } from '../lib/event-bus';
import { tokensEqual } from '../security/token';
import { authRoute, sendSignInNeeded } from './auth-routes';
import { createSignInThrottle, type SignInThrottle } from './http-sign-in-throttle';
import { callCommand } from './command-route';
import type { Dispatch } from './dispatcher';
import { DOWNLOAD_PREFIX, download } from './download-route';
import { closeEndedSessions, streamEvents, type StreamRegistry } from './event-stream';
import type { FileDownloads } from './file-download';
import { bearer, sessionId } from './http-credentials';
import { HTTP_STATUS, sendError, sendMethodNotAllowed, sendThrottled } from './http-replies';
import { healthRoute, metricsRoute, type ConsoleMonitoring } from './monitoring-routes';
import { addressedHere, isCrossSite } from './request-origin';
import { setSecurityHeaders } from './security-headers';
import { expireLegacyCookies, serveStatic } from './static-files';
import { WEBHOOK_PATH, webhookRoute, type WebhookReceiver } from './webhook-route';

export { HTTP_STATUS, WEBHOOK_PATH };
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
  readonly webhook?: WebhookReceiver;
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
  /**
   * Sign-in attempts per address. By default on the network only: on loopback every caller shares one
   * address and the console token already keeps strangers out.
   */
  readonly signInThrottle?: SignInThrottle | null;
}

export function createConsoleServer(given: ConsoleServerOptions): Server {
  const options: ConsoleServerOptions = {
    ...given,
    signInThrottle:
      given.signInThrottle !== undefined
        ? given.signInThrottle
        : (given.exposure?.loopback ?? true)
          ? null
          : createSignInThrottle(),
  };
  const streams: StreamRegistry = new Map();
  // A disabled account (or a changed role) loses its open streams now, not at the next heartbeat.
  const stopListening = options.auth.onSessionsEnded(() => {
    closeEndedSessions(streams, options.auth);
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
  // The processor carries no console token: it proves itself by its signature (webhook-route.ts).
  if (options.webhook && (req.url ?? '').split('?')[0] === WEBHOOK_PATH)
    return webhookRoute(options.webhook, options.monitoring, req, res);
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
    if (url.pathname === '/auth/sign-in' || url.pathname === '/auth/first-supervisor') {
      const decision = options.signInThrottle?.take(req.socket.remoteAddress ?? 'unknown');
      if (decision && !decision.ok) return sendThrottled(res, decision.retryAfterSeconds);
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
  // The built renderer is served without a credential (static-files.ts); the page reads the token from the
  // link into sessionStorage and, without it, explains where the link is.
  expireLegacyCookies(req, res);
  serveStatic(options.rendererDir, url.pathname, req, res);
}
