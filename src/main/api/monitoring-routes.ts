/**
 * `GET /healthz` and `GET /metrics` of serve mode, for the IT team's load balancer, service manager and
 * Prometheus. The metrics themselves are the host's (src/main/monitoring); this file only decides who may read
 * them and answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAuth } from '../auth/http-auth';
import { tokensEqual } from '../security/token';
import { bearer, sessionId } from './http-credentials';
import { sendError, sendMethodNotAllowed } from './http-replies';

export interface ConsoleMonitoring {
  /** The Prometheus text exposition of the service's metrics. */
  readonly metrics: { readonly contentType: string; render(): Promise<string> };
  /**
   * A read-only bearer token for Prometheus, which cannot sign in; null: a signed-in session (and, on
   * loopback, the console token) reads the metrics, as it reads the console.
   */
  readonly metricsToken: string | null;
  /** The database answers and the engine runs. */
  readonly healthy: () => boolean;
  /** Told every answer given to a processor webhook, refusals included. */
  readonly webhookAnswered: (outcome: string, ok: boolean) => void;
}

/** 200 `ok` or 503 `unavailable`, and nothing else: a load balancer's probe needs no credential. */
export function healthRoute(monitoring: ConsoleMonitoring, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
  const healthy = monitoring.healthy();
  res.statusCode = healthy ? 200 : 503;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : healthy ? 'ok\n' : 'unavailable\n');
}

/**
 * The metrics token when one is configured (Prometheus's `authorization` / `bearer_token_file`), otherwise
 * what the console itself takes: a session, and the console token on loopback.
 */
export async function metricsRoute(
  context: {
    readonly monitoring: ConsoleMonitoring;
    readonly auth: HttpAuth;
    /** The console token, or null off loopback (accounts only). */
    readonly consoleToken: string | null;
  },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { monitoring } = context;
  if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
  const metricsToken = monitoring.metricsToken;
  const allowed =
    metricsToken !== null
      ? tokensEqual(bearer(req), metricsToken)
      : (context.consoleToken === null || tokensEqual(bearer(req), context.consoleToken)) &&
        context.auth.callerFor(sessionId(req)) !== null;
  if (!allowed) {
    res.setHeader('WWW-Authenticate', 'Bearer');
    return sendError(
      res,
      'unauthorized',
      metricsToken !== null ? 'The metrics token is missing or wrong' : 'Sign in to read the metrics',
    );
  }
  const text = await monitoring.metrics.render();
  res.statusCode = 200;
  res.setHeader('Content-Type', monitoring.metrics.contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** The intake's `{ok, outcome}` of a webhook answer (its body is the receiver's, typed loosely here). */
export function webhookOutcome(answer: { status: number; body: unknown }): { ok: boolean; outcome: string } {
  const body = (answer.body ?? {}) as { ok?: unknown; outcome?: unknown };
  return {
    ok: body.ok === true,
    outcome: typeof body.outcome === 'string' ? body.outcome : `http_${String(answer.status)}`,
  };
}
