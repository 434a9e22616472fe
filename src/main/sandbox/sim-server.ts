/**
 * The HTTP half every simulator shares: a node:http server on loopback with an OAuth2 token endpoint, bearer
 * checks, the fault injector applied on the wire, and the loopback-only control API under `/_sim/`
 * (sim-control.ts).
 * Each EHR's own contract (paths, validation, answers) comes in as `SimBehaviour`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { DuplicatePolicy, PostAnswer, SimAnswer } from './answers';
import { FaultInjector, type Fault, type SimRoute } from './faults';
import type { SimLedger } from './ledger';
import { seededRandom } from './random';
import { handleControl, type ControlContext } from './sim-control';
import { TokenIssuer } from './token-issuer';

export type SimulatorName = 'oracle-health' | 'epic';

export interface SimRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Shared state a behaviour reads and writes while handling one request. */
export interface SimContext {
  readonly ledger: SimLedger;
  readonly clock: Clock;
  readonly duplicatePolicy: DuplicatePolicy;
  readonly baseUrl: string;
}

export interface SimBehaviour {
  readonly name: SimulatorName;
  /** Content type of this EHR's error bodies. */
  readonly errorContentType: string;
  /** Path prefix of the API (e.g. the FHIR base `/r4/{tenant}`); '' for none. */
  readonly basePath: string;
  readonly tokenPath: string;
  /** Which API route a request is, given its path below `basePath`; null for an unknown path. */
  route(method: string, path: string): SimRoute | null;
  /** Validates, applies a business fault if one is due, handles duplicates, and records. */
  post(request: SimRequest, context: SimContext, fault: Fault | null): PostAnswer;
  lookup(request: SimRequest, context: SimContext): SimAnswer;
  /** This EHR's error body for a status the shared layer produces (401, 404 path, 429, 5xx, outage). */
  errorBody(status: number, issueCode: string, text: string): string;
  /** JSON shape of a ledger row on the control API (adds nothing secret; the body is as received). */
}

export interface SimulatorOptions {
  readonly ledger: SimLedger;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly port?: number;
  readonly seed?: number;
  readonly duplicatePolicy?: DuplicatePolicy;
  readonly tokenLifetimeSeconds?: number;
  /** How long a "timeout" fault holds a socket before closing it unanswered. */
  readonly timeoutHoldMs?: number;
}

export interface SimStats {
  token: number;
  post: number;
  lookup: number;
}

