/**
 * Requests to a Clearpost service over the pinned connection (pinned-agent.ts): serve mode's console API
 * (`POST /api/<command>`, `/auth/*`, `GET /api/events`), with the loopback token and the session in headers
 * exactly as the browser console sends them. Answers are parsed with zod, never trusted as typed.
 */
import type { Agent } from 'node:https';
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { API_ERROR_CODES, type Envelope } from '../../shared/api-error';
import { SseParser, type SseMessage } from '../../shared/sse';
import { createPinnedAgent, PinMismatch } from './pinned-agent';
import { SessionRefused } from './session-refused';

export { PinMismatch, SessionRefused };

/** The service could not be reached (refused, reset, timed out): the desktop goes offline. */
export class ServiceUnreachable extends Error {
  /** Whether the request may have reached the service before the connection failed (reset, no answer). */
  readonly maybeDelivered: boolean;
  constructor(cause: string) {
    super(`The Clearpost service cannot be reached (${cause})`);
    this.name = 'ServiceUnreachable';
    this.maybeDelivered = !NEVER_SENT.has(cause);
  }
}

/** Failures before a connection existed: nothing of the request left this computer. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      // A code this desktop does not know (a newer service) still arrives, as "unavailable".
      code: z.enum(API_ERROR_CODES).catch('unavailable'),
      message: z.string().max(4000),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  }),
]);

export interface ServiceClientOptions {
  readonly origin: string;
  readonly fingerprint256: string;
  /** The loopback console token (a service on the network has none: accounts sign in). */
  readonly token: string | null;
  /** How long a request may take before the service counts as unreachable. */
  readonly timeoutMs?: number;
}

export interface ServiceClient {
  readonly origin: string;
  post(path: string, body: unknown, session: string | null): Promise<Envelope<unknown>>;
  /** The service's pushed events until the stream ends or `signal` aborts. */
  events(session: string, signal: AbortSignal): AsyncIterable<SseMessage>;
  close(): void;
}

const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const agent: Agent = createPinnedAgent(options.fingerprint256);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const headers = (session: string | null): Record<string, string> => ({
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...(session ? { 'X-Clearpost-Session': session } : {}),
  });

  const send = (
    method: 'GET' | 'POST',
    path: string,
    session: string | null,
    body: string | null,
    signal?: AbortSignal,
  ) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(`${options.origin}${path}`, {
        method,
        agent,
        headers: {
          ...headers(session),
          ...(body !== null ? { 'Content-Type': 'application/json' } : { Accept: 'text/event-stream' }),
        },
        ...(signal ? { signal } : {}),
      });
      if (body !== null) req.setTimeout(timeoutMs, () => req.destroy(new ServiceUnreachable('no answer')));
      req.once('response', resolve);
      req.once('error', (error: Error) => reject(asReachError(error)));
      req.end(body ?? undefined);
    });

  return {
    origin: options.origin,
    async post(path, payload, session) {
      const res = await send('POST', path, session, JSON.stringify(payload ?? {}));
      const text = await readAll(res);
      let parsed: z.output<typeof envelopeSchema>;
      try {
        parsed = envelopeSchema.parse(JSON.parse(text));
      } catch {
        return {
          ok: false,
          error: {
            code: 'unavailable',
            message: `The service answered ${String(res.statusCode)} without a console answer`,
          },
        };
      }
      return parsed.ok ? { ok: true, result: parsed.result } : { ok: false, error: parsed.error };
    },
    async *events(session, signal) {
      const res = await send('GET', '/api/events', session, null, signal);
      if (res.statusCode === 401) {
        res.resume();
        throw new SessionRefused();
      }
      if (res.statusCode !== 200) {
        res.resume();
        throw new ServiceUnreachable(`the event stream answered ${String(res.statusCode)}`);
      }
      res.setEncoding('utf8');
      const parser = new SseParser();
      try {
        for await (const chunk of res as AsyncIterable<string>) yield* parser.push(chunk);
      } catch (error) {
        if (!signal.aborted) throw asReachError(error as Error);
      }
    },
    close: () => agent.destroy(),
  };
}

function asReachError(error: Error): Error {
  if (error instanceof PinMismatch || error instanceof ServiceUnreachable) return error;
  if (error.name === 'AbortError') return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new ServiceUnreachable(code ?? error.message);
}

async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        res.destroy();
        throw new ServiceUnreachable('the answer was larger than any console answer');
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw asReachError(error as Error);
  }
  return Buffer.concat(chunks).toString('utf8');
}