export interface Simulator {
  readonly name: SimulatorName;
  /** Origin, e.g. http://127.0.0.1:53211 */
  readonly origin: string;
  /** The API base the connector is configured with (FHIR base for Oracle Health). */
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly controlUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly faults: FaultInjector;
  readonly ledger: SimLedger;
  readonly tokens: TokenIssuer;
  readonly stats: Readonly<SimStats>;
  duplicatePolicy: DuplicatePolicy;
  /** Clears the ledger, the faults and the counters (tokens stay valid). */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

export async function startSimulator(behaviour: SimBehaviour, options: SimulatorOptions): Promise<Simulator> {
  const { clock, ledger } = options;
  const logger = options.logger.child({ scope: 'sandbox', simulator: behaviour.name });
  const faults = new FaultInjector(clock, seededRandom(options.seed ?? 1));
  const tokens = new TokenIssuer(options.clientId, options.clientSecret, clock, options.tokenLifetimeSeconds);
  const stats: SimStats = { token: 0, post: 0, lookup: 0 };
  const held = new Set<ServerResponse>();
  const timeoutHoldMs = options.timeoutHoldMs ?? 300_000;
  let duplicatePolicy: DuplicatePolicy = options.duplicatePolicy ?? 'reject';
  let origin = '';

  const send = (res: ServerResponse, answer: SimAnswer, contentType = behaviour.errorContentType) => {
    const headers: Record<string, string> = { ...answer.headers };
    if (
      answer.body !== undefined &&
      answer.body !== '' &&
      !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
    ) {
      headers['content-type'] = contentType;
    }
    res.writeHead(answer.status, headers);
    res.end(answer.body ?? '');
  };
  const json = (res: ServerResponse, status: number, value: unknown) =>
    send(res, { status, body: JSON.stringify(value) }, 'application/json');
  const error = (
    status: number,
    issueCode: string,
    text: string,
    headers?: Record<string, string>,
  ): SimAnswer => ({
    status,
    body: behaviour.errorBody(status, issueCode, text),
    ...(headers ? { headers } : {}),
  });

  /** Drops the connection with a TCP reset where the platform allows, as a crashed proxy would. */
  const drop = (socket: Socket) => {
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  };

  function wireFault(fault: Fault): SimAnswer | 'hold' | null {
    switch (fault.kind) {
      case 'timeout':
        return 'hold';
      case 'rate_limited': {
        const headers: Record<string, string> = {};
        if (fault.retryAfter === 'seconds') headers['retry-after'] = String(fault.seconds);
        if (fault.retryAfter === 'http_date')
          headers['retry-after'] = httpDate(clock.now() + fault.seconds * 1000);
        return error(429, 'throttled', 'Too Many Requests', headers);
      }
      case 'server_error': {
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        const text =
          fault.status === 504
            ? 'Gateway Time-out'
            : fault.status === 529
              ? 'Site is overloaded'
              : 'Internal server error';
        return error(fault.status, 'exception', text, headers);
      }
      default:
        return null;
    }
  }

  function hold(res: ServerResponse) {
    held.add(res);
    const timer = setTimeout(() => res.socket && res.socket.destroy(), timeoutHoldMs);
    timer.unref();
    res.on('close', () => {
      clearTimeout(timer);
      held.delete(res);
    });
  }

  function handleToken(req: IncomingMessage, res: ServerResponse, body: string) {
    stats.token += 1;
    const decision = faults.decide('token');
    if (decision?.kind === 'fault') {
      const wire = wireFault(decision.fault);
      if (wire === 'hold') return hold(res);
      if (wire)
        return send(
          res,
          { ...wire, body: JSON.stringify({ error: 'temporarily_unavailable' }) },
          'application/json',
        );
    }
    if (req.method !== 'POST') return json(res, 405, { error: 'invalid_request' });
    const form = new URLSearchParams(body);
    let id = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (form.get('grant_type') !== 'client_credentials')
      return json(res, 400, { error: 'unsupported_grant_type' });
    if (!tokens.checkClient(id, secret)) {
      return send(
        res,
        {
          status: 401,
          headers: { 'www-authenticate': 'Basic' },
          body: JSON.stringify({ error: 'invalid_client' }),
        },
        'application/json',
      );
    }
    const issued = tokens.issue();
    return send(
      res,
      {
        status: 200,
        headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
        body: JSON.stringify({
          access_token: issued.token,
          token_type: 'Bearer',
          expires_in: issued.expiresIn,
          scope: form.get('scope') ?? '',
        }),
      },
      'application/json',
    );
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    route: SimRoute,
    body: string,
  ) {
    stats[route] += 1;
    const decision = faults.decide(route);
    if (decision?.kind === 'outage') {
      if (decision.mode === 'drop') return drop(req.socket);
      return send(res, error(503, 'transient', 'Service Unavailable (outage)'));
    }
    const fault = decision?.fault ?? null;
    const latency = faults.latencyMs + (fault?.kind === 'latency' ? fault.ms : 0);
    if (latency > 0) await sleep(latency);
    if (fault) {
      const wire = wireFault(fault);
      if (wire === 'hold') return hold(res);
      if (wire) return send(res, wire);
    }
    const auth = tokens.check(req.headers.authorization);
    if (fault?.kind === 'token_expired' && auth.token) tokens.revoke(auth.token);
    if (auth.result !== 'valid' || fault?.kind === 'token_expired') {
      const reason = auth.result === 'missing' ? 'missing' : 'invalid or expired';
      return send(res, {
        ...error(401, 'login', `Unauthorized: bearer token ${reason}`),
        headers: { 'www-authenticate': `Bearer error="invalid_token"` },
      });
    }
    const request: SimRequest = { method: req.method ?? 'GET', url, headers: req.headers, body };
    const context: SimContext = { ledger, clock, duplicatePolicy, baseUrl: `${origin}${behaviour.basePath}` };
    if (route === 'lookup') return send(res, behaviour.lookup(request, context));
    const result = behaviour.post(request, context, fault);
    if (result.committed && fault?.kind === 'commit_then_drop') {
      logger.info('posting recorded, connection dropped before answering (fault)');
      return drop(req.socket);
    }
    return send(res, result.answer, 'application/json');
  }

  const control: ControlContext = {
    name: behaviour.name,
    ledger,
    faults,
    tokens,
    stats,
    policy: {
      get: () => duplicatePolicy,
      set: (policy) => {
        duplicatePolicy = policy;
      },
    },
    reset: () => simulator.reset(),
    json,
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
      const path = url.pathname;
      let body: string;
      try {
        body = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge) return send(res, error(413, 'too-costly', 'Request body too large'));
        return;
      }
      if (path.startsWith('/_sim/')) {
        // The control API changes what the "EHR" does: loopback callers only, and no DNS-rebinding hosts.
        const host = (req.headers.host ?? '').replace(/:\d+$/, '');
        if (
          !LOOPBACK.has(req.socket.remoteAddress ?? '') ||
          !['127.0.0.1', 'localhost', '[::1]'].includes(host)
        ) {
          return json(res, 403, { error: 'forbidden' });
        }
        return handleControl(control, req, res, path, body);
      }
      if (path === behaviour.tokenPath) return handleToken(req, res, body);
      if (!path.startsWith(`${behaviour.basePath}/`))
        return send(res, error(404, 'not-found', `Unknown path ${path}`));
      const route = behaviour.route(req.method ?? 'GET', path.slice(behaviour.basePath.length));
      if (!route) return send(res, error(404, 'not-found', `Unknown resource ${path}`));
      return handleApi(req, res, url, route, body);
    })().catch((e: unknown) => {
      logger.error({ err: e }, 'simulator request failed');
      if (!res.headersSent) send(res, error(500, 'exception', 'Simulator error'));
      else res.destroy();
    });
  });
  // A held ("timeout") request must not keep the server's request timer from firing on our own schedule.
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${String(port)}`;
  logger.info({ port }, 'simulator listening');

  const simulator: Simulator = {
    name: behaviour.name,
    origin,
    baseUrl: `${origin}${behaviour.basePath}`,
    tokenUrl: `${origin}${behaviour.tokenPath}`,
    controlUrl: `${origin}/_sim`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    faults,
    ledger,
    tokens,
    stats,
    get duplicatePolicy() {
      return duplicatePolicy;
    },
    set duplicatePolicy(policy: DuplicatePolicy) {
      duplicatePolicy = policy;
    },
    reset() {
      ledger.reset();
      faults.clear();
      stats.token = 0;
      stats.post = 0;
      stats.lookup = 0;
    },
    async close() {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ledger.close();
    },
  };
  return simulator;
}
